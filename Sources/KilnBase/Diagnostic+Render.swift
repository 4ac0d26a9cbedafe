extension Diagnostic {
  /// Renders the diagnostic as rustc-style text with the source line and a caret.
  ///
  /// ```
  /// error[J0102]: unknown filter `uper`
  ///   --> models/staging/stg_orders.sql:3:20
  ///    |
  ///  3 |   select {{ name | uper }} as customer_name
  ///    |                    ^^^^
  ///    = hint: did you mean `upper`?
  /// ```
  public func rendered(color: Bool) -> String {
    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    let sevColor = severity == .error ? "1;31" : (severity == .warning ? "1;33" : "1;36")
    var out = paint("\(severity.rawValue)[\(code)]", sevColor) + ": " + message + "\n"
    if let span {
      out += Self.renderSnippet(span: span, paint: paint)
    } else if let path {
      out += "  --> \(path)\n"
    }
    for note in notes {
      if let s = note.span {
        let (l, c) = s.location
        out += "   = note: \(note.message) (\(s.file.path):\(l):\(c))\n"
      } else {
        out += "   = note: \(note.message)\n"
      }
    }
    if let hint { out += "   = " + paint("hint", "1;32") + ": \(hint)\n" }
    if out.hasSuffix("\n") { out.removeLast() }
    return out
  }

  private static func renderSnippet(span: SourceSpan, paint: (String, String) -> String) -> String
  {
    let (line, col) = span.location
    let text = span.file.lineText(line)
    let gutter = String(repeating: " ", count: String(line).count)
    var out = "\(gutter)--> \(span.file.path):\(line):\(col)\n"
    out += "\(gutter) |\n"
    out += "\(line) | \(text)\n"
    // Width of the caret: the span on this line, at least one character.
    let endLoc = span.file.location(of: max(span.range.lowerBound, span.range.upperBound))
    let width = endLoc.line == line ? max(1, endLoc.column - col) : max(1, text.count - col + 1)
    let pad = String(
      String.UnicodeScalarView(text.unicodeScalars.prefix(col - 1).map { $0 == "\t" ? "\t" : " " }))
    out += "\(gutter) | \(pad)" + paint(String(repeating: "^", count: width), "1;31") + "\n"
    return out
  }

  /// `path:line:col` of the diagnostic, or the path alone.
  public var locationText: String? {
    if let span {
      let (l, c) = span.location
      return "\(span.file.path):\(l):\(c)"
    }
    return path
  }
}

