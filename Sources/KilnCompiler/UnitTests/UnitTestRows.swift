import Foundation
import KilnAdapters
import KilnBase
import KilnProject
import OrderedCollections

/// Unit-test rows as SQL: `select <value> as <column>, … union all select …`, the way dbt
/// builds a fixture. When the replaced relation's columns are known, every one of them is
/// selected (missing values as null) and each value is cast to its column's type, so the
/// model sees the types it reads in the warehouse.
enum UnitTestRows {
  /// Column names of `rows` (dict keys in first-seen order, or the csv header); empty for sql.
  static func columnNames(_ rows: UnitTestSpec.Rows) throws -> [String] {
    switch rows {
    case .dict(let list):
      var names: [String] = []
      for r in list { for k in r.keys where !names.contains(k) { names.append(k) } }
      return names
    case .csv(let text): return try csv(text).header
    case .sql: return []
    }
  }

  static func csv(_ text: String) throws -> (header: [String], rows: [[String]]) {
    let lines = text.split(whereSeparator: \.isNewline).map { String($0) }.filter {
      !$0.trimmingCharacters(in: .whitespaces).isEmpty
    }
    guard let first = lines.first else { return ([], []) }
    func cells(_ l: String) -> [String] { l.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
    return (cells(first), lines.dropFirst().map(cells))
  }

  /// The rows as a `select`; `columns` are the replaced relation's (nil when unknown).
  static func sql(_ rows: UnitTestSpec.Rows, columns: [DatabaseColumn]?, dialect: AdapterType) throws -> String {
    let q = dialect == .postgres ? PostgresDialect.quote : SQLiteDialect.quote
    var table: [OrderedDictionary<String, ConfigValue>]
    switch rows {
    case .sql(let s): return s
    case .dict(let list): table = list
    case .csv(let text):
      let (header, data) = try csv(text)
      table = data.map { row in
        var d = OrderedDictionary<String, ConfigValue>()
        for (i, name) in header.enumerated() {
          let cell = i < row.count ? row[i] : ""
          d[name] = cell.isEmpty ? .null : (Int(cell).map { .int($0) } ?? Double(cell).map { .double($0) } ?? .string(cell))
        }
        return d
      }
    }
    let given = try columnNames(rows)
    // Known relation: its columns in order (extra given columns after them); else the given ones.
    var names = columns?.map(\.name) ?? given
    for g in given where !names.contains(where: { $0.lowercased() == g.lowercased() }) { names.append(g) }
    let types = Dictionary((columns ?? []).map { ($0.name.lowercased(), $0.type) }, uniquingKeysWith: { a, _ in a })
    func cell(_ v: ConfigValue?, _ column: String) -> String {
      let literal = Self.literal(v ?? .null)
      guard dialect == .postgres, let type = types[column.lowercased()], !type.isEmpty else { return literal }
      return "cast(\(literal) as \(type))"
    }
    func find(_ row: OrderedDictionary<String, ConfigValue>, _ column: String) -> ConfigValue? {
      row[column] ?? row.first { $0.key.lowercased() == column.lowercased() }?.value
    }
    guard !table.isEmpty else {
      // No rows: the columns, and a condition that is never true.
      let cols = names.isEmpty ? "null as \(q("dbt_unit_test_empty"))" : names.map { "\(cell(nil, $0)) as \(q($0))" }.joined(separator: ", ")
      return "select \(cols) where 1 = 0"
    }
    return table.map { row in
      "select " + names.map { "\(cell(find(row, $0), $0)) as \(q($0))" }.joined(separator: ", ")
    }.joined(separator: "\nunion all\n")
  }

  /// A YAML value as a SQL literal.
  static func literal(_ v: ConfigValue) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    case .list, .dict: return "'" + v.description.replacingOccurrences(of: "'", with: "''") + "'"
    }
  }
}
