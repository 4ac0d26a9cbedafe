import KilnAdapters
import KilnBase
import KilnTestSupport
import Testing

/// A connection on a fresh file in a temp directory.
func withTempDatabase<T>(_ body: (SQLiteConnection, TempDirectory) throws -> T) throws -> T {
  let dir = try TempDirectory(prefix: "kiln-sqlite")
  defer { dir.remove() }
  let db = try SQLiteConnection(path: dir.path + "/main.db", schemaDirectory: dir.path)
  return try body(db, dir)
}

@Test func bindingRoundTripsEveryStorageClass() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (v)")
    let values: [SQLValue] = [
      .null, .integer(Int64.min), .integer(42), .real(-2.5), .text("héllo\0world ✓"),
      .text(""), .blob([0, 1, 255]), .blob([]),
    ]
    for v in values { try db.run("insert into t values (?)", [v]) }
    let result = try db.query("select v, typeof(v) from t order by rowid")
    #expect(result.rows.map { $0[0] } == values)
    #expect(
      result.rows.map { $0[1] }
        == ["null", "integer", "integer", "real", "text", "text", "blob", "blob"])
  }
}

@Test func queryReportsColumnsAndDeclaredTypes() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (id INTEGER, name VARCHAR(10)); insert into t values (1, 'a')")
    let r = try db.query("select id, name, id + 1 as next from t where id = ?", [1])
    #expect(r.columns == ["id", "name", "next"])
    #expect(r.declaredTypes == ["INTEGER", "VARCHAR(10)", nil])
    #expect(r.rows == [[1, "a", 2]])
  }
}

@Test func runReturnsChangedRowCount() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (x); insert into t values (1), (2), (3)")
    #expect(try db.run("update t set x = x * 10 where x >= ?", [2]) == 2)
    #expect(try db.run("delete from t") == 3)
  }
}

@Test func syntaxErrorCarriesCodeMessageAndOffset() throws {
  try withTempDatabase { db, _ in
    let sql = "select 1;\nselec 2"
    let error = try #require(throws: AdapterError.self) { try db.execute(sql) }
    #expect(error.kind == .statement)
    #expect(error.resultCode == 1)  // SQLITE_ERROR
    #expect(error.message == "near \"selec\": syntax error")
    #expect(error.sql == sql)
    // The offset is into the whole script: "selec" starts after "select 1;\n".
    #expect(error.offset == 10)
    let diagnostic = error.diagnostic(path: "target/run/x.sql")
    #expect(diagnostic.code == "A0101")
    #expect(diagnostic.span?.location.line == 2)
    #expect(diagnostic.span?.location.column == 1)
  }
}

@Test func missingTableErrorPointsAtTheName() throws {
  try withTempDatabase { db, _ in
    let error = try #require(throws: AdapterError.self) {
      try db.query("select * from nope", [])
    }
    #expect(error.message == "no such table: nope")
    #expect(error.sql == "select * from nope")
    #expect(error.codeText == "SQLITE_ERROR (1)")
  }
}

@Test func constraintErrorHasExtendedCode() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (id int primary key); insert into t values (1)")
    let error = try #require(throws: AdapterError.self) {
      try db.run("insert into t values (?)", [1])
    }
    #expect(error.resultCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
    #expect(error.codeText == "SQLITE_CONSTRAINT_PRIMARYKEY (1555)")
    // Bound values never appear in the message.
    #expect(!error.description.contains("values (1)"))
  }
}

@Test func queryRejectsScripts() throws {
  try withTempDatabase { db, _ in
    let error = try #require(throws: AdapterError.self) { try db.query("select 1; select 2", []) }
    #expect(error.message.contains("more than one statement"))
    // A trailing semicolon or comment is fine.
    #expect(try db.query("select 1;", []).scalar == 1)
    #expect(try db.query("select 2; -- why\n/* not */", []).scalar == 2)
  }
}

@Test func wrongParameterCountIsAnError() throws {
  try withTempDatabase { db, _ in
    let error = try #require(throws: AdapterError.self) { try db.query("select ?", []) }
    #expect(error.resultCode == 25)  // SQLITE_RANGE
  }
}

@Test func recorderSeesEachStatementOfAScriptInOrder() throws {
  try withTempDatabase { db, _ in
    var seen: [String] = []
    db.recorder = { seen.append($0) }
    try db.execute("create table t (x);\n  insert into t values (1);  -- done\n")
    _ = try db.query("select count(*) from t", [])
    try db.run("delete from t", [])
    _ = try db.relationType(schema: "main", name: "t")  // introspection is not recorded
    #expect(
      seen == [
        "create table t (x);", "insert into t values (1);", "select count(*) from t",
        "delete from t",
      ])
  }
}

@Test func statementCacheReusesPreparedStatements() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (x)")
    for i in 0..<100 { try db.run("insert into t values (?)", [.integer(Int64(i))]) }
    // A schema change between uses is picked up (prepare_v2 re-prepares on SQLITE_SCHEMA).
    try db.execute("alter table t add column y default 7")
    #expect(try db.query("select sum(x), sum(y) from t", []).rows == [[4950, 700]])
  }
}

@Test func identifiersAreQuotedWithDoubledQuotes() {
  #expect(SQLiteDialect.quote("x") == "\"x\"")
  #expect(SQLiteDialect.quote("we\"ird") == "\"we\"\"ird\"")
  #expect(
    SQLiteDialect.render(Relation(database: "db", schema: "main", identifier: "t", type: .table))
      == "\"main\".\"t\"")
}

@Test func interrupterCancelsARunningQuery() async throws {
  let dir = try TempDirectory(prefix: "kiln-sqlite")
  defer { dir.remove() }
  let db = try SQLiteConnection(path: dir.path + "/main.db")
  let interrupter = db.makeInterrupter()
  let task = Task.detached {
    try await Task.sleep(for: .milliseconds(100))
    interrupter.interrupt()
  }
  let error = try #require(throws: AdapterError.self) {
    // An endless recursive CTE: only an interrupt stops it.
    try db.query(
      "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r", [])
  }
  #expect(error.kind == .interrupted)
  #expect(error.diagnostic().code == "A0104")
  try await task.value
}

@Test func worksThroughTheAdapterProtocol() throws {
  try withTempDatabase { sqlite, _ in
    let db: any DatabaseConnection = sqlite
    #expect(db.adapterType == .sqlite)
    try db.execute("create table t (x)")
    try db.transaction {
      _ = try db.insertRows(schema: "main", table: "t", columns: ["x"], rows: [[1]])
    }
    #expect(try db.query("select x from t").rows == [[1]])
    #expect(try db.relationType(schema: "main", name: "t") == .table)
    #expect(db.quote("a b") == "\"a b\"")
  }
}
