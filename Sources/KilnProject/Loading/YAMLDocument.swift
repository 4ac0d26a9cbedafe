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
    let node: Yams.Node?
    do {
      node = try Yams.compose(yaml: file.text)
    } catch let error as YamlError {
      throw malformed(error, in: file)
    } catch {
      throw Diagnostic(code: "P0101", "cannot parse YAML: \(error)", path: file.path)
    }
    guard let node else { return nil }
    var converter = Converter(file: file)
    return try converter.convert(node)
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

    init(file: SourceFile) {
      self.file = file
      self.index = LineIndex(file)
    }

    func span(of node: Yams.Node) -> SourceSpan {
      guard let mark = node.mark else { return SourceSpan(file: file, range: 0..<0) }
      let start = index.offset(line: mark.line, column: mark.column)
      var length = 1
      if case .scalar(let s) = node {
        length = scalarLength(s, at: start)
      }
      return SourceSpan(file: file, range: start..<min(start + length, index.byteCount))
    }

    /// Width of a scalar as written: exact for one-line plain and quoted scalars.
    func scalarLength(_ s: Yams.Node.Scalar, at start: Int) -> Int {
      let lineEnd = index.lineEnd(containing: start)
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
        return YAMLValue(Self.scalarKind(scalar, node: node), span: nodeSpan)
      case .sequence(let seq):
        var items: [YAMLValue] = []
        for child in seq { items.append(try convert(child)) }
        return YAMLValue(.sequence(items), span: nodeSpan)
      case .mapping(let map):
        var explicit = YAMLMapping()
        var merged = YAMLMapping()
        for (keyNode, valueNode) in map {
          if keyNode.tag.description == Tag.Name.merge.rawValue {
            let value = try convert(valueNode)
            let sources = value.mapping.map { [$0] } ?? (value.sequence ?? []).compactMap(\.mapping)
            for m in sources {
              for (k, v) in m.entries where merged.entries[k] == nil {
                merged.entries[k] = v
                merged.keySpans[k] = m.keySpans[k]
              }
            }
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
        // `<<: *anchor` merge keys (YAML 1.1): merged keys come first, as PyYAML orders them,
        // and explicit keys override them.
        var result = merged
        for (k, v) in explicit.entries {
          result.entries[k] = v
          result.keySpans[k] = explicit.keySpans[k]
        }
        return YAMLValue(.mapping(result), span: nodeSpan)
      }
    }

    static func keyText(_ node: Yams.Node) -> String {
      if case .scalar(let s) = node { return s.string }
      return "\(node)"
    }

    /// Quoted scalars are strings; plain ones resolve to bool/int/float/null as PyYAML would.
    static func scalarKind(_ scalar: Yams.Node.Scalar, node: Yams.Node) -> YAMLValue.Kind {
      switch Tag.Name(rawValue: node.tag.description) {
      case .null: return .null
      case .bool: return node.bool.map { .bool($0) } ?? .string(scalar.string)
      case .int: return node.int.map { .int($0) } ?? .string(scalar.string)
      case .float: return node.float.map { .double($0) } ?? .string(scalar.string)
      default: return .string(scalar.string)
      }
    }
  }
}

/// Maps libyaml's 1-based line and column (in Unicode scalars) to UTF-8 offsets.
struct LineIndex {
  let bytes: [UInt8]
  let lineStarts: [Int]

  init(_ file: SourceFile) {
    bytes = Array(file.text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    lineStarts = starts
  }

  var byteCount: Int { bytes.count }

  func offset(line: Int, column: Int) -> Int {
    guard line >= 1 else { return 0 }
    guard line <= lineStarts.count else { return bytes.count }
    let start = lineStarts[line - 1]
    let end = lineEnd(containing: start)
    let text = String(decoding: bytes[start..<end], as: UTF8.self)
    var off = start
    for (n, scalar) in text.unicodeScalars.enumerated() {
      if n >= column - 1 { break }
      off += String(scalar).utf8.count
    }
    return min(off, bytes.count)
  }

  func lineEnd(containing offset: Int) -> Int {
    var i = offset
    while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
    return i
  }
}
