#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Rows in `COPY … FROM STDIN (FORMAT binary)` format (postgresql.org/docs/15/sql-copy.html,
/// "Binary Format"; the values as each type's `*_recv` function reads them, big-endian).
///
/// Each value arrives as the text Postgres would otherwise parse, and is encoded only when the
/// binary value is exactly what the type's text input would make of it: `int4in`, `float8in`
/// (`strtod`, correctly rounded, with its out-of-range rule), `boolin`, `date_in` and
/// `timestamp_in` for the canonical forms of `BulkColumnType`. Anything else (NaN, infinity,
/// exponent forms in an integer column, out-of-range values, other spellings) throws
/// `NoBinaryForm`, and the load is sent again in text.
enum PGBinaryCopy {
  /// A value with no exact binary form: redo the load in text.
  struct NoBinaryForm: Error {}

  /// The file header: signature, flags (no OIDs), no header extension.
  static func appendHeader(to buffer: ByteBuffer) {
    let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]
    for b in signature { buffer.append(b) }
    appendInt32(0, to: buffer)
    appendInt32(0, to: buffer)
  }

  /// The file trailer: a tuple field count of -1.
  static func appendTrailer(to buffer: ByteBuffer) {
    appendInt16(-1, to: buffer)
  }

  /// Appends every row of `batch` as binary tuples of `types`.
  static func append(_ batch: BulkRows, types: [BulkColumnType], to buffer: ByteBuffer) throws {
    let cells = batch.cells
    let bytes = batch.bytes
    let width = batch.columnCount
    guard let count = Int16(exactly: width) else { throw NoBinaryForm() }
    var i = 0
    while i < batch.cellCount {
      appendInt16(count, to: buffer)
      for column in 0..<width {
        let c = cells[i]
        i += 1
        switch c.count {
        case -1: appendInt32(-1, to: buffer)
        case -2:
          guard types[column] == .integer, let v = Int32(exactly: c.start) else {
            throw NoBinaryForm()
          }
          appendInt32(4, to: buffer)
          appendInt32(v, to: buffer)
        default:
          try appendValue(
            UnsafeBufferPointer(start: bytes + c.start, count: c.count), types[column], to: buffer)
        }
      }
    }
  }

  private static func appendValue(
    _ t: UnsafeBufferPointer<UInt8>, _ type: BulkColumnType, to buffer: ByteBuffer
  ) throws {
    switch type {
    case .text:
      // `textrecv` checks the encoding as the text path does; NUL cannot be sent either way.
      if t.contains(0) {
        throw AdapterError(
          .statement, adapter: .postgres, message: "text values cannot contain NUL (U+0000)",
          hint: "bind the value as a blob (bytea) or strip the NUL characters")
      }
      guard let length = Int32(exactly: t.count) else { throw NoBinaryForm() }
      appendInt32(length, to: buffer)
      if let p = t.baseAddress { buffer.append(p, t.count) }
    case .integer:
      guard let v = int32(t) else { throw NoBinaryForm() }
      appendInt32(4, to: buffer)
      appendInt32(v, to: buffer)
    case .double:
      guard let v = double(t) else { throw NoBinaryForm() }
      appendInt32(8, to: buffer)
      appendInt64(Int64(bitPattern: v.bitPattern), to: buffer)
    case .boolean:
      let value: UInt8
      if t.count == 4, t[0] == 0x74, t[1] == 0x72, t[2] == 0x75, t[3] == 0x65 {
        value = 1  // true
      } else if t.count == 5, t[0] == 0x66, t[1] == 0x61, t[2] == 0x6C, t[3] == 0x73, t[4] == 0x65 {
        value = 0  // false
      } else {
        throw NoBinaryForm()
      }
      appendInt32(1, to: buffer)
      buffer.append(value)
    case .date:
      guard t.count == 10, let days = days(t) else { throw NoBinaryForm() }
      appendInt32(4, to: buffer)
      appendInt32(Int32(days), to: buffer)
    case .timestamp:
      guard let micros = timestamp(t) else { throw NoBinaryForm() }
      appendInt32(8, to: buffer)
      appendInt64(micros, to: buffer)
    }
  }

  // MARK: - Values

  /// `-?digits` within int4's range (`int4in` accepts exactly these, and more).
  static func int32(_ t: UnsafeBufferPointer<UInt8>) -> Int32? {
    var i = 0
    let negative = t.first == UInt8(ascii: "-")
    if negative { i = 1 }
    guard i < t.count, t.count - i <= 10 else { return nil }
    var v: Int64 = 0
    while i < t.count {
      let d = t[i] &- 48
      guard d < 10 else { return nil }
      v = v * 10 + Int64(d)
      i += 1
    }
    return Int32(exactly: negative ? -v : v)
  }

  /// `-?digits[.digits][(e|E)[+-]digits]` read by `strtod`, as `float8in` reads it, when the
  /// result is finite and not an underflow to zero (which `float8in` rejects); nil otherwise.
  static func double(_ t: UnsafeBufferPointer<UInt8>) -> Double? {
    var i = 0
    if t.first == UInt8(ascii: "-") { i = 1 }
    let negative = i == 1
    var digits = 0
    var nonZero = false
    var significand: Int64 = 0
    var fraction = 0
    func run(_ isFraction: Bool) {
      while i < t.count, t[i] &- 48 < 10 {
        if t[i] != 48 { nonZero = true }
        if digits < 18 { significand = significand &* 10 &+ Int64(t[i] &- 48) }
        if isFraction { fraction += 1 }
        digits += 1
        i += 1
      }
    }
    run(false)
    if i < t.count, t[i] == UInt8(ascii: ".") {
      i += 1
      run(true)
    }
    guard digits > 0 else { return nil }
    if i == t.count, digits <= 15, fraction <= 22 {
      // Clinger's fast path: an integer below 2^53 and an exact power of ten make one correctly
      // rounded division, the value strtod returns.
      let v = Double(significand) / pow10[fraction]
      return negative ? -v : v
    }
    if i < t.count, t[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
      let start = i
      while i < t.count, t[i] &- 48 < 10 { i += 1 }
      guard i > start else { return nil }
    }
    guard i == t.count, t.count < 128 else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: t.count + 1) { s -> Double? in
      guard let base = s.baseAddress else { return nil }
      t.withMemoryRebound(to: CChar.self) { src in
        if let p = src.baseAddress { base.update(from: p, count: t.count) }
      }
      base[t.count] = 0
      errno = 0
      var end: UnsafeMutablePointer<CChar>?
      let v = strtod(base, &end)
      guard errno == 0, end == base + t.count, v.isFinite else { return nil }
      // strtod reports underflow with ERANGE; a zero from non-zero digits is one too.
      if v == 0, nonZero { return nil }
      return v
    }
  }

  /// 10^0 … 10^22, each exact in a Double.
  private static let pow10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// Days from 2000-01-01 of a valid `YYYY-MM-DD` (years 1…9999).
  static func days(_ t: UnsafeBufferPointer<UInt8>) -> Int? {
    guard t.count >= 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
      let y = number(t, 0, 4), let m = number(t, 5, 2), let d = number(t, 8, 2),
      y >= 1, m >= 1, m <= 12, d >= 1, d <= daysIn(m, y)
    else { return nil }
    return julianDay(y, m, d) - julianDay(2000, 1, 1)
  }

  /// Microseconds from 2000-01-01 00:00:00 of `YYYY-MM-DD HH:MM:SS[.f{1,6}][±HH:MM[:SS]]`; the
  /// offset is checked and ignored, as `timestamp_in` ignores it for this type.
  static func timestamp(_ t: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard t.count >= 19, t[10] == UInt8(ascii: " "), t[13] == UInt8(ascii: ":"),
      t[16] == UInt8(ascii: ":"), let days = days(t), let h = number(t, 11, 2),
      let mi = number(t, 14, 2), let s = number(t, 17, 2), h < 24, mi < 60, s < 60
    else { return nil }
    var i = 19
    var micros = 0
    if i < t.count, t[i] == UInt8(ascii: ".") {
      i += 1
      var n = 0
      while i < t.count, t[i] &- 48 < 10, n < 6 {
        micros = micros * 10 + Int(t[i] - 48)
        n += 1
        i += 1
      }
      guard n > 0 else { return nil }
      for _ in n..<6 { micros *= 10 }
    }
    if i < t.count {
      guard t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-"),
        i + 6 == t.count || i + 9 == t.count,
        let oh = number(t, i + 1, 2), t[i + 3] == UInt8(ascii: ":"), let om = number(t, i + 4, 2),
        oh < 24, om < 60
      else { return nil }
      if i + 9 == t.count {
        guard t[i + 6] == UInt8(ascii: ":"), let os = number(t, i + 7, 2), os < 60 else {
          return nil
        }
      }
    }
    let seconds = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + s)
    return seconds * 1_000_000 + Int64(micros)
  }

  private static func number(_ t: UnsafeBufferPointer<UInt8>, _ at: Int, _ width: Int) -> Int? {
    guard at + width <= t.count else { return nil }
    var v = 0
    for k in at..<at + width {
      let d = t[k] &- 48
      guard d < 10 else { return nil }
      v = v * 10 + Int(d)
    }
    return v
  }

  private static func daysIn(_ month: Int, _ year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Postgres' `date2j` (`utils/adt/datetime.c`): the Julian day number of a Gregorian date.
  static func julianDay(_ year: Int, _ month: Int, _ day: Int) -> Int {
    var y = year
    var m = month
    if m > 2 {
      m += 1
      y += 4800
    } else {
      m += 13
      y += 4799
    }
    let century = y / 100
    var julian = y * 365 - 32167
    julian += y / 4 - century + century / 4
    julian += 7834 * m / 256 + day
    return julian
  }

  // MARK: - Big-endian integers

  @inline(__always) static func appendInt16(_ v: Int16, to buffer: ByteBuffer) {
    let u = UInt16(bitPattern: v)
    buffer.append(UInt8(u >> 8), UInt8(u & 0xFF))
  }

  @inline(__always) static func appendInt32(_ v: Int32, to buffer: ByteBuffer) {
    let p = buffer.reserve(4)
    UnsafeMutableRawPointer(p).storeBytes(of: UInt32(bitPattern: v).bigEndian, as: UInt32.self)
    buffer.advance(4)
  }

  @inline(__always) static func appendInt64(_ v: Int64, to buffer: ByteBuffer) {
    let p = buffer.reserve(8)
    UnsafeMutableRawPointer(p).storeBytes(of: UInt64(bitPattern: v).bigEndian, as: UInt64.self)
    buffer.advance(8)
  }
}
