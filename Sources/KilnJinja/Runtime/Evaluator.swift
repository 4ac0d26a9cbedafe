import KilnBase
import OrderedCollections

extension RenderState {
  func lookup(_ name: String, _ scope: Scope) -> Value {
    if let v = scope.lookup(name) { return v }
    if let v = globals[name] ?? shared[name] ?? environment.globals[name] { return v }
    return .undefined(UndefinedInfo(name: name))
  }

  func eval(_ e: Expr, _ scope: Scope) throws -> Value {
    if StackGuard.isLow { throw locate(StackGuard.error, e.span) }
    switch e {
    case .constant(let v):
      return v
    case .name(let n, _):
      return lookup(n, scope)
    case .list(let items):
      return .list(try items.map { try eval($0, scope) })
    case .tuple(let items):
      return .tuple(try items.map { try eval($0, scope) })
    case .dict(let pairs):
      var d = OrderedDictionary<Value, Value>()
      for (k, v) in pairs { d[try eval(k, scope)] = try eval(v, scope) }
      return .dict(d)
    case .attribute(let base, let name, let span):
      let b = try eval(base, scope)
      do { return try getAttribute(b, name) } catch { throw locate(error, span) }
    case .item(let base, let key, let span):
      let b = try eval(base, scope)
      let k = try eval(key, scope)
      do { return try getItem(b, k) } catch { throw locate(error, span) }
    case .slice(let base, let lo, let hi, let step, let span):
      let b = try eval(base, scope)
      let l = try lo.map { try eval($0, scope) }
      let h = try hi.map { try eval($0, scope) }
      let s = try step.map { try eval($0, scope) }
      do { return try slice(b, l, h, s) } catch { throw locate(error, span) }
    case .call(let callee, let args, let span):
      let fn = try eval(callee, scope)
      let a = try evalArgs(args, scope)
      do { return try callValue(fn, a, span: callee.span ?? span) } catch { throw locate(error, callee.span ?? span) }
    case .filter(let base, let name, let args, let span):
      let v = try eval(base, scope)
      do { return try applyFilter(name, v, args, scope, span) } catch { throw locate(error, span) }
    case .test(let base, let name, let args, let negated, let span):
      let v = try eval(base, scope)
      do {
        let r = try applyTest(name, v, args, scope, span)
        return .bool(negated ? !r : r)
      } catch { throw locate(error, span) }
    case .binary(let op, let a, let b, let span):
      let x = try eval(a, scope)
      let y = try eval(b, scope)
      do { return try Value.binary(op, x, y) } catch { throw locate(error, span) }
    case .negate(let a, let span):
      let x = try eval(a, scope)
      switch x {
      case .int(let i): return .int(-i)
      case .float(let d): return .float(-d)
      case .bool(let b): return .int(b ? -1 : 0)
      case .undefined(let u): throw locate(JinjaError.undefined(u.message), span)
      default: throw locate(JinjaError.type("bad operand type for unary -: '\(x.typeName)'"), span)
      }
    case .plus(let a, let span):
      let x = try eval(a, scope)
      switch x {
      case .int, .float: return x
      case .bool(let b): return .int(b ? 1 : 0)
      case .undefined(let u): throw locate(JinjaError.undefined(u.message), span)
      default: throw locate(JinjaError.type("bad operand type for unary +: '\(x.typeName)'"), span)
      }
    case .not(let a):
      return .bool(!(try eval(a, scope).isTruthy))
    case .and(let a, let b):
      let x = try eval(a, scope)
      return x.isTruthy ? try eval(b, scope) : x
    case .or(let a, let b):
      let x = try eval(a, scope)
      return x.isTruthy ? x : try eval(b, scope)
    case .compare(let first, let ops, let span):
      var left = try eval(first, scope)
      for (op, rhs) in ops {
        let right = try eval(rhs, scope)
        let ok: Bool
        do { ok = try compare(op, left, right) } catch { throw locate(error, span) }
        if !ok { return .bool(false) }
        left = right
      }
      return .bool(true)
    case .concat(let parts, let span):
      var s = ""
      for p in parts {
        let v = try eval(p, scope)
        do { s += try renderValue(v) } catch { throw locate(error, span) }
      }
      return .string(s)
    case .conditional(let then, let test, let otherwise, _):
      if try eval(test, scope).isTruthy { return try eval(then, scope) }
      if let otherwise { return try eval(otherwise, scope) }
      return .undefined(UndefinedInfo(custom: "the inline if-expression evaluated to false and no else section was defined."))
    }
  }

  func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Bool {
    switch op {
    case .eq: return a == b
    case .ne: return a != b
    case .lt: return try Value.compare(a, b, "<") < 0
    case .le: return try Value.compare(a, b, "<=") <= 0
    case .gt: return try Value.compare(a, b, ">") > 0
    case .ge: return try Value.compare(a, b, ">=") >= 0
    case .isIn: return try Value.contains(b, a)
    case .notIn: return !(try Value.contains(b, a))
    }
  }

  func evalArgs(_ args: [CallArg], _ scope: Scope) throws -> Arguments {
    var out = Arguments()
    for a in args {
      switch a {
      case .positional(let e): out.positional.append(try eval(e, scope))
      case .keyword(let k, let e): out.keyword[k] = try eval(e, scope)
      case .star(let e):
        let v = try eval(e, scope)
        guard let items = v.iterationItems() else {
          throw locate(JinjaError.type("argument after * must be an iterable, not \(v.typeName)"), e.span)
        }
        out.positional.append(contentsOf: items)
      case .doubleStar(let e):
        let v = try eval(e, scope)
        guard case .dict(let d) = v else {
          throw locate(JinjaError.type("argument after ** must be a mapping, not \(v.typeName)"), e.span)
        }
        for (k, val) in d.items {
          guard let ks = k.stringValue else { throw JinjaError.type("keywords must be strings") }
          out.keyword[ks] = val
        }
      }
    }
    return out
  }

  func callValue(_ fn: Value, _ args: Arguments, span: Span?) throws -> Value {
    switch fn {
    case .callable(let c):
      if let m = c as? MacroValue {
        do {
          return try m.call(args, self)
        } catch var j as JinjaError {
          if let span {
            j.notes.append(.init("in macro `\(m.def.name)` called here", span: spanOf(span)))
          }
          throw j
        }
      }
      // Host functions (ref, source, config...) read the call site for their diagnostics.
      let saved = currentCallSite
      if let span { currentCallSite = spanOf(span) }
      defer { currentCallSite = saved }
      return try c.call(args, self)
    case .object(let o):
      if let c = o as? any JinjaCallable { return try c.call(args, self) }
      throw JinjaError.type("'\(o.typeName)' object is not callable")
    case .undefined(let u):
      throw u.security ? JinjaError.security(u.message) : JinjaError.undefined(u.message)
    default:
      throw JinjaError.type("'\(fn.typeName)' object is not callable")
    }
  }

  // MARK: - attribute and item access (sandboxed, with jinja2's fallback between the two)

  static func ownerName(_ v: Value) -> String {
    switch v {
    case .none: return "None"
    case .object(let o): return o.typeName
    default: return "\(v.typeName) object"
    }
  }

  func getAttribute(_ base: Value, _ name: String) throws -> Value {
    switch base {
    case .undefined(let u):
      throw u.security ? JinjaError.security(u.message) : JinjaError.undefined(u.message)
    case .object(let o):
      if let v = o.attribute(name) { return v }
    case .dict(let d):
      if let m = Methods.bound(base, name) { return m }
      if let v = d.items[.string(name)] { return v }
    case .callable(let c):
      if let m = c as? MacroValue, let v = m.attribute(name) { return v }
    default:
      if let m = Methods.bound(base, name) { return m }
    }
    if name.hasPrefix("_") && Methods.isPythonInternal(name) {
      return .undefined(
        UndefinedInfo(
          name: name,
          custom: "access to attribute '\(name)' of '\(base.typeName)' object is unsafe.",
          security: true))
    }
    return .undefined(UndefinedInfo(name: name, owner: RenderState.ownerName(base)))
  }

  func getItem(_ base: Value, _ key: Value) throws -> Value {
    switch base {
    case .undefined(let u):
      throw u.security ? JinjaError.security(u.message) : JinjaError.undefined(u.message)
    case .dict(let d):
      if let v = d.items[key] { return v }
    case .list, .tuple, .string, .markup:
      if let i = key.intValue {
        let items: [Value]
        if case .list(let l) = base { items = l.items } else if case .tuple(let t) = base {
          items = t
        } else {
          items = base.iterationItems() ?? []
        }
        let idx = i < 0 ? items.count + i : i
        if idx >= 0 && idx < items.count { return items[idx] }
        return .undefined(UndefinedInfo(name: String(i), owner: RenderState.ownerName(base)))
      }
    case .object(let o):
      if let v = o.item(key) { return v }
    default:
      break
    }
    if let s = key.stringValue { return try getAttribute(base, s) }
    return .undefined(UndefinedInfo(name: key.pythonStr, owner: RenderState.ownerName(base)))
  }

  func slice(_ base: Value, _ lo: Value?, _ hi: Value?, _ step: Value?) throws -> Value {
    func intOrNil(_ v: Value?) throws -> Int? {
      guard let v else { return nil }
      if v.isNone { return nil }
      guard let i = v.intValue else {
        throw JinjaError.type("slice indices must be integers or None or have an __index__ method")
      }
      return i
    }
    let st = try intOrNil(step) ?? 1
    if st == 0 { throw JinjaError.type("slice step cannot be zero") }
    let items: [Value]
    switch base {
    case .list(let l): items = l.items
    case .tuple(let t): items = t
    case .string(let s), .markup(let s): items = s.unicodeScalars.map { .string(String($0)) }
    case .undefined(let u): throw JinjaError.undefined(u.message)
    default: throw JinjaError.type("'\(base.typeName)' object is not subscriptable")
    }
    let n = items.count
    func clamp(_ v: Int?, _ dflt: Int, lower: Int, upper: Int) -> Int {
      guard var x = v else { return dflt }
      if x < 0 { x += n }
      return min(max(x, lower), upper)
    }
    var out: [Value] = []
    if st > 0 {
      var i = clamp(try intOrNil(lo), 0, lower: 0, upper: n)
      let end = clamp(try intOrNil(hi), n, lower: 0, upper: n)
      while i < end {
        out.append(items[i])
        i += st
      }
    } else {
      var i = clamp(try intOrNil(lo), n - 1, lower: -1, upper: n - 1)
      let end = clamp(try intOrNil(hi), -1, lower: -1, upper: n - 1)
      while i > end {
        out.append(items[i])
        i += st
      }
    }
    switch base {
    case .list: return .list(out)
    case .tuple: return .tuple(out)
    default: return .string(out.map { $0.pythonStr }.joined())
    }
  }

  // MARK: - filters and tests

  func applyFilter(_ name: String, _ v: Value, _ args: [CallArg], _ scope: Scope, _ span: Span)
    throws -> Value
  {
    guard let f = environment.filters[name] else {
      var e = JinjaError(.runtime, "No filter named '\(name)' found.", span: spanOf(span))
      e.hint = Suggest.hint(for: name, in: environment.filters.keys)
      throw e
    }
    return try f(v, try evalArgs(args, scope), self)
  }

  func applyTest(_ name: String, _ v: Value, _ args: [CallArg], _ scope: Scope, _ span: Span)
    throws -> Bool
  {
    guard let t = environment.tests[name] else {
      var e = JinjaError(.runtime, "No test named '\(name)' found.", span: spanOf(span))
      e.hint = Suggest.hint(for: name, in: environment.tests.keys)
      throw e
    }
    return try t(v, try evalArgs(args, scope), self)
  }
}
