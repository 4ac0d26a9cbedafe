import KilnBase
import KilnProject
import Testing

// Expectations below come from running `dbt seed` (dbt-core 1.10.23, dbt-sqlite 1.10.0,
// agate 1.9.1) on the same CSV text and reading the tables back with Python's sqlite3.

/// The oracle's types.csv: one column per inference case.
let typesCSV = """
  ints,decs,trail,bools,yesno,onezero,dates,dts,isodts,isotz,blanks,nullstr,nastr,commas,money,pct,sci,lead,signs,spaced,mixed,datesingle,boolnull,fracdt
  1,1.5,1.0,true,yes,1,2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00,2024-01-05T10:00:00Z,,null,na,"1,000",$5,5%,1e3,007,-3, 12 ,1,2024-1-5,true,2024-01-05 10:00:00.123
  2,2.25,2.0,False,no,0,2024-02-29,2024-02-29 23:59:59,2024-02-29T23:59:59.5,2024-02-29T23:59:59+02:00,  ,NULL,none,"2,500.5",€7,10%,2.5E-2,010,+4,13,abc,2024-12-31,,2024-01-05T10:00
  ,,,TRUE,y,1,,,,,,Null,n/a,3,$-1,,,0,0,,2.5,2024-02-01,null,2024-01-05

  """

@Test func sqliteColumnTypesMatchDbtSqlite() throws {
  let t = try SeedCSV.parse(text: typesCSV, path: "seeds/types.csv")
  #expect(
    t.columnTypes.indices.map(t.sqliteType(ofColumn:)) == [
      "INT", "REAL", "INT", "INT", "TEXT", "INT", "TEXT", "TEXT", "TEXT", "TEXT", "INT", "INT",
      "TEXT", "REAL", "INT", "INT", "REAL", "INT", "INT", "INT", "TEXT", "TEXT", "INT", "TEXT",
    ])
  #expect(
    t.columnTypes == [
      .integer, .number, .integer, .boolean, .text, .integer, .date, .datetime, .datetime,
      .datetime, .integer, .integer, .text, .number, .integer, .integer, .number, .integer,
      .integer, .integer, .text, .date, .boolean, .text,
    ])
  #expect(t.postgresType(ofColumn: 1) == "float8")
  #expect(t.postgresType(ofColumn: 3) == "boolean")
  #expect(t.postgresType(ofColumn: 7) == "timestamp without time zone")
}

@Test func typedValuesMatchWhatDbtBinds() throws {
  let t = try SeedCSV.parse(text: typesCSV, path: "seeds/types.csv")
  func column(_ name: String) throws -> [String] {
    let i = t.columnNames.firstIndex(of: name) ?? -1
    return try t.rows.map { row in
      switch row[i] {
      case .null: "NULL"
      case .number(let n): "n:\(n)"
      case .bool(let b): "b:\(b)"
      case .date(let s): "d:\(s)"
      case .datetime(let s): "dt:\(s)"
      case .text(let s): "t:\(s)"
      }
    }
  }
  #expect(try column("trail") == ["n:1.0", "n:2.0", "NULL"])
  #expect(try column("bools") == ["b:true", "b:false", "b:true"])
  #expect(try column("boolnull") == ["b:true", "NULL", "NULL"])
  #expect(try column("datesingle") == ["d:2024-01-05", "d:2024-12-31", "d:2024-02-01"])
  #expect(try column("dts") == ["dt:2024-01-05 10:00:00", "dt:2024-02-29 23:59:59", "NULL"])
  #expect(try column("isodts") == ["dt:2024-01-05 10:00:00", "dt:2024-02-29 23:59:59.500000", "NULL"])
  #expect(
    try column("isotz") == ["dt:2024-01-05 10:00:00+00:00", "dt:2024-02-29 23:59:59+02:00", "NULL"])
  #expect(try column("blanks") == ["NULL", "NULL", "NULL"])
  #expect(try column("nullstr") == ["NULL", "NULL", "NULL"])
  #expect(try column("nastr") == ["t:na", "t:none", "t:n/a"])
  #expect(try column("commas") == ["n:1000", "n:2500.5", "n:3"])
  #expect(try column("money") == ["n:5", "n:7", "n:-1"])
  #expect(try column("pct") == ["n:5", "n:10", "NULL"])
  #expect(try column("sci") == ["n:1E+3", "n:0.025", "NULL"])
  #expect(try column("lead") == ["n:7", "n:10", "n:0"])
  #expect(try column("signs") == ["n:-3", "n:4", "n:0"])
  #expect(try column("spaced") == ["n:12", "n:13", "NULL"])
  #expect(try column("mixed") == ["t:1", "t:abc", "t:2.5"])
  #expect(try column("fracdt") == ["t:2024-01-05 10:00:00.123", "t:2024-01-05T10:00", "t:2024-01-05"])
}

@Test func textCellsKeepTheirWhitespaceButBlankOnesAreNull() throws {
  let t = try SeedCSV.parse(text: "a\n 12 x\n   \nNuLL\n", path: "s.csv")
  #expect(t.columnTypes == [.text])
  #expect(try t.rows == [[.text(" 12 x")], [.null], [.null]])
}

@Test func columnTypesOverrideForcesTextAndDeclaresTheGivenType() throws {
  // Oracle: overrides.csv with column_types {forced_text: text, forced_int: integer}.
  let t = try SeedCSV.parse(
    text: "forced_text,forced_int,other\n007,5,x\n,null,y\n", path: "s.csv",
    columnTypes: ["forced_text": "text", "forced_int": "integer"])
  #expect(t.columnTypes == [.text, .text, .text])
  #expect(try t.rows == [[.text("007"), .text("5"), .text("x")], [.null, .null, .text("y")]])
  #expect((0..<3).map(t.sqliteType(ofColumn:)) == ["text", "integer", "TEXT"])
  #expect(t.postgresType(ofColumn: 1) == "integer")
}

@Test func numberEdgeCasesFollowPythonDecimal() throws {
  func n(_ s: String) -> String? { SeedNumber(agateCell: s)?.description }
  #expect(n("1_000") == "1000")
  #expect(n("--5") == "5")
  #expect(n("$ 5") == "5")
  #expect(n("+.5e-3") == "0.0005")
  #expect(n("1e-7") == "1E-7")
  #expect(n("0e5") == "0E+5")
  #expect(n("-0") == "-0")
  #expect(n("nan") == "NaN")
  #expect(n("-inf") == "-Infinity")
  #expect(n("snan") == nil)
  #expect(n("infinit") == nil)
  #expect(n("-") == nil)
  #expect(n("5%%") == "5")
  // Multiplying by ±1 rounds to 28 significant digits, half-even.
  #expect(n("1234567890123456789012345678901") == "1.234567890123456789012345679E+30")
  #expect(n("99999999999999999999999999995") == "1.000000000000000000000000000E+29")
  #expect(SeedNumber(agateCell: "1.50")?.decimalPlaces == 1)
  #expect(SeedNumber(agateCell: "2.5E-2")?.decimalPlaces == 3)
  #expect(SeedNumber(agateCell: "100")?.decimalPlaces == 0)
  #expect(SeedNumber(agateCell: "1e3")?.int64Value == 1000)
  #expect(SeedNumber(agateCell: "2.5")?.int64Value == nil)
}

@Test func nanKeepsAColumnNumericAndPrecisionIgnoresIt() throws {
  // Oracle nan.csv: INT column; SQLite stores 1, 25 and the text 'NaN'.
  let t = try SeedCSV.parse(text: "x\n1\n2.5e1\nNaN\n", path: "s.csv")
  #expect(t.sqliteType(ofColumn: 0) == "INT")
  #expect(
    try t.rows.map { row -> String in
      if case .number(let n) = row[0] { return n.description }
      return "?"
    } == ["1", "25", "NaN"])
}

@Test func dateAndDatetimeEdgeCases() {
  #expect(SeedDateTime.strptimeDate("2024-02-30") == nil)
  #expect(SeedDateTime.strptimeDate("2023-02-29") == nil)
  #expect(SeedDateTime.strptimeDate("2024-13-01") == nil)
  #expect(SeedDateTime.strptimeDate("2024-1- 5")?.dateText == "2024-01-05")
  #expect(SeedDateTime.strptimeDate("20240105") == nil)
  #expect(
    SeedDateTime.strptimeDateTime("2024-01-05   7:5:9")?.dateTimeText == "2024-01-05 07:05:09")
  #expect(SeedDateTime.strptimeDateTime("2024-01-05 10:00:60") == nil)
  #expect(SeedDateTime.strptimeDateTime("2024-01-05 24:00:00") == nil)
  // isodate cases checked against isodate 0.7.2's parse_datetime.
  #expect(SeedDateTime.isoDateTime("2024-01-05T10")?.dateTimeText == "2024-01-05 10:00:00")
  #expect(SeedDateTime.isoDateTime("20240105T1000")?.dateTimeText == "2024-01-05 10:00:00")
  #expect(
    SeedDateTime.isoDateTime("2024-01-05T10:00:00,5")?.dateTimeText == "2024-01-05 10:00:00.500000")
  #expect(SeedDateTime.isoDateTime("2024-01-05T10:00:00.1234567")?.microsecond == 123_456)
  #expect(
    SeedDateTime.isoDateTime("2024-01-05T10:00:00+0530")?.dateTimeText
      == "2024-01-05 10:00:00+05:30")
  #expect(
    SeedDateTime.isoDateTime("2024-01-05T10:00:00-05")?.dateTimeText == "2024-01-05 10:00:00-05:00")
  #expect(
    SeedDateTime.isoDateTime("2024-01-05T10:00:00-00:00")?.dateTimeText
      == "2024-01-05 10:00:00+00:00")
  #expect(SeedDateTime.isoDateTime("2024-001T10:00")?.dateText == "2024-01-01")
  #expect(SeedDateTime.isoDateTime("202401T10:00")?.dateText == "2024-01-01")
  #expect(SeedDateTime.isoDateTime("2024T10:00")?.dateText == "2024-01-01")
  #expect(SeedDateTime.isoDateTime("2024-01-05t10:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T10:00:00z") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T1:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-1-05T10:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T24:00:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T10:00:00+24:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T10:00:00 +05:00") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05T10:00:00+1") == nil)
  #expect(SeedDateTime.isoDateTime("2024-01-05 10:00:00") == nil)
}
