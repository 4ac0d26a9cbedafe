import KilnAdapters
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresTransactionTests {
  @Test func rollbackOnThrowLeavesDataIntact() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int); insert into t values (1)")
      #expect(throws: Boom.self) {
        try db.transaction {
          try db.run("insert into t values ($1)", [2])
          throw Boom()
        }
      }
      #expect(try db.query("select x from t").rows == [[1]])
      #expect(!db.isInTransaction)
    }
  }

  @Test func commitOnSuccessIsRecorded() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int)")
      var seen: [String] = []
      db.recorder = { seen.append($0) }
      let n = try db.transaction { try db.run("insert into t values ($1), ($2)", [1, 2]) }
      #expect(n == 2)
      #expect(seen == ["BEGIN", "insert into t values ($1), ($2)", "COMMIT"])
      #expect(try db.query("select count(*) from t").scalar == 2)
    }
  }

  @Test func nestedSavepointRollbackKeepsOuterWork() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int primary key)")
      try db.transaction {
        try db.run("insert into t values ($1)", [1])
        // A failing statement aborts the transaction; rolling back to the savepoint recovers.
        try? db.transaction {
          try db.run("insert into t values ($1)", [2])
          try db.run("insert into t values ($1)", [1])
        }
        try db.run("insert into t values ($1)", [3])
      }
      #expect(try db.query("select x from t order by x").rows == [[1], [3]])
    }
  }

  @Test func swallowedErrorInOuterTransactionIsReportedNotCommitted() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int primary key)")
      let error = try #require(throws: AdapterError.self) {
        try db.transaction {
          try db.run("insert into t values ($1)", [1])
          _ = try? db.run("insert into t values ($1)", [1])
        }
      }
      #expect(error.sqlState == "25P02")
      #expect(!db.isInTransaction)
      #expect(try db.query("select count(*) from t").scalar == 0)
    }
  }

  @Test func explicitBeginRollback() throws {
    try withPostgresSchema { db, _ in
      try db.execute("create table t (x int)")
      try db.begin()
      #expect(db.isInTransaction)
      try db.run("insert into t values ($1)", [1])
      try db.rollback()
      #expect(!db.isInTransaction)
      #expect(try db.query("select count(*) from t").scalar == 0)
    }
  }
}
