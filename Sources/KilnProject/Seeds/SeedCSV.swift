import KilnBase

/// Reads seed CSV files the way dbt does: Python's `csv` module (excel dialect) over text opened
/// with universal newlines, then agate type inference (`SeedTypeInference`).
///
/// Reading types the seed in one pass over its bytes, keeping only per-column state; the rows
/// are read again, cast, when the seed is loaded (`SeedTable.data`).
///
/// ```swift
/// let table = try SeedCSV.parse(text: "id,name\n1,ann\n", path: "seeds/people.csv")
/// table.columnTypes   // [.integer, .text]
/// ```
public enum SeedCSV {
  /// The default read size.
  public static let chunkSize = 1 << 20

  /// Parses and types a seed held in memory (see `read`).
  public static func parse(
    text: String, path: String, delimiter: Character = ",", columnTypes: [String: String] = [:]
  ) throws -> SeedTable {
    try read(
      .bytes(SeedBytes(Array(text.utf8))), path: path, delimiter: delimiter,
      columnTypes: columnTypes)
  }

  /// Types a seed: reads it once, checking its shape and testing each column's cells.
  ///
  /// - Parameters:
  ///   - source: the CSV (a leading BOM is dropped, as dbt does).
  ///   - path: shown in diagnostics.
  ///   - delimiter: the seed's `delimiter` config (one character).
  ///   - columnTypes: the seed's `column_types` config; those columns are read as text and
  ///     created with the given SQL type.
  ///   - chunkSize: bytes read at a time.
  /// - Throws: `Diagnostic` P0301 (row with more fields than the header), P0302 (empty file),
  ///   P0303 (unterminated quoted field), P0304 (bad delimiter), P0306 (not UTF-8), P0105
  ///   (unreadable).
  public static func read(
    _ source: SeedSource, path: String, delimiter: Character = ",",
    columnTypes: [String: String] = [:], chunkSize: Int = SeedCSV.chunkSize
  ) throws -> SeedTable {
    guard delimiter.unicodeScalars.count == 1, delimiter != "\"", delimiter != "\n",
      delimiter != "\r"
    else {
      throw Diagnostic(
        code: "P0304", "seed delimiter must be one character other than a quote or newline",
        path: path)
    }
    let delim = Array(String(delimiter).utf8)
    let reader = try SeedCSVReader(
      source, path: path, delimiter: delim, chunkSize: chunkSize, validatesUTF8: true)
    guard try reader.next() else {
      throw Diagnostic(
        code: "P0302", "seed file `\(path)` is empty", path: path,
        hint: "a seed needs at least a header row naming its columns")
    }
    let header = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
    let names = SeedTypeInference.columnNames(header)
    let width = names.count
    var tester = SeedTypeTester(forcedText: names.map { columnTypes[$0] != nil })
    // Short rows: (offset, end, fields), turned into warnings once the file is read.
    var short: [(Int, Int, Int)] = []
    var rowCount = 0
    while try reader.next() {
      let count = reader.fieldCount
      if count > width {
        let start = reader.fieldOffset(width)
        throw Diagnostic(
          code: "P0301", "row has \(count) fields but the header has \(width) columns",
          span: SourceSpan(
            file: reader.sourceFile(), range: start..<max(start + 1, reader.recordEnd)),
          hint: "quote fields that contain `\(delimiter)`, or add the missing header names")
      }
      if count < width {
        // dbt (agate) pads short rows with nulls, and reads a blank line as a row of nulls.
        short.append((count == 0 ? reader.recordEnd : reader.fieldOffset(0), reader.recordEnd, count))
      }
      tester.test(reader)
      rowCount += 1
    }
    var warnings: [Diagnostic] = []
    if !short.isEmpty {
      let file = reader.sourceFile()
      warnings = short.map { offset, end, count in
        let message =
          count == 0
          ? "blank line is loaded as a row of nulls"
          : "row has \(count) of \(width) fields; the missing ones are loaded as null"
        return Diagnostic(
          .warning, code: "P0305", message,
          span: SourceSpan(file: file, range: offset..<max(offset, end)))
      }
    }
    let types = tester.columnTypes
    let data = SeedRows(
      source: source, path: path, rowCount: rowCount, columnTypes: types,
      targetTypes: names.contains { columnTypes[$0] != nil } ? nil : types, delimiter: delim,
      casts: tester.chosen, chunkSize: chunkSize)
    var table = SeedTable(
      path: path, columnNames: names, columnTypes: types, data: data, overrides: columnTypes)
    table.warnings = warnings
    return table
  }
}
