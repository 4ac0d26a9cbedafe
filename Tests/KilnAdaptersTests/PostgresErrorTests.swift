import KilnAdapters
import KilnBase
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresErrorTests {
  @Test func undefinedTableCarriesSQLStateMessageAndOffset() throws {
    try withPostgresSchema { db, _ in
      let sql = "select * from missing_table"
      let error = try #require(throws: AdapterError.self) { try db.query(sql) }
      #expect(error.kind == .statement)
      #expect(error.sqlState == "42P01")
      #expect(error.message == "relation \"missing_table\" does not exist")
      #expect(error.sql == sql)
      #expect(error.offset == 14)
      #expect(error.codeText == "SQLSTATE 42P01")
    }
  }

  @Test func positionCountsCharactersButOffsetCountsBytes() throws {
    try withPostgresSchema { db, _ in
      // "é" and "✓" are one character each to the server but 2 and 3 UTF-8 bytes.
      let sql = "select 'é✓' as a, * from nope"
      let error = try #require(throws: AdapterError.self) { try db.query(sql) }
      let expected = try #require(sql.utf8.firstRange(of: "nope".utf8))
      #expect(error.offset == sql.utf8.distance(from: sql.utf8.startIndex, to: expected.lowerBound))
      #expect(error.offset == 28)
    }
  }

  @Test func syntaxErrorInScriptPointsIntoTheWholeScript() throws {
    try withPostgresSchema { db, _ in
      let sql = "select 1;\nselec 2"
      let error = try #require(throws: AdapterError.self) { try db.execute(sql) }
      #expect(error.sqlState == "42601")
      #expect(error.message == "syntax error at or near \"selec\"")
      #expect(error.offset == 10)
      let diagnostic = error.diagnostic(path: "target/run/x.sql")
      #expect(diagnostic.code == "A0101")
      #expect(diagnostic.span?.location.line == 2)
      #expect(diagnostic.span?.location.column == 1)
    }
  }

  @Test func detailAndHintAreKept() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (id int primary key); insert into t values (1)")
      let dup = try #require(throws: AdapterError.self) {
        try db.run("insert into t values ($1)", [1])
      }
      #expect(dup.sqlState == "23505")
      #expect(dup.detail == "Key (id)=(1) already exists.")
      let typo = try #require(throws: AdapterError.self) { try db.query("select lenght('x')") }
      #expect(typo.sqlState == "42883")
      #expect(typo.hint?.contains("No function matches") == true)
    }
  }

  @Test func failedScriptAppliesNoneOfItsStatements() throws {
    try withPostgresSchema { db, schema throws in
      #expect(throws: AdapterError.self) {
        try db.execute("create table t (x int); insert into t values (1); select 1/0")
      }
      #expect(try db.relationType(schema: schema, name: "t") == nil)
    }
  }

  @Test func multipleStatementsInQueryAreRejected() throws {
    try withPostgresSchema { db, _ in
      let error = try #require(throws: AdapterError.self) { try db.query("select 1; select 2") }
      #expect(error.sqlState == "42601")
    }
  }
}
