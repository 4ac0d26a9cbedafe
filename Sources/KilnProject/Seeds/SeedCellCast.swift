/// Casting seed cells straight from their UTF-8 bytes.
///
/// The common shapes — empty cells, plain decimals, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`,
/// `YYYY-MM-DDTHH:MM:SS`, `true`/`false`, text with nothing to trim — are read here without
/// making a `String`. Any other cell goes to the `String` casts of `SeedTypeInference`, which
/// define the semantics; the fast paths decide only cells whose result they know to be the
/// same (`SeedCellCastTests` compares both on a corpus of edge cases).
enum SeedCellCast {
  typealias Bytes = UnsafeBufferPointer<UInt8>

  /// A cell cast for loading.
  enum Converted {
    /// NULL.
    case null
    /// A boolean column's value.
    case bool(Bool)
    /// The cell's own bytes.
    case same
    /// Bytes written to the row's arena at `start`.
    case written(start: Int, count: Int)
  }

  // MARK: - Shapes

  /// What trimming and null tests would do to a cell, when that is clear from its ends.
  enum Shape {
    /// `""`, or `null` in any case with nothing around it.
    case null
    /// Printable ASCII at both ends (nothing to trim) and not a null word.
    case plain
    /// Anything else: the `String` path decides.
    case other
  }

  @inline(__always) static func printable(_ b: UInt8) -> Bool { b > 32 && b < 127 }

  @inline(__always) static func isNullWord(_ c: Bytes) -> Bool {
    c.count == 4 && c[0] | 0x20 == UInt8(ascii: "n") && c[1] | 0x20 == UInt8(ascii: "u")
      && c[2] | 0x20 == UInt8(ascii: "l") && c[3] | 0x20 == UInt8(ascii: "l")
  }

  static func shape(_ c: Bytes) -> Shape {
    guard let first = c.first, let last = c.last else { return .null }
    guard printable(first), printable(last) else { return .other }
    return isNullWord(c) ? .null : .plain
  }

  /// `SeedTypeInference.isNull` (empty or `null` after trimming), from the bytes when possible.
  ///
  /// A printable ASCII byte other than the letters of `null` settles it: trimming only removes
  /// whitespace (with any marks joined to it) from the ends, never such a byte.
  static func isNull(_ c: Bytes) -> Bool {
    switch shape(c) {
    case .null: return true
    case .plain: return false
    case .other:
      for b in c where printable(b) {
        switch b | 0x20 {
        case UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"): continue
        default: return false
        }
      }
      return SeedTypeInference.isNull(string(c))
    }
  }

  static func string(_ c: Bytes) -> String { String(decoding: c, as: UTF8.self) }

  // MARK: - Type testing (first pass)

  /// Whether `candidate` accepts the cell; for `.number`, raises `places` to the cell's decimal
  /// places (agate's `MaxPrecision`).
  static func accepts(_ c: Bytes, _ candidate: SeedCandidate, places: inout Int) -> Bool {
    switch candidate {
    case .integer: return false  // dbt's Integer accepts no text cell
    case .text: return true
    case .boolean:
      if let b = quickBoolean(c) { return b != .reject }
      return SeedTypeInference.cast(string(c), as: .boolean) != nil
    default: break
    }
    switch shape(c) {
    case .null: return true
    case .plain:
      switch candidate {
      case .number:
        if let d = PlainDecimal(c) {
          places = max(places, d.places)
          return true
        }
      case .date:
        if let ok = quickDate(c) { return ok }
      case .dateTime:
        if let ok = quickDateTime(c, separator: UInt8(ascii: " ")) { return ok }
      case .isoDateTime:
        if let ok = quickDateTime(c, separator: UInt8(ascii: "T")) { return ok }
      default: break
      }
    case .other: break
    }
    guard let v = SeedTypeInference.cast(string(c), as: candidate) else { return false }
    if case .number(let n) = v { places = max(places, n.decimalPlaces) }
    return true
  }

  // MARK: - Conversion (second pass)

  /// The cell cast to its column's type for loading; nil when the type does not accept it
  /// (the file changed since it was typed).
  static func convert(_ c: Bytes, _ candidate: SeedCandidate, arena: inout ByteArena) -> Converted?
  {
    switch candidate {
    case .integer: return .null  // only untested columns keep dbt's Integer: every cell is null
    case .text: return isNull(c) ? .null : .same
    case .boolean:
      switch quickBoolean(c) {
      case .null?: return .null
      case .isTrue?: return .bool(true)
      case .isFalse?: return .bool(false)
      case .reject?: return nil
      case nil: break
      }
    default:
      switch shape(c) {
      case .null: return .null
      case .plain:
        switch candidate {
        case .number:
          if let d = PlainDecimal(c), let written = d.writeDescription(c, to: &arena) {
            return written
          }
        case .date:
          if let ok = quickDate(c) { return ok ? .same : nil }
        case .dateTime:
          if let ok = quickDateTime(c, separator: UInt8(ascii: " ")) { return ok ? .same : nil }
        case .isoDateTime:
          if let ok = quickDateTime(c, separator: UInt8(ascii: "T")) {
            guard ok else { return nil }
            // `str(datetime)` puts a space where the ISO text has its `T`.
            let start = arena.count
            arena.append(c)
            arena.base[start + 10] = UInt8(ascii: " ")
            return .written(start: start, count: c.count)
          }
        default: break
        }
      case .other: break
      }
    }
    guard let v = SeedTypeInference.cast(string(c), as: candidate) else { return nil }
    func write(_ s: String) -> Converted {
      var s = s
      let start = arena.count
      s.withUTF8 { arena.append($0) }
      return .written(start: start, count: arena.count - start)
    }
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let n): return write(n.description)
    case .date(let s), .datetime(let s): return write(s)
    case .text: return .same
    }
  }

  // MARK: - Fast paths

  enum BooleanCell { case null, isTrue, isFalse, reject }

  /// agate's Boolean cast (commas removed, trimmed, `true`/`false`/`null` in any case) for cells
  /// with no comma and nothing to trim; nil otherwise.
  static func quickBoolean(_ c: Bytes) -> BooleanCell? {
    guard let first = c.first, let last = c.last else { return .null }
    guard printable(first), printable(last), !c.contains(UInt8(ascii: ",")) else { return nil }
    if isNullWord(c) { return .null }
    if c.count == 4, c[0] | 0x20 == UInt8(ascii: "t"), c[1] | 0x20 == UInt8(ascii: "r"),
      c[2] | 0x20 == UInt8(ascii: "u"), c[3] | 0x20 == UInt8(ascii: "e")
    {
      return .isTrue
    }
    if c.count == 5, c[0] | 0x20 == UInt8(ascii: "f"), c[1] | 0x20 == UInt8(ascii: "a"),
      c[2] | 0x20 == UInt8(ascii: "l"), c[3] | 0x20 == UInt8(ascii: "s"),
      c[4] | 0x20 == UInt8(ascii: "e")
    {
      return .isFalse
    }
    return .reject
  }

  @inline(__always) private static func digit(_ c: Bytes, _ i: Int) -> Int? {
    let b = c[i]
    return b >= 48 && b <= 57 ? Int(b - 48) : nil
  }

  private static func twoDigits(_ c: Bytes, _ i: Int) -> Int? {
    guard let a = digit(c, i), let b = digit(c, i + 1) else { return nil }
    return a * 10 + b
  }

  /// `(year, month, day)` of a `YYYY-MM-DD` prefix, or nil when the bytes are not in that shape.
  private static func dateFields(_ c: Bytes) -> (Int, Int, Int)? {
    guard c.count >= 10, c[4] == UInt8(ascii: "-"), c[7] == UInt8(ascii: "-"),
      let y0 = twoDigits(c, 0), let y1 = twoDigits(c, 2), let m = twoDigits(c, 5),
      let d = twoDigits(c, 8)
    else { return nil }
    return (y0 * 100 + y1, m, d)
  }

  /// `strptime("%Y-%m-%d")` for exactly `YYYY-MM-DD`: true or false when the shape matches
  /// (whose `dateText` is the cell itself), nil for any other shape.
  static func quickDate(_ c: Bytes) -> Bool? {
    guard c.count == 10, let (y, m, d) = dateFields(c) else { return nil }
    return SeedDateTime.isValidDate(year: y, month: m, day: d)
  }

  /// `strptime("%Y-%m-%d %H:%M:%S")` (separator space) or isodate's `parse_datetime` (separator
  /// `T`) for exactly `YYYY-MM-DD?HH:MM:SS`; nil for any other shape. Both then print the
  /// cell's own digits (`str(datetime)`, with a space).
  static func quickDateTime(_ c: Bytes, separator: UInt8) -> Bool? {
    guard c.count == 19, c[10] == separator, c[13] == UInt8(ascii: ":"),
      c[16] == UInt8(ascii: ":"), let (y, m, d) = dateFields(c), let h = twoDigits(c, 11),
      let mi = twoDigits(c, 14), let s = twoDigits(c, 17)
    else { return nil }
    return h < 24 && mi < 60 && s < 60 && SeedDateTime.isValidDate(year: y, month: m, day: d)
  }
}

/// `-?digits[.digits]` in ASCII with at most 28 significant digits: the cells
/// `SeedNumber.plainDecimal` reads, located in the bytes.
struct PlainDecimal {
  var negative: Bool
  /// Where the digits start, after the sign.
  var bodyStart: Int
  /// Integer digits after leading zeros: `intStart..<intEnd`.
  var intStart: Int
  var intEnd: Int
  /// Whether a decimal point follows the integer digits.
  var hasPoint: Bool
  /// Fraction digits: `fracStart..<fracEnd`.
  var fracStart: Int
  var fracEnd: Int
  /// `SeedNumber.decimalPlaces`: fraction digits without trailing zeros.
  var places: Int

  init?(_ c: UnsafeBufferPointer<UInt8>) {
    var i = 0
    negative = c.first == UInt8(ascii: "-")
    if negative { i = 1 }
    bodyStart = i
    while i < c.count, c[i] == 48 { i += 1 }
    intStart = i
    while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 }
    intEnd = i
    hasPoint = i < c.count && c[i] == UInt8(ascii: ".")
    if hasPoint { i += 1 }
    fracStart = i
    while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 }
    fracEnd = i
    guard i == c.count, c.count - bodyStart > (hasPoint ? 1 : 0) else { return nil }
    var significant = intEnd - intStart + fracEnd - fracStart
    if intEnd == intStart {
      var k = fracStart
      while k < fracEnd, c[k] == 48 { k += 1 }
      significant = fracEnd - k
    }
    guard significant <= SeedNumber.precision else { return nil }
    var t = fracEnd
    while t > fracStart, c[t - 1] == 48 { t -= 1 }
    places = t - fracStart
  }

  /// Python's `str(Decimal)` of the value: `.same` when that is the cell itself, else written
  /// to `arena`; nil when it needs exponent notation (left to `SeedNumber`).
  func writeDescription(_ c: UnsafeBufferPointer<UInt8>, to arena: inout ByteArena)
    -> SeedCellCast.Converted?
  {
    let fraction = fracEnd - fracStart
    // A bare final point is dropped (`5.` is 5); otherwise leading zeros are the only change.
    let pointKept = !hasPoint || fraction > 0
    let start = arena.count
    if intEnd > intStart {
      if intStart == bodyStart, pointKept { return .same }
      if negative { arena.append(byte: UInt8(ascii: "-")) }
      arena.append(UnsafeBufferPointer(rebasing: c[intStart..<intEnd]))
    } else {
      var leadingZeros = 0
      while leadingZeros < fraction, c[fracStart + leadingZeros] == 48 { leadingZeros += 1 }
      // Plain notation needs an adjusted exponent of -6 or more.
      if leadingZeros == fraction ? fraction > 6 : leadingZeros > 5 { return nil }
      if intStart - bodyStart == 1, pointKept { return .same }
      if negative { arena.append(byte: UInt8(ascii: "-")) }
      arena.append(byte: 48)
    }
    if fraction > 0 {
      arena.append(byte: UInt8(ascii: "."))
      arena.append(UnsafeBufferPointer(rebasing: c[fracStart..<fracEnd]))
    }
    return .written(start: start, count: arena.count - start)
  }
}

/// A growable byte buffer in manually managed memory, for the bytes a row's casts write; its
/// owner calls `deallocate()`. Cells refer to it by offset, since growing moves it.
struct ByteArena {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 256) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  func deallocate() { base.deallocate() }

  mutating func removeAll() { count = 0 }

  mutating func append(byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (base + count).update(from: src, count: bytes.count)
    count += bytes.count
  }

  private mutating func reserve(_ n: Int) {
    guard count + n > capacity else { return }
    var c = capacity * 2
    while c < count + n { c *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = c
  }
}
