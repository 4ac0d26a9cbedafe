import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// How many rows one test moved to a model's quarantine table.
public struct QuarantineCount: Sendable, Hashable {
  /// The test's name.
  public var test: String
  /// Rows moved.
  public var rows: Int
}

extension Worker {
  /// The columns Kiln adds to a quarantine table: which test the row failed, when, and in
  /// which invocation.
  static let quarantineColumns = ["kiln_quarantined_by", "kiln_quarantined_at", "kiln_invocation_id"]

  /// Moves the staged rows that break each row-level test to `<model>__quarantine` (created
  /// on first use, append-only: nothing in it is ever deleted), test by test in order, so a row
  /// breaking two tests is moved once, under the first. Every moved row is inserted before it
  /// is deleted, in the caller's transaction. Returns the count per test.
  func quarantine(_ checks: [CompiledNode], model p: ParsedNode, staged: RelationValue) throws -> [(test: String, rows: Int)] {
    let stagedName = staged.renderedText
    let columns = try connection.query("select * from \(stagedName) where 1 = 0", []).columns
    let name =
      connection.adapterType == .postgres ? String(p.alias.prefix(63 - 12)) + "__quarantine" : p.alias + "__quarantine"
    let table = RelationValue(
      database: p.database, schema: p.schema, identifier: name, type: "table", policy: .of(connection.adapterType)
    ).renderedText
    let meta = Worker.quarantineColumns
    if try connection.relationType(schema: p.schema, name: name) == nil {
      let extra = meta.map { "cast(null as text) as \($0)" }.joined(separator: ", ")
      try connection.execute("create table \(table) as\nselect kiln_row.*, \(extra)\nfrom \(stagedName) as kiln_row\nwhere 1 = 0")
    } else {
      // A column the model gained since the table was created is added (as text).
      let have = Set(try connection.columns(schema: p.schema, name: name).map { $0.name.lowercased() })
      for c in columns + meta where !have.contains(c.lowercased()) {
        try connection.execute("alter table \(table) add column \(connection.quote(c)) text")
      }
    }
    let cols = columns.map(connection.quote).joined(separator: ", ")
    let at = ISO8601DateFormatter().string(from: Date())
    let invocation = settings.invocationID
    var counts: [(test: String, rows: Int)] = []
    for check in checks {
      guard let predicate = try offendingRows(check, columns: columns) else { continue }
      let testName = check.parsed.node.name
      let moved = try connection.run(
        "insert into \(table) (\(cols), \(meta.joined(separator: ", ")))\n"
          + "select \(columns.map { "kiln_row." + connection.quote($0) }.joined(separator: ", ")), "
          + "cast($1 as text), cast($2 as text), cast($3 as text)\n"
          + "from \(stagedName) as kiln_row\nwhere \(predicate)",
        [.text(testName), .text(at), .text(invocation)])
      if moved > 0 {
        try connection.run("delete from \(stagedName) as kiln_row\nwhere \(predicate)", [])
      }
      counts.append((testName, moved))
    }
    return counts
  }

  /// A condition on the staged rows (aliased `kiln_row`) that holds for the rows a row-level
  /// test reports: `not_null`, `accepted_values` and `relationships` by their column (and
  /// `where` config), a custom test by matching every column of the rows it returns. Nil for
  /// tests that do not name rows (`unique`, aggregates).
  func offendingRows(_ check: CompiledNode, columns: [String]) throws -> String? {
    let p = check.parsed
    let filter = p.config.where.map { w in w.trimmingCharacters(in: .whitespaces).isEmpty ? "" : " and (\(w))" } ?? ""
    let sql = check.sql
    if let info = p.genericTest, case .string(let column)? = info.kwargs["column_name"] {
      switch info.testName {
      case "not_null": return "\(column) is null\(filter)"
      case "accepted_values": return "\(column) in (select value_field from (\n\(sql)\n) kiln_check)\(filter)"
      case "relationships": return "\(column) in (select from_field from (\n\(sql)\n) kiln_check)\(filter)"
      case "unique": return nil
      default: break
      }
    }
    // A custom test that returns the offending rows themselves (`select * from {{ model }} where ...`).
    let returned = try connection.query("select * from (\n\(sql)\n) kiln_check where 1 = 0", []).columns
    guard Set(returned.map { $0.lowercased() }) == Set(columns.map { $0.lowercased() }) else { return nil }
    let same = connection.adapterType == .postgres ? "is not distinct from" : "is"
    let match = columns.map { "kiln_check.\(connection.quote($0)) \(same) kiln_row.\(connection.quote($0))" }
    return "exists (select 1 from (\n\(sql)\n) kiln_check where \(match.joined(separator: " and ")))"
  }
}
