import KilnBase
import OrderedCollections

/// What a properties file says about one model, seed, snapshot or analysis.
struct NodePatch {
  var resourceType: ResourceType
  var name: String
  var description: String
  var columns: OrderedDictionary<String, ColumnInfo>
  var config: NodeConfig
  var docs: DocsConfig?
  var nameSpan: SourceSpan
  var originalFilePath: String
  /// A YAML-defined snapshot's `relation` (`ref('x')` or `source('s', 't')`, dbt 1.9+).
  var relation: String? = nil
  /// The properties file, for a YAML-defined snapshot's node.
  var file: SourceFile? = nil
  /// The properties file's path relative to its resource folder (`snaps.yml`).
  var path: String = ""
}

/// Everything one properties file (`schema.yml`, any name) declares.
struct PropertiesFile {
  var patches: [NodePatch] = []
  var sources: [SourceDefinition] = []
  var tests: [TestSpec] = []
  var unitTests: [UnitTestSpec] = []
  var macroDescriptions: [String: String] = [:]
  var exposures: [ExposureDefinition] = []
}

/// Reads properties files: `models:`, `seeds:`, `snapshots:`, `analyses:`, `sources:`,
/// `macros:`, `exposures:`; semantic-layer keys are accepted and ignored.
struct PropertiesParser {
  let packageName: String
  /// Path of the file relative to the project root.
  let originalFilePath: String
  /// Folders of the file relative to its resource folder (for source fqns).
  let folders: [String]
  var reader = YAMLReader()
  var diagnostics: [Diagnostic] = []

  static let topLevelKeys: [String] = [
    "version", "models", "seeds", "snapshots", "analyses", "sources", "macros", "exposures",
    "metrics", "semantic_models", "saved_queries", "groups", "unit_tests", "data_tests",
    "functions",
  ]
  static let nodeKeys: [String] = [
    "name", "description", "config", "columns", "tests", "data_tests", "meta", "docs", "tags",
    "constraints", "access", "group", "latest_version", "versions", "deprecation_date",
    "time_spine", "contract", "quote_columns", "column_types", "relation",
  ]

  /// dbt leaves descriptions (rendered later for `doc()`) and test definitions (rendered when
  /// the test compiles) alone when it loads a properties file.
  static func deferredRender(_ path: [String]) -> Bool {
    path.contains {
      ["description", "tests", "data_tests", "pre_hook", "post_hook"].contains(
        NodeConfig.canonicalKey($0))
    }
  }

  init(packageName: String, originalFilePath: String, folders: [String]) {
    self.packageName = packageName
    self.originalFilePath = originalFilePath
    self.folders = folders
  }

  /// Parses the file; errors and warnings land in `diagnostics`.
  mutating func parse(_ file: SourceFile, renderer: YAMLStringRenderer?) -> PropertiesFile {
    do {
      return parse(try YAMLDocument.parseDocument(file), file: file, renderer: renderer)
    } catch {
      diagnostics.append(error)
      return PropertiesFile()
    }
  }

  /// Reads the file's already parsed tree (`YAMLDocument.parseDocument`, or joined pieces).
  mutating func parse(
    _ doc: (value: YAMLValue?, hasJinja: Bool), file: SourceFile, renderer: YAMLStringRenderer?
  ) -> PropertiesFile {
    var out = PropertiesFile()
    let root: YAMLValue?
    do {
      root = doc.hasJinja
        ? try doc.value?.rendered(with: renderer, skip: Self.deferredRender) : doc.value
    } catch {
      diagnostics.append(error)
      return out
    }
    guard let top = reader.mapping(root, "a properties file") else { return finish(out) }
    for key in top.keys where !Self.topLevelKeys.contains(key) {
      diagnostics.append(
        Diagnostic(
          .warning, code: "P0211", "unknown key `\(key)` in properties file",
          span: top.keySpans[key], hint: Suggest.hint(for: key, in: Self.topLevelKeys)))
    }
    let kinds: [(String, ResourceType)] = [
      ("models", .model), ("seeds", .seed), ("snapshots", .snapshot), ("analyses", .analysis),
    ]
    for (key, type) in kinds {
      let entries = reader.sequence(top[key], "`\(key)`")
      if type != .snapshot, entries.count >= 256 {
        out.patches += nodePatchesInParallel(entries, type, tests: &out.tests)
        continue
      }
      for entry in entries {
        guard var patch = nodePatch(entry, type, tests: &out.tests) else { continue }
        if type == .snapshot, let m = entry.mapping, m["relation"] != nil {
          patch.relation = reader.string(m["relation"], "`relation`")
          patch.file = file
          let fileName = originalFilePath.split(separator: "/").last.map(String.init) ?? originalFilePath
          patch.path = (folders + [fileName]).joined(separator: "/")
        }
        out.patches.append(patch)
      }
    }
    for entry in reader.sequence(top["sources"], "`sources`") {
      out.sources += sources(entry, tests: &out.tests)
    }
    out.unitTests = unitTests(top["unit_tests"])
    for entry in reader.sequence(top["macros"], "`macros`") {
      guard let m = reader.mapping(entry, "a macro entry"),
        let name = reader.string(m["name"], "macro `name`")
      else { continue }
      out.macroDescriptions[name] = reader.string(m["description"], "`description`") ?? ""
    }
    for entry in reader.sequence(top["exposures"], "`exposures`") {
      if let e = exposure(entry) { out.exposures.append(e) }
    }
    return finish(out)
  }

  /// An `exposures:` entry (dbt's `UnparsedExposure`).
  private mutating func exposure(_ entry: YAMLValue) -> ExposureDefinition? {
    guard let m = reader.mapping(entry, "an exposure entry") else { return nil }
    guard let name = reader.string(m["name"], "`name`") else {
      diagnostics.append(Diagnostic(code: "P0104", "exposure entry has no `name:`", span: entry.span))
      return nil
    }
    guard let type = reader.string(m["type"], "exposure `type`") else {
      diagnostics.append(
        Diagnostic(
          code: "P0105", "exposure `\(name)` has no `type:`", span: entry.span,
          hint: "one of dashboard, notebook, analysis, ml, application"))
      return nil
    }
    let owner = reader.mapping(m["owner"], "exposure `owner`")
    let deps = reader.sequence(m["depends_on"], "exposure `depends_on`").compactMap { v in
      reader.string(v, "a `depends_on` entry").map { (text: $0, span: Optional(v.span)) }
    }
    return ExposureDefinition(
      uniqueID: "exposure.\(packageName).\(name)", name: name, packageName: packageName, type: type,
      ownerName: reader.string(owner?["name"], "owner `name`"), ownerEmail: reader.string(owner?["email"], "owner `email`"),
      description: reader.string(m["description"], "`description`") ?? "", label: reader.string(m["label"], "`label`"),
      maturity: reader.string(m["maturity"], "`maturity`"), url: reader.string(m["url"], "`url`"), dependsOn: deps,
      meta: reader.dict(m["meta"], "`meta`"), tags: reader.strings(m["tags"], "`tags`") ?? [],
      originalFilePath: originalFilePath, fqn: [packageName] + folders + [name], span: entry.span)
  }

  private mutating func finish(_ out: PropertiesFile) -> PropertiesFile {
    diagnostics += reader.diagnostics
    reader.diagnostics = []
    return out
  }

  /// `nodePatch` of every entry on all cores, with tests and diagnostics in the order one
  /// entry after the other gives (a 10,000-model `schema.yml` has 10,000 entries).
  private mutating func nodePatchesInParallel(
    _ entries: [YAMLValue], _ type: ResourceType, tests: inout [TestSpec]
  ) -> [NodePatch] {
    let base = PropertiesParser(packageName: packageName, originalFilePath: originalFilePath, folders: folders)
    let results = parallelMap(entries) { entry in
      var parser = base
      var found: [TestSpec] = []
      let patch = parser.nodePatch(entry, type, tests: &found)
      return (patch: patch, tests: found, diagnostics: parser.diagnostics, read: parser.reader.diagnostics)
    }
    var patches: [NodePatch] = []
    patches.reserveCapacity(results.count)
    for r in results {
      tests += r.tests
      diagnostics += r.diagnostics
      reader.diagnostics += r.read
      if let p = r.patch { patches.append(p) }
    }
    return patches
  }

  /// A `models:`/`seeds:`/... entry.
  private mutating func nodePatch(_ entry: YAMLValue, _ type: ResourceType, tests: inout [TestSpec])
    -> NodePatch?
  {
    guard let m = reader.mapping(entry, "a \(type.rawValue) entry") else { return nil }
    guard let name = reader.string(m["name"], "`name`"), let nameNode = m["name"] else {
      diagnostics.append(
        Diagnostic(code: "P0104", "\(type.rawValue) entry has no `name:`", span: entry.span))
      return nil
    }
    for key in m.keys where !Self.nodeKeys.contains(key) {
      diagnostics.append(
        Diagnostic(
          .warning, code: "P0211", "unknown property `\(key)` for \(type.rawValue) `\(name)`",
          span: m.keySpans[key], hint: Suggest.hint(for: key, in: Self.nodeKeys)))
    }
    var config = NodeConfig()
    if let c = reader.mapping(m["config"], "`config`") {
      config = NodeConfig.decode(c, warnUnknown: true, diagnostics: &diagnostics)
    }
    // Top-level `tags`/`meta`/`docs` predate `config:`; dbt still folds them into the config.
    // Only keys that are there are set: an entry without them keeps the shared empty layer,
    // so nodes without properties config share their final config (see `ModelConfigCache`).
    var topLevel = NodeConfig()
    if let tags = reader.strings(m["tags"], "`tags`"), !tags.isEmpty { topLevel.tags = tags }
    if m["meta"] != nil {
      let meta = reader.dict(m["meta"], "`meta`")
      if !meta.isEmpty { topLevel.meta = meta }
    }
    let docs = docsConfig(m["docs"])
    if docs != nil { topLevel.docs = docs }
    config = topLevel.merged(with: config)
    let target = TestTarget(resourceType: type, name: name)
    var own: [TestSpec] = []
    let columns = columns(m["columns"], target: target, tests: &own)
    own += testSpecs(testList(m, what: "\(type.rawValue) `\(name)`"), target: target)
    tests += own.sorted { $0.span.range.lowerBound < $1.span.range.lowerBound }
    return NodePatch(
      resourceType: type, name: name,
      description: reader.string(m["description"], "`description`") ?? "",
      columns: columns, config: config, docs: docs, nameSpan: nameNode.span,
      originalFilePath: originalFilePath)
  }

  /// `data_tests:`, or its older spelling `tests:`; both at once is an error, as in dbt.
  mutating func testList(_ m: YAMLMapping, what: String) -> YAMLValue? {
    if let both = m.keySpans["tests"], m["data_tests"] != nil {
      diagnostics.append(
        Diagnostic(
          code: "P0104", "\(what) has both `tests` and `data_tests`", span: both,
          hint: "`data_tests` is the current name; move the tests there"))
    }
    return m["data_tests"] ?? m["tests"]
  }

  mutating func docsConfig(_ v: YAMLValue?) -> DocsConfig? {
    guard let d = reader.mapping(v, "`docs`") else { return nil }
    return DocsConfig(
      show: reader.bool(d["show"], "`docs.show`"),
      nodeColor: reader.string(d["node_color"], "`node_color`"))
  }

  /// A `columns:` list; column tests are appended to `tests`.
  mutating func columns(_ v: YAMLValue?, target: TestTarget, tests: inout [TestSpec])
    -> OrderedDictionary<String, ColumnInfo>
  {
    var out: OrderedDictionary<String, ColumnInfo> = [:]
    for entry in reader.sequence(v, "`columns`") {
      guard let c = reader.mapping(entry, "a column entry") else { continue }
      guard let name = reader.string(c["name"], "column `name`") else {
        diagnostics.append(
          Diagnostic(code: "P0104", "column entry has no `name:`", span: entry.span))
        continue
      }
      var config = NodeConfig()
      if let cfg = reader.mapping(c["config"], "`config`") {
        config = NodeConfig.decode(cfg, warnUnknown: false, diagnostics: &diagnostics)
      }
      var meta = reader.dict(c["meta"], "`meta`")
      meta.merge(config.meta) { _, new in new }
      var tags = reader.strings(c["tags"], "`tags`") ?? []
      for t in config.tags where !tags.contains(t) { tags.append(t) }
      out[name] = ColumnInfo(
        name: name, description: reader.string(c["description"], "`description`") ?? "",
        dataType: reader.string(c["data_type"], "`data_type`"), meta: meta, tags: tags,
        quote: reader.bool(c["quote"], "`quote`"),
        constraints: reader.sequence(c["constraints"], "`constraints`").map(\.configValue),
        span: entry.span)
      var colTarget = target
      colTarget.column = name
      tests += testSpecs(testList(c, what: "column `\(name)`"), target: colTarget)
    }
    return out
  }
}
