/// Did-you-mean suggestions by edit distance.
public enum Suggest {
  /// The candidate closest to `name`, if it is close enough to be a likely typo.
  public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let a = Array(name.lowercased().unicodeScalars)
    var best: (String, Int)?
    for c in candidates {
      let d = distance(a, Array(c.lowercased().unicodeScalars))
      if d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    guard let (cand, d) = best else { return nil }
    let limit = max(1, min(3, (a.count + 2) / 3))
    return d <= limit ? cand : nil
  }

  /// A "did you mean `x`?" hint, or nil.
  public static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
    closest(to: name, in: candidates).map { "did you mean `\($0)`?" }
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
  /// adjacent characters each cost one (so `bda` is one edit from `bad`).
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prevPrev = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          cur[j] = min(cur[j], prevPrev[j - 2] + 1)
        }
      }
      (prevPrev, prev, cur) = (prev, cur, prevPrev)
    }
    return prev[b.count]
  }
}
