import Foundation
import KilnBase
import KilnProject

/// Test scaffolding, not a template engine: replaces `{{ env_var('X') }}` and
/// `{{ env_var('X', 'default') }}` using `env`, and fails on any other Jinja.
func fakeEnvVarRenderer(_ env: [String: String] = [:]) -> YAMLStringRenderer {
  { text, span in
    let pattern = #"\{\{\s*env_var\(\s*'([^']+)'\s*(?:,\s*'([^']*)')?\s*\)\s*\}\}"#
    let re = try NSRegularExpression(pattern: pattern)
    let ns = text as NSString
    var out = ""
    var last = 0
    for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
      out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
      let name = ns.substring(with: m.range(at: 1))
      let fallback =
        m.range(at: 2).location == NSNotFound ? nil : ns.substring(with: m.range(at: 2))
      guard let value = env[name] ?? fallback else {
        throw Diagnostic(code: "J9999", "env var `\(name)` not set", span: span)
      }
      out += value
      last = m.range.location + m.range.length
    }
    out += ns.substring(from: last)
    if out.contains("{{") || out.contains("{%") {
      throw Diagnostic(code: "J9999", "fake renderer cannot render `\(text)`", span: span)
    }
    return out
  }
}
