import KilnBase

/// A large properties file cut into pieces that parse on separate cores.
///
/// A 10,000-model project's `schema.yml` is megabytes, one long list under `models:`, and
/// composing it took half a second on one core while the other had nothing left to do. The
/// list is cut between its items (lines that start with `- ` at the list's indentation), and
/// each piece is the file with every line outside it left empty, so libyaml reports the
/// original lines and columns and every span points into the original file. A piece after the
/// first also keeps the list's key line (`models:`), so the items are again that key's list.
/// The trees are then joined in order: the same tree as parsing the file in one go.
///
/// Cutting is refused (the file parses whole) when the text uses anything that would tie the
/// pieces together or make a cut unsafe: anchors, aliases, tags, merge keys, several
/// documents, directives, or a list not written in block style. A piece that fails to parse,
/// or a joined tree that is not plain (a key repeated across pieces), also falls back to the
/// whole file, so every error is exactly the one the whole parse reports.
struct YAMLChunks: Sendable {
  /// The original file.
  let file: SourceFile
  /// Offsets of the original file, shared by every piece.
  let index: LineIndex
  /// The top-level key whose list is cut.
  let key: String
  /// The pieces' texts, in file order.
  let texts: [String]

  /// Files smaller than this parse whole: cutting costs more than it saves.
  static let minimumBytes = 256 * 1024

  /// The pieces of `file` (about `pieceBytes` each), or nil when it parses whole.
  static func cut(_ file: SourceFile, pieceBytes: Int = 512 * 1024) -> YAMLChunks? {
    let index = LineIndex(file)
    let bytes = index.bytes
    guard bytes.count >= minimumBytes, !tiesPieces(bytes) else { return nil }
    let starts = index.lineStarts
    func lineRange(_ l: Int) -> Range<Int> {
      let end = l + 1 < starts.count ? starts[l + 1] - 1 : bytes.count
      return starts[l]..<end
    }
    // Top-level keys: lines at column 0 of the form `name:` with nothing after but a comment.
    var keys: [(line: Int, name: String)] = []
    for l in starts.indices {
      let r = lineRange(l)
      guard let first = r.first, isKeyStart(bytes[first]) else { continue }
      var i = first
      while i < r.upperBound, isKeyByte(bytes[i]) { i += 1 }
      guard i < r.upperBound, bytes[i] == UInt8(ascii: ":") else { continue }
      var j = i + 1
      while j < r.upperBound, bytes[j] == UInt8(ascii: " ") { j += 1 }
      guard j == r.upperBound || bytes[j] == UInt8(ascii: "#") || bytes[j] == UInt8(ascii: "\r") else { continue }
      keys.append((l, String(decoding: bytes[first..<i], as: UTF8.self)))
    }
    // The key whose block spans the most lines.
    var best: (key: Int, lines: Int)?
    for (k, entry) in keys.enumerated() {
      let end = k + 1 < keys.count ? keys[k + 1].line : starts.count
      let lines = end - entry.line
      if lines > (best?.lines ?? 0) { best = (k, lines) }
    }
    guard let (k, _) = best else { return nil }
    let keyLine = keys[k].line
    let blockEnd = k + 1 < keys.count ? keys[k + 1].line : starts.count
    // The list's indentation: the first content line under the key must be an item.
    var indent: Int?
    var items: [Int] = []
    for l in (keyLine + 1)..<blockEnd {
      let r = lineRange(l)
      var i = r.lowerBound
      while i < r.upperBound, bytes[i] == UInt8(ascii: " ") { i += 1 }
      if i == r.upperBound || bytes[i] == UInt8(ascii: "#") || bytes[i] == UInt8(ascii: "\r") { continue }
      if bytes[i] == UInt8(ascii: "\t") { return nil }
      let isItem =
        bytes[i] == UInt8(ascii: "-")
        && (i + 1 == r.upperBound || bytes[i + 1] == UInt8(ascii: " ") || bytes[i + 1] == UInt8(ascii: "\r"))
      let column = i - r.lowerBound
      if indent == nil {
        guard isItem else { return nil }
        indent = column
      }
      if column == indent {
        guard isItem else { return nil }
        items.append(l)
      }
    }
    // Cut at the first item past every `pieceBytes`.
    var cuts: [Int] = []
    var nextCut = starts[keyLine] + pieceBytes
    for l in items.dropFirst() where starts[l] >= nextCut {
      cuts.append(l)
      nextCut = starts[l] + pieceBytes
    }
    guard !cuts.isEmpty else { return nil }
    var texts: [String] = []
    let bounds = [0] + cuts + [starts.count]
    for p in 0..<(bounds.count - 1) {
      let from = bounds[p]
      let to = bounds[p + 1]
      var text: [UInt8] = []
      if p == 0 {
        text = Array(bytes[0..<(to < starts.count ? starts[to] : bytes.count)])
      } else {
        // Lines before the piece stay, empty; the key line stays as it is.
        text.reserveCapacity(from + (to < starts.count ? starts[to] : bytes.count) - starts[from])
        text.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: keyLine))
        text.append(contentsOf: bytes[lineRange(keyLine)])
        text.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: from - keyLine))
        text.append(contentsOf: bytes[starts[from]..<(to < starts.count ? starts[to] : bytes.count)])
      }
      texts.append(String(decoding: text, as: UTF8.self))
    }
    return YAMLChunks(file: file, index: index, key: keys[k].name, texts: texts)
  }

  /// Parses piece `i`; nil when it fails (the whole file is parsed then).
  func parse(_ i: Int) -> (value: YAMLValue?, hasJinja: Bool)? {
    try? YAMLDocument.parseDocument(texts[i], file: file, index: index)
  }

  /// The pieces' trees joined into the file's tree; nil when they do not join plainly.
  func join(_ parts: [(value: YAMLValue?, hasJinja: Bool)?]) -> (value: YAMLValue?, hasJinja: Bool)? {
    var top: YAMLMapping?
    var items: [YAMLValue] = []
    var listSpan: SourceSpan?
    var hasJinja = false
    for part in parts {
      guard let part, let m = part.value?.mapping, let list = m[key]?.sequence else { return nil }
      hasJinja = hasJinja || part.hasJinja
      items += list
      if top == nil {
        top = m
        listSpan = m[key]?.span
        continue
      }
      for (k, v) in m.entries where k != key {
        // A key in two pieces: let the whole parse report it.
        guard top?.entries[k] == nil else { return nil }
        top?.entries[k] = v
        top?.keySpans[k] = m.keySpans[k]
      }
    }
    guard var joined = top, let listSpan, let first = parts.first??.value else { return nil }
    joined.entries[key] = YAMLValue(.sequence(items), span: listSpan)
    return (YAMLValue(.mapping(joined), span: first.span), hasJinja)
  }

  /// Whether the text uses YAML that links one place of the file to another, or that a cut
  /// between list items could split: anchors (`&a`), aliases (`*a`), tags (`!x`), merge keys,
  /// document markers, directives or flow collections spanning lines. Conservative: `*x` or
  /// `&x` after a space inside a description also refuses the cut.
  static func tiesPieces(_ bytes: [UInt8]) -> Bool {
    var previous = UInt8(ascii: "\n")
    var lineStart = true
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if lineStart {
        if b == UInt8(ascii: "%") { return true }
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "."), i + 2 < n, bytes[i + 1] == b, bytes[i + 2] == b {
          return true
        }
      }
      switch b {
      case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "["), UInt8(ascii: "{"):
        // An indicator starts a token: after a space, a line start, `-`, `:` or `,`.
        if previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\n") || previous == UInt8(ascii: "-")
          || previous == UInt8(ascii: ":") || previous == UInt8(ascii: ",")
        {
          if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
            // A flow collection closed on its own line is fine; one spanning lines is not.
            if !closesOnLine(bytes, from: i) { return true }
          } else if b == UInt8(ascii: "!") {
            return true
          } else if i + 1 < n, bytes[i + 1] != UInt8(ascii: " "), bytes[i + 1] != UInt8(ascii: "\n"),
            bytes[i + 1] != UInt8(ascii: "\r")
          {
            // `&name` / `*name`; a lone `*` (`select * from`) is text.
            return true
          }
        }
      case UInt8(ascii: "<"):
        if i + 1 < n, bytes[i + 1] == UInt8(ascii: "<") { return true }
      default: break
      }
      lineStart = b == UInt8(ascii: "\n")
      previous = b
      i += 1
    }
    return false
  }

  /// Whether the bracket at `start` is closed before the line ends (quotes skipped roughly).
  private static func closesOnLine(_ bytes: [UInt8], from start: Int) -> Bool {
    var depth = 0
    var quote: UInt8?
    var i = start
    while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
      let b = bytes[i]
      if let q = quote {
        if b == q { quote = nil }
      } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
        quote = b
      } else if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
        depth += 1
      } else if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
        depth -= 1
        if depth == 0 { return true }
      }
      i += 1
    }
    return false
  }

  private static func isKeyStart(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
      || b == UInt8(ascii: "_")
  }

  private static func isKeyByte(_ b: UInt8) -> Bool {
    isKeyStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
  }
}
