/// A seed cell read as a number the way dbt reads it: agate's `Number` type, a Python `Decimal`.
///
/// agate (1.9, `data_types/number.py`) strips whitespace, `%` signs, one leading `-` and the
/// currency symbols `$ € £ ¥ …` from both ends, removes `,` group separators, then hands the
/// rest to `Decimal(...)` and multiplies by ±1 — which rounds to 28 significant digits. So
/// `"$1,000"` is 1000, `"5%"` is 5, `"1e3"` is `1E+3`, `"nan"` is `NaN`, `"1_000"` is 1000.
public struct SeedNumber: Hashable, Sendable, CustomStringConvertible {
  /// Finite value, infinity or NaN (with Python's optional NaN payload digits).
  public enum Magnitude: Hashable, Sendable {
    /// `coefficient × 10^exponent`; the coefficient has no leading zeros ("0" for zero).
    case finite(coefficient: String, exponent: Int)
    /// `Infinity` (`inf`, `infinity` in any case).
    case infinity
    /// `NaN`, with the digits Python keeps after it (`nan12` → `NaN12`).
    case nan(payload: String)
  }

  /// True for negative values (including `-0`).
  public var negative: Bool
  /// The value without its sign.
  public var magnitude: Magnitude

  /// Creates a number from its parts.
  public init(negative: Bool, magnitude: Magnitude) {
    self.negative = negative
    self.magnitude = magnitude
  }

  /// The text Python's `str(Decimal)` gives: what dbt-sqlite binds for a number cell
  /// (`"7"` for `007`, `"1E+3"` for `1e3`, `"0.5"` for `.5`).
  public var description: String {
    let sign = negative ? "-" : ""
    switch magnitude {
    case .infinity: return sign + "Infinity"
    case .nan(let payload): return sign + "NaN" + payload
    case .finite(let c, let e):
      // Python's to-sci-string: plain notation when the exponent is <= 0 and the adjusted
      // exponent is >= -6, otherwise one digit, a point, the rest and E±adjusted.
      let adjusted = e + c.count - 1
      if e <= 0, adjusted >= -6 {
        if e == 0 { return sign + c }
        let point = c.count + e
        if point > 0 { return sign + String(c.prefix(point)) + "." + String(c.dropFirst(point)) }
        return sign + "0." + String(repeating: "0", count: -point) + c
      }
      let rest = c.count > 1 ? "." + String(c.dropFirst()) : ""
      let exponentText = (adjusted >= 0 ? "+" : "") + String(adjusted)
      return sign + String(c.prefix(1)) + rest + "E" + exponentText
    }
  }

  /// Decimal places after removing trailing zeros (agate's `MaxPrecision` uses
  /// `Decimal.normalize()`): `1.50` → 1, `1.0` → 0, `2.5E-2` → 3; 0 for zero (`0.00`
  /// normalizes to `0`), NaN and infinity.
  public var decimalPlaces: Int {
    guard case .finite(let c, let e) = magnitude, c != "0" else { return 0 }
    let trailingZeros = c.reversed().prefix { $0 == "0" }.count
    return max(0, -(e + trailingZeros))
  }

  /// The value as an `Int64` when it is a whole number in range.
  public var int64Value: Int64? {
    guard case .finite(let c, let e) = magnitude else { return nil }
    var digits = c
    if e >= 0 {
      guard e <= 19 else { return c == "0" ? 0 : nil }
      digits += String(repeating: "0", count: e)
    } else {
      let fraction = digits.suffix(-e)
      guard fraction.allSatisfy({ $0 == "0" }) else { return nil }
      digits = String(digits.dropLast(min(-e, digits.count)))
      if digits.isEmpty { digits = "0" }
    }
    return Int64((negative ? "-" : "") + digits)
  }

  /// The nearest `Double` (NaN and ±infinity included).
  public var doubleValue: Double {
    switch magnitude {
    case .nan: return .nan
    case .infinity: return negative ? -.infinity : .infinity
    case .finite(let c, let e): return Double((negative ? "-" : "") + c + "e" + String(e)) ?? .nan
    }
  }

  /// Reads a cell as agate's Number does (after null handling); nil when it is not a number.
  public init?(agateCell text: String) {
    if let plain = Self.plainDecimal(text) {
      self = plain
      return
    }
    var d = Substring(text).trimmingPythonWhitespace()
    while d.first == "%" { d.removeFirst() }
    while d.last == "%" { d.removeLast() }
    var negative = false
    if d.first == "-" {
      negative = true
      d.removeFirst()
    }
    for symbol in Self.currencySymbols {
      while d.first == symbol { d.removeFirst() }
      while d.last == symbol { d.removeLast() }
    }
    let cleaned = String(d).removingAll(",")
    guard var parsed = Self.parseDecimal(cleaned) else { return nil }
    // Multiplying by ±1: signs combine, a quiet NaN keeps its own sign, finite values round to
    // the context precision.
    if case .nan = parsed.magnitude {
    } else {
      parsed.negative = parsed.negative != negative
    }
    if case .finite(let c, let e) = parsed.magnitude, c.count > Self.precision {
      parsed.magnitude = Self.roundHalfEven(c, e)
    }
    self = parsed
  }

  /// The common case read straight from the bytes: `-?digits[.digits]` in ASCII with at most
  /// 28 significant digits, which the general path below reads to the same value.
  static func plainDecimal(_ text: String) -> SeedNumber? {
    var utf8 = Substring(text).utf8
    var negative = false
    if utf8.first == UInt8(ascii: "-") {
      negative = true
      utf8 = utf8.dropFirst()
    }
    var digits: [UInt8] = []
    digits.reserveCapacity(utf8.count)
    var fractionCount = 0
    var sawPoint = false
    for b in utf8 {
      if b >= 48 && b <= 57 {
        if digits.isEmpty && b == 48 {
          // leading zeros do not count
        } else {
          digits.append(b)
        }
        if sawPoint { fractionCount += 1 }
      } else if b == UInt8(ascii: "."), !sawPoint {
        sawPoint = true
      } else {
        return nil
      }
    }
    guard utf8.count > (sawPoint ? 1 : 0), digits.count <= precision else { return nil }
    let coefficient = digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
    return SeedNumber(negative: negative, magnitude: .finite(coefficient: coefficient, exponent: -fractionCount))
  }

  /// Python `Decimal(str)` grammar: optional whitespace and sign, digits with an optional point
  /// and exponent, or Inf/Infinity/NaN[digits] in any case; underscores are ignored. sNaN is
  /// rejected because multiplying it raises `InvalidOperation`, which agate treats as not a number.
  static func parseDecimal(_ raw: String) -> SeedNumber? {
    var s = Substring(raw.removingAll("_")).trimmingPythonWhitespace()
    var negative = false
    if s.first == "+" || s.first == "-" {
      negative = s.first == "-"
      s.removeFirst()
    }
    let lower = s.lowercased()
    if lower == "inf" || lower == "infinity" {
      return SeedNumber(negative: negative, magnitude: .infinity)
    }
    if lower.hasPrefix("nan") {
      let payload = lower.dropFirst(3)
      guard payload.allSatisfy(\.isASCIIDigit) else { return nil }
      let trimmed = payload.drop { $0 == "0" }
      return SeedNumber(negative: negative, magnitude: .nan(payload: String(trimmed)))
    }
    var integer = ""
    var fraction = ""
    var sawPoint = false
    var index = s.startIndex
    while index < s.endIndex, s[index].isASCIIDigit || (s[index] == "." && !sawPoint) {
      if s[index] == "." {
        sawPoint = true
      } else if sawPoint {
        fraction.append(s[index])
      } else {
        integer.append(s[index])
      }
      index = s.index(after: index)
    }
    guard !(integer.isEmpty && fraction.isEmpty) else { return nil }
    var exponent = 0
    if index < s.endIndex {
      guard s[index] == "e" || s[index] == "E" else { return nil }
      var rest = s[s.index(after: index)...]
      var expNegative = false
      if rest.first == "+" || rest.first == "-" {
        expNegative = rest.first == "-"
        rest.removeFirst()
      }
      guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit), let value = Int(rest) else {
        return nil
      }
      exponent = expNegative ? -value : value
    }
    var coefficient = String((integer + fraction).drop { $0 == "0" })
    if coefficient.isEmpty { coefficient = "0" }
    let magnitude = Magnitude.finite(coefficient: coefficient, exponent: exponent - fraction.count)
    return SeedNumber(negative: negative, magnitude: magnitude)
  }

  /// Python's default decimal context precision.
  static let precision = 28

  static func roundHalfEven(_ c: String, _ e: Int) -> Magnitude {
    let digits = Array(c)
    let dropped = digits.count - precision
    var kept = Array(digits.prefix(precision))
    let first = digits[precision]
    let restNonZero = digits.dropFirst(precision + 1).contains { $0 != "0" }
    let lastOdd = (kept.last?.wholeNumberValue ?? 0) % 2 == 1
    let roundUp = first > "5" || (first == "5" && (restNonZero || lastOdd))
    var exponent = e + dropped
    if roundUp {
      var i = kept.count - 1
      while i >= 0 {
        if kept[i] == "9" {
          kept[i] = "0"
          i -= 1
        } else {
          kept[i] = Character(String((kept[i].wholeNumberValue ?? 0) + 1))
          break
        }
      }
      if i < 0 {
        kept.insert("1", at: 0)
        kept.removeLast()
        exponent += 1
      }
    }
    return .finite(coefficient: String(kept), exponent: exponent)
  }

  /// agate's `DEFAULT_CURRENCY_SYMBOLS`, in its order (the order matters for stripping).
  static let currencySymbols: [Character] = [
    "؋", "$", "ƒ", "៛", "¥", "₡", "₱", "£", "€", "¢", "﷼", "₪", "₩", "₭", "₮", "₦", "฿", "₤", "₫",
  ]
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
  /// Python's `str.strip()`: removes leading and trailing whitespace.
  func trimmingPythonWhitespace() -> Substring {
    var s = Substring(self)
    // Printable ASCII at both ends: nothing to strip (the common case, read from the bytes).
    if let f = s.utf8.first, let l = s.utf8.last, f > 32, f < 127, l > 32, l < 127 { return s }
    while let f = s.first, f.isWhitespace { s.removeFirst() }
    while let l = s.last, l.isWhitespace { s.removeLast() }
    return s
  }

  /// The text without any `c`.
  func removingAll(_ c: Character) -> String { String(filter { $0 != c }) }
}
