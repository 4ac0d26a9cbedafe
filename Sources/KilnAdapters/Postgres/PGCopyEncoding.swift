/// Rows in `COPY … FROM STDIN` text format (postgresql.org/docs/15/sql-copy.html, "Text
/// Format"): tab-separated, newline-terminated, `\N` for NULL, backslash escapes for
/// backslash, tab, newline and carriage return.
enum PGCopyEncoding {
  /// Appends one encoded row, with its newline, to `buffer`.
  static func appendRow(_ row: [SQLValue], to buffer: inout [UInt8]) throws {
    for (i, value) in row.enumerated() {
      if i > 0 { buffer.append(UInt8(ascii: "\t")) }
      switch value {
      case .null: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
      case .integer(let n): buffer.append(contentsOf: String(n).utf8)
      case .real(let d): buffer.append(contentsOf: PGValueCoding.format(d).utf8)
      case .text(let s): try appendEscaped(s, to: &buffer)
      case .blob(let bytes):
        // bytea's `\x…` input, with its backslash escaped for COPY.
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(contentsOf: PGValueCoding.hex(bytes).utf8)
      }
    }
    buffer.append(UInt8(ascii: "\n"))
  }

  private static func appendEscaped(_ s: String, to buffer: inout [UInt8]) throws {
    for byte in s.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0: throw nulError
      default: buffer.append(byte)
      }
    }
  }

  /// Appends every row of `batch`, each with its newline, to `buffer`.
  static func append(_ batch: BulkRows, to buffer: inout [UInt8]) throws {
    try batch.bytes.withUnsafeBufferPointer { bytes in
      try batch.cells.withUnsafeBufferPointer { cells in
        var column = 0
        for c in cells {
          if column > 0 { buffer.append(UInt8(ascii: "\t")) }
          switch c.count {
          case -1: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
          case -2: buffer.append(contentsOf: String(Int64(c.start)).utf8)
          default:
            if c.count > 0 {
              try appendEscaped(UnsafeBufferPointer(rebasing: bytes[c.start..<c.start + c.count]), to: &buffer)
            }
          }
          column += 1
          if column == batch.columnCount {
            buffer.append(UInt8(ascii: "\n"))
            column = 0
          }
        }
      }
    }
  }

  /// Appends `text` with COPY's escapes, copying the runs that need none in one go.
  private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) throws {
    var run = 0
    var i = 0
    let n = text.count
    while i < n {
      let b = text[i]
      // Only bytes below 14 and the backslash can need an escape.
      if b >= 14, b != UInt8(ascii: "\\") {
        i += 1
        continue
      }
      let escape: UInt8
      switch b {
      case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
      case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
      case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
      case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
      case 0: throw nulError
      default:
        i += 1
        continue
      }
      buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<i]))
      buffer.append(UInt8(ascii: "\\"))
      buffer.append(escape)
      i += 1
      run = i
    }
    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<n]))
  }

  private static var nulError: AdapterError {
    AdapterError(
      .statement, adapter: .postgres, message: "text values cannot contain NUL (U+0000)",
      hint: "bind the value as a blob (bytea) or strip the NUL characters")
  }
}
