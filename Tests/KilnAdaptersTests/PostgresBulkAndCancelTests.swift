import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresBulkAndCancelTests {
  /// Rows `(i, "name i", i / 2)` for i in 1...count.
  private func rows(_ count: Int) -> [[SQLValue]] {
    (1...count).map { [.integer(Int64($0)), .text("name \($0)"), .real(Double($0) / 2)] }
  }

  @Test(arguments: [PGBulkMethod.automatic, .insert, .copy])
  func insertRowsLoadsOneHundredThousandRows(method: PGBulkMethod) throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table t (id bigint, name text, half double precision)")
      var seen: [String] = []
      db.recorder = { seen.append($0) }
      let n = try db.insertRows(
        schema: schema, table: "t", columns: ["id", "name", "half"], rows: rows(100_000),
        using: method)
      db.recorder = nil
      #expect(n == 100_000)
      let r = try db.query("select count(*), sum(id), sum(half), max(name) from t")
      // sum(bigint) is numeric in Postgres, so it arrives as a real.
      #expect(r.rows == [[100_000, 5_000_050_000.0, 2_500_025_000.0, "name 99999"]])
      let statements = seen.filter { $0 != "BEGIN" && $0 != "COMMIT" }
      if method == .insert {
        // 65535 parameters / 3 columns = 21845 rows per statement: 5 statements.
        #expect(statements.count == 5)
        #expect(statements.allSatisfy { $0.hasPrefix("INSERT INTO \"\(schema)\".\"t\"") })
      } else {
        #expect(statements == ["COPY \"\(schema)\".\"t\" (\"id\", \"name\", \"half\") FROM STDIN"])
      }
    }
  }

  @Test(arguments: [PGBulkMethod.insert, .copy])
  func awkwardValuesSurviveBothPaths(method: PGBulkMethod) throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table t (k int, s text, b bytea, n numeric)")
      let input: [[SQLValue]] = [
        [1, "tab\there\nnewline\\backslash\rcr", .blob([0, 92, 255]), 1.5],
        [2, "\\N", .blob([]), nil],
        [3, nil, nil, .text("12345678901234567890.5")],
        [4, "", .blob([10, 9]), 7],
      ]
      try db.insertRows(
        schema: schema, table: "t", columns: ["k", "s", "b", "n"], rows: input, using: method)
      let out = try db.query("select k, s, b, n::text from t order by k").rows
      #expect(out.map { Array($0[0..<3]) } == input.map { Array($0[0..<3]) })
      #expect(out.map(\.[3]) == ["1.5", nil, "12345678901234567890.5", "7"])
    }
  }

  @Test(arguments: [PGBulkMethod.insert, .copy])
  func badRowLeavesTableAsItWas(method: PGBulkMethod) throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table t (k int); insert into t values (0)")
      let error = try #require(throws: AdapterError.self) {
        try db.insertRows(
          schema: schema, table: "t", columns: ["k"], rows: [[1], ["not a number"], [3]],
          using: method)
      }
      #expect(error.sqlState == "22P02")
      if method == .copy { #expect(error.detail?.contains("line 2") == true) }
      #expect(try db.query("select k from t").rows == [[0]])
    }
  }

  @Test func insertRowsInsideATransactionUsesASavepoint() throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table t (k int)")
      try db.transaction {
        try db.run("insert into t values ($1)", [1])
        _ = try? db.insertRows(
          schema: schema, table: "t", columns: ["k"], rows: [[2], ["x"]], using: .copy)
        try db.insertRows(schema: schema, table: "t", columns: ["k"], rows: [[3]])
      }
      #expect(try db.query("select k from t order by k").rows == [[1], [3]])
    }
  }

  @Test func interruptCancelsARunningStatement() throws {
    try withPostgresSchema { db, _ in
      let interrupter = db.makeInterrupter()
      let done = Flag()
      // Keep asking until the statement has ended: a cancel that arrives before pg_sleep
      // starts is ignored by the server.
      let thread = Thread {
        while !done.isSet {
          interrupter.interrupt()
          Thread.sleep(forTimeInterval: 0.05)
        }
      }
      thread.start()
      let error = try #require(throws: AdapterError.self) { try db.query("select pg_sleep(30)") }
      done.set()
      #expect(error.kind == .interrupted)
      #expect(error.sqlState == "57014")
      #expect(error.diagnostic().code == "A0104")
      // The connection stays usable.
      #expect(try db.query("select 1").scalar == 1)
    }
  }
}

/// A thread-safe one-way boolean.
private final class Flag: @unchecked Sendable {  // `value` is only touched under `lock`
  private let lock = NSLock()
  private var value = false

  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}
