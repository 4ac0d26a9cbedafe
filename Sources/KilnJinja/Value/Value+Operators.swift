import Foundation

/// Binary arithmetic operators.
enum BinaryOp: String, Sendable {
  case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
}

extension Value {
  static func unsupported(_ op: String, _ a: Value, _ b: Value) -> JinjaError {
    .type("unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
  }

  static func checkDefined(_ v: Value) throws {
    if case .undefined(let u) = v { throw JinjaError.undefined(u.message) }
  }

  /// Applies an arithmetic operator with Python semantics.
  static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    try checkDefined(a)
    try checkDefined(b)
    switch op {
    case .add:
      switch (a, b) {
      case (.string(let x), .string(let y)): return .string(x + y)
      case (.markup(let x), .markup(let y)): return .markup(x + y)
      case (.markup(let x), .string(let y)): return .markup(x + Filters.escapeHTML(y))
      case (.string(let x), .markup(let y)): return .markup(Filters.escapeHTML(x) + y)
      case (.list(let x), .list(let y)): return .list(x.items + y.items)
      case (.tuple(let x), .tuple(let y)): return .tuple(x + y)
      default: return try numeric(op, a, b)
      }
    case .mul:
      switch (a, b) {
      case (.string(let s), _), (_, .string(let s)):
        guard let n = (b.stringValue == nil ? b : a).intValue else { throw unsupported("*", a, b) }
        if n > 0 { _ = try SizeLimit.check(n, times: s.utf8.count) }
        return .string(n > 0 ? String(repeating: s, count: n) : "")
      case (.list(let l), _), (_, .list(let l)):
        guard let n = (b.intValue != nil ? b : a).intValue else { throw unsupported("*", a, b) }
        if n > 0 { _ = try SizeLimit.check(n, times: l.items.count, limit: SizeLimit.maxItems) }
        return .list(n > 0 ? Array([[Value]](repeating: l.items, count: n).joined()) : [])
      case (.tuple(let l), _), (_, .tuple(let l)):
        guard let n = (b.intValue != nil ? b : a).intValue else { throw unsupported("*", a, b) }
        if n > 0 { _ = try SizeLimit.check(n, times: l.count, limit: SizeLimit.maxItems) }
        return .tuple(n > 0 ? Array([[Value]](repeating: l, count: n).joined()) : [])
      default: return try numeric(op, a, b)
      }
    case .mod:
      if let s = a.stringValue {
        if case .markup = a {
          // Markup escapes its format arguments.
          func esc(_ v: Value) -> Value {
            if case .string(let x) = v { return .markup(Filters.escapeHTML(x)) }
            return v
          }
          let escaped: Value
          if case .tuple(let t) = b { escaped = .tuple(t.map(esc)) } else { escaped = esc(b) }
          return .markup(try PercentFormat.format(s, escaped))
        }
        return .string(try PercentFormat.format(s, b))
      }
      return try numeric(op, a, b)
    default:
      return try numeric(op, a, b)
    }
  }

  static func numeric(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    if let x = a.intValue, let y = b.intValue {
      switch op {
      case .add: return try checked(x.addingReportingOverflow(y))
      case .sub: return try checked(x.subtractingReportingOverflow(y))
      case .mul: return try checked(x.multipliedReportingOverflow(by: y))
      case .div:
        if y == 0 { throw JinjaError.type("division by zero") }
        return .float(Double(x) / Double(y))
      case .floorDiv:
        if y == 0 { throw JinjaError.type("integer division or modulo by zero") }
        let q = x / y
        return .int((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q)
      case .mod:
        if y == 0 { throw JinjaError.type("integer modulo by zero") }
        let r = x % y
        return .int((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
      case .pow:
        if y < 0 { return .float(Foundation.pow(Double(x), Double(y))) }
        var result = 1
        var base = x
        var e = y
        while e > 0 {
          if e & 1 == 1 { result = try checkedInt(result.multipliedReportingOverflow(by: base)) }
          e >>= 1
          if e > 0 { base = try checkedInt(base.multipliedReportingOverflow(by: base)) }
        }
        return .int(result)
      }
    }
    guard let x = a.numericDouble, let y = b.numericDouble else {
      throw unsupported(op.rawValue, a, b)
    }
    switch op {
    case .add: return .float(x + y)
    case .sub: return .float(x - y)
    case .mul: return .float(x * y)
    case .div:
      if y == 0 { throw JinjaError.type("float division by zero") }
      return .float(x / y)
    case .floorDiv:
      if y == 0 { throw JinjaError.type("float floor division by zero") }
      return .float((x / y).rounded(.down))
    case .mod:
      if y == 0 { throw JinjaError.type("float modulo") }
      let r = fmod(x, y)
      return .float((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
    case .pow:
      return .float(Foundation.pow(x, y))
    }
  }

  private static func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Value {
    .int(try checkedInt(r))
  }

  private static func checkedInt(_ r: (partialValue: Int, overflow: Bool)) throws -> Int {
    if r.overflow { throw JinjaError.type("integer overflow (Kiln integers are 64-bit)") }
    return r.partialValue
  }

  /// Python ordering comparison; throws TypeError for unorderable types.
  static func compare(_ a: Value, _ b: Value, _ op: String) throws -> Int {
    switch (a, b) {
    case (.string(let x), .string(let y)), (.markup(let x), .markup(let y)),
      (.string(let x), .markup(let y)), (.markup(let x), .string(let y)):
      // Python compares strings by code point.
      return UTF8Search.compare(x, y)
    case (.list(let x), .list(let y)): return try compareSeq(x.items, y.items, op)
    case (.tuple(let x), .tuple(let y)): return try compareSeq(x, y, op)
    default:
      if let i = a.intValue, let j = b.intValue { return i < j ? -1 : (i == j ? 0 : 1) }
      if let x = a.numericDouble, let y = b.numericDouble { return x < y ? -1 : (x == y ? 0 : 1) }
      if case .undefined(let u) = a { throw JinjaError.undefined(u.message) }
      if case .undefined(let u) = b { throw JinjaError.undefined(u.message) }
      throw JinjaError.type(
        "'\(op)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }
  }

  private static func compareSeq(_ x: [Value], _ y: [Value], _ op: String) throws -> Int {
    for (p, q) in zip(x, y) where p != q { return try compare(p, q, op) }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
  }

  /// Python `in`.
  static func contains(_ container: Value, _ item: Value) throws -> Bool {
    switch container {
    case .string(let s), .markup(let s):
      guard let sub = item.stringValue else {
        throw JinjaError.type("'in <string>' requires string as left operand, not \(item.typeName)")
      }
      return sub.isEmpty || UTF8Search.first(sub, in: s) != nil
    case .list(let l): return l.items.contains(item)
    case .tuple(let t): return t.contains(item)
    case .dict(let d): return d.items[item] != nil
    case .undefined: return false
    case .object(let o):
      if let items = o.iterate() { return items.contains(item) }
      return false
    default:
      throw JinjaError.type("argument of type '\(container.typeName)' is not iterable")
    }
  }
}
