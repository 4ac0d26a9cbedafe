import KilnBase
import OrderedCollections

/// Reads `dbt_project.yml` into `ProjectConfig` plus the raw resource config trees.
struct ProjectFileParser {
  /// The parsed settings and the unbuilt config trees by resource key.
  struct Result {
    var config: ProjectConfig
    var trees: [String: YAMLMapping]
  }

  /// Top-level keys dbt's project schema accepts (dbt rejects others; Kiln warns).
  static let knownKeys: [String] = [
    "name", "version", "profile", "config-version", "model-paths", "macro-paths", "seed-paths",
    "test-paths", "snapshot-paths", "analysis-paths", "docs-paths", "asset-paths", "target-path",
    "clean-targets", "log-path", "packages-install-path", "vars", "models", "seeds", "snapshots",
    "tests", "data_tests", "sources", "analyses", "exposures", "metrics", "semantic-models",
    "saved-queries", "unit_tests", "on-run-start", "on-run-end", "require-dbt-version", "quoting",
    "query-comment", "dispatch", "flags", "restrict-access", "dbt-cloud", "functions",
  ]

  /// dbt leaves these unrendered when loading the project file: `vars` and run hooks are
  /// rendered when used, and `pre-hook`/`post-hook` inside resource trees at node run time
  /// (dbt-core `config/renderer.py`, `DbtProjectYamlRenderer`).
  static func deferredRender(_ path: [String]) -> Bool {
    guard let first = path.first else { return false }
    if ["vars", "on-run-start", "on-run-end", "query-comment"].contains(first) { return true }
    if ["models", "seeds", "snapshots", "tests", "data_tests", "sources", "analyses"].contains(
      first)
    {
      return path.contains { ["pre_hook", "post_hook"].contains(NodeConfig.canonicalKey($0)) }
    }
    return false
  }

  static func parse(_ file: SourceFile, renderer: YAMLStringRenderer?) -> (Result?, [Diagnostic]) {
    let parsed: YAMLValue?
    do {
      let doc = try YAMLDocument.parseDocument(file)
      parsed =
        doc.hasJinja ? try doc.value?.rendered(with: renderer, skip: deferredRender) : doc.value
    } catch {
      return (nil, [error])
    }
    var r = YAMLReader()
    guard let top = parsed.flatMap({ r.mapping($0, "dbt_project.yml") }) else {
      let d = Diagnostic(
        code: "P0111", "dbt_project.yml must be a mapping with at least `name:`", path: file.path)
      return (nil, r.diagnostics + [d])
    }
    var diagnostics: [Diagnostic] = []
    for key in top.keys where !knownKeys.contains(key) {
      diagnostics.append(
        Diagnostic(
          .warning, code: "P0112", "unknown key `\(key)` in dbt_project.yml",
          span: top.keySpans[key],
          hint: Suggest.hint(for: key, in: knownKeys)))
    }
    guard let name = r.string(top["name"], "`name`") else {
      diagnostics.append(
        Diagnostic(code: "P0111", "dbt_project.yml has no `name:`", path: file.path))
      return (nil, r.diagnostics + diagnostics)
    }
    func paths(_ key: String, _ fallback: [String]) -> [String] {
      r.strings(top[key], "`\(key)`") ?? fallback
    }
    let targetPath = r.string(top["target-path"], "`target-path`") ?? "target"
    var config = ProjectConfig(
      name: name,
      version: r.string(top["version"], "`version`"),
      profile: r.string(top["profile"], "`profile`"),
      profileSpan: top["profile"]?.span,
      configVersion: r.int(top["config-version"], "`config-version`") ?? 2,
      modelPaths: paths("model-paths", ["models"]),
      macroPaths: paths("macro-paths", ["macros"]),
      seedPaths: paths("seed-paths", ["seeds"]),
      testPaths: paths("test-paths", ["tests"]),
      snapshotPaths: paths("snapshot-paths", ["snapshots"]),
      analysisPaths: paths("analysis-paths", ["analyses"]),
      targetPath: targetPath,
      cleanTargets: paths("clean-targets", [targetPath]),
      vars: r.dict(top["vars"], "`vars`"),
      onRunStart: r.strings(top["on-run-start"], "`on-run-start`") ?? [],
      onRunEnd: r.strings(top["on-run-end"], "`on-run-end`") ?? [],
      raw: top.entries.mapValues(\.configValue))
    if config.configVersion != 2 {
      diagnostics.append(
        Diagnostic(
          code: "P0113", "config-version \(config.configVersion) is not supported; use 2",
          span: top["config-version"]?.span))
      config.configVersion = 2
    }
    var trees: [String: YAMLMapping] = [:]
    for key in ["models", "seeds", "snapshots", "tests", "data_tests", "sources"] {
      if let m = r.mapping(top[key], "`\(key)`") { trees[key] = m }
    }
    return (Result(config: config, trees: trees), r.diagnostics + diagnostics)
  }
}
