import KilnBase

extension Parser {
  mutating func enter() throws {
    depth += 1
    if depth > Parser.maxDepth {
      throw fail("expression nested too deeply (limit \(Parser.maxDepth))", at: current)
    }
    if StackGuard.isLow { throw fail("expression nested too deeply for this thread's stack", at: current) }
  }

  func isTupleEnd(_ extraEnd: [String]) -> Bool {
    switch current.kind {
    case .variableEnd, .blockEnd: return true
    case .op(")"): return true
    case .name(let n): return extraEnd.contains(n)
    default: return false
    }
  }

  /// `parse_tuple`: a comma-separated expression list; a single item without comma is itself.
  mutating func parseTuple(
    simplified: Bool = false, withCondexpr: Bool = true, extraEnd: [String] = [],
    explicitParentheses: Bool = false
  ) throws -> Expr {
    var args: [Expr] = []
    var isTuple = false
    while true {
      if !args.isEmpty { try expectOp(",") }
      if isTupleEnd(extraEnd) { break }
      if simplified {
        args.append(try parsePrimary())
      } else {
        args.append(try parseExpression(withCondexpr: withCondexpr))
      }
      if current.isOp(",") { isTuple = true } else { break }
    }
    if !isTuple {
      if let first = args.first { return first }
      if !explicitParentheses {
        throw fail("Expected an expression, got '\(current.description)'", at: current)
      }
    }
    return .tuple(args)
  }

  mutating func parseExpression(withCondexpr: Bool = true) throws -> Expr {
    try enter()
    defer { depth -= 1 }
    return withCondexpr ? try parseCondexpr() : try parseOr()
  }

  mutating func parseCondexpr() throws -> Expr {
    let start = current
    var expr1 = try parseOr()
    while skipIfName("if") {
      let expr2 = try parseOr()
      let expr3: Expr? = skipIfName("else") ? try parseCondexpr() : nil
      expr1 = .conditional(then: expr1, test: expr2, otherwise: expr3, Span(start))
    }
    return expr1
  }

  mutating func parseOr() throws -> Expr {
    var left = try parseAnd()
    while skipIfName("or") { left = .or(left, try parseAnd()) }
    return left
  }

  mutating func parseAnd() throws -> Expr {
    var left = try parseNot()
    while skipIfName("and") { left = .and(left, try parseNot()) }
    return left
  }

  mutating func parseNot() throws -> Expr {
    if current.isName("not") {
      advance()
      try enter()
      defer { depth -= 1 }
      return .not(try parseNot())
    }
    return try parseCompare()
  }

  mutating func parseCompare() throws -> Expr {
    let start = current
    let expr = try parseMath1()
    var ops: [(CompareOp, Expr)] = []
    while true {
      if case .op(let o) = current.kind, let op = CompareOp(rawValue: o), op != .isIn, op != .notIn {
        advance()
        ops.append((op, try parseMath1()))
      } else if skipIfName("in") {
        ops.append((.isIn, try parseMath1()))
      } else if current.isName("not") && look().isName("in") {
        advance()
        advance()
        ops.append((.notIn, try parseMath1()))
      } else {
        break
      }
    }
    return ops.isEmpty ? expr : .compare(expr, ops, Span(start))
  }

  mutating func parseMath1() throws -> Expr {
    var left = try parseConcat()
    while case .op(let o) = current.kind, o == "+" || o == "-" {
      let t = current
      advance()
      left = .binary(o == "+" ? .add : .sub, left, try parseConcat(), Span(t))
    }
    return left
  }

  mutating func parseConcat() throws -> Expr {
    let start = current
    var args = [try parseMath2()]
    while skipIfOp("~") { args.append(try parseMath2()) }
    return args.count == 1 ? args[0] : .concat(args, Span(start))
  }

  mutating func parseMath2() throws -> Expr {
    var left = try parsePow()
    while case .op(let o) = current.kind, ["*", "/", "//", "%"].contains(o) {
      let t = current
      advance()
      let op: BinaryOp = o == "*" ? .mul : (o == "/" ? .div : (o == "//" ? .floorDiv : .mod))
      left = .binary(op, left, try parsePow(), Span(t))
    }
    return left
  }

  mutating func parsePow() throws -> Expr {
    var left = try parseUnary()
    while current.isOp("**") {
      let t = current
      advance()
      left = .binary(.pow, left, try parseUnary(), Span(t))
    }
    return left
  }

  mutating func parseUnary(withFilter: Bool = true) throws -> Expr {
    try enter()
    defer { depth -= 1 }
    let t = current
    var node: Expr
    if t.isOp("-") {
      advance()
      node = .negate(try parseUnary(withFilter: false), Span(t))
    } else if t.isOp("+") {
      advance()
      node = .plus(try parseUnary(withFilter: false), Span(t))
    } else {
      node = try parsePrimary()
    }
    node = try parsePostfix(node)
    if withFilter { node = try parseFilterExpr(node) }
    return node
  }

  mutating func parsePrimary() throws -> Expr {
    let t = current
    switch t.kind {
    case .name(let n):
      advance()
      switch n {
      case "true", "True": return .constant(.bool(true))
      case "false", "False": return .constant(.bool(false))
      case "none", "None": return .constant(.none)
      default:
        if !referencedNames.isEmpty { referencedNames[referencedNames.count - 1].insert(n) }
        return .name(n, Span(t))
      }
    case .string(let s):
      advance()
      var buf = s
      while case .string(let more) = current.kind {
        buf += more
        advance()
      }
      return .constant(.string(buf))
    case .int(let v):
      advance()
      return .constant(.int(v))
    case .float(let v):
      advance()
      return .constant(.float(v))
    case .op("("):
      advance()
      let e = try parseTuple(explicitParentheses: true)
      try expectOp(")")
      return e
    case .op("["):
      return try parseList()
    case .op("{"):
      return try parseDict()
    default:
      throw fail("unexpected '\(t.description)'", at: t)
    }
  }

  mutating func parseList() throws -> Expr {
    try expectOp("[")
    var items: [Expr] = []
    while !current.isOp("]") {
      if !items.isEmpty { try expectOp(",") }
      if current.isOp("]") { break }
      items.append(try parseExpression())
    }
    try expectOp("]")
    return .list(items)
  }

  mutating func parseDict() throws -> Expr {
    try expectOp("{")
    var items: [(Expr, Expr)] = []
    while !current.isOp("}") {
      if !items.isEmpty { try expectOp(",") }
      if current.isOp("}") { break }
      let k = try parseExpression()
      try expectOp(":")
      items.append((k, try parseExpression()))
    }
    try expectOp("}")
    return .dict(items)
  }

  mutating func parsePostfix(_ start: Expr) throws -> Expr {
    var node = start
    while true {
      if current.isOp(".") || current.isOp("[") {
        node = try parseSubscript(node)
      } else if current.isOp("(") {
        let t = current
        node = .call(node, try parseCallArgs(), Span(t))
      } else {
        return node
      }
    }
  }

  mutating func parseFilterExpr(_ start: Expr) throws -> Expr {
    var node = start
    while true {
      if current.isOp("|") {
        advance()
        let f = try parseFilterCall()
        node = .filter(node, f.name, f.args, f.span)
      } else if current.isName("is") {
        node = try parseTest(node)
      } else if current.isOp("(") {
        let t = current
        node = .call(node, try parseCallArgs(), Span(t))
      } else {
        return node
      }
    }
  }

  mutating func parseSubscript(_ node: Expr) throws -> Expr {
    let t = current
    advance()
    if t.isOp(".") {
      let a = current
      advance()
      switch a.kind {
      case .name(let n): return .attribute(node, n, Span(a))
      case .int(let v): return .item(node, .constant(.int(v)), Span(a))
      default: throw fail("expected name or number", at: a)
      }
    }
    var args: [Expr] = []
    while !current.isOp("]") {
      if !args.isEmpty { try expectOp(",") }
      args.append(try parseSubscribed(node, t))
    }
    try expectOp("]")
    if args.count == 1 {
      if case .slice(let base, let a, let b, let c, let s) = args[0] {
        return .slice(base, a, b, c, s)
      }
      return .item(node, args[0], Span(t))
    }
    return .item(node, .tuple(args), Span(t))
  }

  /// One subscript: an expression or a slice `a:b:c` (returned as `.slice(node, ...)`).
  mutating func parseSubscribed(_ node: Expr, _ t: Token) throws -> Expr {
    var parts: [Expr?] = []
    if current.isOp(":") {
      advance()
      parts = [nil]
    } else {
      let e = try parseExpression()
      if !current.isOp(":") { return e }
      advance()
      parts = [e]
    }
    if current.isOp(":") {
      parts.append(nil)
    } else if !current.isOp("]") && !current.isOp(",") {
      parts.append(try parseExpression())
    } else {
      parts.append(nil)
    }
    if current.isOp(":") {
      advance()
      if !current.isOp("]") && !current.isOp(",") {
        parts.append(try parseExpression())
      } else {
        parts.append(nil)
      }
    } else {
      parts.append(nil)
    }
    return .slice(node, parts[0], parts[1], parts[2], Span(t))
  }

  mutating func parseCallArgs() throws -> [CallArg] {
    let t = current
    try expectOp("(")
    var args: [CallArg] = []
    var sawKeyword = false
    var sawStar = false
    var sawDoubleStar = false
    var requireComma = false
    func ensure(_ ok: Bool) throws {
      if !ok { throw fail("invalid syntax for function call expression", at: t) }
    }
    while !current.isOp(")") {
      if requireComma {
        try expectOp(",")
        if current.isOp(")") { break }
      }
      if current.isOp("*") {
        try ensure(!sawStar && !sawDoubleStar)
        advance()
        args.append(.star(try parseExpression()))
        sawStar = true
      } else if current.isOp("**") {
        try ensure(!sawDoubleStar)
        advance()
        args.append(.doubleStar(try parseExpression()))
        sawDoubleStar = true
      } else if case .name(let key) = current.kind, look().isOp("=") {
        try ensure(!sawDoubleStar)
        advance()
        advance()
        args.append(.keyword(key, try parseExpression()))
        sawKeyword = true
      } else {
        try ensure(!sawStar && !sawDoubleStar && !sawKeyword)
        args.append(.positional(try parseExpression()))
      }
      requireComma = true
    }
    try expectOp(")")
    return args
  }

  mutating func parseTest(_ node: Expr) throws -> Expr {
    let t = current
    advance()  // 'is'
    let negated = skipIfName("not")
    let nameTok = current
    var name = try expectName()
    while current.isOp(".") {
      advance()
      name += "." + (try expectName())
    }
    if !testNames.contains(name) && !soft {
      var e = fail("No test named '\(name)'.", at: nameTok)
      e.hint = Suggest.hint(for: name, in: testNames)
      throw e
    }
    var args: [CallArg] = []
    switch current.kind {
    case .op("("):
      args = try parseCallArgs()
    case .name, .string, .int, .float, .op("["), .op("{"):
      if current.isName("else") || current.isName("or") || current.isName("and") { break }
      if current.isName("is") { throw fail("You cannot chain multiple tests with is", at: current) }
      let arg = try parsePostfix(try parsePrimary())
      args = [.positional(arg)]
    default:
      break
    }
    return .test(node, name, args, negated: negated, Span(t))
  }
}
