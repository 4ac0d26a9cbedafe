import KilnAdapters
import KilnJinja
import KilnProject

/// dbt's `adapter` object: `dispatch`, `quote`, `get_relation`, `type`.
final class AdapterObject: JinjaObject {
  let session: CompileSession

  init(session: CompileSession) {
    self.session = session
  }

  var renderedText: String { "<adapter \(session.adapterType.rawValue)>" }
  var typeName: String { "Adapter" }

  /// dbt's dispatch order: `<adapter>__name`, then `default__name` (postgres also has no
  /// parent adapter; sqlite neither), looked up among the project's macros.
  static func dispatch(_ name: String, session: CompileSession, state: RenderState) throws -> Value {
    let bare = name.split(separator: ".").last.map(String.init) ?? name
    let candidates = ["\(session.adapterType.rawValue)__\(bare)", "default__\(bare)"]
    for c in candidates {
      if let m = state.global(c) { return m }
    }
    var e = JinjaError.runtime(
      "In dispatch: No macro named '\(bare)' found within namespace: '\(session.project.name)'\n    Searched for: \(candidates.map { "'\(session.project.name).\($0)'" }.joined(separator: ", "))"
    )
    e.hint = "define `default__\(bare)` (or `\(session.adapterType.rawValue)__\(bare)`) in macros/"
    throw e
  }

  func attribute(_ name: String) -> Value? {
    let session = self.session
    switch name {
    case "dispatch":
      return .function("dispatch") { a, state in
        guard let macro = (a.positional.first ?? a.keyword["macro_name"])?.stringValue else {
          throw JinjaError.runtime("adapter.dispatch() takes a macro name")
        }
        return try AdapterObject.dispatch(macro, session: session, state: state)
      }
    case "quote":
      return .function("quote") { a, _ in
        let s = a.positional.first?.pythonStr ?? ""
        return .string("\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
      }
    case "type":
      return .function("type") { _, _ in .string(session.adapterType.rawValue) }
    case "get_relation":
      return .function("get_relation") { a, state in
        let args = try a.bind(["database", "schema", "identifier"], function: "get_relation")
        guard let schema = args[1].stringValue, let ident = args[2].stringValue else { return .none }
        return DatabaseFunctions.lookupRelation(
          database: args[0].stringValue, schema: schema, identifier: ident, policy: session.policy, state: state)
      }
    case "get_columns_in_relation":
      return .function("get_columns_in_relation") { a, state in
        let args = try a.bind(["relation"], function: "get_columns_in_relation")
        return try DatabaseFunctions.columns(of: args[0], state: state)
      }
    case "execute":
      // dbt: `adapter.execute(sql, auto_begin=False, fetch=False)` returns (response, table).
      return .function("execute") { a, state in
        let args = try a.bind(
          ["sql", "auto_begin", "fetch"], defaults: ["auto_begin": .bool(false), "fetch": .bool(false)], function: "execute")
        guard let r = try DatabaseFunctions.run(args[0].pythonStr, fetch: args[2].isTruthy, state: state) else {
          return .tuple([.none, .none])
        }
        return .tuple([r.response, r.table])
      }
    case "check_schema_exists":
      return .function("check_schema_exists") { _, _ in .bool(true) }
    default: return nil
    }
  }
}
