import KilnAdapters
import Testing

@Test func md5MatchesPostgresAndHashlib() throws {
  try withTempDatabase { db, _ in
    let r = try db.query("select md5('abc'), md5(''), md5(12), md5(null), md5(?)", ["héllo ✓"])
    #expect(
      r.rows == [
        [
          "900150983cd24fb0d6963f7d28e17f72", "d41d8cd98f00b204e9800998ecf8427e",
          "c20ad4d76fe97759aa27a0c99bff6710", nil, "21b1ae5bc147bb564254200a4731e337",
        ]
      ])
  }
}

@Test func splitPartFollowsPostgres() throws {
  try withTempDatabase { db, _ in
    let r = try db.query(
      """
      select split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1),
             split_part('a--b', '--', 2), split_part('abc', '', 1), split_part(null, ',', 1)
      """, [])
    #expect(r.rows == [["b", "", "c", "b", "abc", nil]])
    #expect(throws: AdapterError.self) { try db.query("select split_part('a', ',', 0)", []) }
  }
}

@Test func ceilAndFloorAreAvailable() throws {
  try withTempDatabase { db, _ in
    let r = try db.query("select ceil(1.5), floor(1.5), ceil(-1.5), floor(-1.5)", [])
    #expect(r.rows == [[2.0, 1.0, -1.0, -2.0]])
  }
}

@Test func bulkInsertOf50000RowsUsesFewBatchStatements() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table big (id int, name text, score real)")
    let rows: [[SQLValue]] = (0..<50_000).map { i in
      [.integer(Int64(i)), i % 7 == 0 ? .null : .text("n\(i)"), .real(Double(i) / 2)]
    }
    var statements = 0
    db.recorder = { if $0.hasPrefix("INSERT") { statements += 1 } }
    let n = try db.insertRows(
      schema: "main", table: "big", columns: ["id", "name", "score"], rows: rows)
    #expect(n == 50_000)
    // 32766 parameters / 3 columns = 10922 rows per statement → 5 statements.
    #expect(statements == 5)
    let check = try db.query(
      "select count(*), sum(id), count(name), max(score) from big", [])
    #expect(check.rows == [[50_000, 1_249_975_000, 42_857, 24_999.5]])
  }
}

@Test func bulkInsertIsAllOrNothing() throws {
  try withTempDatabase { db, _ in
    try db.execute("create table t (id int not null)")
    let rows: [[SQLValue]] = (0..<40_000).map { [$0 == 39_999 ? .null : .integer(Int64($0))] }
    #expect(throws: AdapterError.self) {
      try db.insertRows(schema: "main", table: "t", columns: ["id"], rows: rows)
    }
    #expect(try db.query("select count(*) from t", []).scalar == 0)
    #expect(throws: AdapterError.self) {
      try db.insertRows(schema: "main", table: "t", columns: ["id"], rows: [[1, 2]])
    }
  }
}

@Test func bulkInsertQuotesSchemaTableAndColumns() throws {
  try withTempDatabase { db, _ in
    try db.ensureSchema("raw")
    try db.execute(#"create table raw."order items" ("the ""id""" int)"#)
    var seen: [String] = []
    db.recorder = { seen.append($0) }
    try db.insertRows(
      schema: "raw", table: "order items", columns: ["the \"id\""], rows: [[1], [2]])
    #expect(
      seen == [
        "BEGIN IMMEDIATE", #"INSERT INTO "raw"."order items" ("the ""id""") VALUES (?), (?)"#,
        "COMMIT",
      ])
    #expect(try db.query(#"select count(*) from raw."order items""#, []).scalar == 2)
  }
}
