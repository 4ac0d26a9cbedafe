import KilnJinja

/// The source text of a macro definition, `{% macro … %}` through its end tag, as dbt's
/// manifest keeps it in `macro_sql`.
enum MacroSource {
  static func text(of d: BlockDefinition) -> String {
    let span = d.span
    let bytes = Array(span.file.text.utf8)
    var start = span.range.lowerBound
    guard start < bytes.count else { return "" }
    // The span starts at the keyword; dbt's text starts at the tag's `{%` (or `{%-`).
    var k = start
    while k > 0 && (bytes[k - 1] == UInt8(ascii: " ") || bytes[k - 1] == UInt8(ascii: "-") || bytes[k - 1] == UInt8(ascii: "\t")) { k -= 1 }
    if k >= 2 && bytes[k - 2] == UInt8(ascii: "{") && bytes[k - 1] == UInt8(ascii: "%") { start = k - 2 }
    let end = "end" + d.kind.rawValue
    // The first end tag after the start closes it: dbt does not allow nested definitions.
    let endBytes = Array(end.utf8)
    var i = start
    while i + endBytes.count <= bytes.count {
      if bytes[i] == endBytes[0] && Array(bytes[i..<i + endBytes.count]) == endBytes {
        var j = i + endBytes.count
        while j + 1 < bytes.count && !(bytes[j] == UInt8(ascii: "%") && bytes[j + 1] == UInt8(ascii: "}")) { j += 1 }
        return String(decoding: bytes[start..<min(j + 2, bytes.count)], as: UTF8.self)
      }
      i += 1
    }
    return String(decoding: bytes[start...], as: UTF8.self)
  }
}
