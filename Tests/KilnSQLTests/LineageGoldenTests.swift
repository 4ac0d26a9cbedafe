import Foundation
import KilnAdapters
import KilnSQL
import KilnTestSupport
import Testing

/// Golden lineage for every case of Inputs/lineage.sql on each of its dialects; the output
/// column names (and so every `*` expansion) are also checked against the real database.
@Suite struct LineageGoldenTests {
  static let cases = (try? LineageCase.load()) ?? []

  @Test func thereAreEnoughCases() {
    #expect(Self.cases.count >= 40)
    #expect(Self.cases.filter { $0.dialects.count == 2 }.count >= 40)
  }

  @Test(arguments: SQLDialect.allCases) func goldenLineage(_ dialect: SQLDialect) throws {
    let got = Self.cases.filter { $0.dialects.contains(dialect) }.map { $0.render(dialect) }.joined(separator: "\n")
    let path = LineageCase.folder.appendingPathComponent("Expected/lineage.\(dialect.rawValue).txt").path
    if ProcessInfo.processInfo.environment["KILN_RECORD"] == "1" {
      try got.write(toFile: path, atomically: true, encoding: .utf8)
      Issue.record("recorded \(path); rerun without KILN_RECORD")
      return
    }
    let want = try String(contentsOfFile: path, encoding: .utf8)
    let gotBlocks = got.components(separatedBy: "\n== ")
    let wantBlocks = want.components(separatedBy: "\n== ")
    for (g, w) in zip(gotBlocks, wantBlocks) where g != w {
      Issue.record("lineage differs:\n--- expected\n\(w)\n--- got\n\(g)")
    }
    #expect(gotBlocks.count == wantBlocks.count)
  }

  /// The column names lineage reports are the names SQLite gives the result columns.
  @Test func outputNamesMatchSQLite() throws {
    for c in Self.cases where c.dialects.contains(.sqlite) && c.oracle.contains(.sqlite) {
      let db = try SQLiteConnection(path: ":memory:")
      for t in c.tables { try db.execute("create table \(db.quote(t.name)) (\(t.columns.map(db.quote).joined(separator: ", ")))") }
      let names: [String]
      do {
        names = try db.query(c.sql).columns
      } catch {
        Issue.record("\(c.name): SQLite rejects the case: \(error)")
        continue
      }
      let l = try LineageAnalyzer.lineage(of: c.sql, dialect: .sqlite) { q in
        c.tables.first { $0.name == q.last }.map { RelationInfo(id: $0.name, columns: $0.columns) }
      }
      #expect(l.columns.map(\.name) == names, "\(c.name)")
    }
  }

  /// The same against a real PostgreSQL server (skipped with KILN_SKIP_POSTGRES=1).
  @Test(.enabled(if: PostgresServer.isEnabled)) func outputNamesMatchPostgres() throws {
    let server = try PostgresServer.shared()
    let db = try PGConnection(
      PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: "public", connectTimeout: 10))
    for c in Self.cases where c.dialects.contains(.postgres) && c.oracle.contains(.postgres) {
      let schema = "kiln_lineage_" + UUID().uuidString.prefix(8).lowercased()
      try db.execute("create schema \(schema); set search_path to \(schema)")
      defer { try? db.execute("drop schema \(schema) cascade; set search_path to public") }
      for t in c.tables {
        try db.execute("create table \(db.quote(t.name)) (\(t.columns.map { db.quote($0) + " " + (c.types["\(t.name).\($0)"] ?? "int") }.joined(separator: ", ")))")
      }
      let typed = c.sql
      let names: [String]
      do {
        names = try db.query(typed).columns
      } catch {
        Issue.record("\(c.name): PostgreSQL rejects the case: \(error)")
        continue
      }
      let l = try LineageAnalyzer.lineage(of: c.sql, dialect: .postgres) { q in
        c.tables.first { $0.name == q.last }.map { RelationInfo(id: $0.name, columns: $0.columns) }
      }
      #expect(l.columns.map(\.name) == names, "\(c.name)")
    }
  }
}
