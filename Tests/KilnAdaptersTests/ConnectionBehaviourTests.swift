import KilnAdapters
import KilnTestSupport
import Testing

/// The behaviour the compiler and runner rely on, checked the same way on every adapter
/// (DESIGN §4: "the same behavioural tests run on both adapters").
@Suite struct ConnectionBehaviourTests {
  @Test func sqliteBehaves() throws {
    let dir = try TempDirectory(prefix: "kiln-behaviour")
    defer { dir.remove() }
    let db = try SQLiteConnection(path: dir.path + "/main.db", schemaDirectory: dir.path)
    try checkBehaviour(db, schema: "analytics")
  }

  @Test(.enabled(if: PostgresServer.isEnabled)) func postgresBehaves() throws {
    let schema = uniqueName("analytics")
    let db = try PGConnection(testServerConfig(schema: schema))
    defer { try? db.execute("drop schema if exists \(db.quote(schema)) cascade") }
    try checkBehaviour(db, schema: schema)
  }

  /// `?` on SQLite, `$n` on Postgres.
  private func placeholder(_ db: any DatabaseConnection, _ n: Int) -> String {
    db.adapterType == .postgres ? "$\(n)" : "?"
  }

  private func checkBehaviour(_ db: any DatabaseConnection, schema: String) throws {
    try db.ensureSchema(schema)
    try db.ensureSchema(schema)
    let items = db.quote(schema) + "." + db.quote("items")
    let (p1, p2) = (placeholder(db, 1), placeholder(db, 2))

    try db.execute(
      "create table \(items) (id integer, name text); "
        + "create view \(db.quote(schema)).\(db.quote("item_names")) as select name from \(items)")
    #expect(
      try db.insertRows(
        schema: schema, table: "items", columns: ["id", "name"], rows: [[1, "a"], [2, "b"]]) == 2)
    #expect(try db.run("insert into \(items) values (\(p1), \(p2))", [3, "c"]) == 1)
    let rows = try db.query("select id, name from \(items) where id >= \(p1) order by id", [2])
    #expect(rows.columns == ["id", "name"])
    #expect(rows.rows == [[2, "b"], [3, "c"]])
    #expect(try db.query("select name from \(items) where id = \(p1)", [nil]).rows == [])

    // A failed transaction leaves the data as it was; a failed savepoint only its own work.
    #expect(throws: AdapterError.self) {
      try db.transaction {
        try db.run("delete from \(items)", [])
        try db.run("insert into \(db.quote(schema)).missing values (1)", [])
      }
    }
    #expect(try db.query("select count(*) from \(items)").scalar == 3)
    try db.transaction {
      try db.run("insert into \(items) values (\(p1), \(p2))", [4, "d"])
      _ = try? db.transaction {
        try db.run("insert into \(items) values (\(p1), \(p2))", [5, "e"])
        try db.run("insert into nowhere values (1)", [])
      }
    }
    #expect(try db.query("select max(id) from \(items)").scalar == 4)

    #expect(try db.relationType(schema: schema, name: "items") == .table)
    #expect(try db.relationType(schema: schema, name: "item_names") == .view)
    #expect(try db.relationType(schema: schema, name: "absent") == nil)
    #expect(
      try db.listRelations(schema: schema).map { "\($0.identifier):\($0.type)" }
        == ["item_names:view", "items:table"])
    let columns = try db.columns(schema: schema, name: "items")
    #expect(columns.map(\.name) == ["id", "name"])
    #expect(columns.map { $0.type.lowercased() } == ["integer", "text"])
    #expect(columns.map(\.position) == [1, 2])
    #expect(try db.columns(schema: schema, name: "absent") == [])

    let error = try #require(throws: AdapterError.self) {
      try db.query("select * from \(db.quote(schema)).absent")
    }
    #expect(error.kind == .statement)
    #expect(error.adapter == db.adapterType)
  }
}
