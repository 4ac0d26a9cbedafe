import KilnSQL
import Testing

/// Lineage never crashes: mutated and truncated statements either parse or fail with an
/// offset inside the statement, and deep nesting is an error, not a stack overflow.
@Suite struct ParserRobustnessTests {
  /// A small deterministic generator (xorshift), so a failure reproduces.
  struct Rng {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(n))
    }
  }

  static let pieces = [
    "(", ")", ",", "'", "\"", "select", "from", "*", "::", "--", "/*", "$$", "case", "end", "over (",
    "union", "join", ";", ".", "[", "]", "`", "e'", "with x as", "\\", "é", "\u{0}",
  ]

  @Test(arguments: SQLDialect.allCases) func mutatedStatementsNeverCrash(_ dialect: SQLDialect) throws {
    let cases = try LineageCase.load()
    var rng = Rng(state: 0x9E37_79B9_7F4A_7C15)
    var parsed = 0
    var failed = 0
    for c in cases {
      for _ in 0..<40 {
        var bytes = Array(c.sql.utf8)
        for _ in 0..<(1 + rng.next(3)) {
          let at = rng.next(bytes.count + 1)
          switch rng.next(3) {
          case 0: bytes.insert(contentsOf: Array(Self.pieces[rng.next(Self.pieces.count)].utf8), at: at)
          case 1: if at < bytes.count { bytes.remove(at: at) }
          default: bytes = Array(bytes.prefix(at))
          }
        }
        let sql = String(decoding: bytes, as: UTF8.self)
        do {
          _ = try LineageAnalyzer.lineage(of: sql, dialect: dialect) { RelationInfo(id: $0.last, columns: nil) }
          parsed += 1
        } catch {
          failed += 1
          #expect(error.offset >= 0 && error.offset <= sql.utf8.count, "offset outside the statement: \(sql)")
          #expect(!error.message.isEmpty)
        }
      }
    }
    #expect(parsed > 0 && failed > 0)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = "select " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    #expect(throws: SQLSyntaxError.self) { try SQLParser.parse(deep, dialect: .postgres) }
    let subqueries = String(repeating: "select * from (", count: 3000) + "select 1" + String(repeating: ")", count: 3000)
    #expect(throws: SQLSyntaxError.self) { try SQLParser.parse(subqueries, dialect: .sqlite) }
    let moderate = "select " + String(repeating: "(", count: 30) + "a" + String(repeating: ")", count: 30) + " from t"
    #expect(throws: Never.self) { try SQLParser.parse(moderate, dialect: .sqlite) }
  }

  @Test func errorPointsAtTheOffendingToken() throws {
    let sql = "select a,\n  b +\nfrom t"
    do {
      _ = try SQLParser.parse(sql, dialect: .sqlite)
      Issue.record("expected an error")
    } catch {
      #expect(error.offset == Array(sql.utf8).firstIndex(of: UInt8(ascii: "f")))
      #expect(error.message == "expected an expression, found `from`")
    }
  }

  @Test func tokenizerKeepsRangesAndUnescapes() throws {
    let tokens = try Tokenizer.tokenize("select 'it''s', \"a\"\"b\", x::int -- c\n", dialect: .postgres)
    #expect(tokens.map(\.text) == ["select", "it's", ",", "a\"b", ",", "x", "::", "int", ""])
    #expect(tokens[1].kind == .string && tokens[3].kind == .quotedIdentifier)
    #expect(tokens[1].range == 7..<14)
  }
}
