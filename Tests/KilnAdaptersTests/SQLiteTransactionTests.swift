import KilnAdapters
import Testing

struct Boom: Error {}

@Test func transactionRollsBackOnThrow() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (x); insert into t values (1)")
    #expect(throws: Boom.self) {
      try db.transaction {
        try db.run("insert into t values (?)", [2])
        throw Boom()
      }
    }
    #expect(try db.query("select x from t", []).rows == [[1]])
    #expect(!db.isInTransaction)
  }
}

@Test func transactionCommitsOnSuccess() throws {
  try withTempDatabase { db, _ in
    var seen: [String] = []
    try db.execute("create table t (x)")
    db.recorder = { seen.append($0) }
    let n = try db.transaction { try db.run("insert into t values (?), (?)", [1, 2]) }
    #expect(n == 2)
    #expect(seen == ["BEGIN IMMEDIATE", "insert into t values (?), (?)", "COMMIT"])
    #expect(try db.query("select count(*) from t", []).scalar == 2)
  }
}

@Test func nestedTransactionUsesSavepointSoOuterWorkSurvives() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (x)")
    try db.transaction {
      try db.run("insert into t values (?)", [1])
      try? db.transaction {
        try db.run("insert into t values (?)", [2])
        throw Boom()
      }
      try db.run("insert into t values (?)", [3])
    }
    #expect(try db.query("select x from t order by x", []).rows == [[1], [3]])
  }
}

@Test func explicitBeginRollback() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (x)")
    try db.begin()
    #expect(db.isInTransaction)
    try db.run("insert into t values (?)", [1])
    try db.rollback()
    #expect(try db.query("select count(*) from t", []).scalar == 0)
  }
}

/// The swap dbt does for a table with a dependent view, run with and without legacy mode.
private func swapTable(_ db: SQLiteConnection) throws {
  try db.execute(
    """
    create table t__dbt_tmp as select 2 as x;
    alter table t rename to t__dbt_backup;
    alter table t__dbt_tmp rename to t;
    drop table t__dbt_backup;
    """)
}

@Test func legacyAlterTableKeepsViewsPointingAtTheName() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t as select 1 as x; create view v as select x from t")
    try db.withLegacyAlterTable { try swapTable(db) }
    #expect(try db.query("select x from v", []).rows == [[2]])
    // The view's SQL still names `t`, and the pragma is back off afterwards.
    let sql = try db.query("select sql from sqlite_master where name = 'v'", []).scalar
    #expect(sql == "CREATE VIEW v as select x from t")
    #expect(try db.query("pragma legacy_alter_table", []).scalar == 0)
  }
}

@Test func modernAlterTableRepointsViewsToTheBackup() throws {
  // Why the legacy mode is needed: SQLite ≥ 3.26 rewrites the view to the renamed table, so
  // once the backup is dropped the view is broken.
  try withTempDatabase { db, _ in
    try db.execute("create table t as select 1 as x; create view v as select x from t")
    try swapTable(db)
    let error = try #require(throws: AdapterError.self) { try db.query("select x from v", []) }
    #expect(error.message.contains("t__dbt_backup"))
    let sql = try db.query("select sql from sqlite_master where name = 'v'", []).scalar
    #expect(sql == "CREATE VIEW v as select x from \"t__dbt_backup\"")
  }
}
