import KilnBase
import KilnJinja
import KilnProject

/// dbt's relation naming: `generate_schema_name`, `generate_alias_name`,
/// `generate_database_name`, with the project's overrides when it defines them.
struct Naming {
  let session: CompileSession
  let schemaCall: Template
  let aliasCall: Template
  let databaseCall: Template

  init(session: CompileSession) throws {
    self.session = session
    let env = session.environment
    schemaCall = try env.parse("{{ generate_schema_name(custom, node) }}", name: "<generate_schema_name>")
    aliasCall = try env.parse("{{ generate_alias_name(custom, node) }}", name: "<generate_alias_name>")
    databaseCall = try env.parse(
      "{{ generate_database_name(custom, node) }}", name: "<generate_database_name>")
  }

  /// Default `generate_schema_name`: no custom schema → target schema; else `<target>_<custom>`.
  static func defaultSchema(_ custom: String?, target: String) -> String {
    guard let c = custom?.pythonStripped, !c.isEmpty else { return target }
    return "\(target)_\(c)"
  }

  func call(_ t: Template, custom: String?, context: ContextBuilder) throws -> String {
    var g = context.build()
    g["custom"] = custom.map { .string($0) } ?? Value.none
    g["node"] = g["model"] ?? Value.none
    return try t.render(g, shared: session.sharedGlobals, hostData: context.host)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func schema(for config: NodeConfig, context: @autoclosure () -> ContextBuilder) throws -> String {
    if session.macros["generate_schema_name"] != nil {
      return try call(schemaCall, custom: config.schema, context: context())
    }
    return Naming.defaultSchema(config.schema, target: session.profile.schema)
  }

  func alias(for config: NodeConfig, node: Node, context: @autoclosure () -> ContextBuilder) throws -> String {
    if session.macros["generate_alias_name"] != nil {
      return try call(aliasCall, custom: config.alias, context: context())
    }
    if let a = config.alias?.pythonStripped, !a.isEmpty { return a }
    return node.name
  }

  func database(for config: NodeConfig, context: @autoclosure () -> ContextBuilder) throws -> String? {
    if session.macros["generate_database_name"] != nil {
      return try call(databaseCall, custom: config.database, context: context())
    }
    return config.database ?? session.profile.database
  }
}
