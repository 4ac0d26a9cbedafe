/// A recursive-descent parser for one compiled `select` statement (with CTEs, set operations,
/// joins and sub-queries) in the SQLite or PostgreSQL dialect.
///
/// It keeps only what column lineage needs; anything it does not understand is a
/// `SQLSyntaxError` with the byte offset, and the caller falls back to model-level lineage.
public struct SQLParser {
  var tokens: [Token]
  var p = 0
  let dialect: SQLDialect
  let bytes: [UInt8]
  var depth = 0
  /// Deep enough for any hand-written SQL, shallow enough for a worker thread's stack.
  static let maxDepth = 120

  /// Parses `sql` as one query (a trailing `;` is allowed).
  ///
  /// ```swift
  /// let q = try SQLParser.parse("select a from t", dialect: .sqlite)
  /// ```
  public static func parse(_ sql: String, dialect: SQLDialect) throws(SQLSyntaxError) -> Query {
    var parser = try SQLParser(sql, dialect: dialect)
    return try parser.statement()
  }

  init(_ sql: String, dialect: SQLDialect) throws(SQLSyntaxError) {
    self.dialect = dialect
    self.bytes = Array(sql.utf8)
    self.tokens = try Tokenizer.tokenize(sql, dialect: dialect)
  }

  // MARK: - token helpers

  var current: Token { tokens[p] }
  func ahead(_ k: Int) -> Token { tokens[min(p + k, tokens.count - 1)] }
  var lastEnd: Int { p > 0 ? tokens[p - 1].range.upperBound : 0 }

  mutating func advance() -> Token {
    let t = tokens[p]
    if p < tokens.count - 1 { p += 1 }
    return t
  }

  mutating func accept(_ keyword: String) -> Bool {
    if current.isWord(keyword) {
      p += 1
      return true
    }
    return false
  }

  mutating func acceptSymbol(_ s: String) -> Bool {
    if current.isSymbol(s) {
      p += 1
      return true
    }
    return false
  }

  mutating func expect(_ keyword: String) throws(SQLSyntaxError) {
    guard accept(keyword) else { throw unexpected("`\(keyword.lowercased())`") }
  }

  mutating func expectSymbol(_ s: String) throws(SQLSyntaxError) {
    guard acceptSymbol(s) else { throw unexpected("`\(s)`") }
  }

  func unexpected(_ wanted: String) -> SQLSyntaxError {
    let t = current
    let found: String
    switch t.kind {
    case .end: found = "the end of the statement"
    case .string: found = "a string"
    case .number: found = "`\(t.text)`"
    default: found = "`\(t.text)`"
    }
    return SQLSyntaxError("expected \(wanted), found \(found)", at: t.range.lowerBound)
  }

  func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

  mutating func enter() throws(SQLSyntaxError) {
    depth += 1
    if depth > SQLParser.maxDepth {
      throw SQLSyntaxError("statement nests deeper than \(SQLParser.maxDepth) levels", at: current.range.lowerBound)
    }
  }

  /// An identifier: a word that is not reserved, or a quoted identifier. Unquoted names fold to
  /// lower case in PostgreSQL.
  mutating func identifier(_ what: String = "a name") throws(SQLSyntaxError) -> String {
    let t = current
    if t.kind == .quotedIdentifier {
      p += 1
      return t.text
    }
    if t.kind == .word && !Keywords.reserved.contains(t.upper) {
      p += 1
      return fold(t.text)
    }
    throw unexpected(what)
  }

  func fold(_ word: String) -> String { dialect == .postgres ? word.lowercased() : word }

  /// True when the current token can start a name (for aliases without `as`).
  var atName: Bool {
    current.kind == .quotedIdentifier || (current.kind == .word && !Keywords.reserved.contains(current.upper))
  }

  // MARK: - statements

  mutating func statement() throws(SQLSyntaxError) -> Query {
    while acceptSymbol(";") {}
    guard current.isWord("SELECT") || current.isWord("WITH") || current.isWord("VALUES") || current.isSymbol("(")
    else {
      throw current.kind == .end
        ? SQLSyntaxError("empty statement", at: 0) : unexpected("a `select` statement")
    }
    let q = try query()
    while acceptSymbol(";") {}
    guard current.kind == .end else { throw unexpected("the end of the statement") }
    return q
  }

  mutating func query() throws(SQLSyntaxError) -> Query {
    try enter()
    defer { depth -= 1 }
    var ctes: [CTE] = []
    var recursive = false
    if accept("WITH") {
      recursive = accept("RECURSIVE")
      repeat {
        let name = try identifier("a CTE name")
        var cols: [String] = []
        if acceptSymbol("(") {
          repeat { cols.append(try identifier("a column name")) } while acceptSymbol(",")
          try expectSymbol(")")
        }
        try expect("AS")
        if accept("NOT") { try expect("MATERIALIZED") } else { _ = accept("MATERIALIZED") }
        try expectSymbol("(")
        let q = try query()
        try expectSymbol(")")
        ctes.append(CTE(name: name, columnAliases: cols, query: q))
      } while acceptSymbol(",")
    }
    let body = try setExpression()
    var q = Query(ctes: ctes, recursive: recursive, body: body)
    try tail(&q)
    return q
  }

  /// `order by`, `limit`, `offset`, `fetch`, `for update`.
  mutating func tail(_ q: inout Query) throws(SQLSyntaxError) {
    if accept("ORDER") {
      try expect("BY")
      q.orderBy = try orderList()
    }
    while true {
      if accept("LIMIT") {
        if !accept("ALL") { _ = try expr() }
        if acceptSymbol(",") || accept("OFFSET") { _ = try expr() }
      } else if accept("OFFSET") {
        _ = try expr()
        _ = accept("ROW") || accept("ROWS")
      } else if accept("FETCH") {
        _ = accept("FIRST") || accept("NEXT")
        if !(current.isWord("ROW") || current.isWord("ROWS")) { _ = try expr() }
        _ = accept("ROW") || accept("ROWS")
        if accept("WITH") { try expect("TIES") } else { try expect("ONLY") }
      } else if current.isWord("FOR") && (ahead(1).isWord("UPDATE") || ahead(1).isWord("SHARE")) {
        p += 2
      } else {
        return
      }
    }
  }

  mutating func orderList() throws(SQLSyntaxError) -> [Expr] {
    var out: [Expr] = []
    repeat {
      out.append(try expr())
      _ = accept("ASC") || accept("DESC")
      if accept("NULLS") { _ = accept("FIRST") || accept("LAST") }
    } while acceptSymbol(",")
    return out
  }

  mutating func setExpression() throws(SQLSyntaxError) -> QueryBody {
    var left = try setTerm()
    while current.isWord("UNION") || current.isWord("INTERSECT") || current.isWord("EXCEPT") {
      var op = advance().upper.lowercased()
      if accept("ALL") { op += " all" } else { _ = accept("DISTINCT") }
      let right = try setTerm()
      left = .setOperation(op, left, right)
    }
    return left
  }

  mutating func setTerm() throws(SQLSyntaxError) -> QueryBody {
    if current.isWord("SELECT") { return .select(try select()) }
    if accept("VALUES") {
      var rows: [[Expr]] = []
      repeat {
        try expectSymbol("(")
        rows.append(try exprList())
        try expectSymbol(")")
      } while acceptSymbol(",")
      return .values(rows)
    }
    if current.isSymbol("(") {
      p += 1
      let q = try query()
      try expectSymbol(")")
      return .nested(q)
    }
    throw unexpected("`select`")
  }

  mutating func exprList() throws(SQLSyntaxError) -> [Expr] {
    var out: [Expr] = []
    repeat { out.append(try expr()) } while acceptSymbol(",")
    return out
  }
}
