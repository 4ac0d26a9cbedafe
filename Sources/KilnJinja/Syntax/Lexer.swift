import KilnBase

/// Splits template source into tokens, following jinja2's lexer with dbt's settings
/// (no trim_blocks, no lstrip_blocks, no line statements).
struct Lexer {
  let src: [UInt8]
  let file: SourceFile
  var pos = 0
  var tokens: [Token] = []
  /// Set by `-%}`, `-}}` and `-#}`: strip leading whitespace of the next data.
  var stripNext = false
  var balance: [UInt8] = []

  init(file: SourceFile) {
    self.file = file
    self.src = Array(file.text.utf8)
  }

  static func tokenize(_ file: SourceFile) throws -> [Token] {
    var l = Lexer(file: file)
    try l.run()
    return l.tokens
  }

  func fail(_ message: String, at offset: Int) -> JinjaError {
    JinjaError(.syntax, message, span: SourceSpan(file: file, range: offset..<(offset + 1)))
  }

  func peek(_ off: Int = 0) -> UInt8 {
    let i = pos + off
    return i < src.count ? src[i] : 0
  }

  func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12 }

  mutating func emitData(_ start: Int, _ end: Int, rstrip: Bool) {
    var s = start
    var e = end
    if stripNext {
      while s < e && isSpace(src[s]) { s += 1 }
      stripNext = false
    }
    if rstrip { while e > s && isSpace(src[e - 1]) { e -= 1 } }
    if e > s {
      tokens.append(Token(kind: .data(String(decoding: src[s..<e], as: UTF8.self)), start: s, end: e))
    }
  }

  mutating func run() throws {
    var dataStart = 0
    while pos < src.count {
      guard src[pos] == UInt8(ascii: "{"), pos + 1 < src.count else {
        pos += 1
        continue
      }
      let next = src[pos + 1]
      guard next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#")
      else {
        pos += 1
        continue
      }
      let tagStart = pos
      let marker = peek(2)
      let minus = marker == UInt8(ascii: "-")
      let plus = marker == UInt8(ascii: "+")
      if next == UInt8(ascii: "%"), matchTagWord(at: pos, word: "raw") != nil, rawBlock(at: pos) == nil {
        throw fail("Missing end of raw directive", at: pos)
      }
      if next == UInt8(ascii: "%"), let raw = rawBlock(at: pos) {
        emitData(dataStart, tagStart, rstrip: raw.stripBefore)
        var cs = raw.contentStart
        var ce = raw.contentEnd
        if raw.stripContentStart { while cs < ce && isSpace(src[cs]) { cs += 1 } }
        if raw.stripContentEnd { while ce > cs && isSpace(src[ce - 1]) { ce -= 1 } }
        if ce > cs {
          tokens.append(
            Token(kind: .data(String(decoding: src[cs..<ce], as: UTF8.self)), start: cs, end: ce))
        }
        pos = raw.end
        stripNext = raw.stripAfter
        dataStart = pos
        continue
      }
      emitData(dataStart, tagStart, rstrip: minus)
      pos += (minus || plus) ? 3 : 2
      if next == UInt8(ascii: "#") {
        try skipComment(from: tagStart)
      } else if next == UInt8(ascii: "{") {
        tokens.append(Token(kind: .variableBegin, start: tagStart, end: pos))
        try lexTag(endChar: UInt8(ascii: "}"), endKind: .variableEnd)
      } else {
        tokens.append(Token(kind: .blockBegin, start: tagStart, end: pos))
        try lexTag(endChar: UInt8(ascii: "%"), endKind: .blockEnd)
      }
      dataStart = pos
    }
    emitData(dataStart, src.count, rstrip: false)
    // jinja2's end-of-stream token carries the line of the last real token.
    let eofAt = tokens.last?.start ?? 0
    tokens.append(Token(kind: .eof, start: eofAt, end: eofAt))
  }

  mutating func skipComment(from start: Int) throws {
    while pos + 1 < src.count {
      if src[pos] == UInt8(ascii: "#") && src[pos + 1] == UInt8(ascii: "}") {
        let minus = pos > start + 2 && src[pos - 1] == UInt8(ascii: "-")
        pos += 2
        stripNext = minus
        return
      }
      pos += 1
    }
    throw fail("Missing end of comment tag", at: start)
  }

  struct Raw {
    var stripBefore: Bool, stripContentStart: Bool, contentStart: Int
    var contentEnd: Int, stripContentEnd: Bool, stripAfter: Bool, end: Int
  }

  /// Recognises `{% raw %}...{% endraw %}` (with `-`/`+` markers) starting at `start`.
  func rawBlock(at start: Int) -> Raw? {
    guard let open = matchTagWord(at: start, word: "raw") else { return nil }
    var p = open.end
    while p + 1 < src.count {
      if src[p] == UInt8(ascii: "{") && src[p + 1] == UInt8(ascii: "%"),
        let close = matchTagWord(at: p, word: "endraw")
      {
        return Raw(
          stripBefore: open.leftMinus, stripContentStart: open.rightMinus, contentStart: open.end,
          contentEnd: p, stripContentEnd: close.leftMinus, stripAfter: close.rightMinus,
          end: close.end)
      }
      p += 1
    }
    return nil
  }

  /// Matches `{%[-+]? word [-]?%}` at `start`.
  func matchTagWord(at start: Int, word: String) -> (leftMinus: Bool, rightMinus: Bool, end: Int)? {
    var p = start + 2
    var left = false
    if p < src.count && (src[p] == UInt8(ascii: "-") || src[p] == UInt8(ascii: "+")) {
      left = src[p] == UInt8(ascii: "-")
      p += 1
    }
    while p < src.count && isSpace(src[p]) { p += 1 }
    let w = Array(word.utf8)
    guard p + w.count <= src.count, Array(src[p..<(p + w.count)]) == w else { return nil }
    p += w.count
    if p < src.count && (isIdent(src[p])) { return nil }
    while p < src.count && isSpace(src[p]) { p += 1 }
    var right = false
    if p < src.count && (src[p] == UInt8(ascii: "-") || src[p] == UInt8(ascii: "+")) {
      right = src[p] == UInt8(ascii: "-")
      p += 1
    }
    guard p + 1 < src.count, src[p] == UInt8(ascii: "%"), src[p + 1] == UInt8(ascii: "}") else {
      return nil
    }
    return (left, right, p + 2)
  }

  func isIdent(_ c: UInt8) -> Bool {
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c >= 0x80
  }

  /// Lexes the inside of `{{ ... }}` or `{% ... %}` until the matching end delimiter.
  mutating func lexTag(endChar: UInt8, endKind: Token.Kind) throws {
    balance.removeAll()
    while true {
      while pos < src.count && isSpace(src[pos]) { pos += 1 }
      if pos >= src.count { return }  // the parser reports the missing end delimiter
      let c = src[pos]
      if balance.isEmpty {
        if c == UInt8(ascii: "-") && peek(1) == endChar && peek(2) == UInt8(ascii: "}") {
          tokens.append(Token(kind: endKind, start: pos, end: pos + 3))
          pos += 3
          stripNext = true
          return
        }
        if c == UInt8(ascii: "+") && endChar == UInt8(ascii: "%") && peek(1) == endChar
          && peek(2) == UInt8(ascii: "}")
        {
          tokens.append(Token(kind: endKind, start: pos, end: pos + 3))
          pos += 3
          return
        }
        if c == endChar && peek(1) == UInt8(ascii: "}") {
          tokens.append(Token(kind: endKind, start: pos, end: pos + 2))
          pos += 2
          return
        }
      }
      let start = pos
      if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
        tokens.append(Token(kind: .string(try lexString(quote: c)), start: start, end: pos))
      } else if c >= 48 && c <= 57 {
        tokens.append(Token(kind: try lexNumber(), start: start, end: pos))
      } else if isIdent(c) {
        while pos < src.count && isIdent(src[pos]) { pos += 1 }
        tokens.append(
          Token(kind: .name(String(decoding: src[start..<pos], as: UTF8.self)), start: start, end: pos))
      } else {
        try lexOperator()
      }
    }
  }

  static let twoCharOps: Set<String> = ["//", "**", "==", "!=", ">=", "<="]
  static let oneCharOps: Set<UInt8> = Set("+-/*%~[](){}><=.:|,;".utf8)

  mutating func lexOperator() throws {
    let c = src[pos]
    if pos + 1 < src.count {
      let two = String(decoding: src[pos..<(pos + 2)], as: UTF8.self)
      if Lexer.twoCharOps.contains(two) {
        tokens.append(Token(kind: .op(two), start: pos, end: pos + 2))
        pos += 2
        return
      }
    }
    guard Lexer.oneCharOps.contains(c) else {
      let ch = String(decoding: src[pos..<min(src.count, pos + scalarLength(c))], as: UTF8.self)
      let charOffset = String(decoding: src[0..<pos], as: UTF8.self).unicodeScalars.count
      throw fail("unexpected char \(PyString.repr(ch)) at \(charOffset)", at: pos)
    }
    let s = String(UnicodeScalar(c))
    if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
      balance.append(c)
    } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
      guard let open = balance.popLast() else { throw fail("unexpected '\(s)'", at: pos) }
      let expected: UInt8 =
        open == UInt8(ascii: "(") ? UInt8(ascii: ")") : (open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}"))
      if expected != c {
        throw fail("unexpected '\(s)', expected '\(String(UnicodeScalar(expected)))'", at: pos)
      }
    }
    tokens.append(Token(kind: .op(s), start: pos, end: pos + 1))
    pos += 1
  }

  func scalarLength(_ lead: UInt8) -> Int {
    if lead < 0x80 { return 1 }
    if lead >= 0xF0 { return 4 }
    if lead >= 0xE0 { return 3 }
    return 2
  }

  mutating func lexNumber() throws -> Token.Kind {
    let start = pos
    func digits(_ allowed: (UInt8) -> Bool) {
      while pos < src.count && (allowed(src[pos]) || (src[pos] == 95 && pos + 1 < src.count && allowed(src[pos + 1]))) {
        pos += 1
      }
    }
    let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
    if src[pos] == 48, pos + 1 < src.count {
      let p = src[pos + 1] | 0x20
      let radix: Int? = p == UInt8(ascii: "x") ? 16 : (p == UInt8(ascii: "o") ? 8 : (p == UInt8(ascii: "b") ? 2 : nil))
      if let radix {
        pos += 2
        let ds = pos
        digits { c in
          let l = c | 0x20
          switch radix {
          case 16: return isDigit(c) || (l >= 97 && l <= 102)
          case 8: return c >= 48 && c <= 55
          default: return c == 48 || c == 49
          }
        }
        let text = String(decoding: src[ds..<pos], as: UTF8.self).replacingOccurrences(of: "_", with: "")
        guard let v = Int(text, radix: radix) else {
          throw fail("integer literal does not fit in 64 bits (Kiln has no big integers)", at: start)
        }
        return .int(v)
      }
    }
    digits(isDigit)
    var isFloat = false
    let afterDot = tokens.last.map { $0.isOp(".") } ?? false
    if !afterDot, pos + 1 < src.count, src[pos] == UInt8(ascii: "."), isDigit(src[pos + 1]) {
      isFloat = true
      pos += 1
      digits(isDigit)
    }
    if !afterDot, pos < src.count, src[pos] | 0x20 == UInt8(ascii: "e") {
      var p = pos + 1
      if p < src.count && (src[p] == UInt8(ascii: "+") || src[p] == UInt8(ascii: "-")) { p += 1 }
      if p < src.count && isDigit(src[p]) {
        isFloat = true
        pos = p
        digits(isDigit)
      }
    }
    let text = String(decoding: src[start..<pos], as: UTF8.self).replacingOccurrences(of: "_", with: "")
    if isFloat { return .float(Double(text) ?? 0) }
    if let i = Int(text) { return .int(i) }
    throw fail("integer literal \(text) does not fit in 64 bits (Kiln has no big integers)", at: start)
  }

  mutating func lexString(quote: UInt8) throws -> String {
    let start = pos
    pos += 1
    var bytes: [UInt8] = []
    var hasEscape = false
    while pos < src.count && src[pos] != quote {
      if src[pos] == UInt8(ascii: "\\") && pos + 1 < src.count {
        hasEscape = true
        bytes.append(src[pos])
        bytes.append(src[pos + 1])
        pos += 2
        continue
      }
      bytes.append(src[pos])
      pos += 1
    }
    guard pos < src.count else {
      let charOffset = String(decoding: src[0..<start], as: UTF8.self).unicodeScalars.count
      throw fail("unexpected char \(PyString.repr(String(UnicodeScalar(quote)))) at \(charOffset)", at: start)
    }
    pos += 1
    let raw = String(decoding: bytes, as: UTF8.self)
    return hasEscape ? Lexer.unescape(raw) : raw
  }

  /// Decodes Python string escapes the way jinja2 does (`unicode-escape`).
  static func unescape(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    let it = Array(s.unicodeScalars)
    var i = 0
    func hexValue(_ n: Int) -> UInt32? {
      guard i + 1 + n <= it.count else { return nil }
      let h = String(String.UnicodeScalarView(it[(i + 1)..<(i + 1 + n)]))
      return UInt32(h, radix: 16)
    }
    while i < it.count {
      let c = it[i]
      guard c == "\\", i + 1 < it.count else {
        out.append(c)
        i += 1
        continue
      }
      let e = it[i + 1]
      i += 1
      switch e {
      case "n": out.append("\n")
      case "t": out.append("\t")
      case "r": out.append("\r")
      case "\\": out.append("\\")
      case "'": out.append("'")
      case "\"": out.append("\"")
      case "a": out.append("\u{07}")
      case "b": out.append("\u{08}")
      case "f": out.append("\u{0C}")
      case "v": out.append("\u{0B}")
      case "\n": break
      case "x", "u", "U":
        let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
        if let v = hexValue(n), let u = Unicode.Scalar(v) {
          out.append(u)
          i += n
        } else {
          out.append("\\")
          out.append(e)
        }
      case "0"..."7":
        var v: UInt32 = 0
        var n = 0
        while n < 3, i < it.count, let d = it[i].properties.numericType, d == .decimal,
          it[i].value >= 48, it[i].value <= 55
        {
          v = v * 8 + (it[i].value - 48)
          i += 1
          n += 1
        }
        i -= 1
        out.append(Unicode.Scalar(v) ?? "?")
      default:
        out.append("\\")
        out.append(e)
      }
      i += 1
    }
    return String(out)
  }
}
