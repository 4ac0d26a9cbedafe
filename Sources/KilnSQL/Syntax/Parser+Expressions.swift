extension SQLParser {
  /// Binding powers, loosest first, after PostgreSQL's operator precedence table.
  enum Prec {
    static let or = 1, and = 2, not = 3, isTest = 4, comparison = 5, like = 6, other = 7
    static let additive = 8, multiplicative = 9, power = 10, unary = 11, collate = 12
    static let cast = 13
  }

  mutating func expr(_ minPrec: Int = 0) throws(SQLSyntaxError) -> Expr {
    try enter()
    defer { depth -= 1 }
    var left = try prefix()
    while true {
      let t = current
      if t.kind == .word {
        switch t.upper {
        case "OR" where minPrec < Prec.or:
          p += 1
          left = .op("or", [left, try expr(Prec.or)])
        case "AND" where minPrec < Prec.and:
          p += 1
          left = .op("and", [left, try expr(Prec.and)])
        case "IS" where minPrec < Prec.isTest:
          p += 1
          _ = accept("NOT")
          if accept("DISTINCT") {
            try expect("FROM")
            left = .op("is distinct from", [left, try expr(Prec.isTest)])
          } else if accept("NULL") || accept("TRUE") || accept("FALSE") || accept("UNKNOWN") {
            left = .op("is", [left])
          } else {
            left = .op("is", [left, try expr(Prec.isTest)])
          }
        case "ISNULL", "NOTNULL" where minPrec < Prec.isTest:
          p += 1
          left = .op("is", [left])
        case "NOT" where minPrec < Prec.like && Keywords.negatable.contains(ahead(1).upper):
          p += 1
          left = try predicate(left)
        case _ where minPrec < Prec.like && Keywords.negatable.contains(t.upper):
          left = try predicate(left)
        case "COLLATE" where minPrec < Prec.collate:
          p += 1
          _ = try aliasName()
        case "AT" where ahead(1).isWord("TIME") && minPrec < Prec.collate:
          p += 2
          try expect("ZONE")
          left = .op("at time zone", [left, try expr(Prec.collate)])
        default:
          return left
        }
        continue
      }
      guard t.kind == .symbol else { return left }
      switch t.text {
      case "::" where minPrec < Prec.cast:
        p += 1
        left = .cast(left, type: try typeName())
      case "[" where dialect == .postgres:
        p += 1
        var parts = [left]
        if !current.isSymbol(":") { parts.append(try expr()) }
        if acceptSymbol(":") && !current.isSymbol("]") { parts.append(try expr()) }
        try expectSymbol("]")
        left = .op("[]", parts)
      case "(", ")", ",", ";", ".", "]", "[":
        return left
      default:
        let prec = SQLParser.infixPrecedence(t.text)
        guard minPrec < prec else { return left }
        p += 1
        // `x = any (…)` / `x > all (…)`: the quantifier is a function over the list.
        left = .op(t.text, [left, try expr(prec)])
      }
    }
  }

  static func infixPrecedence(_ op: String) -> Int {
    switch op {
    case "=", "==", "<>", "!=", "<", ">", "<=", ">=": return Prec.comparison
    case "+", "-": return Prec.additive
    case "*", "/", "%": return Prec.multiplicative
    case "^": return Prec.power
    default: return Prec.other
    }
  }

  /// `[not] between|in|like|ilike|glob|regexp|match|similar to …` with `left` as subject.
  mutating func predicate(_ left: Expr) throws(SQLSyntaxError) -> Expr {
    let kw = advance().upper
    switch kw {
    case "BETWEEN":
      _ = accept("SYMMETRIC")
      let low = try expr(Prec.like)
      try expect("AND")
      let high = try expr(Prec.like)
      return .op("between", [left, low, high])
    case "IN":
      if acceptSymbol("(") {
        if current.isWord("SELECT") || current.isWord("WITH") || current.isWord("VALUES") {
          let q = try query()
          try expectSymbol(")")
          return .op("in", [left, .subquery(q)])
        }
        var items: [Expr] = [left]
        if !current.isSymbol(")") { items += try exprList() }
        try expectSymbol(")")
        return .op("in", items)
      }
      // SQLite's `x in table`.
      let name = try qualifiedName()
      return .op("in", [left, .column(name)])
    case "SIMILAR":
      try expect("TO")
      fallthrough
    default:
      let pattern = try expr(Prec.like)
      var parts = [left, pattern]
      if accept("ESCAPE") { parts.append(try expr(Prec.like)) }
      return .op(kw.lowercased(), parts)
    }
  }

  /// A type after `::` or `as` in `cast`: `int`, `numeric(10, 2)`, `double precision`,
  /// `timestamp with time zone`, `text[]`, `pg_catalog.int4`.
  mutating func typeName() throws(SQLSyntaxError) -> String {
    let start = current.range.lowerBound
    guard current.kind == .word || current.kind == .quotedIdentifier else { throw unexpected("a type name") }
    p += 1
    while current.isSymbol(".") && (ahead(1).kind == .word || ahead(1).kind == .quotedIdentifier) { p += 2 }
    while current.kind == .word && Keywords.typeWords.contains(current.upper) { p += 1 }
    if current.isSymbol("(") {
      p += 1
      var level = 1
      while level > 0 {
        if current.kind == .end { throw unexpected("`)`") }
        if current.isSymbol("(") { level += 1 }
        if current.isSymbol(")") { level -= 1 }
        p += 1
      }
      while current.kind == .word && Keywords.typeWords.contains(current.upper) { p += 1 }
    }
    while current.isSymbol("[") && ahead(1).isSymbol("]") { p += 2 }
    return text(start..<lastEnd).lowercased()
  }

  mutating func prefix() throws(SQLSyntaxError) -> Expr {
    let t = current
    switch t.kind {
    case .number, .string, .parameter:
      p += 1
      return .literal
    case .end:
      throw unexpected("an expression")
    case .symbol:
      switch t.text {
      case "(":
        p += 1
        if current.isWord("SELECT") || current.isWord("WITH") || current.isWord("VALUES") {
          let q = try query()
          try expectSymbol(")")
          return .subquery(q)
        }
        let items = try exprList()
        try expectSymbol(")")
        return items.count == 1 ? items[0] : .op("row", items)
      case "-", "+", "~", "!":
        p += 1
        return .op(t.text, [try expr(Prec.unary)])
      case "*":
        p += 1
        return .star(qualifier: nil)
      default:
        throw unexpected("an expression")
      }
    case .quotedIdentifier:
      return try nameOrCall()
    case .word:
      return try wordExpression(t)
    }
  }

  mutating func wordExpression(_ t: Token) throws(SQLSyntaxError) -> Expr {
    let next = ahead(1)
    switch t.upper {
    case "NOT":
      p += 1
      return .op("not", [try expr(Prec.not)])
    case "NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",
      "LOCALTIMESTAMP", "CURRENT_USER", "SESSION_USER", "CURRENT_SCHEMA", "CURRENT_CATALOG", "DEFAULT":
      p += 1
      if next.isSymbol("(") {
        p += 1
        if !current.isSymbol(")") { _ = try exprList() }
        try expectSymbol(")")
      }
      return .literal
    case "CASE":
      p += 1
      return try caseExpression()
    case "CAST", "TRY_CAST":
      guard next.isSymbol("(") else { break }
      p += 2
      let inner = try expr()
      try expect("AS")
      let type = try typeName()
      try expectSymbol(")")
      return .cast(inner, type: type)
    case "EXISTS":
      guard next.isSymbol("(") else { break }
      p += 2
      let q = try query()
      try expectSymbol(")")
      return .op("exists", [.subquery(q)])
    case "INTERVAL", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ":
      // Typed literals: `date '2024-01-01'`, `interval '1 day'`, `timestamp with time zone '…'`.
      var k = 1
      while ahead(k).kind == .word && Keywords.typeWords.contains(ahead(k).upper) { k += 1 }
      if ahead(k).kind == .string {
        p += k + 1
        if t.upper == "INTERVAL" {
          while current.kind == .word && Keywords.intervalUnits.contains(current.upper) { p += 1 }
        }
        return .literal
      }
    case "ARRAY" where next.isSymbol("[") || next.isSymbol("("):
      p += 2
      if t.upper == "ARRAY" && next.isSymbol("(") {
        let q = try query()
        try expectSymbol(")")
        return .subquery(q)
      }
      var items: [Expr] = []
      if !current.isSymbol("]") { items = try exprList() }
      try expectSymbol("]")
      return .op("array", items)
    default:
      break
    }
    if Keywords.reserved.contains(t.upper) && !(next.isSymbol("(") && Keywords.functionKeywords.contains(t.upper)) {
      throw unexpected("an expression")
    }
    return try nameOrCall()
  }

  mutating func caseExpression() throws(SQLSyntaxError) -> Expr {
    var operand: Expr?
    if !current.isWord("WHEN") { operand = try expr() }
    var branches: [(Expr, Expr)] = []
    while accept("WHEN") {
      let cond = try expr()
      try expect("THEN")
      branches.append((cond, try expr()))
    }
    if branches.isEmpty { throw unexpected("`when`") }
    var otherwise: Expr?
    if accept("ELSE") { otherwise = try expr() }
    try expect("END")
    return .caseWhen(operand: operand, branches: branches, otherwise: otherwise)
  }

  /// `a`, `t.a`, `s.t.a`, `t.*` or a call `f(…)` with its `filter`/`within group`/`over`.
  mutating func nameOrCall() throws(SQLSyntaxError) -> Expr {
    let start = current.range.lowerBound
    let first = advance()
    var parts = [first.kind == .quotedIdentifier ? first.text : fold(first.text)]
    while current.isSymbol(".") {
      p += 1
      if acceptSymbol("*") {
        return .star(qualifier: QualifiedName(parts: parts, range: start..<lastEnd - 2))
      }
      parts.append(try aliasName())
    }
    guard current.isSymbol("(") else { return .column(QualifiedName(parts: parts, range: start..<lastEnd)) }
    p += 1
    let name = parts.joined(separator: ".").lowercased()
    let args = try callArguments(name)
    var filter: Expr?
    var window: [Expr] = []
    if accept("WITHIN") {
      try expect("GROUP")
      try expectSymbol("(")
      try expect("ORDER")
      try expect("BY")
      window += try orderList()
      try expectSymbol(")")
    }
    if accept("FILTER") {
      try expectSymbol("(")
      try expect("WHERE")
      filter = try expr()
      try expectSymbol(")")
    }
    if accept("OVER") {
      if acceptSymbol("(") {
        window += try windowSpec()
      } else {
        // A named window; the lineage step looks its expressions up by name.
        window.append(.op("window", [.column(QualifiedName(parts: [try identifier("a window name")], range: start..<lastEnd))]))
      }
      if window.isEmpty { window.append(.literal) }
    }
    return .call(name: name, args: args, window: window, filter: filter)
  }

  /// Arguments up to the closing `)`, including the keyword forms of `extract(x from y)`,
  /// `substring(x from a for b)`, `position(a in b)`, `trim(both x from y)`, `overlay(…)` and
  /// aggregate `order by`.
  mutating func callArguments(_ name: String) throws(SQLSyntaxError) -> [Expr] {
    var args: [Expr] = []
    if acceptSymbol(")") { return args }
    if name == "extract" && (current.kind == .word || current.kind == .string) {
      p += 1
      if !acceptSymbol(",") { try expect("FROM") }
    }
    _ = accept("DISTINCT") || accept("ALL")
    if name == "trim" { _ = accept("BOTH") || accept("LEADING") || accept("TRAILING") }
    while true {
      if current.isWord("FROM") && name == "trim" {
        p += 1
        continue
      }
      if current.isSymbol("*") && (ahead(1).isSymbol(")") || ahead(1).isSymbol(",")) {
        p += 1
        args.append(.star(qualifier: nil))
      } else {
        args.append(try expr(name == "position" ? Prec.like : 0))
      }
      if acceptSymbol(",") { continue }
      if current.kind == .word && Keywords.argumentSeparators.contains(current.upper) {
        p += 1
        continue
      }
      if accept("ORDER") {
        try expect("BY")
        args += try orderList()
      }
      if accept("SEPARATOR") { args.append(try expr()) }
      try expectSymbol(")")
      return args
    }
  }

  /// `(partition by … order by … rows between …)` or `(w order by …)`; returns the expressions.
  mutating func windowSpec() throws(SQLSyntaxError) -> [Expr] {
    var out: [Expr] = []
    if atName && !current.isWord("PARTITION") && !current.isWord("ORDER") && !current.isWord("ROWS")
      && !current.isWord("RANGE") && !current.isWord("GROUPS")
    {
      let start = current.range.lowerBound
      out.append(.op("window", [.column(QualifiedName(parts: [try identifier()], range: start..<lastEnd))]))
    }
    if accept("PARTITION") {
      try expect("BY")
      out += try exprList()
    }
    if accept("ORDER") {
      try expect("BY")
      out += try orderList()
    }
    if current.isWord("ROWS") || current.isWord("RANGE") || current.isWord("GROUPS") {
      // Frame clauses hold only bounds (`unbounded preceding`, `3 following`, `current row`).
      var level = 0
      while !(level == 0 && current.isSymbol(")")) {
        if current.kind == .end { throw unexpected("`)`") }
        if current.isSymbol("(") { level += 1 }
        if current.isSymbol(")") { level -= 1 }
        p += 1
      }
    }
    try expectSymbol(")")
    return out
  }
}
