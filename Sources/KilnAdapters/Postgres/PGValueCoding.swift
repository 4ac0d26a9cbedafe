/// How `SQLValue`s travel to and from Postgres in text format.
///
/// Parameters go as text with a type OID: integers as `int8`, reals as `float8` and blobs as
/// `bytea` (so `select $1` gives back the kind that was sent), text and NULL as `unknown` (0),
/// which lets the server type them from context, as it does a quoted literal.
enum PGValueCoding {
  /// Type OIDs from `pg_type.dat` (stable across server versions).
  enum OID {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let oid: UInt32 = 26
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let numeric: UInt32 = 1700
    static let unknown: UInt32 = 0
  }

  /// The parameter text (nil for NULL) and the type OID to declare for it.
  static func encode(_ value: SQLValue) throws -> (text: String?, type: UInt32) {
    switch value {
    case .null: return (nil, OID.unknown)
    case .integer(let i): return (String(i), OID.int8)
    case .real(let d): return (format(d), OID.float8)
    case .text(let s):
      // Parameters are C strings, so a NUL would silently cut the value short; Postgres text
      // cannot hold U+0000 anyway (postgresql.org/docs/15/datatype-character.html).
      if s.utf8.contains(0) {
        throw AdapterError(
          .statement, adapter: .postgres, message: "text values cannot contain NUL (U+0000)",
          hint: "bind the value as a blob (bytea) or strip the NUL characters")
      }
      return (s, OID.unknown)
    case .blob(let bytes): return (hex(bytes), OID.bytea)
    }
  }

  /// A double as `float8in` reads it; Swift's shortest round-trip form for finite values.
  static func format(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    return String(d)
  }

  /// Bytes in bytea hex format, `\x0001ff`.
  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
    out.reserveCapacity(2 + bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A cell's text converted by its column type: integers, floats and numerics, booleans as
  /// 1/0, bytea as a blob, anything else (dates, timestamps, json, …) as text.
  static func decode(_ text: String, typeOID: UInt32) -> SQLValue {
    switch typeOID {
    case OID.int2, OID.int4, OID.int8, OID.oid:
      return Int64(text).map(SQLValue.integer) ?? .text(text)
    case OID.float4, OID.float8:
      return Double(text).map(SQLValue.real) ?? .text(text)
    case OID.numeric:
      // A numeric too large for a double (or with more digits than one holds) stays exact text
      // rather than turning into infinity; NaN and ±Infinity are numerics too since PG 14.
      guard let d = Double(text), d.isFinite || !text.contains(where: \.isNumber) else {
        return .text(text)
      }
      return .real(d)
    case OID.bool:
      return .integer(text == "t" ? 1 : 0)
    case OID.bytea:
      return unhex(text).map(SQLValue.blob) ?? .text(text)
    default:
      return .text(text)
    }
  }

  /// Decodes bytea hex output (`\x…`), the default `bytea_output` since Postgres 9.0.
  static func unhex(_ text: String) -> [UInt8]? {
    let utf8 = Array(text.utf8)
    guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"),
      utf8.count % 2 == 0
    else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity((utf8.count - 2) / 2)
    var i = 2
    while i < utf8.count {
      guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }
}
