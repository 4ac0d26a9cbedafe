import Foundation
import KilnBase

/// Renders a Jinja-bearing YAML string (`{{ env_var('X', 'd') }}`, `{{ var('x') }}`,
/// `{{ target.name }}`); injected so KilnProject does not depend on the template engine.
public typealias YAMLStringRenderer =
  @Sendable (_ text: String, _ span: SourceSpan) throws -> String

extension YAMLValue {
  /// Returns the tree with every Jinja-bearing string scalar rendered, except below key paths
  /// for which `skip` is true (dbt defers hooks, `vars` and test arguments to run time).
  ///
  /// Rendered text is read back the way dbt's native rendering does (`ast.literal_eval`):
  /// `5432` becomes an int, `True`/`False` a bool, `None` null; anything else stays a string.
  ///
  /// `skip` is asked about a path only on the way to a Jinja-bearing string: a string is
  /// rendered when neither its own path nor the path of any container above it is skipped,
  /// so trees without Jinja cost one walk and no copies.
  func rendered(
    with renderer: YAMLStringRenderer?, path: [String] = [],
    skip: ([String]) -> Bool = { _ in false }
  ) throws(Diagnostic) -> YAMLValue {
    guard let renderer else { return self }
    var stack = path
    return try renderedIfChanged(renderer, path: &stack, base: path.count, skip: skip) ?? self
  }

  /// The rendered node, or nil when nothing in it changes.
  private func renderedIfChanged(
    _ renderer: YAMLStringRenderer, path: inout [String], base: Int, skip: ([String]) -> Bool
  ) throws(Diagnostic) -> YAMLValue? {
    switch kind {
    case .string(let s):
      guard Self.containsJinja(s) else { return nil }
      // The containers above this string have the paths `path.prefix(n)` for n from `base`.
      for n in base...path.count where skip(Array(path.prefix(n))) { return nil }
      let out: String
      do {
        out = try renderer(s, span)
      } catch let d as Diagnostic {
        throw d
      } catch let list as DiagnosticList where !list.diagnostics.isEmpty {
        throw list.diagnostics[0]
      } catch {
        throw Diagnostic(code: "P0103", "cannot render `\(s)`: \(error)", span: span)
      }
      return YAMLValue(Self.nativeKind(out), span: span)
    case .sequence(let items):
      var out: [YAMLValue]?
      for (i, item) in items.enumerated() {
        guard let new = try item.renderedIfChanged(renderer, path: &path, base: base, skip: skip)
        else { continue }
        if out == nil { out = items }
        out![i] = new
      }
      return out.map { YAMLValue(.sequence($0), span: span) }
    case .mapping(let m):
      var out: YAMLMapping?
      for (i, (key, value)) in m.entries.enumerated() {
        path.append(key)
        defer { path.removeLast() }
        guard let new = try value.renderedIfChanged(renderer, path: &path, base: base, skip: skip)
        else { continue }
        if out == nil { out = m }
        out!.entries.values[i] = new
      }
      return out.map { YAMLValue(.mapping($0), span: span) }
    default:
      return nil
    }
  }

  /// Whether `s` contains `{{` or `{%`.
  static func containsJinja(_ s: String) -> Bool {
    func scan(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
      guard b.count >= 2 else { return false }
      for i in 0..<(b.count - 1) where b[i] == UInt8(ascii: "{") {
        if b[i + 1] == UInt8(ascii: "{") || b[i + 1] == UInt8(ascii: "%") { return true }
      }
      return false
    }
    if let r = s.utf8.withContiguousStorageIfAvailable(scan) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(scan)
  }

  /// Python literal reading of rendered text, limited to the scalars YAML configs use.
  static func nativeKind(_ text: String) -> Kind {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let i = Int(t) { return .int(i) }
    if t.contains("."), let d = Double(t) { return .double(d) }
    switch t {
    case "True": return .bool(true)
    case "False": return .bool(false)
    case "None": return .null
    default: return .string(text)
    }
  }
}
