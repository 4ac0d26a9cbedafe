import Foundation
import KilnBase
import KilnCompiler
import KilnProject
import OrderedCollections

/// Writes `target/manifest.json` in dbt's v12 layout from a parsed (and optionally compiled)
/// project.
public enum ManifestWriter {
  /// The manifest document.
  public static func manifest(
    _ parsed: ParsedProject, compiled: OrderedDictionary<String, CompiledNode> = [:], generatedAt: Date = Date(),
    docs: DocsBlocks = .empty
  ) -> JSON {
    let session = parsed.session
    let project = parsed.project
    let now = Date().timeIntervalSince1970
    let nodes: [(String, JSON)] = parallelMap(Array(parsed.nodes.values)) { p in
      // Serialised per node on all cores; the document only concatenates the pieces.
      (p.id, .raw(node(p, compiled: compiled[p.id], parsed: parsed, createdAt: now, docs: docs).text()))
    }
    var sources: [(String, JSON)] = []
    for (id, s) in project.sources {
      sources.append(
        (
          id,
          .object([
            ("database", .opt(s.database ?? session.profile.database)), ("schema", .string(s.schema)),
            ("name", .string(s.name)), ("resource_type", .string("source")),
            ("package_name", .string(s.packageName)), ("path", .string(s.originalFilePath)),
            ("original_file_path", .string(s.originalFilePath)), ("unique_id", .string(id)),
            ("fqn", .array(s.fqn.map { .string($0) })), ("source_name", .string(s.sourceName)),
            ("source_description", .string(docs.resolve(s.sourceDescription))), ("loader", .string(s.loader)),
            ("identifier", .string(s.identifier)), ("description", .string(docs.resolve(s.description))),
            ("columns", columns(s.columns, docs: docs)), ("meta", config(.dict(s.meta))),
            ("tags", .array(s.tags.map { .string($0) })),
            (
              "relation_name",
              .string(
                session.policy.render(
                  database: s.database ?? session.profile.database, schema: s.schema, identifier: s.identifier))
            ),
          ])
        ))
    }
    var parentMap: [(String, JSON)] = []
    var childMap: [(String, JSON)] = []
    let ids = parsed.nodes.keys + project.sources.keys.filter { parsed.nodes[$0] == nil }
    for id in ids.sorted() {
      parentMap.append((id, .array(parsed.graph.parents(of: id).sorted().map { .string($0) })))
      childMap.append((id, .array(parsed.graph.children(of: id).sorted().map { .string($0) })))
    }
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return .object([
      (
        "metadata",
        .object([
          ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/manifest/v12.json")),
          ("dbt_version", .string("1.10.0")), ("generated_at", .string(iso.string(from: generatedAt))),
          ("invocation_id", .string(session.invocationID)),
          ("invocation_started_at", .string(iso.string(from: session.runStartedAt))),
          ("env", .object([])), ("project_name", .string(project.name)),
          ("project_id", .string(Hashing.md5Hex(project.name))), ("user_id", .null),
          ("send_anonymous_usage_stats", .bool(false)),
          ("adapter_type", .string(session.adapterType.rawValue)),
          ("quoting", .object([("database", .bool(session.policy.database)), ("schema", .bool(session.policy.schema)), ("identifier", .bool(session.policy.identifier)), ("column", .null)])),
          ("run_started_at", .string(iso.string(from: session.runStartedAt))),
        ])
      ),
      ("nodes", .object(nodes)), ("sources", .object(sources)), ("macros", .object(macros(session, createdAt: now))),
      ("docs", .object(docsBlocks(docs, project: project.name))), ("exposures", .object([])), ("metrics", .object([])),
      ("groups", .object([])), ("selectors", .object([])),
      ("disabled", .object(project.disabled.map { ($0.uniqueID, .array([.object([("unique_id", .string($0.uniqueID)), ("name", .string($0.name)), ("resource_type", .string($0.resourceType.rawValue)), ("original_file_path", .string($0.originalFilePath))])])) })),
      ("parent_map", .object(parentMap)), ("child_map", .object(childMap)), ("group_map", .object([])),
      ("saved_queries", .object([])), ("semantic_models", .object([])), ("unit_tests", .object([])),
    ])
  }

  static func config(_ v: ConfigValue) -> JSON {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    case .list(let l): return .array(l.map(config))
    case .dict(let d): return .object(d.map { ($0.key, config($0.value)) })
    }
  }

  static func columns(_ cols: OrderedDictionary<String, ColumnInfo>, docs: DocsBlocks = .empty) -> JSON {
    .object(
      cols.map { k, c in
        (
          k,
          .object([
            ("name", .string(c.name)), ("description", .string(docs.resolve(c.description))),
            ("meta", config(.dict(c.meta))), ("data_type", .opt(c.dataType)),
            ("constraints", .array([])), ("quote", c.quote.map { .bool($0) } ?? .null),
            ("tags", .array(c.tags.map { .string($0) })),
          ])
        )
      })
  }

  static func node(_ p: ParsedNode, compiled: CompiledNode?, parsed: ParsedProject, createdAt: Double, docs: DocsBlocks = .empty) -> JSON {
    let project = parsed.project
    let n = p.node
    var pairs: [(String, JSON)] = [
      ("database", .opt(p.database)), ("schema", .string(p.schema)), ("name", .string(n.name)),
      ("resource_type", .string(n.resourceType.rawValue)), ("package_name", .string(n.packageName)),
      ("path", .string(n.path)), ("original_file_path", .string(n.originalFilePath)),
      ("unique_id", .string(n.uniqueID)), ("fqn", .array(n.fqn.map { .string($0) })),
      ("alias", .string(p.alias)),
      ("checksum", .object([("name", .string(n.checksum.isEmpty ? "none" : "sha256")), ("checksum", .string(n.checksum))])),
      ("config", config(.dict(p.config.exported))), ("tags", .array(p.config.tags.map { .string($0) })),
      ("description", .string(docs.resolve(n.description))), ("columns", columns(n.columns, docs: docs)),
      ("meta", config(.dict(p.config.meta))), ("group", .null),
      ("docs", .object([("show", .bool(p.config.docs?.show ?? true)), ("node_color", .opt(p.config.docs?.nodeColor))])),
      ("patch_path", .opt(n.patchPath.map { "\(project.name)://\($0)" })), ("build_path", .null),
      ("unrendered_config", config(.dict(OrderedDictionary(uniqueKeysWithValues: p.inFileConfig.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))),
      ("created_at", .double(createdAt)),
      ("relation_name", .opt(parsed.relationName(of: p))),
      ("raw_code", .string(n.resourceType == .seed ? "" : n.rawCode)), ("language", .string("sql")),
      ("refs", .array(p.refs.map { r in .object([("name", .string(r.name)), ("package", .opt(r.package)), ("version", .null)]) })),
      ("sources", .array(p.sources.map { .array([.string($0.source), .string($0.table)]) })),
      ("metrics", .array([])),
      ("depends_on", .object([("macros", .array([])), ("nodes", .array(p.dependsOn.map { .string($0) }))])),
    ]
    if let compiled {
      pairs.append(("compiled_path", .string("target/compiled/\(project.name)/\(p.targetWritePath)")))
      pairs.append(("compiled", .bool(true)))
      pairs.append(("compiled_code", .string(compiled.sql)))
      pairs.append(("extra_ctes_injected", .bool(true)))
      pairs.append(("extra_ctes", .array(compiled.ephemerals.map { id in .object([("id", .string(id)), ("sql", .string(""))]) })))
    }
    if let t = p.genericTest {
      pairs.append(("column_name", .opt(t.target.column)))
      pairs.append(("attached_node", .string(t.attachedNode)))
      pairs.append(("file_key_name", .string(t.target.resourceType == .source ? "sources.\(t.target.sourceName ?? "")" : "\(t.target.resourceType.rawValue)s.\(t.target.name)")))
      var kwargs: [(String, JSON)] = t.kwargs.map { ($0.key, config($0.value)) }
      kwargs.append(("model", .string(t.modelArgument)))
      pairs.append(("test_metadata", .object([("name", .string(t.testName)), ("kwargs", .object(kwargs)), ("namespace", .opt(t.namespace))])))
    }
    pairs.append(("contract", .object([("enforced", .bool(p.config.contract?.enforced ?? false)), ("alias_types", .bool(true)), ("checksum", .null)])))
    pairs.append(("access", .string("protected")))
    pairs.append(("constraints", .array([])))
    pairs.append(("version", .null))
    pairs.append(("latest_version", .null))
    pairs.append(("deprecation_date", .null))
    return .object(pairs)
  }

  static func macros(_ session: CompileSession, createdAt: Double) -> [(String, JSON)] {
    var out: [(String, JSON)] = []
    for t in session.macroTemplates {
      for d in t.definitions where d.kind == .macro || d.kind == .test || d.kind == .materialization {
        let id = "macro.\(session.project.name).\(d.name)"
        out.append(
          (
            id,
            .object([
              ("name", .string(d.name)), ("resource_type", .string("macro")),
              ("package_name", .string(session.project.name)), ("path", .string(t.name)),
              ("original_file_path", .string(t.name)), ("unique_id", .string(id)),
              ("macro_sql", .string(MacroSource.text(of: d))),
              ("depends_on", .object([("macros", .array([]))])),
              ("description", .string(session.project.macroDescriptions[d.name] ?? "")), ("meta", .object([])),
              ("docs", .object([("show", .bool(true)), ("node_color", .null)])), ("patch_path", .null),
              ("arguments", .array(d.parameters.map { .object([("name", .string($0)), ("type", .null), ("description", .string(""))]) })),
              ("created_at", .double(createdAt)), ("supported_languages", .null),
            ])
          ))
      }
    }
    return out
  }
}
