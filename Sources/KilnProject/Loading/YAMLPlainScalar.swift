/// Resolves an untagged plain YAML scalar to null, bool, int, float or string, following
/// PyYAML's YAML 1.1 `safe_load` rules (dbt reads YAML with PyYAML's SafeLoader).
///
/// Byte checks instead of regular expressions: this runs on every plain scalar of every YAML
/// file, and NSRegularExpression tag resolution was a measurable share of loading large
/// projects. The accepted forms are exactly PyYAML's `resolver.py` patterns:
///
/// - null: `~`, `null`, `Null`, `NULL`, and the empty scalar;
/// - bool: `yes`/`no`/`true`/`false`/`on`/`off` in lower, Capitalized or UPPER case;
/// - int: `[-+]?` then `0b[01_]+`, `0[0-7_]+` (octal), `0`, `[1-9][0-9_]*`, `0x[0-9a-fA-F_]+`,
///   or base-60 `[1-9][0-9_]*(:[0-5]?[0-9])+`;
/// - float: `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?` (a dot is required, an exponent
///   needs its sign: `1e3` and `1.0e3` stay strings, as in PyYAML),
///   `\.[0-9][0-9_]*([eE][-+][0-9]+)?` (no sign: `-.5` is a string),
///   base-60 `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(inf|Inf|INF)`,
///   `\.(nan|NaN|NAN)`.
///
/// Where Kiln cannot hold PyYAML's value the scalar keeps its text: integers beyond `Int`
/// (PyYAML has big ints), and timestamps (`2024-01-01` is a `datetime.date` in PyYAML, and
/// `str()` of it, which is what Jinja prints, is the same text for the common `YYYY-MM-DD`
/// form). `<<` as a value and `=` (PyYAML errors) stay strings.
enum YAMLPlainScalar {
  /// The value of plain scalar `text`.
  static func resolve(_ text: String) -> YAMLValue.Kind {
    if let kind = text.utf8.withContiguousStorageIfAvailable({ resolve(bytes: $0, text: text) }) {
      return kind
    }
    return Array(text.utf8).withUnsafeBufferPointer { resolve(bytes: $0, text: text) }
  }

  private static func resolve(bytes b: UnsafeBufferPointer<UInt8>, text: String) -> YAMLValue.Kind {
    guard let first = b.first else { return .null }
    switch first {
    case UInt8(ascii: "~"):
      return b.count == 1 ? .null : .string(text)
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      switch text {
      case "null", "Null", "NULL": return .null
      case "no", "No", "NO": return .bool(false)
      default: return .string(text)
      }
    case UInt8(ascii: "y"), UInt8(ascii: "Y"):
      switch text {
      case "yes", "Yes", "YES": return .bool(true)
      default: return .string(text)
      }
    case UInt8(ascii: "t"), UInt8(ascii: "T"):
      switch text {
      case "true", "True", "TRUE": return .bool(true)
      default: return .string(text)
      }
    case UInt8(ascii: "f"), UInt8(ascii: "F"):
      switch text {
      case "false", "False", "FALSE": return .bool(false)
      default: return .string(text)
      }
    case UInt8(ascii: "o"), UInt8(ascii: "O"):
      switch text {
      case "on", "On", "ON": return .bool(true)
      case "off", "Off", "OFF": return .bool(false)
      default: return .string(text)
      }
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      if let kind = number(b) { return kind }
      return .string(text)
    default:
      return .string(text)
    }
  }

  // MARK: - Numbers

  private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
  private static let underscore = UInt8(ascii: "_")

  /// An int or float when `b` matches one of PyYAML's number patterns; nil otherwise (also
  /// when the value does not fit, so the scalar keeps its text).
  private static func number(_ b: UnsafeBufferPointer<UInt8>) -> YAMLValue.Kind? {
    let n = b.count
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
      negative = b[0] == UInt8(ascii: "-")
      i = 1
    }
    let signed = i == 1
    guard i < n else { return nil }

    // `.inf`, `.nan` (no sign for nan), `.5`.
    if b[i] == UInt8(ascii: ".") {
      let rest = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)...]), as: UTF8.self)
      switch rest {
      case "inf", "Inf", "INF": return .double(negative ? -.infinity : .infinity)
      case "nan", "NaN", "NAN": return signed ? nil : .double(.nan)
      default: break
      }
      // `\.[0-9][0-9_]*([eE][-+][0-9]+)?`, unsigned only.
      guard !signed, i + 1 < n, isDigit(b[i + 1]) else { return nil }
      var j = i + 2
      while j < n, isDigit(b[j]) || b[j] == underscore { j += 1 }
      guard exponent(b, from: j) else { return nil }
      return float(b, negative: false, from: i)
    }

    guard isDigit(b[i]) else { return nil }
    let start = i  // first digit

    // Prefixed integers: 0b, 0x, octal 0[0-7_]+, and plain 0.
    if b[start] == UInt8(ascii: "0") {
      if start + 1 == n { return .int(0) }
      let next = b[start + 1]
      if next == UInt8(ascii: "b") {
        guard start + 2 < n,
          all(b, from: start + 2, { $0 == 0x30 || $0 == 0x31 || $0 == underscore })
        else { return nil }
        return integer(b, from: start + 2, radix: 2, negative: negative)
      }
      if next == UInt8(ascii: "x") {
        guard start + 2 < n, all(b, from: start + 2, { isHex($0) || $0 == underscore }) else {
          return nil
        }
        return integer(b, from: start + 2, radix: 16, negative: negative)
      }
      if all(b, from: start + 1, { ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }) {
        return integer(b, from: start + 1, radix: 8, negative: negative)
      }
      // Otherwise only a float can start with 0 (`0.5`, `0:30.5`, `09.1`).
    }

    // `[0-9][0-9_]*`, then end (decimal int), `:` groups (base 60), or `.` (float).
    var j = start + 1
    while j < n, isDigit(b[j]) || b[j] == underscore { j += 1 }
    if j == n {
      // `[1-9][0-9_]*` (a leading 0 was handled above).
      guard b[start] != UInt8(ascii: "0") else { return nil }
      return integer(b, from: start, radix: 10, negative: negative)
    }
    if b[j] == UInt8(ascii: ":") {
      // Base-60 groups `(:[0-5]?[0-9])+`.
      while j < n, b[j] == UInt8(ascii: ":") {
        guard j + 1 < n, isDigit(b[j + 1]) else { return nil }
        if j + 2 < n, isDigit(b[j + 2]) {
          guard b[j + 1] <= UInt8(ascii: "5") else { return nil }
          j += 3
        } else {
          j += 2
        }
      }
      if j == n {
        guard b[start] != UInt8(ascii: "0") else { return nil }
        return sexagesimalInt(b, from: start, negative: negative)
      }
      // `...\.[0-9_]*` (no exponent for base 60).
      guard b[j] == UInt8(ascii: "."), all(b, from: j + 1, { isDigit($0) || $0 == underscore })
      else { return nil }
      return sexagesimalFloat(b, from: start, negative: negative)
    }
    guard b[j] == UInt8(ascii: ".") else { return nil }
    j += 1
    while j < n, isDigit(b[j]) || b[j] == underscore { j += 1 }
    guard exponent(b, from: j) else { return nil }
    return float(b, negative: negative, from: start)
  }

  private static func isHex(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
  }

  private static func all(
    _ b: UnsafeBufferPointer<UInt8>, from: Int, _ ok: (UInt8) -> Bool
  ) -> Bool {
    var i = from
    while i < b.count {
      if !ok(b[i]) { return false }
      i += 1
    }
    return true
  }

  /// Whether `b[from...]` is empty or `[eE][-+][0-9]+`.
  private static func exponent(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
    let n = b.count
    if from == n { return true }
    guard b[from] == UInt8(ascii: "e") || b[from] == UInt8(ascii: "E") else { return false }
    guard from + 1 < n, b[from + 1] == UInt8(ascii: "-") || b[from + 1] == UInt8(ascii: "+")
    else { return false }
    guard from + 2 < n else { return false }
    return all(b, from: from + 2, isDigit)
  }

  /// The bytes from `from` with underscores dropped.
  private static func digits(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(b.count - from)
    for c in b[from...] where c != underscore { out.append(c) }
    return String(decoding: out, as: UTF8.self)
  }

  private static func integer(
    _ b: UnsafeBufferPointer<UInt8>, from: Int, radix: Int, negative: Bool
  ) -> YAMLValue.Kind? {
    let text = digits(b, from: from)
    if text.isEmpty { return radix == 8 ? .int(0) : nil }  // `0_` is 0; `0b_` has no digits
    guard let magnitude = UInt(text, radix: radix) else { return nil }
    if negative {
      if magnitude == UInt(Int.max) + 1 { return .int(Int.min) }
      guard magnitude <= UInt(Int.max) else { return nil }
      return .int(-Int(magnitude))
    }
    guard magnitude <= UInt(Int.max) else { return nil }
    return .int(Int(magnitude))
  }

  private static func sexagesimalInt(
    _ b: UnsafeBufferPointer<UInt8>, from: Int, negative: Bool
  ) -> YAMLValue.Kind? {
    var value = 0
    for part in digits(b, from: from).split(separator: ":") {
      guard let p = Int(part) else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 60)
      let (s, o2) = m.addingReportingOverflow(p)
      if o1 || o2 { return nil }
      value = s
    }
    return .int(negative ? -value : value)
  }

  private static func sexagesimalFloat(
    _ b: UnsafeBufferPointer<UInt8>, from: Int, negative: Bool
  ) -> YAMLValue.Kind? {
    var value = 0.0
    for part in digits(b, from: from).split(separator: ":") {
      guard let p = Double(part) else { return nil }
      value = value * 60 + p
    }
    return .double(negative ? -value : value)
  }

  private static func float(
    _ b: UnsafeBufferPointer<UInt8>, negative: Bool, from: Int
  ) -> YAMLValue.Kind? {
    var text = digits(b, from: from)
    if text.hasSuffix(".") { text.removeLast() }  // `1.` is 1.0
    if text.hasPrefix(".") { text = "0" + text }
    guard let d = Double(text) else { return nil }
    return .double(negative ? -d : d)
  }
}
