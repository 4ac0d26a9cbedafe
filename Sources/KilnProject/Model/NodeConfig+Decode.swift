import KilnBase
import OrderedCollections

/// One `key: value` of a config layer, with the key's place when it came from YAML.
public struct ConfigEntry: Sendable, Hashable {
  /// The key as written (`+materialized`, `pre-hook`...).
  public var key: String
  /// The value.
  public var value: ConfigValue
  /// Where the key is written, when known.
  public var span: SourceSpan?
  /// Creates an entry.
  public init(key: String, value: ConfigValue, span: SourceSpan? = nil) {
    self.key = key
    self.value = value
    self.span = span
  }
}

extension NodeConfig {
  /// Builds a config layer from `config(...)` arguments; unknown keys go to `extra`
  /// silently, since dbt allows arbitrary keys there. Values of the wrong type are errors.
  public static func fromInFile(_ values: [String: ConfigValue]) throws(DiagnosticList)
    -> NodeConfig
  {
    var diagnostics: [Diagnostic] = []
    let entries = values.keys.sorted().map { ConfigEntry(key: $0, value: values[$0] ?? .null) }
    let config = decode(entries, warnUnknown: false, diagnostics: &diagnostics)
    let errors = diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return config
  }

  /// Builds a config layer from a properties-file `config:` mapping.
  static func decode(_ mapping: YAMLMapping, warnUnknown: Bool, diagnostics: inout [Diagnostic])
    -> NodeConfig
  {
    let entries = mapping.entries.map {
      ConfigEntry(key: $0.key, value: $0.value.configValue, span: mapping.keySpans[$0.key])
    }
    return decode(entries, warnUnknown: warnUnknown, diagnostics: &diagnostics)
  }

  /// Builds a config layer, reporting unknown keys (P0202, warning) and wrong types (P0203).
  static func decode(_ entries: [ConfigEntry], warnUnknown: Bool, diagnostics: inout [Diagnostic])
    -> NodeConfig
  {
    var c = NodeConfig()
    for entry in entries {
      let key = canonicalKey(entry.key)
      var decoder = ValueDecoder(key: key, value: entry.value, span: entry.span)
      c.apply(key: key, decoder: &decoder, entry: entry, warnUnknown: warnUnknown)
      diagnostics += decoder.diagnostics
    }
    return c
  }

  private mutating func apply(
    key: String, decoder d: inout ValueDecoder, entry: ConfigEntry, warnUnknown: Bool
  ) {
    switch key {
    case "materialized": materialized = d.string()
    case "schema": schema = d.string()
    case "alias": alias = d.string()
    case "database": database = d.string()
    case "tags": tags = d.strings() ?? []
    case "enabled": enabled = d.bool()
    case "pre_hook": preHook = d.hooks()
    case "post_hook": postHook = d.hooks()
    case "unique_key": uniqueKey = d.strings()
    case "incremental_strategy": incrementalStrategy = d.string()
    case "on_schema_change": onSchemaChange = d.string()
    case "meta": meta = d.dict() ?? [:]
    case "docs":
      if let m = d.dict() {
        docs = DocsConfig(show: m["show"]?.boolValue, nodeColor: m["node_color"]?.stringValue)
      }
    case "persist_docs":
      if let m = d.dict() {
        persistDocs = PersistDocsConfig(
          relation: m["relation"]?.boolValue, columns: m["columns"]?.boolValue)
      }
    case "full_refresh": fullRefresh = d.bool()
    case "column_types": columnTypes = d.dict()?.compactMapValues(\.scalarText)
    case "delimiter": delimiter = d.string()
    case "quote_columns": quoteColumns = d.bool()
    case "grants": grants = d.dict()?.compactMapValues(\.stringList) ?? [:]
    case "contract":
      if let m = d.dict() {
        contract = ContractConfig(
          enforced: m["enforced"]?.boolValue, aliasTypes: m["alias_types"]?.boolValue)
      }
    case "severity": severity = d.string()
    case "where": `where` = d.string()
    case "store_failures": storeFailures = d.bool()
    case "store_failures_as": storeFailuresAs = d.string()
    case "limit": limit = d.int()
    case "warn_if": warnIf = d.string()
    case "error_if": errorIf = d.string()
    case "fail_calc": failCalc = d.string()
    case "strategy": strategy = d.string()
    case "updated_at": updatedAt = d.string()
    case "check_cols":
      if entry.value.stringValue == "all" {
        checkCols = .all
      } else if let cols = d.strings() {
        checkCols = .columns(cols)
      }
    case "target_schema": targetSchema = d.string()
    case "target_database": targetDatabase = d.string()
    default:
      if warnUnknown, !Self.knownKeys.contains(key) {
        d.diagnostics.append(.unknownConfigKey(key, span: entry.span))
      }
      extra[key] = entry.value
    }
  }
}

/// Reads one config value as the type its key needs, recording P0203 on a mismatch.
private struct ValueDecoder {
  let key: String
  let value: ConfigValue
  let span: SourceSpan?
  var diagnostics: [Diagnostic] = []

  init(key: String, value: ConfigValue, span: SourceSpan?) {
    self.key = key
    self.value = value
    self.span = span
  }

  mutating func string() -> String? {
    if value.isNull { return nil }
    if let s = value.scalarText { return s }
    return mismatch("a string")
  }

  mutating func bool() -> Bool? {
    if value.isNull { return nil }
    if let b = value.boolValue { return b }
    return mismatch("a boolean")
  }

  mutating func int() -> Int? {
    if value.isNull { return nil }
    if let i = value.intValue { return i }
    return mismatch("an integer")
  }

  mutating func strings() -> [String]? {
    if value.isNull { return nil }
    if let l = value.stringList { return l }
    return mismatch("a string or a list of strings")
  }

  mutating func dict() -> OrderedDictionary<String, ConfigValue>? {
    if value.isNull { return nil }
    if let d = value.dictValue { return d }
    return mismatch("a mapping")
  }

  /// Hooks are a string, a `{sql, transaction}` mapping, or a list of either.
  mutating func hooks() -> [Hook] {
    func one(_ v: ConfigValue) -> Hook? {
      if let s = v.scalarText { return Hook(sql: s) }
      if let m = v.dictValue, let sql = m["sql"]?.stringValue {
        return Hook(sql: sql, transaction: m["transaction"]?.boolValue ?? true)
      }
      return nil
    }
    if value.isNull { return [] }
    let items = value.listValue ?? [value]
    var out: [Hook] = []
    for item in items {
      guard let h = one(item) else {
        _ = mismatch("a SQL string, a {sql, transaction} mapping or a list of them") as Int?
        return []
      }
      out.append(h)
    }
    return out
  }

  mutating func mismatch<T>(_ expected: String) -> T? {
    diagnostics.append(
      Diagnostic(
        code: "P0203", "config `\(key)` must be \(expected), found \(value.kindName)", span: span))
    return nil
  }
}

extension Diagnostic {
  /// P0202: a config key no dbt resource knows, with a did-you-mean against known keys.
  static func unknownConfigKey(_ key: String, span: SourceSpan?) -> Diagnostic {
    Diagnostic(
      .warning, code: "P0202", "unknown config key `\(key)`", span: span,
      hint: Suggest.hint(for: key, in: NodeConfig.knownKeys.sorted()))
  }
}
