/// The SQL dialects KilnSQL reads.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable {
  /// SQLite: `"x"`, `` `x` `` and `[x]` quote identifiers; names are case-insensitive.
  case sqlite
  /// PostgreSQL: `"x"` quotes, `E'…'` and `$tag$…$tag$` strings, `::` casts; unquoted names fold
  /// to lower case.
  case postgres
}

/// What kind of lexeme a token is.
public enum TokenKind: Sendable, Hashable {
  /// An unquoted word (keyword or name); `text` keeps the original spelling.
  case word
  /// A quoted identifier; `text` is the unescaped name.
  case quotedIdentifier
  /// A string literal (any quoting); `text` is the unescaped value.
  case string
  /// A numeric literal.
  case number
  /// A bind parameter (`?`, `$1`, `:name`).
  case parameter
  /// Punctuation or an operator: `(`, `)`, `,`, `.`, `;`, `::`, `||`, `<=`, …
  case symbol
  /// The end of the input.
  case end
}

/// One lexeme with its UTF-8 byte range in the statement.
public struct Token: Sendable, Hashable {
  /// The kind.
  public var kind: TokenKind
  /// The text: a word as written, an identifier or string unescaped, a symbol as written.
  public var text: String
  /// UTF-8 byte offsets into the statement.
  public var range: Range<Int>
  /// The word in upper case (empty for other kinds), for keyword comparisons.
  public var upper: String

  /// Creates a token.
  public init(kind: TokenKind, text: String, range: Range<Int>) {
    self.kind = kind
    self.text = text
    self.range = range
    self.upper = kind == .word ? text.uppercased() : ""
  }

  /// True for the word `keyword` (given in upper case).
  @inline(__always) func isWord(_ keyword: String) -> Bool { kind == .word && upper == keyword }
  /// True for the symbol `s`.
  @inline(__always) func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}

/// A tokenizer or parser failure at a byte offset of the statement.
public struct SQLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, lower case.
  public var message: String
  /// UTF-8 byte offset in the statement.
  public var offset: Int
  /// Creates an error.
  public init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }
  public var description: String { "\(message) at byte \(offset)" }
}
