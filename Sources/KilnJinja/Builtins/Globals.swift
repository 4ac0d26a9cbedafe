import OrderedCollections

/// jinja2's default globals (`range`, `dict`, `cycler`, `joiner`, `namespace`), sandboxed.
enum Globals {
  /// jinja2's sandbox refuses ranges larger than this.
  static let maxRange = 100_000

  static let builtin: [String: Value] = [
    "range": .function("range") { a, _ in
      let p = a.positional
      guard (1...3).contains(p.count) else {
        throw JinjaError.type("range expected at most 3 arguments, got \(p.count)")
      }
      let ints = try p.map { v -> Int in
        guard let i = v.intValue else {
          throw JinjaError.type("'\(v.typeName)' object cannot be interpreted as an integer")
        }
        return i
      }
      let (start, stop, step) =
        ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count == 3 ? ints[2] : 1)
      if step == 0 { throw JinjaError.type("range() arg 3 must not be zero") }
      let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
      if count > maxRange {
        throw JinjaError.type(
          "Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(maxRange)).")
      }
      return .object(RangeObject(start: start, stop: stop, step: step, count: count))
    },
    "dict": .function("dict") { a, _ in
      var d = OrderedDictionary<Value, Value>()
      if let first = a.positional.first {
        if case .dict(let o) = first { d = o.items } else if let pairs = first.iterationItems() {
          for p in pairs {
            guard let kv = p.iterationItems(), kv.count == 2 else {
              throw JinjaError.type("dictionary update sequence element has wrong length")
            }
            d[kv[0]] = kv[1]
          }
        }
      }
      for (k, v) in a.keyword { d[.string(k)] = v }
      return .dict(d)
    },
    "namespace": .function("namespace") { a, _ in
      var values = OrderedDictionary<String, Value>()
      if case .dict(let d)? = a.positional.first {
        for (k, v) in d.items { values[k.pythonStr] = v }
      }
      for (k, v) in a.keyword { values[k] = v }
      return .object(Namespace(values))
    },
    "cycler": .function("cycler") { a, _ in
      guard !a.positional.isEmpty else { throw JinjaError.runtime("at least one item has to be provided") }
      return .object(Cycler(a.positional))
    },
    "joiner": .function("joiner") { a, _ in
      let sep = a.positional.first ?? a.keyword["sep"] ?? .string(", ")
      return .object(Joiner(sep.stringValue ?? sep.pythonStr))
    },
  ]
}

/// jinja2's `cycler(...)`.
final class Cycler: JinjaObject, @unchecked Sendable {
  // @unchecked: lives inside one render.
  let items: [Value]
  var pos = 0
  init(_ items: [Value]) { self.items = items }
  var renderedText: String { "<Cycler>" }
  var typeName: String { "Cycler" }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "current": return items[pos]
    case "next":
      return .function("next") { [self] _, _ in
        let v = self.items[self.pos]
        self.pos = (self.pos + 1) % self.items.count
        return v
      }
    case "reset":
      return .function("reset") { [self] _, _ in
        self.pos = 0
        return .none
      }
    default: return nil
    }
  }
}

/// jinja2's `joiner(sep)`: returns "" the first call, `sep` afterwards.
final class Joiner: JinjaObject, JinjaCallable, @unchecked Sendable {
  // @unchecked: lives inside one render.
  let sep: String
  var used = false
  init(_ sep: String) { self.sep = sep }
  var name: String { "joiner" }
  var renderedText: String { "<Joiner>" }
  var typeName: String { "Joiner" }
  func attribute(_ name: String) -> Value? { nil }
  func call(_ args: Arguments, _ state: RenderState) throws -> Value {
    if used { return .string(sep) }
    used = true
    return .string("")
  }
}
