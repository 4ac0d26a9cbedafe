/// Rows in `COPY … FROM STDIN` text format (postgresql.org/docs/15/sql-copy.html, "Text
/// Format"): tab-separated, newline-terminated, `\N` for NULL, backslash escapes for
/// backslash, tab, newline and carriage return.
enum PGCopyEncoding {
  /// Appends one encoded row, with its newline, to `buffer`.
  static func appendRow(_ row: [SQLValue], to buffer: ByteBuffer) throws {
    for (i, value) in row.enumerated() {
      if i > 0 { buffer.append(UInt8(ascii: "\t")) }
      switch value {
      case .null: buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "N"))
      case .integer(let n): buffer.append(contentsOf: String(n).utf8)
      case .real(let d): buffer.append(contentsOf: PGValueCoding.format(d).utf8)
      case .text(var s): try s.withUTF8 { try appendEscaped($0, to: buffer) }
      case .blob(let bytes):
        // bytea's `\x…` input, with its backslash escaped for COPY.
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(contentsOf: PGValueCoding.hex(bytes).utf8)
      }
    }
    buffer.append(UInt8(ascii: "\n"))
  }

  /// Appends every row of `batch`, each with its newline, to `buffer`.
  static func append(_ batch: BulkRows, to buffer: ByteBuffer) throws {
    let cells = batch.cells
    let bytes = batch.bytes
    let width = batch.columnCount
    var column = 0
    for i in 0..<batch.cellCount {
      let c = cells[i]
      if column > 0 { buffer.append(UInt8(ascii: "\t")) }
      switch c.count {
      case -1: buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "N"))
      case -2: buffer.append(contentsOf: String(Int64(c.start)).utf8)
      default:
        try appendEscaped(UnsafeBufferPointer(start: bytes + c.start, count: c.count), to: buffer)
      }
      column += 1
      if column == width {
        buffer.append(UInt8(ascii: "\n"))
        column = 0
      }
    }
  }

  /// Appends `text` with COPY's escapes (backslash, tab, newline, carriage return), copying
  /// the runs that need none in one go; NUL cannot be sent in text.
  private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer)
    throws
  {
    guard let p = text.baseAddress else { return }
    let n = text.count
    var run = 0
    var i = 0
    while i < n {
      let b = p[i]
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
      case 0:
        throw AdapterError(
          .statement, adapter: .postgres, message: "text values cannot contain NUL (U+0000)",
          hint: "bind the value as a blob (bytea) or strip the NUL characters")
      default:
        i += 1
        continue
      }
      buffer.append(p + run, i - run)
      buffer.append(UInt8(ascii: "\\"), escape)
      i += 1
      run = i
    }
    buffer.append(p + run, n - run)
  }
}
