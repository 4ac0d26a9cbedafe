import Foundation
import KilnBase
import OrderedCollections
import Yams

/// Parses YAML text into `YAMLValue` trees that keep each node's place in the file.
///
/// Malformed YAML becomes diagnostic `P0101` at the line and column libyaml reports;
/// a key written twice in one mapping is `P0102`, as dbt rejects duplicate keys too.
public enum YAMLDocument {
  /// Parses `file`; returns nil for an empty document.
  public static func parse(_ file: SourceFile) throws(Diagnostic) -> YAMLValue? {
    try parseDocument(file).value
  }

  /// Parses `file`, also telling whether any string scalar holds Jinja (`{{` or `{%`), so
  /// callers can skip rendering files that have none.
  static func parseDocument(_ file: SourceFile) throws(Diagnostic) -> (
    value: YAMLValue?, hasJinja: Bool
  ) {
    try parseDocument(file.text, file: file, index: nil)
  }

  /// Parses `text`, whose lines and columns are those of `file` (`text` is the file itself,
  /// or one of its `YAMLChunks` pieces); spans point into `file`, located with `index`.
  static func parseDocument(_ text: String, file: SourceFile, index: LineIndex?) throws(Diagnostic) -> (
    value: YAMLValue?, hasJinja: Bool
  ) {
    let node: Yams.Node?
    do {
      // No resolver rules: plain scalars are resolved by `YAMLPlainScalar` (PyYAML's rules,
      // without a regular expression per scalar).
      node = try Yams.compose(yaml: text, .basic)
    } catch let error as YamlError {
      throw malformed(error, in: file)
    } catch {
      throw Diagnostic(code: "P0101", "cannot parse YAML: \(error)", path: file.path)
    }
    guard let node else { return (nil, false) }
    var converter = Converter(file: file, index: index ?? LineIndex(file))
    let value = try converter.convert(node)
    return (value, converter.hasJinja)
  }

  static func malformed(_ error: YamlError, in file: SourceFile) -> Diagnostic {
    let index = LineIndex(file)
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let offset = index.offset(line: mark.line, column: mark.column)
      let problemSpan = SourceSpan(file: file, range: offset..<offset + 1)
      guard let context else {
        return Diagnostic(code: "P0101", "invalid YAML: \(problem)", span: problemSpan)
      }
      let at = index.offset(line: context.mark.line, column: context.mark.column)
      let contextSpan = SourceSpan(file: file, range: at..<at + 1)
      // At the end of the file (or on a blank line) the caret would point at nothing;
      // the construct that was left open is the useful place then.
      if file.lineText(mark.line).trimmingCharacters(in: .whitespaces).isEmpty {
        return Diagnostic(
          code: "P0101", "invalid YAML: \(problem) (\(context.text))", span: contextSpan,
          notes: [.init("reached line \(mark.line) without finding it")])
      }
      return Diagnostic(
        code: "P0101", "invalid YAML: \(problem)", span: problemSpan,
        notes: [.init(context.text, span: contextSpan)])
    case .reader(let problem, _, _, _):
      return Diagnostic(code: "P0101", "cannot read YAML: \(problem)", path: file.path)
    default:
      return Diagnostic(code: "P0101", "invalid YAML: \(error)", path: file.path)
    }
  }

  /// Turns Yams nodes into `YAMLValue`s, checking for duplicate keys.
  private struct Converter {
    let file: SourceFile
    let index: LineIndex
    /// Whether a string scalar seen so far contains `{{` or `{%`.
    var hasJinja = false

    init(file: SourceFile, index: LineIndex) {
      self.file = file
      self.index = index
    }

    func span(of node: Yams.Node) -> SourceSpan {
      guard let mark = node.mark else { return SourceSpan(file: file, range: 0..<0) }
      let start = index.offset(line: mark.line, column: mark.column)
      var length = 1
      if case .scalar(let s) = node {
        length = scalarLength(s, at: start, lineEnd: index.lineEnd(line: mark.line))
      }
      return SourceSpan(file: file, range: start..<min(start + length, index.byteCount))
    }

    /// Width of a scalar as written: exact for one-line plain and quoted scalars.
    func scalarLength(_ s: Yams.Node.Scalar, at start: Int, lineEnd: Int) -> Int {
      let bytes = index.bytes
      guard start < lineEnd else { return 1 }
      switch s.style {
      case .singleQuoted, .doubleQuoted:
        let quote = bytes[start]
        var i = start + 1
        while i < lineEnd {
          if bytes[i] == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
            i += 2
            continue
          }
          if bytes[i] == quote {
            if quote == UInt8(ascii: "'"), i + 1 < lineEnd, bytes[i + 1] == quote {
              i += 2
              continue
            }
            return i + 1 - start
          }
          i += 1
        }
        return lineEnd - start
      case .plain:
        return max(1, min(s.string.utf8.count, lineEnd - start))
      default:
        return 1
      }
    }

    mutating func convert(_ node: Yams.Node) throws(Diagnostic) -> YAMLValue {
      let nodeSpan = span(of: node)
      switch node {
      case .scalar(let scalar):
        let kind = Self.scalarKind(scalar)
        if !hasJinja, case .string(let s) = kind, YAMLValue.containsJinja(s) { hasJinja = true }
        return YAMLValue(kind, span: nodeSpan)
      case .sequence(let seq):
        var items: [YAMLValue] = []
        items.reserveCapacity(seq.count)
        for child in seq { items.append(try convert(child)) }
        return YAMLValue(.sequence(items), span: nodeSpan)
      case .mapping(let map):
        var explicit = YAMLMapping()
        explicit.entries.reserveCapacity(map.count)
        explicit.keySpans.reserveCapacity(map.count)
        var merged: YAMLMapping?
        for (keyNode, valueNode) in map {
          if Self.isMergeKey(keyNode) {
            let value = try convert(valueNode)
            let sources = value.mapping.map { [$0] } ?? (value.sequence ?? []).compactMap(\.mapping)
            var m = merged ?? YAMLMapping()
            for source in sources {
              for (k, v) in source.entries where m.entries[k] == nil {
                m.entries[k] = v
                m.keySpans[k] = source.keySpans[k]
              }
            }
            merged = m
            continue
          }
          let key = Self.keyText(keyNode)
          let keySpan = span(of: keyNode)
          if let first = explicit.keySpans[key] {
            throw Diagnostic(
              code: "P0102", "duplicate key `\(key)` in mapping", span: keySpan,
              notes: [.init("first defined here", span: first)])
          }
          explicit.entries[key] = try convert(valueNode)
          explicit.keySpans[key] = keySpan
        }
        guard var result = merged else { return YAMLValue(.mapping(explicit), span: nodeSpan) }
        // `<<: *anchor` merge keys (YAML 1.1): merged keys come first, as PyYAML orders them,
        // and explicit keys override them.
        for (k, v) in explicit.entries {
          result.entries[k] = v
          result.keySpans[k] = explicit.keySpans[k]
        }
        return YAMLValue(.mapping(result), span: nodeSpan)
      }
    }

    /// `<<` written plain and untagged, or tagged `!!merge`.
    static func isMergeKey(_ node: Yams.Node) -> Bool {
      guard case .scalar(let s) = node else { return false }
      let tag = s.tag.description
      if tag.isEmpty { return s.style == .plain && s.string == "<<" }
      return tag == Tag.Name.merge.rawValue
    }

    static func keyText(_ node: Yams.Node) -> String {
      if case .scalar(let s) = node { return s.string }
      return "\(node)"
    }

    /// Quoted scalars are strings; plain ones resolve to bool/int/float/null as PyYAML would.
    /// A scalar with an explicit tag (`!!int 3`, `!!str yes`) follows the tag.
    static func scalarKind(_ scalar: Yams.Node.Scalar) -> YAMLValue.Kind {
      let tag = scalar.tag.description
      // Untagged (implicit) scalars are plain: libyaml tags other styles `!!str` itself.
      if tag.isEmpty {
        return scalar.style == .plain || scalar.style == .any
          ? YAMLPlainScalar.resolve(scalar.string) : .string(scalar.string)
      }
      switch Tag.Name(rawValue: tag) {
      case .null: return .null
      case .bool: return Bool.construct(from: scalar).map { .bool($0) } ?? .string(scalar.string)
      case .int: return Int.construct(from: scalar).map { .int($0) } ?? .string(scalar.string)
      case .float:
        return Double.construct(from: scalar).map { .double($0) } ?? .string(scalar.string)
      default: return .string(scalar.string)
      }
    }
  }
}

/// Maps libyaml's 1-based line and column (in Unicode scalars) to UTF-8 offsets.
struct LineIndex: Sendable {
  let bytes: [UInt8]
  let lineStarts: [Int]

  init(_ file: SourceFile) {
    bytes = Array(file.text.utf8)
    var starts = [0]
    bytes.withUnsafeBufferPointer { b in
      for i in 0..<b.count where b[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
    }
    lineStarts = starts
  }

  var byteCount: Int { bytes.count }

  /// The offset of the 1-based `column` (counted in Unicode scalars) on 1-based `line`;
  /// past the line's end it stops at the end, past the last line it is the file's end.
  func offset(line: Int, column: Int) -> Int {
    guard line >= 1 else { return 0 }
    guard line <= lineStarts.count else { return bytes.count }
    let end = lineEnd(line: line)
    var off = lineStarts[line - 1]
    var n = 1
    while n < column, off < end {
      // Step over one scalar: the lead byte gives its UTF-8 length.
      let b = bytes[off]
      off += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
      n += 1
    }
    return min(off, end)
  }

  /// The offset of the newline ending 1-based `line` (or the file's end).
  func lineEnd(line: Int) -> Int {
    guard line >= 1 else { return 0 }
    return line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
  }
}
