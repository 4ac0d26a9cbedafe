import KilnBase
import OrderedCollections

extension PropertiesParser {
  static let sourceKeys: [String] = [
    "name", "description", "database", "schema", "loader", "loaded_at_field", "loaded_at_query",
    "freshness", "meta", "tags", "config", "quoting", "tables", "overrides",
  ]
  static let tableKeys: [String] = [
    "name", "identifier", "description", "columns", "tests", "data_tests", "freshness",
    "loaded_at_field", "loaded_at_query", "meta", "tags", "config", "quoting", "external",
  ]

  /// A `sources:` entry, one `SourceDefinition` per table; tests are appended to `tests`.
  /// Defaults as in dbt: schema = source name, identifier = table name, database unset.
  mutating func sources(_ entry: YAMLValue, tests: inout [TestSpec]) -> [SourceDefinition] {
    guard let s = reader.mapping(entry, "a source entry") else { return [] }
    guard let sourceName = reader.string(s["name"], "source `name`") else {
      diagnostics.append(Diagnostic(code: "P0104", "source entry has no `name:`", span: entry.span))
      return []
    }
    warnUnknown(s, Self.sourceKeys, what: "source `\(sourceName)`")
    var sourceConfig = NodeConfig()
    if let c = reader.mapping(s["config"], "`config`") {
      sourceConfig = NodeConfig.decode(c, warnUnknown: true, diagnostics: &diagnostics)
    }
    let sourceTags = reader.strings(s["tags"], "`tags`") ?? []
    let sourceMeta = reader.dict(s["meta"], "`meta`")
    var out: [SourceDefinition] = []
    for tableEntry in reader.sequence(s["tables"], "`tables`") {
      guard let t = reader.mapping(tableEntry, "a source table entry") else { continue }
      guard let name = reader.string(t["name"], "table `name`") else {
        diagnostics.append(
          Diagnostic(code: "P0104", "source table entry has no `name:`", span: tableEntry.span))
        continue
      }
      warnUnknown(t, Self.tableKeys, what: "source table `\(sourceName).\(name)`")
      var tableConfig = NodeConfig()
      if let c = reader.mapping(t["config"], "`config`") {
        tableConfig = NodeConfig.decode(c, warnUnknown: true, diagnostics: &diagnostics)
      }
      var config = sourceConfig.merged(with: tableConfig)
      for tag in sourceTags + (reader.strings(t["tags"], "`tags`") ?? [])
      where !config.tags.contains(tag) {
        config.tags.append(tag)
      }
      var meta = sourceMeta
      meta.merge(reader.dict(t["meta"], "`meta`")) { _, new in new }
      meta.merge(config.meta) { _, new in new }
      let target = TestTarget(resourceType: .source, name: name, sourceName: sourceName)
      var own: [TestSpec] = []
      let columns = columns(t["columns"], target: target, tests: &own)
      own += testSpecs(testList(t, what: "source table `\(name)`"), target: target)
      tests += own.sorted { $0.span.range.lowerBound < $1.span.range.lowerBound }
      let freshness = Self.mergedFreshness(
        source: s["freshness"]?.configValue, table: t.entries["freshness"].map(\.configValue))
      out.append(
        SourceDefinition(
          uniqueID: "source.\(packageName).\(sourceName).\(name)", sourceName: sourceName,
          name: name,
          packageName: packageName, database: reader.string(s["database"], "`database`"),
          schema: reader.string(s["schema"], "`schema`") ?? sourceName,
          identifier: reader.string(t["identifier"], "`identifier`") ?? name,
          description: reader.string(t["description"], "`description`") ?? "",
          sourceDescription: reader.string(s["description"], "`description`") ?? "",
          loader: reader.string(s["loader"], "`loader`") ?? "",
          loadedAtField: reader.string(t["loaded_at_field"], "`loaded_at_field`")
            ?? reader.string(s["loaded_at_field"], "`loaded_at_field`"),
          freshness: freshness, columns: columns, meta: meta, tags: config.tags, config: config,
          fqn: [packageName] + folders + [sourceName, name], originalFilePath: originalFilePath,
          span: tableEntry.span))
    }
    return out
  }

  /// dbt's `merge_freshness`: a table's `freshness` overrides the source's key by key (one
  /// level deeper for `warn_after`/`error_after`); `freshness: null` on the table turns it off.
  static func mergedFreshness(source: ConfigValue?, table: ConfigValue?) -> ConfigValue? {
    guard let table else { return source }
    guard case .dict(var merged)? = source, case .dict(let over) = table else { return table }
    for (k, v) in over {
      if case .dict(var inner)? = merged[k], case .dict(let add) = v {
        for (ik, iv) in add { inner[ik] = iv }
        merged[k] = .dict(inner)
      } else {
        merged[k] = v
      }
    }
    return .dict(merged)
  }

  private mutating func warnUnknown(_ m: YAMLMapping, _ known: [String], what: String) {
    for key in m.keys where !known.contains(key) {
      diagnostics.append(
        Diagnostic(
          .warning, code: "P0211", "unknown property `\(key)` for \(what)", span: m.keySpans[key],
          hint: Suggest.hint(for: key, in: known)))
    }
  }
}
