import KilnBase

/// Reads seed CSV files the way dbt does: Python's `csv` module (excel dialect) over text opened
/// with universal newlines, then agate type inference (`SeedTypeInference`).
///
/// ```swift
/// let table = try SeedCSV.parse(text: "id,name\n1,ann\n", path: "seeds/people.csv")
/// table.columnTypes   // [.integer, .text]
/// ```
public enum SeedCSV {
  /// One CSV record with where it starts, for diagnostics.
  public struct Record: Hashable, Sendable {
    /// The field values, quotes removed and doubled quotes undone.
    public var fields: [String]
    /// UTF-8 offset (in the BOM-stripped text) where each field starts.
    public var fieldOffsets: [Int]
    /// UTF-8 offset of the end of the record's last field (before its newline).
    public var endOffset: Int
  }

  /// Parses and types a seed file.
  ///
  /// - Parameters:
  ///   - text: the file's contents (a leading BOM is dropped, as dbt does).
  ///   - path: shown in diagnostics.
  ///   - delimiter: the seed's `delimiter` config (one character).
  ///   - columnTypes: the seed's `column_types` config; those columns are read as text and
  ///     created with the given SQL type.
  /// - Throws: `Diagnostic` P0301 (row with more fields than the header), P0302 (empty file),
  ///   P0303 (unterminated quoted field), P0304 (bad delimiter).
  public static func parse(
    text: String, path: String, delimiter: Character = ",", columnTypes: [String: String] = [:]
  ) throws -> SeedTable {
    let body =
      text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    let file = SourceFile(path: path, text: body)
    let records = try self.records(in: file, delimiter: delimiter)
    guard let header = records.first else {
      throw Diagnostic(
        code: "P0302", "seed file `\(path)` is empty", path: path,
        hint: "a seed needs at least a header row naming its columns")
    }
    var rows: [[String]] = []
    var warnings: [Diagnostic] = []
    for record in records.dropFirst() {
      let count = record.fields.count
      if count > header.fields.count {
        let start = record.fieldOffsets[header.fields.count]
        throw Diagnostic(
          code: "P0301",
          "row has \(count) fields but the header has \(header.fields.count) columns",
          span: SourceSpan(file: file, range: start..<max(start + 1, record.endOffset)),
          hint: "quote fields that contain `\(delimiter)`, or add the missing header names")
      }
      if count < header.fields.count {
        // dbt (agate) pads short rows with nulls, and reads a blank line as a row of nulls.
        let offset = record.fieldOffsets.first ?? record.endOffset
        let message =
          count == 0
          ? "blank line is loaded as a row of nulls"
          : "row has \(count) of \(header.fields.count) fields; the missing ones are loaded as null"
        warnings.append(
          Diagnostic(
            .warning, code: "P0305", message,
            span: SourceSpan(file: file, range: offset..<max(offset, record.endOffset))))
      }
      rows.append(record.fields)
    }
    var table = SeedTypeInference.table(
      header: header.fields, rows: rows, path: path, columnTypes: columnTypes)
    table.warnings = warnings
    return table
  }

  /// Splits the file into records like Python's `csv.reader` (non-strict excel dialect).
  ///
  /// `\r\n`, `\r` and `\n` all end a line (dbt opens seeds with universal newlines, so even
  /// inside quotes a `\r\n` becomes `\n`); a `"` starts a quoted field only at a field's start;
  /// `""` inside quotes is one quote; text after a closing quote is appended; a `"` inside an
  /// unquoted field is kept. A blank line is a record with no fields.
  public static func records(in file: SourceFile, delimiter: Character = ",") throws -> [Record] {
    guard delimiter.unicodeScalars.count == 1, delimiter != "\"", delimiter != "\n",
      delimiter != "\r"
    else {
      throw Diagnostic(
        code: "P0304", "seed delimiter must be one character other than a quote or newline",
        path: file.path)
    }
    let bytes = Array(file.text.utf8)
    let delim = Array(String(delimiter).utf8)
    let quote = UInt8(ascii: "\"")
    let cr = UInt8(ascii: "\r")
    let lf = UInt8(ascii: "\n")
    var records: [Record] = []
    var fields: [String] = []
    var offsets: [Int] = []
    var field: [UInt8] = []
    var i = 0
    var inRecord = false

    func isDelimiter(at j: Int) -> Bool {
      guard j + delim.count <= bytes.count else { return false }
      for k in 0..<delim.count where bytes[j + k] != delim[k] { return false }
      return true
    }
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
    }
    func endRecord(at end: Int) {
      records.append(Record(fields: fields, fieldOffsets: offsets, endOffset: end))
      fields.removeAll()
      offsets.removeAll()
      inRecord = false
    }
    // Length of the line break at j (0 when none).
    func newline(at j: Int) -> Int {
      if bytes[j] == cr { return j + 1 < bytes.count && bytes[j + 1] == lf ? 2 : 1 }
      return bytes[j] == lf ? 1 : 0
    }

    while i < bytes.count {
      if !inRecord {
        let nl = newline(at: i)
        if nl > 0 {
          endRecord(at: i)  // blank line: a record without fields
          i += nl
          continue
        }
        inRecord = true
      }
      // At the start of a field.
      offsets.append(i)
      if bytes[i] == quote {
        let open = i
        i += 1
        var closed = false
        while i < bytes.count {
          if bytes[i] == quote {
            if i + 1 < bytes.count, bytes[i + 1] == quote {
              field.append(quote)
              i += 2
              continue
            }
            i += 1
            closed = true
            break
          }
          let nl = newline(at: i)
          if nl > 0 {
            field.append(lf)
            i += nl
          } else {
            field.append(bytes[i])
            i += 1
          }
        }
        if !closed {
          throw Diagnostic(
            code: "P0303", "quoted field is never closed",
            span: SourceSpan(file: file, range: open..<(open + 1)),
            hint: "add the closing `\"`, or double quotes inside the field (`\"\"`)")
        }
      }
      // Unquoted text, or text after a closing quote, runs to a delimiter or line end.
      while i < bytes.count, !isDelimiter(at: i), newline(at: i) == 0 {
        field.append(bytes[i])
        i += 1
      }
      endField()
      if i >= bytes.count {
        endRecord(at: i)
      } else if isDelimiter(at: i) {
        i += delim.count
        // A delimiter at the very end of the input still ends with an empty field.
        if i >= bytes.count {
          offsets.append(i)
          endField()
          endRecord(at: i)
        }
      } else {
        let end = i
        i += newline(at: i)
        endRecord(at: end)
      }
    }
    return records
  }
}
