import KilnJinja
import KilnProject
import OrderedCollections

/// What a generic test node carries beyond a plain node: which test macro it calls and with
/// which arguments (dbt's `test_metadata`).
public struct GenericTestInfo: Sendable {
  /// The test without namespace: `unique`, `accepted_values`...
  public var testName: String
  /// `dbt_utils` in `dbt_utils.expression_is_true`, else nil.
  public var namespace: String?
  /// Macro arguments as written, `column_name` included; `model` is built from `target`.
  public var kwargs: OrderedDictionary<String, ConfigValue>
  /// The model, seed, snapshot or source table under test.
  public var target: TestTarget
  /// Unique id of the tested node or source.
  public var attachedNode: String
  /// The name used for the compiled file (hashed when the full name is 64+ characters).
  public var shortName: String

  /// The macro that implements the test: `test_<name>`.
  public var macroName: String { "test_" + testName }

  /// dbt's `model` argument before rendering: `{{ get_where_subquery(ref('orders')) }}`.
  public var modelArgument: String {
    if target.resourceType == .source {
      return "{{ get_where_subquery(source('\(target.sourceName ?? "")', '\(target.name)')) }}"
    }
    return "{{ get_where_subquery(ref('\(target.name)')) }}"
  }

  /// The arguments as dbt stores them in `test_metadata.kwargs` (with `model`).
  public var metadataKwargs: OrderedDictionary<String, Value> {
    var out = kwargs.mapValues(\.jinjaValue)
    out["model"] = .string(modelArgument)
    return out
  }

  /// Whether a string argument is rendered as a template before the macro sees it: dbt wraps
  /// a bare `ref(...)`, `source(...)`, `var(...)`, `env_var(...)` or `doc(...)` in `{{ }}`.
  static func template(for argument: String) -> String? {
    // Most arguments are plain column names and values: no parenthesis, no braces.
    if !argument.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "{") }) {
      return nil
    }
    let t = argument.trimmingCharacters(in: .whitespaces)
    for f in ["env_var", "ref", "var", "source", "doc"] where t.hasPrefix(f) {
      let rest = t.dropFirst(f.count).drop { $0 == " " || $0 == "\t" }
      if rest.hasPrefix("("), rest.hasSuffix(")"), rest.count > 2 { return "{{ \(t) }}" }
    }
    return argument.contains("{{") || argument.contains("{%") ? argument : nil
  }
}
