/// Injects ephemeral models as CTEs the way dbt does (`compilation.py` `_add_ctes`): after an
/// existing top-level `with` (keeping the whitespace after it, then `<ctes>, `), otherwise a new
/// `with <ctes> ` before the first token (a leading comment counts as a token).
enum CTEInjection {
  /// ` __dbt__cte__<name> as (\n<sql>\n)`, as dbt writes each CTE.
  static func cte(name: String, sql: String) -> String {
    " __dbt__cte__\(name) as (\n\(sql)\n)"
  }

  static func inject(_ ctes: [String], into sql: String) -> String {
    guard !ctes.isEmpty else { return sql }
    let joined = ctes.joined(separator: ", ")
    let chars = Array(sql.utf8)
    var i = 0
    var firstToken: Int?
    // Find the first keyword, skipping whitespace and comments.
    while i < chars.count {
      let c = chars[i]
      if c == 32 || c == 9 || c == 10 || c == 13 {
        i += 1
      } else if c == UInt8(ascii: "-"), i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "-") {
        if firstToken == nil { firstToken = i }
        while i < chars.count && chars[i] != 10 { i += 1 }
      } else if c == UInt8(ascii: "/"), i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "*") {
        if firstToken == nil { firstToken = i }
        i += 2
        while i + 1 < chars.count && !(chars[i] == UInt8(ascii: "*") && chars[i + 1] == UInt8(ascii: "/")) { i += 1 }
        i += 2
      } else {
        break
      }
    }
    let start = firstToken ?? i
    if i + 4 <= chars.count, String(decoding: chars[i..<(i + 4)], as: UTF8.self).lowercased() == "with",
      i + 4 == chars.count || !isWordByte(chars[i + 4])
    {
      var j = i + 4
      while j < chars.count && (chars[j] == 32 || chars[j] == 9 || chars[j] == 10 || chars[j] == 13) { j += 1 }
      let head = String(decoding: chars[..<j], as: UTF8.self)
      let rest = String(decoding: chars[j...], as: UTF8.self)
      return head + joined + ", " + rest
    }
    let head = String(decoding: chars[..<start], as: UTF8.self)
    let rest = String(decoding: chars[start...], as: UTF8.self)
    return head + "with" + joined + " " + rest
  }

  static func isWordByte(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
  }
}
