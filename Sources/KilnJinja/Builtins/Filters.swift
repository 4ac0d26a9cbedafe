import Foundation
import OrderedCollections

/// jinja2's builtin filters (3.1) and dbt's additions.
enum Filters {
  static func str(_ v: Value) -> String { v.stringValue ?? v.pythonStr }

  static func items(_ v: Value, _ filter: String) throws -> [Value] {
    guard let i = v.iterationItems() else {
      throw JinjaError.type("'\(v.typeName)' object is not iterable")
    }
    return i
  }

  static func arg(_ a: Arguments, _ i: Int, _ key: String) -> Value? {
    if i < a.positional.count { return a.positional[i] }
    return a.keyword[key]
  }

  static func escapeHTML(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&#34;"
      case "'": out += "&#39;"
      default: out.append(c)
      }
    }
    return out
  }

  /// `make_attrgetter`: dotted path of item/attribute lookups (`a.b`, `0`).
  static func attrGetter(_ state: RenderState, _ attribute: Value?, default dflt: Value? = nil)
    -> (Value) throws -> Value
  {
    guard let attribute, !attribute.isNone else { return { $0 } }
    let parts: [Value]
    if let s = attribute.stringValue {
      parts = s.split(separator: ".", omittingEmptySubsequences: false).map { p in
        Int(p).map { Value.int($0) } ?? .string(String(p))
      }
    } else {
      parts = [attribute]
    }
    return { item in
      var v = item
      for p in parts {
        v = try state.getItem(v, p)
      }
      if v.isUndefined, let dflt { return dflt }
      return v
    }
  }

  static func sortKey(_ v: Value, caseSensitive: Bool) -> Value {
    if !caseSensitive, let s = v.stringValue { return .string(s.lowercased()) }
    return v
  }

  /// Stable sort with Python comparison semantics.
  static func sorted(_ items: [Value], reverse: Bool, caseSensitive: Bool, key: ((Value) throws -> Value)?)
    throws -> [Value]
  {
    let keyed = try items.map { (try key?($0) ?? $0, $0) }.map { (sortKey($0.0, caseSensitive: caseSensitive), $0.1) }
    var err: (any Error)?
    let indexed = Array(keyed.enumerated())
    let result = indexed.sorted { a, b in
      if err != nil { return false }
      do {
        let c = try Value.compare(a.element.0, b.element.0, "<")
        if c == 0 { return a.offset < b.offset }
        return reverse ? c > 0 : c < 0
      } catch {
        err = error
        return false
      }
    }
    if let err { throw err }
    return result.map { $0.element.1 }
  }

  static func toInt(_ v: Value, base: Int = 10) -> Int? {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .float(let d): return d.isFinite && abs(d) < 9.2e18 ? Int(d.rounded(.towardZero)) : nil
    case .string(let s), .markup(let s):
      // Python: "int() base must be >= 2 and <= 36, or 0" (a ValueError, so `int` falls back).
      guard base == 0 || (2...36).contains(base) else { return nil }
      var t = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
      var neg = false
      if t.hasPrefix("-") { neg = true; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
      var b = base
      let lower = t.lowercased()
      if base == 16 && lower.hasPrefix("0x") { t = String(t.dropFirst(2)) }
      if base == 8 && lower.hasPrefix("0o") { t = String(t.dropFirst(2)) }
      if base == 2 && lower.hasPrefix("0b") { t = String(t.dropFirst(2)) }
      if base == 0 {
        if lower.hasPrefix("0x") { b = 16; t = String(t.dropFirst(2)) } else if lower.hasPrefix("0o") {
          b = 8; t = String(t.dropFirst(2))
        } else if lower.hasPrefix("0b") { b = 2; t = String(t.dropFirst(2)) } else { b = 10 }
      }
      if let i = Int(t, radix: b) { return neg ? -i : i }
      return nil
    default: return nil
    }
  }

  static func toFloat(_ v: Value) -> Double? {
    switch v {
    case .int(let i): return Double(i)
    case .bool(let b): return b ? 1 : 0
    case .float(let d): return d
    case .string(let s), .markup(let s):
      let t = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
      switch t.lowercased() {
      case "inf", "+inf", "infinity", "+infinity": return .infinity
      case "-inf", "-infinity": return -.infinity
      case "nan", "+nan", "-nan": return .nan
      default: break
      }
      guard !t.isEmpty, t.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
      return Double(t)
    default: return nil
    }
  }

  /// Python's round-half-even `round(x, n)` via correctly rounded decimal formatting.
  static func pyRound(_ d: Double, _ n: Int) -> Double {
    if !d.isFinite { return d }
    if n >= 0 {
      return Double(String(format: "%.\(min(n, 300))f", d)) ?? d
    }
    let p = Foundation.pow(10.0, Double(-n))
    let scaled = d / p
    let r = scaled.rounded(.toNearestOrEven)
    return r * p
  }

  static func titleJinja(_ s: String) -> String {
    // jinja2: capitalise each chunk split by runs of `-`, whitespace, `(`, `{`, `[`, `<`.
    var out = ""
    var startOfWord = true
    for c in s {
      if c == "-" || c.isWhitespace || "({[<".contains(c) {
        out.append(c)
        startOfWord = true
      } else if startOfWord {
        out += c.uppercased()
        startOfWord = false
      } else {
        out += c.lowercased()
      }
    }
    return out
  }

  static func selectOrReject(
    _ v: Value, _ a: Arguments, _ state: RenderState, attr: Bool, select: Bool
  ) throws -> Value {
    var positional = a.positional
    var getter: (Value) throws -> Value = { $0 }
    if attr {
      guard !positional.isEmpty else { throw JinjaError.type("Missing parameter for attribute name") }
      getter = attrGetter(state, positional.removeFirst())
    }
    var test: ((Value) throws -> Bool) = { $0.isTruthy }
    if !positional.isEmpty {
      guard let name = positional.removeFirst().stringValue else {
        throw JinjaError.type("test name must be a string")
      }
      guard let t = state.environment.tests[name] else {
        throw JinjaError.runtime("No test named '\(name)'.")
      }
      let rest = Arguments(positional, keyword: a.keyword)
      test = { try t($0, rest, state) }
    }
    var out: [Value] = []
    for item in try items(v, "select") where try test(try getter(item)) == select {
      out.append(item)
    }
    return .list(out)
  }

  static func minMax(_ v: Value, _ a: Arguments, _ state: RenderState, max: Bool) throws -> Value {
    let caseSensitive = arg(a, 0, "case_sensitive")?.isTruthy ?? false
    let getter = attrGetter(state, arg(a, 1, "attribute"))
    let list = try items(v, "min")
    guard !list.isEmpty else {
      return .undefined(UndefinedInfo(custom: "No aggregated item, sequence was empty."))
    }
    var best = list[0]
    var bestKey = sortKey(try getter(best), caseSensitive: caseSensitive)
    for item in list.dropFirst() {
      let k = sortKey(try getter(item), caseSensitive: caseSensitive)
      let c = try Value.compare(k, bestKey, max ? ">" : "<")
      if max ? c > 0 : c < 0 {
        best = item
        bestKey = k
      }
    }
    return best
  }

  static func toJSON(_ v: Value, indent: Int?, sortKeys: Bool = true, level: Int = 0) throws -> String {
    // json.dumps raises on a container inside itself; any nesting this deep is one (or would
    // overflow the stack).
    if level > Value.maxReprDepth { throw JinjaError.type("Circular reference detected") }
    func esc(_ s: String) -> String {
      var out = "\""
      for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
          if u.value < 0x20 || u.value > 0x7E {
            if u.value > 0xFFFF {
              let v = u.value - 0x10000
              out += "\\u" + PyString.hex(0xD800 + (v >> 10), 4) + "\\u" + PyString.hex(0xDC00 + (v & 0x3FF), 4)
            } else {
              out += "\\u" + PyString.hex(u.value, 4)
            }
          } else {
            out.unicodeScalars.append(u)
          }
        }
      }
      return out + "\""
    }
    let nl = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
    let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
    let sep = indent == nil ? ", " : ","
    switch v {
    case .none, .undefined: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let d):
      if d.isNaN { return "NaN" }
      if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
      return PyFloat.repr(d)
    case .string(let s), .markup(let s): return esc(s)
    case .list, .tuple:
      let items = v.iterationItems() ?? []
      if items.isEmpty { return "[]" }
      return "[" + nl + (try items.map { try toJSON($0, indent: indent, sortKeys: sortKeys, level: level + 1) }).joined(separator: sep + nl) + close + "]"
    case .dict(let d):
      if d.items.isEmpty { return "{}" }
      // jinja2's tojson filter passes sort_keys=True; dbt's tojson() function keeps the order.
      let keys = sortKeys ? try sorted(Array(d.items.keys), reverse: false, caseSensitive: true, key: nil) : Array(d.items.keys)
      let parts = try keys.map { k -> String in
        let ks: String
        switch k {
        case .string(let s), .markup(let s): ks = s
        case .none: ks = "null"
        case .bool(let b): ks = b ? "true" : "false"
        default: ks = k.pythonStr
        }
        return esc(ks) + ": " + (try toJSON(d.items[k] ?? Value.none, indent: indent, sortKeys: sortKeys, level: level + 1))
      }
      return "{" + nl + parts.joined(separator: sep + nl) + close + "}"
    case .object(let o): return esc(o.renderedText)
    case .callable(let c): throw JinjaError.type("Object of type \(c.name) is not JSON serializable")
    }
  }

  static func wordwrap(_ s: String, width: Int, breakLong: Bool, wrap: String) -> String {
    // textwrap.wrap per paragraph line, like jinja2 (which keeps existing line breaks).
    var outLines: [String] = []
    for para in s.components(separatedBy: "\n") {
      let words = para.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      if words.isEmpty {
        outLines.append("")
        continue
      }
      var line = ""
      for var w in words {
        while breakLong && w.count > width {
          if !line.isEmpty {
            let room = width - line.count - 1
            if room > 0 {
              line += " " + w.prefix(room)
              w = String(w.dropFirst(room))
            }
            outLines.append(line)
            line = ""
            continue
          }
          outLines.append(String(w.prefix(width)))
          w = String(w.dropFirst(width))
        }
        if w.isEmpty { continue }
        if line.isEmpty {
          line = w
        } else if line.count + 1 + w.count <= width {
          line += " " + w
        } else {
          outLines.append(line)
          line = w
        }
      }
      if !line.isEmpty { outLines.append(line) }
    }
    return outLines.joined(separator: wrap)
  }

  static func splitLines(_ s: String) -> [String] {
    // Python's str.splitlines() boundaries, found on UTF-8 bytes: \n \v \f \r (\r\n is one)
    // \x1c \x1d \x1e, U+0085 (C2 85), U+2028/U+2029 (E2 80 A8/A9).
    var lines: [String] = []
    var str = s
    str.withUTF8 { b in
      var start = 0
      var i = 0
      func cut(_ end: Int, _ next: Int) {
        lines.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
        start = next
      }
      while i < b.count {
        let c = b[i]
        switch c {
        case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E:
          cut(i, i + 1)
          i += 1
        case 0x0D:
          let next = i + 1 < b.count && b[i + 1] == 0x0A ? i + 2 : i + 1
          cut(i, next)
          i = next
        case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85:
          cut(i, i + 2)
          i += 2
        case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
          cut(i, i + 3)
          i += 3
        default:
          i += 1
        }
      }
      if start < b.count { cut(b.count, b.count) }
    }
    return lines
  }

}
