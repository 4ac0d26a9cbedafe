/// A lexical token of a template.
struct Token: Sendable {
  enum Kind: Sendable, Equatable {
    case data(String)
    case variableBegin, variableEnd, blockBegin, blockEnd
    case name(String)
    case string(String)
    case int(Int)
    case float(Double)
    case op(String)
    case eof
  }

  var kind: Kind
  /// UTF-8 offsets into the template source.
  var start: Int
  var end: Int

  /// How jinja2 describes the token in error messages (`describe_token`).
  var description: String {
    switch kind {
    case .name(let n): return n
    case .data: return "template data / text"
    case .variableBegin: return "begin of print statement"
    case .variableEnd: return "end of print statement"
    case .blockBegin: return "begin of statement block"
    case .blockEnd: return "end of statement block"
    case .string: return "string"
    case .int: return "integer"
    case .float: return "float"
    case .op(let o): return o
    case .eof: return "end of template"
    }
  }

  func isName(_ n: String) -> Bool {
    if case .name(let x) = kind { return x == n }
    return false
  }

  func isOp(_ o: String) -> Bool {
    if case .op(let x) = kind { return x == o }
    return false
  }
}
