/// Unix shell-style wildcards as dbt's selector methods use them (Python's `fnmatch`):
/// `*` any run of characters, `?` one character, `[abc]` / `[a-z]` / `[!abc]` one character of
/// a set. Matching is case-sensitive, as `fnmatch` is on POSIX systems.
enum Glob {
  /// Whether `pattern` contains any wildcard character.
  static func hasWildcards(_ pattern: String) -> Bool {
    pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// Whether `text` matches `pattern` as a whole; `*` may span `/`.
  static func matches(_ pattern: String, _ text: String) -> Bool {
    if !hasWildcards(pattern) { return pattern == text }
    return match(Array(pattern), Array(text))
  }

  /// Whether `path` is the path `pattern` names or lies under it, comparing whole `/`-separated
  /// components so `models/stag*` matches `models/staging/a.sql` but `models/st` does not. This
  /// is what selecting by a folder means (pathlib globbing in dbt's `path:` method).
  static func matchesPathPrefix(_ pattern: String, _ path: String) -> Bool {
    let want = components(pattern)
    let have = components(path)
    guard !want.isEmpty, want.count <= have.count else { return false }
    return zip(want, have).allSatisfy { matches($0, $1) }
  }

  /// `/`-separated components without empty or `.` parts; backslashes count as separators.
  static func components(_ path: String) -> [String] {
    path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init).filter { $0 != "." }
  }

  /// Backtracking matcher: on a mismatch, let the most recent `*` absorb one more character.
  /// Linear for patterns with one `*`, and never worse than O(pattern x text).
  private static func match(_ p: [Character], _ t: [Character]) -> Bool {
    var pi = 0
    var ti = 0
    var star: (p: Int, t: Int)?
    while ti < t.count {
      if pi < p.count {
        switch p[pi] {
        case "*":
          star = (pi, ti)
          pi += 1
          continue
        case "?":
          pi += 1
          ti += 1
          continue
        case "[":
          if let (matched, next) = matchClass(p, pi, t[ti]) {
            if matched {
              pi = next
              ti += 1
              continue
            }
          } else if t[ti] == "[" {
            // An unclosed `[` is a literal, as in fnmatch.
            pi += 1
            ti += 1
            continue
          }
        case let c where c == t[ti]:
          pi += 1
          ti += 1
          continue
        default: break
        }
      }
      guard let s = star else { return false }
      star = (s.p, s.t + 1)
      pi = s.p + 1
      ti = s.t + 1
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }

  /// Matches `c` against the class starting at `p[start] == "["`; nil when the class is unclosed.
  private static func matchClass(_ p: [Character], _ start: Int, _ c: Character)
    -> (Bool, Int)?
  {
    var i = start + 1
    var negate = false
    if i < p.count, p[i] == "!" {
      negate = true
      i += 1
    }
    var found = false
    var first = true
    while i < p.count, p[i] != "]" || first {
      first = false
      if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
        if p[i] <= c && c <= p[i + 2] { found = true }
        i += 3
      } else {
        if p[i] == c { found = true }
        i += 1
      }
    }
    guard i < p.count else { return nil }
    return (found != negate, i + 1)
  }
}
