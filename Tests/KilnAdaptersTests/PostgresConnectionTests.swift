import KilnAdapters
import KilnBase
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresConnectionTests {
  @Test func parametersRoundTripEveryValueKind() throws {
    try withPostgresSchema { db, _ in
      let values: [SQLValue] = [
        .null, .integer(Int64.min), .integer(42), .real(-2.5), .real(1e-300), .real(.infinity),
        .text("héllo\tworld ✓ 'quoted' \\"), .text(""), .blob([0, 1, 255]), .blob([]),
      ]
      for value in values {
        #expect(try db.query("select $1", [value]).rows == [[value]])
      }
      let nan = try db.query("select $1", [.real(.nan)]).scalar
      guard case .real(let d)? = nan else {
        Issue.record("NaN came back as \(String(describing: nan))"); return
      }
      #expect(d.isNaN)
    }
  }

  @Test func parametersReachTypedColumns() throws {
    try withPostgresSchema { db, _ in
      try db.execute(
        "create table t (i int4, n numeric, s text, d date, b bytea, f boolean)")
      try db.run(
        "insert into t values ($1, $2, $3, $4, $5, $6)",
        [7, .real(1.25), "x", "2024-02-29", .blob([9, 8]), "true"])
      try db.run("insert into t values ($1, $2, $3, $4, $5, $6)", [nil, nil, nil, nil, nil, nil])
      let rows = try db.query("select i, n, s, d, b, f from t order by i nulls last").rows
      #expect(
        rows == [
          [7, 1.25, "x", "2024-02-29", .blob([9, 8]), 1], Array(repeating: .null, count: 6),
        ])
    }
  }

  @Test func textWithNulIsRejectedBeforeSending() throws {
    try withPostgresSchema { db, _ in
      let error = try #require(throws: AdapterError.self) {
        try db.query("select $1", [.text("a\0b")])
      }
      #expect(error.message.contains("NUL"))
    }
  }

  @Test func resultColumnsConvertByTypeOID() throws {
    try withPostgresSchema { db, _ in
      let r = try db.query(
        """
        select 1::int2 a, 2::int4 b, 3::int8 c, 1.5::float4 d, 2.25::float8 e, 3.5::numeric f,
          1e400::numeric g, true h, false i, 'x'::text j, 'y'::varchar(3) k, date '2024-01-02' l,
          timestamp '2024-01-02 03:04:05' m, null::int n, '\\x01ff'::bytea o, '{"a":1}'::json p
        """)
      #expect(r.columns == "abcdefghijklmnop".map(String.init))
      let big = "1" + String(repeating: "0", count: 400)
      let expected: [SQLValue] = [
        1, 2, 3, 1.5, 2.25, 3.5, .text(big), 1, 0, "x", "y", "2024-01-02", "2024-01-02 03:04:05",
        nil, .blob([1, 255]), #"{"a":1}"#,
      ]
      #expect(r.rows == [expected])
    }
  }

  @Test func declaredTypesComeFromTableColumnsOnly() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (id integer, name varchar(10)); insert into t values (1, 'a')")
      let r = try db.query("select id, name, id + 1 as next from t where id = $1", [1])
      #expect(r.columns == ["id", "name", "next"])
      #expect(r.declaredTypes == ["integer", "character varying(10)", nil])
      #expect(r.rows == [[1, "a", 2]])
    }
  }

  @Test func runReturnsChangedRowCount() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int); insert into t values (1), (2), (3)")
      #expect(try db.run("update t set x = x * 10 where x >= $1", [2]) == 2)
      #expect(try db.run("delete from t") == 3)
      #expect(try db.run("create table u (y int)") == 0)
    }
  }

  @Test func recorderSeesStatementsButNotIntrospection() throws {
    try withPostgresSchema { db, schema in
      var seen: [String] = []
      db.recorder = { seen.append($0) }
      try db.execute("  create table t (x int); insert into t values (1)\n")
      _ = try db.query("select x from t where x = $1", [1])
      try db.run("delete from t")
      _ = try db.relationType(schema: schema, name: "t")
      _ = try db.columns(schema: schema, name: "t")
      #expect(
        seen == [
          "create table t (x int); insert into t values (1)", "select x from t where x = $1",
          "delete from t",
        ])
    }
  }

  @Test func noticesAreCollectedNotPrinted() throws {
    try withPostgresSchema { db, _ in
      let marker = uniqueName("kiln_notice")
      let printed = try captureStandardError {
        try db.execute("do $$ begin raise notice '%', '\(marker)'; end $$")
      }
      #expect(db.notices.contains(marker))
      #expect(!printed.contains(marker))
      #expect(db.takeNotices().contains(marker))
      #expect(db.notices.isEmpty)
    }
  }

  @Test func searchPathAndRoleFromTheConfigApply() throws {
    let admin = try PGConnection(testServerConfig())
    let role = uniqueName("kiln_role")
    try admin.execute("create role \(admin.quote(role))")
    defer { try? admin.execute("drop role \(admin.quote(role))") }
    var config = try testServerConfig()
    config.searchPath = "\"my schema\", public"
    config.role = role
    let db = try PGConnection(config)
    #expect(try db.query("select current_user::text").scalar == .text(role))
    #expect(try db.query("show search_path").scalar == "\"my schema\", public")
  }

  @Test func connectionFailureIsAConnectionError() throws {
    var config = try testServerConfig()
    config.port = try PostgresServer.freePort()
    let error = try #require(throws: AdapterError.self) { try PGConnection(config) }
    #expect(error.kind == .connection)
    #expect(error.message.contains("127.0.0.1:\(config.port)"))
  }
}
