import KilnAdapters
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

// Loads seeds into a real SQLite file the way `kiln seed` does (declared types from inference,
// rows streamed through `SeedBinding.load`) and compares `typeof` and values with what
// `dbt seed` (dbt-core 1.10.23, dbt-sqlite 1.10.0) left in its database.

/// Loads `csv` and returns each row as `[value, typeof]` pairs, plus the declared DDL types.
private func load(
  _ csv: String, columnTypes: [String: String] = [:]
) throws -> (types: [String], rows: [[String]]) {
  let dir = try TempDirectory(prefix: "kiln-seed")
  defer { dir.remove() }
  let db = try SQLiteConnection(path: dir.path + "/main.db")
  let table = try SeedCSV.parse(text: csv, path: "s.csv", columnTypes: columnTypes)
  let columns = table.columnNames.indices.map {
    SQLiteDialect.quote(table.columnNames[$0]) + " " + table.sqliteType(ofColumn: $0)
  }
  try db.execute("create table \"main\".\"s\" (\(columns.joined(separator: ", ")))")
  try SeedBinding.load(table.data, schema: "main", table: "s", columns: table.columnNames, on: db)
  let select = table.columnNames.map {
    "quote(\(SQLiteDialect.quote($0))), typeof(\(SQLiteDialect.quote($0)))"
  }
  let result = try db.query("select \(select.joined(separator: ", ")) from s order by rowid", [])
  let rows = result.rows.map { row in
    stride(from: 0, to: row.count, by: 2).map {
      "\(row[$0].textValue ?? "?"):\(row[$0 + 1].textValue ?? "?")"
    }
  }
  return (try db.columns(schema: "main", name: "s").map(\.type), rows)
}

@Test func typesSeedLandsLikeDbtSqlite() throws {
  let (_, rows) = try load(typesCSV)
  #expect(
    rows[0] == [
      "1:integer", "1.5:real", "1:integer", "1:integer", "'yes':text", "1:integer",
      "'2024-01-05':text", "'2024-01-05 10:00:00':text", "'2024-01-05 10:00:00':text",
      "'2024-01-05 10:00:00+00:00':text", "NULL:null", "NULL:null", "'na':text", "1000.0:real",
      "5:integer", "5:integer", "1000.0:real", "7:integer", "-3:integer", "12:integer", "'1':text",
      "'2024-01-05':text", "1:integer", "'2024-01-05 10:00:00.123':text",
    ])
  #expect(
    rows[1] == [
      "2:integer", "2.25:real", "2:integer", "0:integer", "'no':text", "0:integer",
      "'2024-02-29':text", "'2024-02-29 23:59:59':text", "'2024-02-29 23:59:59.500000':text",
      "'2024-02-29 23:59:59+02:00':text", "NULL:null", "NULL:null", "'none':text",
      "2500.5:real", "7:integer", "10:integer", "0.025:real", "10:integer", "4:integer",
      "13:integer", "'abc':text", "'2024-12-31':text", "NULL:null", "'2024-01-05T10:00':text",
    ])
  #expect(
    rows[2] == [
      "NULL:null", "NULL:null", "NULL:null", "1:integer", "'y':text", "1:integer", "NULL:null",
      "NULL:null", "NULL:null", "NULL:null", "NULL:null", "NULL:null", "'n/a':text", "3.0:real",
      "-1:integer", "NULL:null", "NULL:null", "0:integer", "0:integer", "NULL:null",
      "'2.5':text", "'2024-02-01':text", "NULL:null", "'2024-01-05':text",
    ])
}

@Test func oddNumbersLandLikeDbtSqlite() throws {
  #expect(try load("x\n1\n2.5e1\nNaN\n").rows == [["1:integer"], ["25:integer"], ["'NaN':text"]])
  #expect(try load("x\n99999999999999999999\n").rows == [["1.0e+20:real"]])
  let prec = try load("x\n1.10\n2.345\n")
  #expect(prec.types == ["REAL"])
  #expect(prec.rows == [["1.1:real"], ["2.345:real"]])
  #expect(try load("x\n20240105\n").rows == [["20240105:integer"]])
  // agate normalizes before counting places, so zeros with decimals keep a column INT (oracle:
  // zeros.csv, `x,y / 0.00,1 / 1,0.000`).
  let zeros = try load("x,y\n0.00,1\n1,0.000\n")
  #expect(zeros.types == ["INT", "INT"])
  #expect(zeros.rows == [["0:integer", "1:integer"], ["1:integer", "0:integer"]])
  #expect(try load("x\n2024-13-01\n").types == ["TEXT"])
}

@Test func shapesLandLikeDbtSqlite() throws {
  let blank = try load("a,b\n1,x\n\n3,z\n")
  #expect(blank.types == ["INT", "TEXT"])
  #expect(
    blank.rows == [
      ["1:integer", "'x':text"], ["NULL:null", "NULL:null"], ["3:integer", "'z':text"],
    ])
  let allNull = try load("x\n\n\n")
  // `pragma table_info` reports SQLite's spelling of standard names (`integer` → `INTEGER`),
  // as it does for the oracle's tables.
  #expect(allNull.types == ["INTEGER"])
  #expect(allNull.rows == [["NULL:null"], ["NULL:null"]])
  let overrides = try load(
    "forced_text,forced_int,other\n007,5,x\n,null,y\n",
    columnTypes: ["forced_text": "text", "forced_int": "integer"])
  #expect(overrides.types == ["TEXT", "INTEGER", "TEXT"])
  #expect(
    overrides.rows == [
      ["'007':text", "5:integer", "'x':text"], ["NULL:null", "NULL:null", "'y':text"],
    ])
}
