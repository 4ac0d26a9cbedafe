import Foundation
import KilnAdapters
import KilnJinja
import KilnTestSupport
import Testing

/// End to end on Postgres: the example project (models, seeds and data tests) built with
/// `--target pg` against the test server has the same row counts as dbt's SQLite build, takes
/// the incremental path on the second build, and produces the same `customer_churn_features`
/// as Kiln's SQLite build.
@Suite(.enabled(if: PostgresServer.isEnabled)) struct ExamplePostgresTests {
  /// A cell compared across databases: numbers as doubles (integer, numeric and float8 alike).
  enum Cell: Equatable, CustomStringConvertible {
    case null, number(Double), text(String)
    init(_ v: SQLValue) {
      switch v {
      case .null: self = .null
      case .integer(let i): self = .number(Double(i))
      case .real(let d): self = .number(d)
      case .text(let s): self = Double(s).map { .number($0) } ?? .text(s)
      case .blob: self = .text("<blob>")
      }
    }
    static func == (a: Cell, b: Cell) -> Bool {
      switch (a, b) {
      case (.null, .null): true
      case (.number(let x), .number(let y)): abs(x - y) <= 1e-9 * max(1, abs(x))
      case (.text(let x), .text(let y)): x == y
      default: false
      }
    }
    var description: String {
      switch self {
      case .null: "NULL"
      case .number(let d): "\(d)"
      case .text(let s): "'\(s)'"
      }
    }
  }

  @Test func exampleBuildsOnPostgresLikeOnSQLite() throws {
    let server = try PostgresServer.shared()
    let schema = "kiln_example_" + UUID().uuidString.prefix(8).lowercased()
    let env = [
      "KILN_PG_HOST": server.host, "KILN_PG_PORT": String(server.port), "KILN_PG_USER": server.user,
      "KILN_PG_DBNAME": server.dbname, "KILN_PG_SCHEMA": schema,
    ]
    let project = try ExampleProject.copy()
    defer { project.remove() }
    let db = try PGConnection(
      PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: schema))
    defer { try? db.execute("drop schema if exists \(db.quote(schema)) cascade") }
    func rel(_ name: String) -> String { PostgresDialect.render(schema: schema, name: name) }
    func build(_ extra: [String] = []) throws -> KilnBinary.Result {
      try KilnBinary.run(["build", "--target", "pg"] + extra, in: project.path, environment: env)
    }
    func expectCounts(_ section: String, _ key: String?) throws {
      let top = Oracle.dict(try Oracle.expected())[section]
      let map = key.map { Oracle.dict(Oracle.dict(top)[$0]) } ?? Oracle.dict(top)
      #expect(map.count == 14, "\(section): expected 14 relations (13 and the snapshot)")
      for (name, info) in map {
        let want: Int? =
          if case .int(let i)? = Oracle.dict(info)["row_count"] { i } else { Int(info.pythonStr) }
        let table = String(name.split(separator: ".")[1])
        let got = try db.query("select count(*) from \(rel(table))").scalar?.integerValue
        #expect(got == want.map(Int64.init), "\(section): \(table) row count")
      }
    }

    // SQLite first, from the same seeds, for the content comparison below.
    let sqliteBuild = try KilnBinary.run(["build"], in: project.path)
    #expect(sqliteBuild.status == 0, "sqlite build failed:\n\(sqliteBuild.output)")

    let first = try build()
    #expect(first.status == 0, "kiln build --target pg failed:\n\(first.output)")
    #expect(first.stdout.contains("Done. PASS=50 WARN=0 ERROR=0 SKIP=0"))
    #expect(first.stdout.contains("OK loaded seed file \(schema).raw_customers"))
    try expectCounts("first_build", nil)

    // Same contents on both databases, numbers compared as numbers.
    let sqlite = try SQLiteConnection(path: project.path + "/target/kiln_dev.db")
    let lite = try sqlite.query("select * from main.\"customer_churn_features\" order by customer_id")
    let pg = try db.query("select * from \(rel("customer_churn_features")) order by customer_id")
    #expect(pg.columns == lite.columns)
    #expect(pg.rows.count == 27 && lite.rows.count == 27)
    for (l, p) in zip(lite.rows, pg.rows) {
      #expect(l.map(Cell.init) == p.map(Cell.init), "row differs: sqlite \(l.map(Cell.init)) postgres \(p.map(Cell.init))")
    }

    // Views Kiln does not manage, reading a table Kiln rebuilds (and one through the other),
    // survive every rebuild: they are recreated, never dropped by cascade.
    try db.execute(
      """
      create view \(rel("churned")) as select customer_id from \(rel("customer_churn_features")) where is_churned = 1;
      create view \(rel("churned_count")) as select count(*) as n from \(rel("churned"));
      create view \(rel("customer_emails")) as select email from \(rel("raw_customers"))
      """)
    // The outside view reads the current table, not a renamed-away copy.
    func churnedMatches() throws -> Bool {
      let direct = try db.query("select count(*) from \(rel("customer_churn_features")) where is_churned = 1").scalar
      return try db.query("select n from \(rel("churned_count"))").scalar == direct
    }

    // Second build: nothing new arrives; fct_events takes the incremental path.
    let second = try build()
    #expect(second.status == 0, "second build failed:\n\(second.output)")
    let run = try String(contentsOfFile: project.path + "/target/run/kiln_example/models/events/fct_events.sql", encoding: .utf8)
    #expect(run.contains("delete from \"\(server.dbname)\".\"\(schema)\".\"fct_events\" as DBT_INTERNAL_DEST"))
    #expect(run.contains("create temporary table \"fct_events__dbt_tmp"))
    try expectCounts("second_build", "row_counts")
    #expect(try churnedMatches())

    // New events: only they are added (and a re-sent event replaces its old row).
    let append = try String(contentsOfFile: Oracle.fixtures + "/raw_events_append.csv", encoding: .utf8)
    let seed = project.path + "/seeds/raw_events.csv"
    try (try String(contentsOfFile: seed, encoding: .utf8) + append).write(toFile: seed, atomically: true, encoding: .utf8)
    let third = try build()
    #expect(third.status == 0, "third build failed:\n\(third.output)")
    try expectCounts("after_append", "row_counts")

    // Full refresh drops and recreates seeds and swaps every table; the outside views stay.
    let full = try build(["--full-refresh"])
    #expect(full.status == 0, "full refresh failed:\n\(full.output)")
    try expectCounts("after_append", "row_counts")
    #expect(try churnedMatches())
    #expect(try db.query("select count(*) from \(rel("customer_emails"))").scalar == .integer(32))
    let leftovers = try db.listRelations(schema: schema).map(\.identifier).filter { $0.contains("__dbt_") }
    #expect(leftovers.isEmpty, "leftover relations: \(leftovers)")
  }

  /// An outside view that no longer fits the rebuilt table fails the build with its name and
  /// the fix, and the old table stays as it was (nothing is dropped by cascade).
  @Test func dependentViewThatNoLongerFitsFailsClearly() throws {
    let server = try PostgresServer.shared()
    let schema = "kiln_example_" + UUID().uuidString.prefix(8).lowercased()
    let env = [
      "KILN_PG_HOST": server.host, "KILN_PG_PORT": String(server.port), "KILN_PG_USER": server.user,
      "KILN_PG_DBNAME": server.dbname, "KILN_PG_SCHEMA": schema,
    ]
    let project = try ExampleProject.copy()
    defer { project.remove() }
    let db = try PGConnection(
      PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: schema))
    defer { try? db.execute("drop schema if exists \(db.quote(schema)) cascade") }
    let table = PostgresDialect.render(schema: schema, name: "customer_churn_features")
    let first = try KilnBinary.run(["build", "--target", "pg"], in: project.path, environment: env)
    #expect(first.status == 0, "\(first.output)")
    try db.execute("create view \(PostgresDialect.render(schema: schema, name: "churned")) as select customer_id from \(table) where is_churned = 1")
    let model = project.path + "/models/marts/customer_churn_features.sql"
    let sql = try String(contentsOfFile: model, encoding: .utf8)
    try sql.replacingOccurrences(of: "end as is_churned", with: "end as churned_flag")
      .write(toFile: model, atomically: true, encoding: .utf8)
    let r = try KilnBinary.run(["run", "--target", "pg", "--select", "customer_churn_features"], in: project.path, environment: env)
    #expect(r.status == 1)
    #expect(r.output.contains("view \"\(schema)\".\"churned\" reads customer_churn_features and cannot be recreated"), "\(r.output)")
    #expect(r.output.contains("kiln build --select customer_churn_features+"))
    #expect(try db.columns(schema: schema, name: "customer_churn_features").map(\.name).contains("is_churned"))
    #expect(try db.relationType(schema: schema, name: "churned") == .view)
    #expect(try db.relationType(schema: schema, name: "customer_churn_features__dbt_backup") == nil)
  }
}
