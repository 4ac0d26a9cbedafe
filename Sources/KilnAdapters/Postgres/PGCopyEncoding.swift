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
      case 0:
        throw AdapterError(
          .statement, adapter: .postgres, message: "text values cannot contain NUL (U+0000)",
          hint: "bind the value as a blob (bytea) or strip the NUL characters")
      default: buffer.append(byte)
      }
    }
  }
}
