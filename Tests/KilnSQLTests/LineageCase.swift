import Foundation
import KilnSQL

/// One case of `Inputs/lineage.sql`.
struct LineageCase: CustomStringConvertible {
  var name: String
  var dialects: [SQLDialect] = SQLDialect.allCases
  var tables: [(name: String, columns: [String])] = []
  /// PostgreSQL column types (`t(a, b text)`; untyped columns are `int`).
  var types: [String: String] = [:]
  var oracle: Set<SQLDialect> = Set(SQLDialect.allCases)
  var sql = ""
  var description: String { name }

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

  static func load() throws -> [LineageCase] {
    let text = try String(contentsOf: folder.appendingPathComponent("Inputs/lineage.sql"), encoding: .utf8)
    var cases: [LineageCase] = []
    var current: LineageCase?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("-- case: ") {
        if let c = current { cases.append(c) }
        current = LineageCase(name: String(line.dropFirst(9)))
      } else if current != nil && current?.sql.isEmpty == true && line.hasPrefix("-- dialect: ") {
        current?.dialects = [SQLDialect(rawValue: String(line.dropFirst(12))).map { $0 } ?? .sqlite]
      } else if current != nil && current?.sql.isEmpty == true && line.hasPrefix("-- oracle: ") {
        let v = line.dropFirst(11)
        current?.oracle = v == "no" ? [] : Set([SQLDialect(rawValue: String(v))].compactMap { $0 })
      } else if current != nil && current?.sql.isEmpty == true && line.hasPrefix("-- tables: ") {
        let parsed = parseTables(String(line.dropFirst(11)))
        current?.tables = parsed.map { t in (t.name, t.columns.map { nameAndType($0).0 }) }
        for t in parsed {
          for c in t.columns {
            let (n, type) = nameAndType(c)
            if let type { current?.types["\(t.name).\(n)"] = type }
          }
        }
      } else if current != nil {
        if current?.sql.isEmpty == true && line.isEmpty { continue }
        current?.sql += line + "\n"
      }
    }
    if let c = current { cases.append(c) }
    for i in cases.indices {
      while cases[i].sql.hasSuffix("\n\n") { cases[i].sql.removeLast() }
    }
    return cases
  }

  /// `t(a, b) u("X Y")` -> [("t", ["a", "b"]), ("u", ["X Y"])].
  static func parseTables(_ s: String) -> [(name: String, columns: [String])] {
    var out: [(String, [String])] = []
    var rest = Substring(s)
    while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
      let name = rest[..<open].trimmingCharacters(in: .whitespaces)
      let cols = rest[rest.index(after: open)..<close].split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      out.append((name, cols))
      rest = rest[rest.index(after: close)...]
    }
    return out
  }

  /// `"Mixed Case"` -> ("Mixed Case", nil); `amount int` -> ("amount", "int").
  static func nameAndType(_ spec: String) -> (String, String?) {
    if spec.hasPrefix("\""), let close = spec.dropFirst().firstIndex(of: "\"") {
      let rest = spec[spec.index(after: close)...].trimmingCharacters(in: .whitespaces)
      return (String(spec[spec.index(after: spec.startIndex)..<close]), rest.isEmpty ? nil : rest)
    }
    let parts = spec.split(separator: " ", maxSplits: 1)
    return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : nil)
  }

  /// The lineage Kiln derives, as the golden text.
  func render(_ dialect: SQLDialect) -> String {
    var out = "== \(name)\n"
    let known = Dictionary(tables.map { ($0.name.lowercased(), $0.columns) }, uniquingKeysWith: { a, _ in a })
    do {
      let l = try LineageAnalyzer.lineage(of: sql, dialect: dialect) { q in
        known[q.last.lowercased()].map { RelationInfo(id: q.last.lowercased(), columns: $0) }
      }
      for c in l.columns {
        let edges = c.edges.map { "\($0.source.relation).\($0.source.column) (\($0.derivation.rawValue))" }
        out += "\(c.name) <- \(edges.isEmpty ? "nothing" : edges.joined(separator: ", "))\n"
      }
      for w in l.warnings { out += "warning \(position(w.offset)): \(w.message)\n" }
    } catch {
      out += "error \(position(error.offset)): \(error.message)\n"
    }
    return out
  }

  func position(_ offset: Int) -> String {
    let prefix = sql.utf8.prefix(offset)
    let line = prefix.filter { $0 == 0x0A }.count + 1
    let col = String(decoding: prefix.split(separator: 0x0A, omittingEmptySubsequences: false).last ?? [], as: UTF8.self).count + 1
    return "\(line):\(col)"
  }
}
