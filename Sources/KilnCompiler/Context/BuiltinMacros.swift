import KilnJinja

/// dbt's global-project macros that models and overrides call, implemented natively.
enum BuiltinMacros {
  static func values(targetSchema: String, targetName: String, targetDatabase: String?) -> [String: Value] {
    var m: [String: Value] = [:]
    let schema: Value = .function("default__generate_schema_name") { a, _ in
      let custom = a.positional.first ?? a.keyword["custom_schema_name"] ?? Value.none
      return .string(Naming.defaultSchema(custom.isNone || custom.isUndefined ? nil : custom.pythonStr, target: targetSchema))
    }
    m["default__generate_schema_name"] = schema
    m["generate_schema_name"] = schema
    m["generate_schema_name_for_env"] = .function("generate_schema_name_for_env") { a, _ in
      // Custom schema used verbatim only in the `prod` target.
      let custom = a.positional.first ?? Value.none
      if targetName == "prod", let c = custom.stringValue {
        return .string(c.trimmingCharacters(in: .whitespaces))
      }
      return .string(targetSchema)
    }
    let alias: Value = .function("default__generate_alias_name") { a, _ in
      let custom = a.positional.first ?? Value.none
      if let c = custom.stringValue, !c.trimmingCharacters(in: .whitespaces).isEmpty {
        return .string(c.trimmingCharacters(in: .whitespaces))
      }
      if a.positional.count > 1, case .dict(let node) = a.positional[1],
        let name = node.items[.string("name")]
      {
        return name
      }
      return .none
    }
    m["default__generate_alias_name"] = alias
    m["generate_alias_name"] = alias
    let database: Value = .function("default__generate_database_name") { a, _ in
      let custom = a.positional.first ?? Value.none
      if let c = custom.stringValue { return .string(c.trimmingCharacters(in: .whitespaces)) }
      return targetDatabase.map { .string($0) } ?? Value.none
    }
    m["default__generate_database_name"] = database
    m["generate_database_name"] = database
    return m
  }
}
