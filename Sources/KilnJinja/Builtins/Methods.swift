import Foundation
import OrderedCollections

/// A method bound to its receiver (`'a,b'.split`).
final class BoundMethod: JinjaCallable, @unchecked Sendable {
  // @unchecked: the receiver is a render-local value.
  let receiver: Value
  let name: String
  let body: (Value, Arguments) throws -> Value
  init(_ receiver: Value, _ name: String, _ body: @escaping (Value, Arguments) throws -> Value) {
    self.receiver = receiver
    self.name = name
    self.body = body
  }
  func call(_ args: Arguments, _ state: RenderState) throws -> Value { try body(receiver, args) }
}

/// Python's `str`, `list` and `dict` methods.
enum Methods {
  static func isPythonInternal(_ name: String) -> Bool { name.hasPrefix("__") || name.hasPrefix("_") }

  static func bound(_ v: Value, _ name: String) -> Value? {
    let impl: ((Value, Arguments) throws -> Value)?
    switch v {
    case .string, .markup: impl = stringMethod(name)
    case .list: impl = listMethod(name)
    case .dict: impl = dictMethod(name)
    case .int, .float, .bool: impl = numberMethod(name)
    default: impl = nil
    }
    guard let impl else { return nil }
    return .callable(BoundMethod(v, name, impl))
  }

  static func str(_ v: Value) -> String { v.stringValue ?? v.pythonStr }

  static func argString(_ a: Arguments, _ i: Int, _ fn: String) throws -> String? {
    guard i < a.positional.count else { return nil }
    let v = a.positional[i]
    if v.isNone { return nil }
    guard let s = v.stringValue else {
      throw JinjaError.type("\(fn) arg must be None or str")
    }
    return s
  }

  static func argInt(_ a: Arguments, _ i: Int, _ key: String? = nil) throws -> Int? {
    let v: Value? = i < a.positional.count ? a.positional[i] : key.flatMap { a.keyword[$0] }
    guard let v, !v.isNone else { return nil }
    guard let n = v.intValue else {
      throw JinjaError.type("'\(v.typeName)' object cannot be interpreted as an integer")
    }
    return n
  }

  static func stringMethod(_ name: String) -> ((Value, Arguments) throws -> Value)? {
    switch name {
    case "lower": return { s, _ in .string(str(s).lowercased()) }
    case "upper": return { s, _ in .string(str(s).uppercased()) }
    case "title": return { s, _ in .string(PyText.title(str(s))) }
    case "capitalize": return { s, _ in .string(PyText.capitalize(str(s))) }
    case "swapcase":
      return { s, _ in
        .string(String(str(s).map { c in
          let t = String(c)
          return t == t.uppercased() ? Character(t.lowercased()) : Character(t.uppercased())
        }))
      }
    case "strip", "lstrip", "rstrip":
      return { s, a in
        let chars = try argString(a, 0, name)
        return .string(PyText.strip(str(s), chars, left: name != "rstrip", right: name != "lstrip"))
      }
    case "split", "rsplit":
      return { s, a in
        let sep = try argString(a, 0, name) ?? a.keyword["sep"]?.stringValue
        let maxsplit = try argInt(a, 1, "maxsplit") ?? -1
        let parts = try PyText.split(str(s), sep, maxsplit: maxsplit, fromRight: name == "rsplit")
        return .list(parts.map { .string($0) })
      }
    case "splitlines":
      return { s, _ in
        .list(Filters.splitLines(str(s)).map { .string($0) })
      }
    case "replace":
      return { s, a in
        guard a.positional.count >= 2, let old = a.positional[0].stringValue,
          let new = a.positional[1].stringValue
        else { throw JinjaError.type("replace() takes at least 2 string arguments") }
        let count = try argInt(a, 2) ?? -1
        return .string(PyText.replace(str(s), old, new, count: count))
      }
    case "startswith", "endswith":
      return { s, a in
        guard let p = a.positional.first else {
          throw JinjaError.type("\(name)() takes at least 1 argument (0 given)")
        }
        let subject = str(s)
        let candidates: [Value] = p.iterationItems().flatMap { p.stringValue == nil ? $0 : nil } ?? [p]
        for c in candidates {
          guard let t = c.stringValue else {
            throw JinjaError.type("\(name) first arg must be str or a tuple of str, not \(c.typeName)")
          }
          // By code point (UTF-8 bytes), not Swift's canonical-equivalence `hasPrefix`.
          if name == "startswith" ? subject.utf8.starts(with: t.utf8) : subject.utf8.reversed().starts(with: t.utf8.reversed()) {
            return .bool(true)
          }
        }
        return .bool(false)
      }
    case "join":
      return { s, a in
        guard let items = a.positional.first?.iterationItems() else {
          throw JinjaError.type("can only join an iterable")
        }
        var parts: [String] = []
        for i in items {
          guard let t = i.stringValue else {
            throw JinjaError.type("sequence item \(parts.count): expected str instance, \(i.typeName) found")
          }
          parts.append(t)
        }
        return .string(parts.joined(separator: str(s)))
      }
    case "format":
      return { s, a in .string(try StrFormat.format(str(s), a)) }
    case "count":
      return { s, a in
        guard let sub = try argString(a, 0, "count") else { throw JinjaError.type("count() takes a string") }
        return .int(PyText.count(str(s), sub))
      }
    case "find", "rfind", "index", "rindex":
      return { s, a in
        guard let sub = try argString(a, 0, name) else { throw JinjaError.type("\(name)() takes a string") }
        let r = PyText.find(str(s), sub, reverse: name.hasPrefix("r"))
        if r < 0 && name.hasSuffix("index") { throw JinjaError.type("substring not found") }
        return .int(r)
      }
    case "isdigit", "isnumeric", "isdecimal":
      return { s, _ in let t = str(s); return .bool(!t.isEmpty && t.allSatisfy { $0.isNumber }) }
    case "isalpha": return { s, _ in let t = str(s); return .bool(!t.isEmpty && t.allSatisfy { $0.isLetter }) }
    case "isalnum":
      return { s, _ in let t = str(s); return .bool(!t.isEmpty && t.allSatisfy { $0.isLetter || $0.isNumber }) }
    case "isspace": return { s, _ in let t = str(s); return .bool(!t.isEmpty && t.allSatisfy { $0.isWhitespace }) }
    case "isupper":
      return { s, _ in let t = str(s); return .bool(t.contains { $0.isLetter } && t == t.uppercased() && t != t.lowercased()) }
    case "islower":
      return { s, _ in let t = str(s); return .bool(t.contains { $0.isLetter } && t == t.lowercased() && t != t.uppercased()) }
    case "istitle": return { s, _ in let t = str(s); return .bool(!t.isEmpty && PyText.title(t) == t && t.contains { $0.isLetter }) }
    case "zfill":
      return { s, a in
        let w = try SizeLimit.check(max(0, try argInt(a, 0) ?? 0))
        var t = str(s)
        var sign = ""
        if t.hasPrefix("-") || t.hasPrefix("+") { sign = String(t.removeFirst()) }
        let pad = max(0, w - t.unicodeScalars.count - sign.count)
        return .string(sign + String(repeating: "0", count: pad) + t)
      }
    case "center", "ljust", "rjust":
      return { s, a in
        let w = try SizeLimit.check(max(0, try argInt(a, 0) ?? 0))
        let fill = try argString(a, 1, name) ?? " "
        return .string(PyText.pad(str(s), w, fill, name == "center" ? .center : (name == "ljust" ? .left : .right)))
      }
    case "partition", "rpartition":
      return { s, a in
        guard let sep = try argString(a, 0, name), !sep.isEmpty else { throw JinjaError.type("empty separator") }
        let t = str(s)
        let hit = UTF8Search.occurrences(of: sep, in: t, limit: 1, fromRight: name == "rpartition")
        guard let at = hit.first else {
          return name == "partition" ? .tuple([.string(t), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(t)])
        }
        let parts = UTF8Search.split(t, at: [at], length: sep.utf8.count)
        return .tuple([.string(parts[0]), .string(sep), .string(parts[1])])
      }
    case "removeprefix":
      return { s, a in
        let p = try argString(a, 0, name) ?? ""
        let t = str(s)
        return .string(t.hasPrefix(p) ? String(t.dropFirst(p.count)) : t)
      }
    case "removesuffix":
      return { s, a in
        let p = try argString(a, 0, name) ?? ""
        let t = str(s)
        return .string(t.hasSuffix(p) && !p.isEmpty ? String(t.dropLast(p.count)) : t)
      }
    case "encode": return { s, _ in s }
    default: return nil
    }
  }

  static func listMethod(_ name: String) -> ((Value, Arguments) throws -> Value)? {
    func box(_ v: Value) -> ListBox {
      if case .list(let b) = v { return b }
      return ListBox([])
    }
    switch name {
    case "append":
      return { l, a in
        guard a.positional.count == 1 else { throw JinjaError.type("list.append() takes exactly one argument (\(a.positional.count) given)") }
        box(l).items.append(a.positional[0])
        return .none
      }
    case "extend":
      return { l, a in
        guard let items = a.positional.first?.iterationItems() else { throw JinjaError.type("list.extend() argument must be iterable") }
        box(l).items.append(contentsOf: items)
        return .none
      }
    case "pop":
      return { l, a in
        let b = box(l)
        if b.items.isEmpty { throw JinjaError.type("pop from empty list") }
        var i = try argInt(a, 0) ?? (b.items.count - 1)
        if i < 0 { i += b.items.count }
        guard i >= 0 && i < b.items.count else { throw JinjaError.type("pop index out of range") }
        return b.items.remove(at: i)
      }
    case "insert":
      return { l, a in
        guard a.positional.count == 2, var i = a.positional[0].intValue else { throw JinjaError.type("insert expected 2 arguments") }
        let b = box(l)
        if i < 0 { i = max(0, i + b.items.count) }
        b.items.insert(a.positional[1], at: min(i, b.items.count))
        return .none
      }
    case "remove":
      return { l, a in
        let b = box(l)
        guard let x = a.positional.first, let i = b.items.firstIndex(of: x) else { throw JinjaError.type("list.remove(x): x not in list") }
        b.items.remove(at: i)
        return .none
      }
    case "index":
      return { l, a in
        guard let x = a.positional.first, let i = box(l).items.firstIndex(of: x) else {
          throw JinjaError.type("\(a.positional.first?.pythonRepr ?? "") is not in list")
        }
        return .int(i)
      }
    case "count": return { l, a in .int(box(l).items.filter { $0 == a.positional.first }.count) }
    case "reverse": return { l, _ in box(l).items.reverse(); return .none }
    case "sort":
      return { l, a in
        let reverse = a.keyword["reverse"]?.isTruthy ?? false
        box(l).items = try Filters.sorted(box(l).items, reverse: reverse, caseSensitive: true, key: nil)
        return .none
      }
    case "copy": return { l, _ in .list(box(l).items) }
    case "clear": return { l, _ in box(l).items.removeAll(); return .none }
    default: return nil
    }
  }

  static func dictMethod(_ name: String) -> ((Value, Arguments) throws -> Value)? {
    func box(_ v: Value) -> DictBox {
      if case .dict(let b) = v { return b }
      return DictBox()
    }
    switch name {
    case "items": return { d, _ in .object(DictView(box(d), .items)) }
    case "keys": return { d, _ in .object(DictView(box(d), .keys)) }
    case "values": return { d, _ in .object(DictView(box(d), .values)) }
    case "get":
      return { d, a in
        guard let k = a.positional.first else { throw JinjaError.type("get expected at least 1 argument, got 0") }
        return box(d).items[k] ?? (a.positional.count > 1 ? a.positional[1] : .none)
      }
    case "update":
      return { d, a in
        let b = box(d)
        if let other = a.positional.first {
          if case .dict(let o) = other {
            for (k, v) in o.items { b.items[k] = v }
          } else if let pairs = other.iterationItems() {
            for p in pairs {
              guard let kv = p.iterationItems(), kv.count == 2 else { throw JinjaError.type("dictionary update sequence element has wrong length") }
              b.items[kv[0]] = kv[1]
            }
          }
        }
        for (k, v) in a.keyword { b.items[.string(k)] = v }
        return .none
      }
    case "pop":
      return { d, a in
        guard let k = a.positional.first else { throw JinjaError.type("pop expected at least 1 argument, got 0") }
        if let v = box(d).items.removeValue(forKey: k) { return v }
        if a.positional.count > 1 { return a.positional[1] }
        throw JinjaError.type("KeyError: \(k.pythonRepr)")
      }
    case "setdefault":
      return { d, a in
        guard let k = a.positional.first else { throw JinjaError.type("setdefault expected at least 1 argument, got 0") }
        let b = box(d)
        if let v = b.items[k] { return v }
        let v = a.positional.count > 1 ? a.positional[1] : .none
        b.items[k] = v
        return v
      }
    case "copy": return { d, _ in .dict(box(d).items) }
    case "clear": return { d, _ in box(d).items.removeAll(); return .none }
    default: return nil
    }
  }

  static func numberMethod(_ name: String) -> ((Value, Arguments) throws -> Value)? {
    switch name {
    case "is_integer":
      return { v, _ in
        if case .float(let d) = v { return .bool(d.rounded() == d) }
        return .bool(true)
      }
    default: return nil
    }
  }
}

/// Python text algorithms shared by methods and filters.
enum PyText {
  static func isPySpace(_ c: Character) -> Bool { c.isWhitespace }

  static func strip(_ s: String, _ chars: String?, left: Bool, right: Bool) -> String {
    let set: (Character) -> Bool
    if let chars { let cs = Set(chars); set = { cs.contains($0) } } else { set = isPySpace }
    var sub = Substring(s)
    if left { sub = sub.drop(while: set) }
    if right { while let l = sub.last, set(l) { sub = sub.dropLast() } }
    return String(sub)
  }

  static func split(_ s: String, _ sep: String?, maxsplit: Int, fromRight: Bool) throws -> [String] {
    if let sep {
      if sep.isEmpty { throw JinjaError.type("empty separator") }
      var parts = UTF8Search.split(s, at: UTF8Search.occurrences(of: sep, in: s), length: sep.utf8.count)
      if maxsplit >= 0 && parts.count > maxsplit + 1 {
        if fromRight {
          let head = parts[0..<(parts.count - maxsplit)].joined(separator: sep)
          parts = [head] + parts[(parts.count - maxsplit)...]
        } else {
          let tail = parts[maxsplit...].joined(separator: sep)
          parts = Array(parts[..<maxsplit]) + [tail]
        }
      }
      return parts
    }
    // Whitespace split: runs of whitespace, no empty strings.
    if fromRight {
      let rev = try split(String(s.reversed()), nil, maxsplit: maxsplit, fromRight: false)
      return rev.reversed().map { String($0.reversed()) }
    }
    var out: [String] = []
    var cur = ""
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      if isPySpace(c) {
        if !cur.isEmpty {
          out.append(cur)
          cur = ""
          if maxsplit >= 0 && out.count == maxsplit {
            let rest = String(s[i...]).drop(while: isPySpace)
            if !rest.isEmpty { out.append(String(rest)) }
            return out
          }
        }
      } else {
        cur.append(c)
      }
      i = s.index(after: i)
    }
    if !cur.isEmpty { out.append(cur) }
    return out
  }

  static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
    if !old.isEmpty { return UTF8Search.replace(s, old, new, count: count) }
    // An empty `old` matches before every code point and at the end.
    var out = ""
    var n = 0
    for c in s.unicodeScalars {
      if count < 0 || n < count { out += new; n += 1 }
      out.unicodeScalars.append(c)
    }
    if count < 0 || n < count { out += new }
    return out
  }

  static func count(_ s: String, _ sub: String) -> Int {
    if sub.isEmpty { return s.unicodeScalars.count + 1 }
    return UTF8Search.occurrences(of: sub, in: s).count
  }

  static func find(_ s: String, _ sub: String, reverse: Bool) -> Int {
    if sub.isEmpty { return reverse ? s.unicodeScalars.count : 0 }
    guard let at = UTF8Search.occurrences(of: sub, in: s, limit: 1, fromRight: reverse).first else {
      return -1
    }
    // Python indexes by code point: count the UTF-8 lead bytes before the match.
    return s.utf8.prefix(at).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
  }

  /// Python `str.title()`: uppercase after any non-letter, lowercase otherwise.
  static func title(_ s: String) -> String {
    var out = ""
    var prevCased = false
    for c in s {
      if c.isLetter {
        out += prevCased ? c.lowercased() : c.uppercased()
        prevCased = true
      } else {
        out.append(c)
        prevCased = false
      }
    }
    return out
  }

  static func capitalize(_ s: String) -> String {
    guard let f = s.first else { return s }
    return f.uppercased() + s.dropFirst().lowercased()
  }

  enum Align { case left, right, center }

  static func pad(_ s: String, _ width: Int, _ fill: String, _ align: Align) -> String {
    let n = s.unicodeScalars.count
    guard width > n else { return s }
    let total = width - n
    let f = fill.unicodeScalars.first.map { String($0) } ?? " "
    switch align {
    case .left: return s + String(repeating: f, count: total)
    case .right: return String(repeating: f, count: total) + s
    case .center:
      // CPython: left = total/2 + (total & width & 1)
      let left = total / 2 + (total & width & 1)
      return String(repeating: f, count: left) + s + String(repeating: f, count: total - left)
    }
  }
}

/// A live view of a dict (`d.items()`, `d.keys()`, `d.values()`), rendered as Python does.
final class DictView: JinjaObject, @unchecked Sendable {
  // @unchecked: lives inside one render.
  enum Kind: String { case items, keys, values }
  let box: DictBox
  let kind: Kind
  init(_ box: DictBox, _ kind: Kind) {
    self.box = box
    self.kind = kind
  }
  func iterate() -> [Value]? {
    switch kind {
    case .items: return box.items.map { .tuple([$0.key, $0.value]) }
    case .keys: return Array(box.items.keys)
    case .values: return Array(box.items.values)
    }
  }
  func attribute(_ name: String) -> Value? { nil }
  func item(_ key: Value) -> Value? { nil }
  var renderedText: String { "dict_\(kind.rawValue)(\(Value.list(iterate() ?? []).pythonRepr))" }
  var typeName: String { "dict_\(kind.rawValue)" }
}

/// Python's `range` object: iterable, indexable, rendered as `range(0, 3)`.
final class RangeObject: JinjaObject, @unchecked Sendable {
  // @unchecked: immutable.
  let start: Int, stop: Int, step: Int, count: Int
  init(start: Int, stop: Int, step: Int, count: Int) {
    self.start = start
    self.stop = stop
    self.step = step
    self.count = count
  }
  func iterate() -> [Value]? { (0..<count).map { .int(start + $0 * step) } }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "start": return .int(start)
    case "stop": return .int(stop)
    case "step": return .int(step)
    default: return nil
    }
  }
  func item(_ key: Value) -> Value? {
    guard var i = key.intValue else { return nil }
    if i < 0 { i += count }
    return i >= 0 && i < count ? .int(start + i * step) : nil
  }
  var isTruthy: Bool { count > 0 }
  var renderedText: String { step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))" }
  var typeName: String { "range" }
}
