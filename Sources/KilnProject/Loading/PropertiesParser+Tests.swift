import KilnBase
import OrderedCollections

extension PropertiesParser {
  /// Keys dbt reads as test config when written beside a test's arguments
  /// (dbt-core `parser/generic_test_builders.py`, `CONFIG_ARGS`).
  static let testConfigKeys: Set<String> = [
    "severity", "tags", "enabled", "where", "limit", "warn_if", "error_if", "fail_calc",
    "store_failures", "store_failures_as", "meta", "database", "schema", "alias",
  ]

  /// A `data_tests:`/`tests:` list. Each entry is a name (`unique`), a one-key mapping
  /// (`accepted_values: {values: [...]}`), or a mapping with `test_name:`.
  mutating func testSpecs(_ v: YAMLValue?, target: TestTarget) -> [TestSpec] {
    var out: [TestSpec] = []
    for entry in reader.sequence(v, "`data_tests`") {
      if let spec = testSpec(entry, target: target) { out.append(spec) }
    }
    return out
  }

  private mutating func testSpec(_ entry: YAMLValue, target: TestTarget) -> TestSpec? {
    if let name = entry.string {
      return TestSpec(
        name: name, customName: nil, description: nil, arguments: [:], config: NodeConfig(),
        attachedTo: target, span: entry.span, originalFilePath: originalFilePath,
        packageName: packageName, fqnPrefix: [packageName] + folders)
    }
    guard let m = entry.mapping else {
      diagnostics.append(
        Diagnostic(
          code: "P0104", "a test must be a name or a mapping, found \(entry.kindName)",
          span: entry.span))
      return nil
    }
    var body = YAMLMapping()
    let name: String
    if let explicit = m["test_name"] {
      guard let n = explicit.string else {
        diagnostics.append(
          Diagnostic(code: "P0104", "`test_name` must be a string", span: explicit.span))
        return nil
      }
      name = n
      body = m
      body.entries["test_name"] = nil
    } else if m.entries.count == 1, let (key, value) = m.entries.elements.first {
      name = key
      if let b = value.mapping {
        body = b
      } else if !value.isNull {
        diagnostics.append(
          Diagnostic(
            code: "P0104", "arguments of test `\(key)` must be a mapping, found \(value.kindName)",
            span: value.span))
        return nil
      }
    } else {
      diagnostics.append(
        Diagnostic(
          code: "P0104",
          "a test mapping must have exactly one key (the test name), found \(m.keys.count)",
          span: entry.span,
          hint: "write `- accepted_values: {values: [...]}` or give `test_name:`"))
      return nil
    }
    return testSpec(named: name, body: body, target: target, span: entry.span)
  }

  private mutating func testSpec(
    named name: String, body: YAMLMapping, target: TestTarget, span: SourceSpan
  ) -> TestSpec {
    var arguments: OrderedDictionary<String, YAMLValue> = [:]
    var configEntries: [ConfigEntry] = []
    var customName: String?
    var description: String?
    var target = target
    if let args = reader.mapping(body["arguments"], "`arguments`") {
      arguments = args.entries
    }
    for (key, value) in body.entries {
      switch key {
      case "arguments": continue
      case "name": customName = reader.string(value, "test `name`")
      case "description": description = reader.string(value, "test `description`")
      case "column_name": target.column = reader.string(value, "`column_name`")
      case "config":
        if let c = reader.mapping(value, "test `config`") {
          configEntries += c.entries.map {
            ConfigEntry(key: $0.key, value: $0.value.configValue, span: c.keySpans[$0.key])
          }
        }
      case _ where Self.testConfigKeys.contains(key):
        configEntries.append(
          ConfigEntry(key: key, value: value.configValue, span: body.keySpans[key]))
      default:
        if arguments[key] == nil { arguments[key] = value }
      }
    }
    let config = NodeConfig.decode(configEntries, warnUnknown: true, diagnostics: &diagnostics)
    return TestSpec(
      name: name, customName: customName, description: description, arguments: arguments,
      config: config, attachedTo: target, span: span, originalFilePath: originalFilePath,
      packageName: packageName, fqnPrefix: [packageName] + folders)
  }
}
