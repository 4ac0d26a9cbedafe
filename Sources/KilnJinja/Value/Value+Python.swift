import OrderedCollections

extension Value {
  /// Python truthiness.
  public var isTruthy: Bool {
    switch self {
    case .undefined, .none: return false
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .float(let d): return d != 0
    case .string(let s), .markup(let s): return !s.isEmpty
    case .list(let l): return !l.items.isEmpty
    case .tuple(let t): return !t.isEmpty
    case .dict(let d): return !d.items.isEmpty
    case .object(let o): return o.isTruthy
    case .callable: return true
    }
  }

  /// True for `undefined`.
  public var isUndefined: Bool {
    if case .undefined = self { return true }
    return false
  }

  /// True for `None`.
  public var isNone: Bool {
    if case .none = self { return true }
    return false
  }

  /// The string inside `.string` or `.markup`, else nil.
  public var stringValue: String? {
    switch self {
    case .string(let s), .markup(let s): return s
    default: return nil
    }
  }

  /// The Python type name used in error messages (`str`, `int`, `dict`...).
  public var typeName: String {
    switch self {
    case .undefined: return "Undefined"
    case .none: return "NoneType"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float"
    case .string: return "str"
    case .markup: return "Markup"
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    case .object(let o): return o.typeName
    case .callable: return "function"
    }
  }

  /// Items when iterated like Python (`for x in v`): list/tuple items, dict keys, string
  /// characters; nil when not iterable. Undefined iterates as empty, like jinja2's `Undefined`.
  public func iterationItems() -> [Value]? {
    switch self {
    case .list(let l): return l.items
    case .tuple(let t): return t
    case .dict(let d): return Array(d.items.keys)
    case .string(let s), .markup(let s): return s.unicodeScalars.map { .string(String($0)) }
    case .undefined: return []
    case .object(let o): return o.iterate()
    default: return nil
    }
  }

  /// A number as Double if numeric (bool counts, as in Python).
  var numericDouble: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .float(let d): return d
    case .bool(let b): return b ? 1 : 0
    default: return nil
    }
  }

  /// An integer if the value is an int or bool.
  var intValue: Int? {
    switch self {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    default: return nil
    }
  }
}

// MARK: - Equality and hashing (Python semantics: 1 == 1.0 == True)

extension Value: Hashable {
  public static func == (a: Value, b: Value) -> Bool { equal(a, b, depth: 0) }

  /// Python `==`; containers nested (or cyclic) deeper than `maxReprDepth` compare unequal
  /// instead of recursing without end (Python raises RecursionError).
  static func equal(_ a: Value, _ b: Value, depth: Int) -> Bool {
    if depth > maxReprDepth { return false }
    func seq(_ x: [Value], _ y: [Value]) -> Bool {
      x.count == y.count && zip(x, y).allSatisfy { equal($0, $1, depth: depth + 1) }
    }
    switch (a, b) {
    case (.none, .none): return true
    case (.undefined, .undefined): return true
    case (.string(let x), .string(let y)), (.markup(let x), .markup(let y)),
      (.string(let x), .markup(let y)), (.markup(let x), .string(let y)):
      return UTF8Search.equal(x, y)
    case (.int(let x), .int(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.list(let x), .list(let y)): return x === y || seq(x.items, y.items)
    case (.tuple(let x), .tuple(let y)): return seq(x, y)
    case (.dict(let x), .dict(let y)):
      if x === y { return true }
      guard x.items.count == y.items.count else { return false }
      for (k, v) in x.items {
        guard let w = y.items[k], equal(v, w, depth: depth + 1) else { return false }
      }
      return true
    case (.object(let x), .object(let y)): return x === y
    case (.callable(let x), .callable(let y)): return x === y
    default:
      if let x = a.numericDouble, let y = b.numericDouble {
        if let i = a.intValue, let j = b.intValue { return i == j }
        return x == y
      }
      return false
    }
  }

  public func hash(into h: inout Hasher) {
    switch self {
    case .none: h.combine(0)
    case .undefined: h.combine(1)
    case .string(let s), .markup(let s): h.combine(s)
    case .int(let i): h.combine(Double(i))
    case .bool(let b): h.combine(b ? 1.0 : 0.0)
    case .float(let d): h.combine(d)
    case .list(let l): h.combine(l.items.count)  // not the items: a list may contain itself
    case .tuple(let t): h.combine(t)
    case .dict(let d): h.combine(d.items.count)
    case .object(let o): h.combine(ObjectIdentifier(o))
    case .callable(let c): h.combine(ObjectIdentifier(c))
    }
  }
}

// MARK: - str() and repr()

extension Value {
  /// Python `str(value)`, as `{{ value }}` renders it.
  public var pythonStr: String {
    switch self {
    case .string(let s), .markup(let s): return s
    case .undefined: return ""
    default:
      var out = ""
      writeRepr(into: &out)
      return out
    }
  }

  /// Python `repr(value)`.
  public var pythonRepr: String {
    var out = ""
    writeRepr(into: &out)
    return out
  }

  /// Containers nested deeper than this render as `[...]`/`{...}` rather than overflowing the
  /// stack (Python raises RecursionError near 1000).
  static let maxReprDepth = 200

  func writeRepr(into out: inout String) {
    var open: [ObjectIdentifier] = []
    writeRepr(into: &out, &open)
  }

  /// `open` holds the lists and dicts being written, so a container inside itself renders as
  /// `[...]` or `{...}`, as in Python.
  func writeRepr(into out: inout String, _ open: inout [ObjectIdentifier]) {
    switch self {
    case .list(let l):
      if open.contains(ObjectIdentifier(l)) || open.count >= Value.maxReprDepth { out += "[...]"; return }
    case .dict(let d):
      if open.contains(ObjectIdentifier(d)) || open.count >= Value.maxReprDepth { out += "{...}"; return }
    case .tuple where open.count >= Value.maxReprDepth:
      out += "(...)"
      return
    default: break
    }
    switch self {
    case .undefined: out += ""
    case .none: out += "None"
    case .bool(let b): out += b ? "True" : "False"
    case .int(let i): out += String(i)
    case .float(let d): out += PyFloat.repr(d)
    case .string(let s): out += PyString.repr(s)
    case .markup(let s): out += "Markup(" + PyString.repr(s) + ")"
    case .list(let l):
      open.append(ObjectIdentifier(l))
      defer { open.removeLast() }
      out += "["
      for (i, v) in l.items.enumerated() {
        if i > 0 { out += ", " }
        v.writeRepr(into: &out, &open)
      }
      out += "]"
    case .tuple(let t):
      // Tuples cannot contain themselves; a placeholder identity only counts the depth.
      open.append(ObjectIdentifier(ListBox.self))
      defer { open.removeLast() }
      out += "("
      for (i, v) in t.enumerated() {
        if i > 0 { out += ", " }
        v.writeRepr(into: &out, &open)
      }
      out += t.count == 1 ? ",)" : ")"
    case .dict(let d):
      open.append(ObjectIdentifier(d))
      defer { open.removeLast() }
      out += "{"
      var first = true
      for (k, v) in d.items {
        if !first { out += ", " }
        first = false
        k.writeRepr(into: &out, &open)
        out += ": "
        v.writeRepr(into: &out, &open)
      }
      out += "}"
    case .object(let o): out += o.renderedText
    case .callable(let c):
      if let m = c as? MacroValue { out += "<Macro '\(m.def.name)'>" } else { out += "<function \(c.name)>" }
    }
  }
}

/// Python's float formatting rules.
enum PyFloat {
  /// `repr(float)`: shortest round-trip digits, fixed notation when -4 <= exponent < 16.
  static func repr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    // Swift's description gives the shortest round-trip digits; re-layout them like Python.
    var s = "\(abs(d))"
    var exp = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exp = Int(s[s.index(after: e)...]) ?? 0
      s = String(s[..<e])
    }
    var intPart = s
    var frac = ""
    if let dot = s.firstIndex(of: ".") {
      intPart = String(s[..<dot])
      frac = String(s[s.index(after: dot)...])
    }
    // digits and the decimal point position
    var digits = intPart + frac
    var point = intPart.count + exp
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      point -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    let sciExp = point - 1
    let sign = d < 0 ? "-" : ""
    if sciExp < -4 || sciExp >= 16 {
      var m = String(digits.first!)
      if digits.count > 1 { m += "." + digits.dropFirst() }
      let e = abs(sciExp) < 10 ? "0\(abs(sciExp))" : "\(abs(sciExp))"
      return sign + m + "e" + (sciExp < 0 ? "-" : "+") + e
    }
    if point <= 0 {
      return sign + "0." + String(repeating: "0", count: -point) + digits
    }
    if point >= digits.count {
      return sign + digits + String(repeating: "0", count: point - digits.count) + ".0"
    }
    let idx = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<idx] + "." + digits[idx...]
  }
}

/// Python's string repr.
enum PyString {
  static func repr(_ s: String) -> String {
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return asciiRepr(s) }
    let useDouble = s.contains("'") && !s.contains("\"")
    let q: Character = useDouble ? "\"" : "'"
    var out = String(q)
    for u in s.unicodeScalars {
      switch u {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "'" where !useDouble: out += "\\'"
      default:
        if u.value < 0x20 || u.value == 0x7F {
          out += "\\x" + hex(u.value, 2)
        } else if u.value >= 0x80 && u.value < 0xA0 {
          out += "\\x" + hex(u.value, 2)
        } else if !isPrintable(u) {
          out += u.value > 0xFFFF ? "\\U" + hex(u.value, 8) : "\\u" + hex(u.value, 4)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out.append(q)
    return out
  }

  /// `repr` of an all-ASCII string, byte by byte (the same rules as the scalar loop below).
  static func asciiRepr(_ s: String) -> String {
    let useDouble = s.utf8.contains(0x27) && !s.utf8.contains(0x22)
    let q: UInt8 = useDouble ? 0x22 : 0x27
    var out: [UInt8] = [q]
    out.reserveCapacity(s.utf8.count + 8)
    let digits = Array("0123456789abcdef".utf8)
    for b in s.utf8 {
      switch b {
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0x27 where !useDouble: out += [0x5C, 0x27]
      case 0..<0x20, 0x7F: out += [0x5C, UInt8(ascii: "x"), digits[Int(b >> 4)], digits[Int(b & 0xF)]]
      default: out.append(b)
      }
    }
    out.append(q)
    return String(decoding: out, as: UTF8.self)
  }

  static func hex(_ v: UInt32, _ width: Int) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - h.count)) + h
  }

  static func isPrintable(_ u: Unicode.Scalar) -> Bool {
    switch u.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator:
      return false
    case .spaceSeparator: return u == " "
    default: return true
    }
  }
}
