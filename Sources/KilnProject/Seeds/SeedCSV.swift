import Dispatch
import Foundation
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

  /// Seeds at least this large are typed by two threads, one per half (see `read`).
  public static let parallelBytes = 8 << 20

  /// Types a seed: reads it once, checking its shape and testing each column's cells.
  ///
  /// A seed of `parallelBytes` or more is read by two threads: the second starts after the
  /// first line break past the middle, the first stops where the second started. Whether that
  /// line break ended a record (and not a line inside a quoted field) is only known when the
  /// first thread gets there: if it did, the two halves' findings are combined (column types
  /// are the candidates both halves left, rows and warnings add up in file order); if not, the
  /// second half's work is dropped and the first thread reads on to the end.
  ///
  /// - Parameters:
  ///   - source: the CSV (a leading BOM is dropped, as dbt does).
  ///   - path: shown in diagnostics.
  ///   - delimiter: the seed's `delimiter` config (one character).
  ///   - columnTypes: the seed's `column_types` config; those columns are read as text and
  ///     created with the given SQL type.
  ///   - chunkSize: bytes read at a time.
  ///   - parallelBytes: the size from which two threads read.
  /// - Throws: `Diagnostic` P0301 (row with more fields than the header), P0302 (empty file),
  ///   P0303 (unterminated quoted field), P0304 (bad delimiter), P0306 (not UTF-8), P0105
  ///   (unreadable).
  public static func read(
    _ source: SeedSource, path: String, delimiter: Character = ",",
    columnTypes: [String: String] = [:], chunkSize: Int = SeedCSV.chunkSize,
    parallelBytes: Int = SeedCSV.parallelBytes
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
    let tester = SeedTypeTester(forcedText: names.map { columnTypes[$0] != nil })
    let hint = "quote fields that contain `\(delimiter)`, or add the missing header names"

    var scanned: SeedScan
    if let split = try splitPoint(source, path: path, after: reader, parallelBytes: parallelBytes) {
      let second = try SeedCSVReader(
        source, path: path, delimiter: delim, chunkSize: chunkSize, validatesUTF8: true,
        offset: split, bomLength: reader.byteOrderMarkLength)
      let stop = split - reader.byteOrderMarkLength
      let halves = SeedScan.Halves(first: reader, second: second)
      DispatchQueue.concurrentPerform(iterations: 2) { i in
        halves.scan(i, width: width, tester: tester, stop: stop, hint: hint)
      }
      guard let (first, rest) = halves.results else {
        throw Diagnostic(code: "P0105", "cannot read seed file", path: path)
      }
      if first.error == nil, reader.position == stop {
        scanned = first
        scanned.merge(rest)
      } else {
        // The second thread started inside a record (or the first half failed): read on.
        scanned = first
        if scanned.error == nil {
          scanned.merge(SeedScan(reader, width: width, tester: first.tester, hint: hint))
        }
      }
    } else {
      scanned = SeedScan(reader, width: width, tester: tester, hint: hint)
    }
    if let error = scanned.error { throw error }

    var warnings: [Diagnostic] = []
    if !scanned.short.isEmpty {
      let file = reader.sourceFile()
      warnings = scanned.short.map { short in
        let message =
          short.fields == 0
          ? "blank line is loaded as a row of nulls"
          : "row has \(short.fields) of \(width) fields; the missing ones are loaded as null"
        return Diagnostic(
          .warning, code: "P0305", message,
          span: SourceSpan(file: file, range: short.offset..<max(short.offset, short.end)))
      }
    }
    let types = scanned.tester.columnTypes
    let data = SeedRows(
      source: source, path: path, rowCount: scanned.rowCount, columnTypes: types,
      targetTypes: names.contains { columnTypes[$0] != nil } ? nil : types, delimiter: delim,
      casts: scanned.tester.chosen, chunkSize: chunkSize)
    var table = SeedTable(
      path: path, columnNames: names, columnTypes: types, data: data, overrides: columnTypes)
    table.warnings = warnings
    return table
  }

  /// Where a second thread can start reading: just after the first line feed past the middle
  /// of a source of `parallelBytes` or more, on a machine with more than one core; nil to read
  /// with one thread.
  static func splitPoint(
    _ source: SeedSource, path: String, after header: SeedCSVReader, parallelBytes: Int
  ) throws -> Int? {
    guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return nil }
    let input = try SeedInput(source, path: path)
    guard let size = input.size, size >= parallelBytes else { return nil }
    let middle = size / 2
    try input.seek(to: middle)
    let window = 1 << 16
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: window)
    defer { bytes.deallocate() }
    let n = try input.read(into: bytes, count: window)
    guard let lf = UnsafeBufferPointer(start: bytes, count: n).firstIndex(of: UInt8(ascii: "\n")),
      middle + lf + 1 < size, middle + lf + 1 > header.position + header.byteOrderMarkLength
    else { return nil }
    return middle + lf + 1
  }
}

/// What one reading of (part of) a seed found: the column types' candidates, the rows, the short
/// rows and the first error, in file order.
struct SeedScan: Sendable {
  struct Short: Sendable {
    var offset: Int
    var end: Int
    var fields: Int
  }

  var tester: SeedTypeTester
  var rowCount = 0
  var short: [Short] = []
  var error: Diagnostic?

  /// Reads records from `reader` to the end, or until the next one would start at `stop` or
  /// later; an error ends the reading and is kept.
  init(_ reader: SeedCSVReader, width: Int, tester: SeedTypeTester, stop: Int? = nil, hint: String)
  {
    self.tester = tester
    do {
      while stop.map({ reader.position < $0 }) ?? true {
        guard try reader.next() else { return }
        let count = reader.fieldCount
        if count > width {
          let start = reader.fieldOffset(width)
          throw Diagnostic(
            code: "P0301", "row has \(count) fields but the header has \(width) columns",
            span: SourceSpan(
              file: reader.sourceFile(), range: start..<max(start + 1, reader.recordEnd)),
            hint: hint)
        }
        if count < width {
          // dbt (agate) pads short rows with nulls, and reads a blank line as a row of nulls.
          short.append(
            Short(
              offset: count == 0 ? reader.recordEnd : reader.fieldOffset(0), end: reader.recordEnd,
              fields: count))
        }
        self.tester.test(reader)
        rowCount += 1
      }
      try reader.validateReturned()
    } catch let d as Diagnostic {
      error = d
    } catch {
      self.error = Diagnostic(code: "P0105", "cannot read seed file: \(error)", path: nil)
    }
  }

  /// Adds what the part after this one found.
  mutating func merge(_ later: SeedScan) {
    tester.merge(later.tester)
    rowCount += later.rowCount
    short += later.short
    error = error ?? later.error
  }

  /// The two halves of a parallel first pass; each index is scanned by one thread.
  final class Halves: @unchecked Sendable {
    // @unchecked: concurrentPerform runs index 0 (only `first`) and index 1 (only `second`) on
    // one thread each, and `results` is read after both have finished.
    private let first: SeedCSVReader
    private let second: SeedCSVReader
    private var firstScan: SeedScan?
    private var secondScan: SeedScan?

    init(first: SeedCSVReader, second: SeedCSVReader) {
      self.first = first
      self.second = second
    }

    func scan(_ i: Int, width: Int, tester: SeedTypeTester, stop: Int, hint: String) {
      if i == 0 {
        firstScan = SeedScan(first, width: width, tester: tester, stop: stop, hint: hint)
      } else {
        secondScan = SeedScan(second, width: width, tester: tester, hint: hint)
      }
    }

    var results: (SeedScan, SeedScan)? {
      guard let firstScan, let secondScan else { return nil }
      return (firstScan, secondScan)
    }
  }
}
