import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// `kiln seed` end to end on both adapters, with seeds large enough for the bulk paths
/// (Postgres' COPY, binary when the types allow; SQLite's multi-row inserts over several
/// batches) and every CSV shape that crosses read-buffer boundaries.
@Suite struct SeedLoadTests {
  static let rowCount = 2500

  /// A BOM, CRLF line ends, quoted fields with CRLF, quotes, commas, tabs and backslashes,
  /// non-ASCII text, nulls of every kind; and the rows each adapter should hold, as text.
  static func seed() -> (csv: String, rows: [[String]]) {
    let names = [
      "plain", "with \"quotes\"", "comma, inside", "ünïcödé ✓", "multi\r\nline", "tab\there",
      "back\\slash", "",
      "O'Brien", "NULL",
    ]
    var csv = "\u{FEFF}id,name,amount,day,flag,note,ts\r\n"
    var rows: [[String]] = []
    for i in 1...rowCount {
      let name = names[i % names.count]
      let quoted =
        name.contains { ",\"\r\n".contains($0) }
        ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
      let amount = i % 7 == 0 ? "" : String(format: "%.2f", Double(i) * 1.25 + 0.01)
      let day = String(format: "2024-%02d-%02d", i % 12 + 1, i % 28 + 1)
      let flag = i % 3 == 0 ? "false" : i % 11 == 0 ? "" : "TRUE"
      let note = i % 5 == 0 ? "" : "note \(i)"
      let ts = String(
        format: "2024-01-%02d %02d:%02d:%02d", i % 28 + 1, i % 24, i % 60, (i * 7) % 60)
      csv += "\(i),\(quoted),\(amount),\(day),\(flag),\(note),\(ts)\r\n"
      let loadedName =
        name.isEmpty || name == "NULL" ? "NULL" : name.replacingOccurrences(of: "\r\n", with: "\n")
      rows.append([
        String(i), loadedName, amount.isEmpty ? "NULL" : String(Double(amount) ?? 0), day,
        flag.isEmpty ? "NULL" : flag == "false" ? "0" : "1", note.isEmpty ? "NULL" : note, ts,
      ])
    }
    return (csv, rows)
  }

  static let select =
    "cast(id as text), name, cast(amount as text), cast(day as text), cast(cast(flag as int) as text), note, cast(ts as text)"

  @Test(arguments: BothAdaptersProject.Kind.available)
  func aLargeAwkwardSeedLoadsEveryValue(kind: BothAdaptersProject.Kind) throws {
    let (csv, expected) = Self.seed()
    let p = try BothAdaptersProject(
      kind, models: [:],
      extraFiles: [
        "seeds/awkward.csv": csv, "seeds/typed_override.csv": csv,
        // A `column_types` entry: Postgres cannot rely on the inferred types and sends text.
        "seeds/props.yml":
          "version: 2\nseeds:\n  - name: typed_override\n    config:\n      column_types: {amount: float8}\n",
      ])
    defer { p.remove() }
    let r = try p.kiln(["seed"])
    #expect(r.status == 0, "\(r.output)")
    #expect(r.stdout.contains("[CREATE \(Self.rowCount)"))
    let got = try p.rows("awkward", Self.select, order: "cast(id as int)")
    let firstDiff = zip(got, expected).first { $0 != $1 }
    #expect(got == expected, "\(String(describing: firstDiff))")
    #expect(try p.rows("typed_override", Self.select, order: "cast(id as int)") == expected)
    if kind == .postgres {
      let run = try String(
        contentsOfFile: p.dir.path + "/target/run/b/seeds/awkward.csv", encoding: .utf8)
      #expect(run.contains("FROM STDIN (FORMAT binary)"))
      let override = try String(
        contentsOfFile: p.dir.path + "/target/run/b/seeds/typed_override.csv", encoding: .utf8)
      #expect(override.contains("FROM STDIN;") && !override.contains("binary"))
    } else {
      // 32766 parameters / 7 columns = 4680 rows a statement: one statement text for 2500 rows.
      let run = try String(
        contentsOfFile: p.dir.path + "/target/run/b/seeds/awkward.csv", encoding: .utf8)
      #expect(run.components(separatedBy: "INSERT INTO").count == 2)
    }
    // Loading again truncates and reloads the same rows.
    let again = try p.kiln(["seed"])
    #expect(again.status == 0, "\(again.output)")
    #expect(again.stdout.contains("[INSERT \(Self.rowCount)"))
    #expect(try p.rows("awkward", Self.select, order: "cast(id as int)") == expected)
  }

  @Test(.enabled(if: PostgresServer.isEnabled)) func aReloadIntoColumnsOfOtherTypesSendsText()
    throws
  {
    let (csv, _) = Self.seed()
    let p = try BothAdaptersProject(.postgres, models: [:], extraFiles: ["seeds/awkward.csv": csv])
    defer { p.remove() }
    #expect(try p.kiln(["seed"]).status == 0)
    try p.connect().execute("alter table \(p.relation("awkward")) alter column amount type text")
    let r = try p.kiln(["seed"])
    #expect(r.status == 0, "\(r.output)")
    let run = try String(
      contentsOfFile: p.dir.path + "/target/run/b/seeds/awkward.csv", encoding: .utf8)
    #expect(run.contains("truncate") && !run.contains("binary"))
    // The text column holds what dbt sends for the number: its `str(Decimal)`.
    #expect(
      try p.rows("awkward", "amount", order: "cast(id as int)").prefix(2) == [["1.26"], ["2.51"]])
  }

  @Test(arguments: BothAdaptersProject.Kind.available)
  func aRaggedRowPastTheFirstMegabyteNamesItsLine(kind: BothAdaptersProject.Kind) throws {
    var csv = "id,text\n"
    for i in 1...40_000 { csv += "\(i),some text for row \(i)\n" }
    csv += "40001,a,b\n"
    let p = try BothAdaptersProject(kind, models: [:], extraFiles: ["seeds/big.csv": csv])
    defer { p.remove() }
    let r = try p.kiln(["seed"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("row has 3 fields but the header has 2 columns"), "\(r.output)")
    #expect(r.stderr.contains("--> seeds/big.csv:40002:9"), "\(r.output)")
    #expect(try p.connect().relationType(schema: p.schema, name: "big") == nil)
    // A seed over 1 MiB is not read to load the project; dbt's checksum is then its path.
    #expect(try p.kiln(["parse"]).status == 0)
    let manifest = try String(contentsOfFile: p.dir.path + "/target/manifest.json", encoding: .utf8)
    #expect(manifest.contains(#""checksum": {"name": "path", "checksum": "seeds/big.csv"}"#))
  }

  /// dbt-postgres 1.9 (oracle, by hand: `i / 1.0 / 1e3` loads 1 and 1000 into an `integer`
  /// column) and dbt-sqlite both load a whole number written with a point or an exponent.
  @Test(arguments: BothAdaptersProject.Kind.available)
  func wholeNumbersWithAPointOrExponentLoadIntoIntegerColumns(kind: BothAdaptersProject.Kind) throws
  {
    let small = "i\n1.0\n1e3\n-0.0\n7\n"
    let large =
      "i\n" + (1...1200).map { $0 % 2 == 0 ? "\($0).0" : "\($0)E0" }.joined(separator: "\n") + "\n"
    let p = try BothAdaptersProject(
      kind, models: [:], extraFiles: ["seeds/small.csv": small, "seeds/large.csv": large])
    defer { p.remove() }
    let r = try p.kiln(["seed"])
    #expect(r.status == 0, "\(r.output)")
    #expect(
      try p.rows("small", "cast(i as text)", order: "0 + i") == [["0"], ["1"], ["7"], ["1000"]])
    #expect(
      try p.rows("large", "count(*), sum(i), min(i)", order: "1") == [["1200", "720600", "1"]])
    #expect(
      try p.connect().columns(schema: p.schema, name: "large").map(\.type).first?.lowercased()
        .hasPrefix("int") == true)
  }
}
