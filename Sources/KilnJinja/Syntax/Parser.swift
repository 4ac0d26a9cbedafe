import KilnBase

/// Recursive-descent parser producing the template AST, with jinja2's error messages.
struct Parser {
  var tokens: [Token]
  var i = 0
  let source: TemplateSource
  /// Tags currently open (`for`, `if`...), for "The innermost block that needs to be closed".
  var tagStack: [String] = []
  /// End tags each open block is waiting for.
  var endTokenStack: [[String]] = []
  /// Names referenced inside each macro being parsed (to detect varargs/kwargs/caller use).
  var referencedNames: [Set<String>] = []
  /// Depth of nested expressions, bounded so hostile input cannot overflow the stack.
  var depth = 0
  static let maxDepth = 100
  /// Most blocks (`if`, `for`, `macro`...) open at once; parsing and rendering recurse per block.
  static let maxBlockDepth = 256
  /// Known filter and test names: an unknown one is a syntax error, except inside an `if`
  /// (jinja2's "soft" frame), where it fails only when evaluated.
  let filterNames: Set<String>
  let testNames: Set<String>
  var soft = false
  /// Inside a `for` body (also through `if`, `with`, `set` and `filter` blocks), where `break`
  /// and `continue` are allowed; macro and call bodies and `for`-`else` reset it, as in jinja2.
  var inLoop = false

  init(tokens: [Token], source: TemplateSource, filters: Set<String>, tests: Set<String>) {
    self.tokens = tokens
    self.source = source
    self.filterNames = filters
    self.testNames = tests
  }

  var current: Token { tokens[i] }
  func look(_ n: Int = 1) -> Token { tokens[min(i + n, tokens.count - 1)] }
  mutating func advance() { if i < tokens.count - 1 { i += 1 } }


  func fail(_ message: String, at t: Token) -> JinjaError {
    JinjaError(
      .syntax, message, span: SourceSpan(file: source.file, range: t.start..<max(t.start + 1, t.end)))
  }

  // MARK: - token helpers

  mutating func skipIfName(_ n: String) -> Bool {
    if current.isName(n) {
      advance()
      return true
    }
    return false
  }

  mutating func skipIfOp(_ o: String) -> Bool {
    if current.isOp(o) {
      advance()
      return true
    }
    return false
  }

  /// jinja2's `expect` with its two messages.
  mutating func expect(_ kind: Token.Kind, _ description: String) throws -> Token {
    let t = current
    let ok: Bool
    switch (kind, t.kind) {
    case (.name, .name): ok = true
    case (.op(let a), .op(let b)): ok = a == b
    case (.variableEnd, .variableEnd), (.blockEnd, .blockEnd): ok = true
    default: ok = false
    }
    if !ok {
      if case .eof = t.kind {
        throw fail("unexpected end of template, expected '\(description)'.", at: t)
      }
      throw fail("expected token '\(description)', got '\(t.description)'", at: t)
    }
    advance()
    return t
  }

  mutating func expectName() throws -> String {
    let t = try expect(.name(""), "name")
    if case .name(let n) = t.kind { return n }
    return ""
  }

  mutating func expectOp(_ o: String) throws { _ = try expect(.op(o), o) }
  mutating func expectBlockEnd() throws { _ = try expect(.blockEnd, "end of statement block") }

  // MARK: - template structure

  /// Parses a whole template.
  mutating func parseTemplate() throws -> [Stmt] {
    let body = try subparse(nil)
    return body
  }

  /// Parses statements until one of `endTokens` opens a block (left current), or EOF.
  mutating func subparse(_ endTokens: [String]?) throws -> [Stmt] {
    var body: [Stmt] = []
    if let endTokens { endTokenStack.append(endTokens) }
    defer { if endTokens != nil { endTokenStack.removeLast() } }
    while true {
      let t = current
      switch t.kind {
      case .data(let text):
        body.append(.text(text))
        advance()
      case .variableBegin:
        advance()
        let e = try parseTuple(withCondexpr: true)
        _ = try expect(.variableEnd, "end of print statement")
        body.append(.output(e, Span(t.start, current.start)))
      case .blockBegin:
        advance()
        if let endTokens, case .name(let n) = current.kind, endTokens.contains(n) {
          return body
        }
        body.append(try parseStatement())
        try expectBlockEnd()
      case .eof:
        return body
      default:
        throw fail("internal parser error", at: t)
      }
    }
  }

  /// `parse_statements`: optional colon, block end, body, then EOF check.
  mutating func parseStatements(_ endTokens: [String], dropNeedle: Bool = false) throws -> [Stmt] {
    _ = skipIfOp(":")
    try expectBlockEnd()
    let result = try subparse(endTokens)
    if case .eof = current.kind { throw failEOF(endTokens) }
    if dropNeedle { advance() }
    return result
  }

  func failEOF(_ endTokens: [String]?) -> JinjaError {
    var stack = endTokenStack
    if let endTokens { stack.append(endTokens) }
    return failUnknownTag(nil, stack: stack, at: current)
  }

  func failUnknownTag(_ name: String?, stack: [[String]], at t: Token) -> JinjaError {
    var expected = Set<String>()
    for s in stack { expected.formUnion(s) }
    let looking = stack.last.map { $0.map { "'\($0)'" }.joined(separator: " or ") }
    var message: [String] = []
    if let name {
      message.append("Encountered unknown tag '\(name)'.")
    } else {
      message.append("Unexpected end of template.")
    }
    if let looking {
      if let name, expected.contains(name) {
        message.append(
          "You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for \(looking)."
        )
      } else {
        message.append("Jinja was looking for the following tags: \(looking).")
      }
    }
    if let top = tagStack.last {
      message.append("The innermost block that needs to be closed is '\(top)'.")
    }
    var err = fail(message.joined(separator: " "), at: t)
    if let name, let close = Suggest.closest(to: name, in: expected) {
      err.hint = "did you mean `\(close)`?"
    }
    return err
  }

  static let unsupportedTags: Set<String> = [
    "extends", "include", "import", "from", "block", "autoescape",
  ]

  mutating func parseStatement() throws -> Stmt {
    let t = current
    guard case .name(let tag) = t.kind else { throw fail("tag name expected", at: t) }
    let known: Set<String> = [
      "for", "if", "set", "macro", "call", "filter", "with", "do", "break", "continue", "print",
      "test", "materialization", "docs", "snapshot",
    ]
    guard known.contains(tag) else {
      if Parser.unsupportedTags.contains(tag) {
        var e = fail("the '\(tag)' tag is not supported: Kiln renders single templates", at: t)
        e.hint = "dbt projects share code through macros in macro-paths instead"
        throw e
      }
      throw failUnknownTag(tag, stack: endTokenStack, at: t)
    }
    if tagStack.count >= Parser.maxBlockDepth {
      throw fail("blocks nested too deeply (limit \(Parser.maxBlockDepth))", at: t)
    }
    if StackGuard.isLow { throw fail("blocks nested too deeply for this thread's stack", at: t) }
    tagStack.append(tag)
    let savedSoft = soft
    let savedInLoop = inLoop
    soft = tag == "if" ? true : false
    if ["macro", "call", "test", "materialization", "docs", "snapshot"].contains(tag) { inLoop = false }
    defer {
      tagStack.removeLast()
      soft = savedSoft
      inLoop = savedInLoop
    }
    advance()
    switch tag {
    case "for": return try parseFor(t)
    case "if": return try parseIf()
    case "set": return try parseSet(t)
    case "macro": return .macro(try parseMacro(t, endTag: "endmacro"))
    case "call": return try parseCallBlock(t)
    case "filter": return try parseFilterBlock(t)
    case "with": return try parseWith()
    case "do": return .doExpr(try parseTuple(withCondexpr: true), Span(t))
    case "break", "continue":
      guard inLoop else {
        throw fail(tag == "break" ? "'break' outside loop" : "'continue' not properly in loop", at: t)
      }
      return tag == "break" ? .breakLoop : .continueLoop
    case "print": return .output(try parseTuple(withCondexpr: true), Span(t))
    case "test":
      // dbt: `{% test name(args) %}` defines the macro `test_<name>`.
      let def = try parseMacro(t, endTag: "endtest", prefix: "test_")
      return .definition(.test, def)
    case "materialization": return try parseMaterialization(t)
    case "docs", "snapshot":
      let name = try expectName()
      let body = try parseStatements(["end" + tag], dropNeedle: true)
      let def = MacroDef(
        name: name, params: [], body: body, usesVarargs: false, usesKwargs: false,
        usesCaller: false, span: Span(t), template: source)
      return .definition(tag == "docs" ? .docs : .snapshot, def)
    default:
      throw failUnknownTag(tag, stack: endTokenStack, at: t)
    }
  }

  mutating func parseFor(_ t: Token) throws -> Stmt {
    let target = try parseAssignTarget(extraEnd: ["in"])
    guard current.isName("in") else {
      if case .eof = current.kind { throw fail("unexpected end of template, expected 'in'.", at: current) }
      throw fail("expected token 'in', got '\(current.description)'", at: current)
    }
    advance()
    let iter = try parseTuple(withCondexpr: false, extraEnd: ["recursive"])
    var cond: Expr?
    if skipIfName("if") { cond = try parseExpression() }
    let recursive = skipIfName("recursive")
    let outerInLoop = inLoop
    inLoop = true
    let body = try parseStatements(["endfor", "else"])
    inLoop = outerInLoop
    var otherwise: [Stmt] = []
    if current.isName("else") {
      advance()
      // The else block runs in the enclosing frame (a recursive loop's in its own function).
      inLoop = outerInLoop && !recursive
      otherwise = try parseStatements(["endfor"], dropNeedle: true)
      inLoop = outerInLoop
    } else {
      advance()
    }
    return .forLoop(
      ForLoop(
        target: target, iterable: iter, condition: cond, body: body, otherwise: otherwise,
        recursive: recursive, span: Span(t)))
  }

  mutating func parseIf() throws -> Stmt {
    var branches: [(Expr, [Stmt])] = []
    var otherwise: [Stmt]?
    var test = try parseTuple(withCondexpr: false)
    while true {
      let body = try parseStatements(["elif", "else", "endif"])
      branches.append((test, body))
      let t = current
      advance()
      if t.isName("elif") {
        test = try parseTuple(withCondexpr: false)
        continue
      }
      if t.isName("else") {
        otherwise = try parseStatements(["endif"], dropNeedle: true)
      }
      break
    }
    return .ifChain(branches, otherwise: otherwise)
  }

  mutating func parseSet(_ t: Token) throws -> Stmt {
    let target = try parseAssignTarget(withNamespace: true)
    if skipIfOp("=") {
      return .set(target, try parseTuple(withCondexpr: true), Span(t))
    }
    var filters: [FilterCall] = []
    while skipIfOp("|") { filters.append(try parseFilterCall()) }
    let body = try parseStatements(["endset"], dropNeedle: true)
    return .setBlock(target, body, filters, Span(t))
  }

  mutating func parseWith() throws -> Stmt {
    var assigns: [(AssignTarget, Expr)] = []
    while !(current.kind == .blockEnd) {
      if !assigns.isEmpty { try expectOp(",") }
      let target = try parseAssignTarget()
      try expectOp("=")
      assigns.append((target, try parseExpression()))
    }
    let body = try parseStatements(["endwith"], dropNeedle: true)
    return .with(assigns, body)
  }

  mutating func parseSignature() throws -> [MacroParam] {
    try expectOp("(")
    var params: [MacroParam] = []
    var sawDefault = false
    while !current.isOp(")") {
      if !params.isEmpty { try expectOp(",") }
      let nameTok = current
      let name = try expectName()
      if skipIfOp("=") {
        params.append(MacroParam(name: name, defaultValue: try parseExpression()))
        sawDefault = true
      } else {
        if sawDefault { throw fail("non-default argument follows default argument", at: nameTok) }
        params.append(MacroParam(name: name, defaultValue: nil))
      }
    }
    try expectOp(")")
    return params
  }

  mutating func parseMacro(_ t: Token, endTag: String, prefix: String = "") throws -> MacroDef {
    let name = try expectName()
    let params = try parseSignature()
    referencedNames.append([])
    let body = try parseStatements([endTag], dropNeedle: true)
    let used = referencedNames.removeLast()
    if !referencedNames.isEmpty { referencedNames[referencedNames.count - 1].formUnion(used) }
    // jinja2: a parameter named `kwargs` or `varargs` is an ordinary parameter, not the catch-all.
    let declared = Set(params.map(\.name))
    return MacroDef(
      name: prefix + name, params: params, body: body,
      usesVarargs: used.contains("varargs") && !declared.contains("varargs"),
      usesKwargs: used.contains("kwargs") && !declared.contains("kwargs"),
      usesCaller: used.contains("caller"), span: Span(t), template: source)
  }

  /// `{% materialization name, adapter='x' %}` (or `default=true`) → macro
  /// `materialization_<name>_<adapter|default>`, as dbt names it.
  mutating func parseMaterialization(_ t: Token) throws -> Stmt {
    let name = try expectName()
    var adapter = "default"
    while skipIfOp(",") {
      let key = try expectName()
      try expectOp("=")
      let v = try parseExpression()
      if key == "adapter", case .constant(let c) = v, let s = c.stringValue { adapter = s }
      if key == "adapters", case .list(let items) = v, case .constant(let c)? = items.first,
        let s = c.stringValue
      {
        adapter = s
      }
    }
    referencedNames.append([])
    let body = try parseStatements(["endmaterialization"], dropNeedle: true)
    _ = referencedNames.removeLast()
    let def = MacroDef(
      name: "materialization_\(name)_\(adapter)", params: [], body: body, usesVarargs: false,
      usesKwargs: false, usesCaller: false, span: Span(t), template: source)
    return .definition(.materialization, def)
  }

  mutating func parseCallBlock(_ t: Token) throws -> Stmt {
    let params = current.isOp("(") ? try parseSignature() : []
    let callTok = current
    let call = try parseExpression()
    guard case .call = call else { throw fail("expected call", at: callTok) }
    referencedNames.append([])
    let body = try parseStatements(["endcall"], dropNeedle: true)
    let used = referencedNames.removeLast()
    if !referencedNames.isEmpty { referencedNames[referencedNames.count - 1].formUnion(used) }
    let declared = Set(params.map(\.name))
    let def = MacroDef(
      name: "caller", params: params, body: body,
      usesVarargs: used.contains("varargs") && !declared.contains("varargs"),
      usesKwargs: used.contains("kwargs") && !declared.contains("kwargs"),
      usesCaller: used.contains("caller"), span: Span(t), template: source)
    return .callBlock(def, call, Span(t))
  }

  mutating func parseFilterBlock(_ t: Token) throws -> Stmt {
    var filters = [try parseFilterCall()]
    while skipIfOp("|") { filters.append(try parseFilterCall()) }
    let body = try parseStatements(["endfilter"], dropNeedle: true)
    return .filterBlock(filters, body, Span(t))
  }

  mutating func parseFilterCall() throws -> FilterCall {
    let t = current
    var name = try expectName()
    while current.isOp(".") {
      advance()
      name += "." + (try expectName())
    }
    if !filterNames.contains(name) && !soft {
      var e = fail("No filter named '\(name)'.", at: t)
      e.hint = Suggest.hint(for: name, in: filterNames)
      throw e
    }
    let args = current.isOp("(") ? try parseCallArgs() : []
    return FilterCall(name: name, args: args, span: Span(t))
  }

  mutating func parseAssignTarget(
    extraEnd: [String] = [], withNamespace: Bool = false, withTuple: Bool = true
  ) throws -> AssignTarget {
    if withNamespace, case .name(let ns) = current.kind, look().isOp(".") {
      let t = current
      advance()
      advance()
      let attr = try expectName()
      return .attribute(ns, attr, Span(t))
    }
    let t = current
    let e = withTuple ? try parseTuple(simplified: true, extraEnd: extraEnd) : try parsePrimary()
    return try assignTarget(from: e, at: t)
  }

  func assignTarget(from e: Expr, at t: Token) throws -> AssignTarget {
    switch e {
    case .name(let n, _):
      if ["true", "false", "none", "True", "False", "None"].contains(n) {
        throw fail("can't assign to 'const'", at: t)
      }
      return .name(n)
    case .tuple(let items): return .tuple(try items.map { try assignTarget(from: $0, at: t) })
    case .constant: throw fail("can't assign to 'const'", at: t)
    case .list: throw fail("can't assign to 'list'", at: t)
    case .dict: throw fail("can't assign to 'dict'", at: t)
    default: throw fail("can't assign to expression", at: t)
    }
  }
}
