/// jinja2's builtin tests.
enum Tests {
  static func arg(_ a: Arguments, _ name: String) throws -> Value {
    guard let v = a.positional.first ?? a.keyword.values.first else {
      throw JinjaError.type("test '\(name)' needs an argument")
    }
    return v
  }

  static let builtin: [String: TestFunction] = {
    var t: [String: TestFunction] = [:]
    t["odd"] = { v, _, _ in
      guard let i = v.intValue else { throw JinjaError.type("not all arguments converted during string formatting") }
      return i % 2 != 0
    }
    t["even"] = { v, _, _ in
      guard let i = v.intValue else { throw JinjaError.type("not all arguments converted during string formatting") }
      return i % 2 == 0
    }
    t["divisibleby"] = { v, a, _ in
      let n = try arg(a, "divisibleby")
      guard let x = v.intValue, let y = n.intValue else {
        guard let x = v.numericDouble, let y = n.numericDouble else { throw JinjaError.type("unsupported operand type(s) for %") }
        return x.truncatingRemainder(dividingBy: y) == 0
      }
      if y == 0 { throw JinjaError.type("integer division or modulo by zero") }
      return x % y == 0
    }
    t["defined"] = { v, _, _ in !v.isUndefined }
    t["undefined"] = { v, _, _ in v.isUndefined }
    t["none"] = { v, _, _ in v.isNone }
    t["boolean"] = { v, _, _ in if case .bool = v { return true }; return false }
    t["false"] = { v, _, _ in if case .bool(false) = v { return true }; return false }
    t["true"] = { v, _, _ in if case .bool(true) = v { return true }; return false }
    t["integer"] = { v, _, _ in if case .int = v { return true }; return false }
    t["float"] = { v, _, _ in if case .float = v { return true }; return false }
    t["number"] = { v, _, _ in
      switch v {
      case .int, .float, .bool: return true
      default: return false
      }
    }
    t["string"] = { v, _, _ in v.stringValue != nil }
    t["mapping"] = { v, _, _ in if case .dict = v { return true }; return false }
    t["sequence"] = { v, _, _ in
      switch v {
      case .string, .markup, .list, .tuple, .dict: return true
      case .object(let o): return o.iterate() != nil
      default: return false
      }
    }
    t["iterable"] = { v, _, _ in
      switch v {
      case .string, .markup, .list, .tuple, .dict, .undefined: return true
      case .object(let o): return o.iterate() != nil
      default: return false
      }
    }
    t["callable"] = { v, _, _ in
      switch v {
      case .callable: return true
      case .object(let o): return o is any JinjaCallable
      default: return false
      }
    }
    t["sameas"] = { v, a, _ in
      let o = try arg(a, "sameas")
      switch (v, o) {
      case (.none, .none): return true
      case (.bool(let x), .bool(let y)): return x == y
      case (.list(let x), .list(let y)): return x === y
      case (.dict(let x), .dict(let y)): return x === y
      case (.object(let x), .object(let y)): return x === y
      case (.callable(let x), .callable(let y)): return x === y
      case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256  // CPython small ints
      case (.string(let x), .string(let y)): return x == y
      default: return false
      }
    }
    t["escaped"] = { v, _, _ in if case .markup = v { return true }; return false }
    t["lower"] = { v, _, _ in
      let s = v.stringValue ?? v.pythonStr
      return s.contains { $0.isLetter } && s == s.lowercased() && s != s.uppercased()
    }
    t["upper"] = { v, _, _ in
      let s = v.stringValue ?? v.pythonStr
      return s.contains { $0.isLetter } && s == s.uppercased() && s != s.lowercased()
    }
    t["in"] = { v, a, _ in try Value.contains(try arg(a, "in"), v) }
    t["filter"] = { v, _, s in v.stringValue.map { s.environment.filters[$0] != nil } ?? false }
    t["test"] = { v, _, s in v.stringValue.map { s.environment.tests[$0] != nil } ?? false }
    let eq: TestFunction = { v, a, _ in v == (try arg(a, "eq")) }
    let ne: TestFunction = { v, a, _ in v != (try arg(a, "ne")) }
    let lt: TestFunction = { v, a, _ in try Value.compare(v, try arg(a, "lt"), "<") < 0 }
    let le: TestFunction = { v, a, _ in try Value.compare(v, try arg(a, "le"), "<=") <= 0 }
    let gt: TestFunction = { v, a, _ in try Value.compare(v, try arg(a, "gt"), ">") > 0 }
    let ge: TestFunction = { v, a, _ in try Value.compare(v, try arg(a, "ge"), ">=") >= 0 }
    for n in ["eq", "==", "equalto"] { t[n] = eq }
    for n in ["ne", "!="] { t[n] = ne }
    for n in ["lt", "<", "lessthan"] { t[n] = lt }
    for n in ["le", "<="] { t[n] = le }
    for n in ["gt", ">", "greaterthan"] { t[n] = gt }
    for n in ["ge", ">="] { t[n] = ge }
    return t
  }()
}
