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
  func rendered(
    with renderer: YAMLStringRenderer?, path: [String] = [],
    skip: ([String]) -> Bool = { _ in false }
  ) throws(Diagnostic) -> YAMLValue {
    guard let renderer else { return self }
    switch kind {
    case .string(let s) where s.contains("{{") || s.contains("{%"):
      guard !skip(path) else { return self }
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
      guard !skip(path) else { return self }
      var out: [YAMLValue] = []
      for item in items { out.append(try item.rendered(with: renderer, path: path, skip: skip)) }
      return YAMLValue(.sequence(out), span: span)
    case .mapping(var m):
      guard !skip(path) else { return self }
      for (key, value) in m.entries {
        m.entries[key] = try value.rendered(with: renderer, path: path + [key], skip: skip)
      }
      return YAMLValue(.mapping(m), span: span)
    default:
      return self
    }
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
