/// Splits a SQL statement into tokens, skipping whitespace and comments.
///
/// Works on UTF-8 bytes; every token keeps its byte range so errors can point into the
/// compiled file. Dialect differences: SQLite also quotes identifiers with `` ` `` and `[ ]`;
/// PostgreSQL has `E'…'` escape strings and `$tag$…$tag$` dollar quoting.
public struct Tokenizer {
  let bytes: [UInt8]
  let dialect: SQLDialect
  var i = 0

  /// Creates a tokenizer over `sql`.
  public init(_ sql: String, dialect: SQLDialect) {
    self.bytes = Array(sql.utf8)
    self.dialect = dialect
  }

  /// Every token of the statement, ending with an `.end` token.
  public static func tokenize(_ sql: String, dialect: SQLDialect) throws(SQLSyntaxError) -> [Token] {
    var t = Tokenizer(sql, dialect: dialect)
    return try t.all()
  }

  mutating func all() throws(SQLSyntaxError) -> [Token] {
    var out: [Token] = []
    out.reserveCapacity(bytes.count / 4)
    while true {
      let t = try next()
      out.append(t)
      if t.kind == .end { return out }
    }
  }

  func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

  @inline(__always) func peek(_ k: Int = 0) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }

  mutating func skipTrivia() throws(SQLSyntaxError) {
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
        i += 1
      } else if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
      } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
        let start = i
        i += 2
        // PostgreSQL nests block comments; SQLite does not, but nested ones are rare enough
        // that treating both the same only matters for `/* /* */` in SQLite.
        var depth = 1
        while i < bytes.count && depth > 0 {
          if bytes[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
            depth -= 1
            i += 2
          } else if dialect == .postgres && bytes[i] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
            depth += 1
            i += 2
          } else {
            i += 1
          }
        }
        if depth > 0 { throw SQLSyntaxError("unterminated comment", at: start) }
      } else {
        return
      }
    }
  }

  static func isWordStart(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c >= 0x80
  }
  static func isWordPart(_ c: UInt8) -> Bool { isWordStart(c) || isDigit(c) || c == UInt8(ascii: "$") }
  static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

  mutating func next() throws(SQLSyntaxError) -> Token {
    try skipTrivia()
    let start = i
    guard i < bytes.count else { return Token(kind: .end, text: "", range: i..<i) }
    let c = bytes[i]
    // Strings: '…', E'…' (Postgres), X'…' blobs, N'…'.
    if c == UInt8(ascii: "'") { return try quoted(start, close: UInt8(ascii: "'"), kind: .string, from: i) }
    if (c | 0x20) == UInt8(ascii: "e") && peek(1) == UInt8(ascii: "'") && dialect == .postgres {
      return try escapeString(start)
    }
    if ((c | 0x20) == UInt8(ascii: "x") || (c | 0x20) == UInt8(ascii: "n") || (c | 0x20) == UInt8(ascii: "b"))
      && peek(1) == UInt8(ascii: "'")
    {
      return try quoted(start, close: UInt8(ascii: "'"), kind: .string, from: i + 1)
    }
    if c == UInt8(ascii: "\"") {
      return try quoted(start, close: c, kind: .quotedIdentifier, from: i)
    }
    if dialect == .sqlite && c == UInt8(ascii: "`") {
      return try quoted(start, close: c, kind: .quotedIdentifier, from: i)
    }
    if dialect == .sqlite && c == UInt8(ascii: "[") {
      i += 1
      while i < bytes.count && bytes[i] != UInt8(ascii: "]") { i += 1 }
      if i >= bytes.count { throw SQLSyntaxError("unterminated [identifier]", at: start) }
      i += 1
      return Token(kind: .quotedIdentifier, text: text(start + 1..<i - 1), range: start..<i)
    }
    if c == UInt8(ascii: "$") {
      if Tokenizer.isDigit(peek(1)) {
        i += 1
        while Tokenizer.isDigit(peek()) { i += 1 }
        return Token(kind: .parameter, text: text(start..<i), range: start..<i)
      }
      if dialect == .postgres, let t = try dollarString(start) { return t }
    }
    if Tokenizer.isWordStart(c) {
      i += 1
      while i < bytes.count && Tokenizer.isWordPart(bytes[i]) { i += 1 }
      return Token(kind: .word, text: text(start..<i), range: start..<i)
    }
    if Tokenizer.isDigit(c) || (c == UInt8(ascii: ".") && Tokenizer.isDigit(peek(1))) {
      return number(start)
    }
    if c == UInt8(ascii: "?") && dialect == .sqlite {
      i += 1
      while Tokenizer.isDigit(peek()) { i += 1 }
      return Token(kind: .parameter, text: text(start..<i), range: start..<i)
    }
    if (c == UInt8(ascii: ":") || c == UInt8(ascii: "@")) && Tokenizer.isWordStart(peek(1)) && dialect == .sqlite {
      i += 1
      while i < bytes.count && Tokenizer.isWordPart(bytes[i]) { i += 1 }
      return Token(kind: .parameter, text: text(start..<i), range: start..<i)
    }
    return symbol(start)
  }

  /// A quoted run closed by `close`, where a doubled `close` is one literal `close`.
  mutating func quoted(_ start: Int, close: UInt8, kind: TokenKind, from open: Int) throws(SQLSyntaxError) -> Token {
    i = open + 1
    var value: [UInt8] = []
    while true {
      guard i < bytes.count else {
        throw SQLSyntaxError(kind == .string ? "unterminated string literal" : "unterminated quoted identifier", at: start)
      }
      let b = bytes[i]
      if b == close {
        if peek(1) == close {
          value.append(close)
          i += 2
          continue
        }
        i += 1
        break
      }
      value.append(b)
      i += 1
    }
    return Token(kind: kind, text: String(decoding: value, as: UTF8.self), range: start..<i)
  }

  /// PostgreSQL `E'…'`: backslash escapes as well as doubled quotes.
  mutating func escapeString(_ start: Int) throws(SQLSyntaxError) -> Token {
    i = start + 2
    var value: [UInt8] = []
    while true {
      guard i < bytes.count else { throw SQLSyntaxError("unterminated string literal", at: start) }
      let b = bytes[i]
      if b == UInt8(ascii: "\\") && i + 1 < bytes.count {
        value.append(bytes[i + 1])
        i += 2
        continue
      }
      if b == UInt8(ascii: "'") {
        if peek(1) == UInt8(ascii: "'") {
          value.append(b)
          i += 2
          continue
        }
        i += 1
        break
      }
      value.append(b)
      i += 1
    }
    return Token(kind: .string, text: String(decoding: value, as: UTF8.self), range: start..<i)
  }

  /// PostgreSQL `$$…$$` or `$tag$…$tag$`; nil when `$` does not open one.
  mutating func dollarString(_ start: Int) throws(SQLSyntaxError) -> Token? {
    var j = start + 1
    while j < bytes.count && (Tokenizer.isWordStart(bytes[j]) || Tokenizer.isDigit(bytes[j])) { j += 1 }
    guard j < bytes.count && bytes[j] == UInt8(ascii: "$") else { return nil }
    let tag = Array(bytes[start...j])
    var k = j + 1
    while k + tag.count <= bytes.count {
      if bytes[k] == UInt8(ascii: "$") && Array(bytes[k..<k + tag.count]) == tag {
        i = k + tag.count
        return Token(kind: .string, text: text(j + 1..<k), range: start..<i)
      }
      k += 1
    }
    throw SQLSyntaxError("unterminated dollar-quoted string", at: start)
  }

  mutating func number(_ start: Int) -> Token {
    if bytes[i] == UInt8(ascii: "0") && (peek(1) | 0x20) == UInt8(ascii: "x") {
      i += 2
      while i < bytes.count && (Tokenizer.isDigit(bytes[i]) || ((bytes[i] | 0x20) >= 0x61 && (bytes[i] | 0x20) <= 0x66)) { i += 1 }
      return Token(kind: .number, text: text(start..<i), range: start..<i)
    }
    while Tokenizer.isDigit(peek()) || peek() == UInt8(ascii: "_") { i += 1 }
    if peek() == UInt8(ascii: ".") && peek(1) != UInt8(ascii: ".") {
      i += 1
      while Tokenizer.isDigit(peek()) { i += 1 }
    }
    if (peek() | 0x20) == UInt8(ascii: "e")
      && (Tokenizer.isDigit(peek(1)) || ((peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")) && Tokenizer.isDigit(peek(2))))
    {
      i += 2
      while Tokenizer.isDigit(peek()) { i += 1 }
    }
    return Token(kind: .number, text: text(start..<i), range: start..<i)
  }

  /// Multi-character operators, longest first (SQLite's and PostgreSQL's common ones).
  static let operators: [[UInt8]] = [
    "!~~*", "->>", "#>>", "~~*", "!~~", "!~*", "||/", "::", "||", "<=", ">=", "<>", "!=", "==", "->",
    "#>", "@>", "<@", "<<", ">>", "~~", "!~", "~*", "&&", "?|", "?&", "#-", "|/", "@@",
  ].map { Array($0.utf8) }

  mutating func symbol(_ start: Int) -> Token {
    for op in Tokenizer.operators where start + op.count <= bytes.count {
      if bytes[start] == op[0] && Array(bytes[start..<start + op.count]) == op {
        i = start + op.count
        return Token(kind: .symbol, text: text(start..<i), range: start..<i)
      }
    }
    // Any other byte is a one-byte symbol (an operator, punctuation, or something the parser
    // reports, like a stray `{`). A multi-byte scalar stays whole.
    i += 1
    while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
    return Token(kind: .symbol, text: text(start..<i), range: start..<i)
  }
}
