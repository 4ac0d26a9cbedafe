import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Text rows as a bulk-load source; `types` nil sends them in text.
private final class TextRows: BulkRowSource {
  let rows: [[String?]]
  let columnTypes: [BulkColumnType]?
  private var next = 0
  private(set) var rewinds = 0

  init(_ rows: [[String?]], types: [BulkColumnType]?) {
    self.rows = rows
    columnTypes = types
  }

  var columnCount: Int { rows.first?.count ?? 0 }
  var rowCount: Int { rows.count }

  func fill(_ batch: BulkRows, limit: Int) {
    while next < rows.count, batch.rowCount < limit {
      for cell in rows[next] {
        if let cell { batch.appendText(cell) } else { batch.appendNull() }
      }
      batch.endRow()
      next += 1
    }
  }

  func rewind() {
    next = 0
    rewinds += 1
  }
}

private let types: [BulkColumnType] = [
  .integer, .integer, .double, .boolean, .date, .timestamp, .text,
]
private let table =
  "(id int, i integer, d float8, b boolean, day date, ts timestamp without time zone, t text)"
private let columns = ["id", "i", "d", "b", "day", "ts", "t"]

/// 1,500 rows of the canonical texts each type gets from a seed, edge values first, then
/// generated ones (deterministic).
private func sampleRows() -> [[String?]] {
  let ints = ["0", "-0", "7", "-2147483648", "2147483647", "123456", "-99"]
  let doubles = [
    "0", "-0", "3395.63", "0.1", "1E+3", "2.5E-7", "1.7976931348623157E+308", "123456789012345678",
    "0.30000000000000004", "9007199254740993", "1.000000000000000111", "-4.35", "1E+22", "1E+23",
    "0.000001", "5E-324", "2.2250738585072014E-308", "12345678901234.5", "-0.0", "100.00",
  ]
  let dates = [
    "0001-01-01", "2000-01-01", "1999-12-31", "2024-02-29", "9999-12-31", "1900-03-01",
    "2000-02-29",
  ]
  let stamps = [
    "2024-01-05 10:00:00", "2024-01-05 10:00:00.500000", "0001-01-01 00:00:00",
    "9999-12-31 23:59:59.999999",
    "2024-01-05 10:00:00+02:00", "2024-01-05 10:00:00-05:30", "1970-01-01 00:00:00.000001",
    "2000-01-01 00:00:00", "1999-12-31 23:59:59.000001",
  ]
  let texts = [
    "plain", "tab\there", "new\nline", "back\\slash", "ünïcödé ✓", "", "\\N", "cr\rx",
    "quote \"q\"",
  ]
  var state: UInt64 = 42
  func random(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33) % n
  }
  func pad(_ v: Int, _ w: Int) -> String {
    String(repeating: "0", count: max(0, w - String(v).count)) + String(v)
  }
  var out: [[String?]] = []
  for r in 0..<1500 {
    func pick(_ edge: [String], _ generated: () -> String) -> String? {
      if r % 23 == 5 { return nil }
      return r < edge.count ? edge[r] : generated()
    }
    let i = pick(ints) { String(random(2_000_000) - 1_000_000) }
    let d = pick(doubles) {
      switch random(3) {
      case 0: return "\(random(1000)).\(pad(random(100_000), 5))"
      case 1:
        return
          "\(random(10)).\(pad(random(1_000_000_000), 9))\(random(10))E\(random(2) == 0 ? "-" : "+")\(random(300))"
      default: return "-\(random(100_000_000))\(random(100_000_000)).\(random(1000))"
      }
    }
    let b = pick(["true", "false"]) { random(2) == 0 ? "true" : "false" }
    let day = pick(dates) {
      "\(pad(1 + random(9999), 4))-\(pad(1 + random(12), 2))-\(pad(1 + random(28), 2))"
    }
    let ts = pick(stamps) {
      "\(pad(1 + random(9999), 4))-\(pad(1 + random(12), 2))-\(pad(1 + random(28), 2)) "
        + "\(pad(random(24), 2)):\(pad(random(60), 2)):\(pad(random(60), 2))"
        + (random(2) == 0 ? "" : ".\(pad(1 + random(999_999), 6))")
    }
    let t = pick(texts) { String(repeating: "wörd ", count: random(5)) }
    out.append([String(r), i, d, b, day, ts, t])
  }
  return out
}

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresBinaryCopyTests {
  private func contents(_ db: PGConnection, _ name: String) throws -> [[SQLValue]] {
    // float8's text is its shortest exact form (Postgres 12+), so equal text is equal bits, -0 included.
    try db.query(
      "select id, i::text, d::text, b::text, day::text, ts::text, t from \(name) order by id"
    ).rows
  }

  @Test func binaryCopyStoresWhatTextCopyStores() throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table bin \(table); create table txt \(table)")
      let rows = sampleRows()
      var seen: [String] = []
      db.recorder = { seen.append($0) }
      let binary = TextRows(rows, types: types)
      #expect(try db.loadRows(schema: schema, table: "bin", columns: columns, from: binary) == 1500)
      #expect(
        try db.loadRows(
          schema: schema, table: "txt", columns: columns, from: TextRows(rows, types: nil)) == 1500)
      db.recorder = nil
      let copies = seen.filter { $0.hasPrefix("COPY") }
      #expect(copies.first?.hasSuffix("FROM STDIN (FORMAT binary)") == true)
      #expect(copies.last?.hasSuffix("FROM STDIN") == true)
      // (5E-324, a denormal, may send the binary load back to text: strtod flags underflow.)
      #expect(try contents(db, "bin") == contents(db, "txt"))
    }
  }

  @Test func everyValueGoesInBinaryWhenItHasAnExactForm() throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table bin \(table); create table txt \(table)")
      let rows = sampleRows().map { r in r.map { $0 == "5E-324" ? "4.9E-300" : $0 } }
      let binary = TextRows(rows, types: types)
      try db.loadRows(schema: schema, table: "bin", columns: columns, from: binary)
      try db.loadRows(
        schema: schema, table: "txt", columns: columns, from: TextRows(rows, types: nil))
      #expect(binary.rewinds == 0)
      #expect(try contents(db, "bin") == contents(db, "txt"))
      // Spot checks against Postgres' own reading of the text.
      let r = try db.query(
        "select d::text, ts::text, day - date '2000-01-01' from bin where id in (1, 4) order by id"
      ).rows
      #expect(
        r == [["-0", "2024-01-05 10:00:00.5", 0], ["1000", "2024-01-05 10:00:00", 2_921_939]])
    }
  }

  @Test func valuesWithoutABinaryFormFallBackToText() throws {
    try withPostgresSchema { db, schema in
      try db.execute("create table t (id int, i integer, d float8)")
      var rows: [[String?]] = (0..<1200).map { [String($0), String($0), "1.5"] }
      rows[700][2] = "NaN"
      rows[900][2] = "-Infinity"
      let source = TextRows(rows, types: [.integer, .integer, .double])
      #expect(
        try db.loadRows(schema: schema, table: "t", columns: ["id", "i", "d"], from: source) == 1200
      )
      #expect(source.rewinds == 1)
      #expect(
        try db.query("select d::text from t where id in (699, 700, 900) order by id").rows == [
          ["1.5"], ["NaN"], ["-Infinity"],
        ])
      // An exponent in an integer column has no binary form, and int4's text input refuses it
      // as it did before: the load fails and leaves the table as it was.
      try db.execute("truncate t")
      rows[700][1] = "1E+3"
      let error = try #require(throws: AdapterError.self) {
        try db.loadRows(
          schema: schema, table: "t", columns: ["id", "i", "d"],
          from: TextRows(rows, types: [.integer, .integer, .double]))
      }
      #expect(error.sqlState == "22P02")
      #expect(try db.query("select count(*) from t").rows == [[0]])
    }
  }
}
