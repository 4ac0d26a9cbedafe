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
    let projectName = project.name
    let now = Date().timeIntervalSince1970
    // Serialised in 64 runs of consecutive nodes on all cores; the document only concatenates
    // the runs. Within a run, equal configs (most generic tests share one) are written once.
    let values = Array(parsed.nodes.values)
    let runs = (0..<64).map { r in (r * values.count / 64)..<((r + 1) * values.count / 64) }
    let pieces = parallelMap(runs) { range -> [UInt8] in
      var w = JSONWriter(capacity: 1 << 16)
      var configs: [ObjectIdentifier: [UInt8]] = [:]
      for i in range {
        let p = values[i]
        w.key(p.id)
        node(
          p, compiled: compiled[p.id], parsed: parsed, createdAt: now, configs: &configs, into: &w, docs: docs,
          projectName: projectName)
      }
      return w.bytes
    }
    // The runs stay separate pieces: the 90 MB of nodes are never joined in memory.
    let nodes = JSON.rawMembers(pieces)
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
            ("loaded_at_field", .opt(s.loadedAtField)), ("freshness", s.freshness.map(config) ?? .null),
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
    // parent_map and child_map are written straight to bytes: with tests they hold one entry
    // per node and edge of the project.
    let exposures = ManifestExposures(parsed)
    let ids = (parsed.nodes.keys + project.sources.keys.filter { parsed.nodes[$0] == nil } + exposures.exposures.keys).sorted()
    let graph = parsed.graph
    // Both maps at once, each id's entries written in 64 runs on all cores.
    let edgeRuns = (0..<64).map { r in (r * ids.count / 64)..<((r + 1) * ids.count / 64) }
    let edgePieces = parallelMap(edgeRuns.flatMap { [($0, true), ($0, false)] }) { job -> [UInt8] in
      let (range, parents) = job
      var w = JSONWriter(capacity: range.count * 96)
      for i in range {
        let id = ids[i]
        let edges: [String]
        if parents {
          edges = exposures.exposures[id].map { Set($0.dependsOn).sorted() } ?? graph.sortedParents(of: id)
        } else if let extra = exposures.children[id] {
          edges = graph.children(of: id).union(extra).sorted()
        } else {
          edges = graph.sortedChildren(of: id)
        }
        w.field(id, strings: edges)
      }
      return w.bytes
    }
    let parentMap = JSON.rawMembers(stride(from: 0, to: edgePieces.count, by: 2).map { edgePieces[$0] })
    let childMap = JSON.rawMembers(stride(from: 1, to: edgePieces.count, by: 2).map { edgePieces[$0] })
    PhaseTimer.shared.mark("manifest: nodes")
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
      ("nodes", nodes), ("sources", .object(sources)), ("macros", .object(macros(session, createdAt: now))),
      ("docs", .object(docsBlocks(docs, project: project.name))), ("exposures", .object(exposures.json(docs: docs, createdAt: now))), ("metrics", .object([])),
      ("groups", .object([])), ("selectors", .object([])),
      ("disabled", .object(project.disabled.map { ($0.uniqueID, .array([.object([("unique_id", .string($0.uniqueID)), ("name", .string($0.name)), ("resource_type", .string($0.resourceType.rawValue)), ("original_file_path", .string($0.originalFilePath))])])) })),
      ("parent_map", parentMap), ("child_map", childMap), ("group_map", .object([])),
      ("saved_queries", .object([])), ("semantic_models", .object([])), ("unit_tests", unitTests(project)),
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

  /// The `columns` object, as the streaming writer below writes it.
  static func columns(_ cols: OrderedDictionary<String, ColumnInfo>, docs: DocsBlocks = .empty) -> JSON {
    var w = JSONWriter(capacity: 256)
    columns(cols, into: &w, docs: docs)
    return .raw(w.bytes)
  }

  /// Writes `value` as JSON.
  static func config(_ v: ConfigValue, into w: inout JSONWriter) {
    switch v {
    case .null: w.null()
    case .bool(let b): w.bool(b)
    case .int(let i): w.int(i)
    case .double(let d): w.double(d)
    case .string(let s): w.string(s)
    case .list(let l): w.array { w in for x in l { config(x, into: &w) } }
    case .dict(let d): config(d, into: &w)
    }
  }

  static func config(_ d: OrderedDictionary<String, ConfigValue>, into w: inout JSONWriter) {
    w.object { w in
      for (k, v) in d {
        w.key(k)
        config(v, into: &w)
      }
    }
  }

  static func columns(_ cols: OrderedDictionary<String, ColumnInfo>, into w: inout JSONWriter, docs: DocsBlocks = .empty) {
    w.object { w in
      for (k, c) in cols {
        w.key(k)
        w.object { w in
          w.field("name", c.name)
          w.field("description", docs.resolve(c.description))
          w.key("meta")
          config(c.meta, into: &w)
          w.field("data_type", c.dataType)
          w.key("constraints")
          w.array { _ in }
          w.key("quote")
          if let q = c.quote { w.bool(q) } else { w.null() }
          w.field("tags", strings: c.tags)
        }
      }
    }
  }

  /// One node of `nodes`, streamed straight into `w` (this is the bulk of a large manifest).
  static func node(
    _ p: ParsedNode, compiled: CompiledNode?, parsed: ParsedProject, createdAt: Double,
    configs: inout [ObjectIdentifier: [UInt8]], into w: inout JSONWriter, docs: DocsBlocks,
    projectName: String
  ) {
    let config = p.config
    w.object { w in
      w.field("database", p.database)
      w.field("schema", p.schema)
      w.field("name", p.node.name)
      w.field("resource_type", p.node.resourceType.rawValue)
      w.field("package_name", p.node.packageName)
      w.field("path", p.node.path)
      w.field("original_file_path", p.node.originalFilePath)
      w.field("unique_id", p.node.uniqueID)
      w.field("fqn", strings: p.node.fqn)
      w.field("alias", p.alias)
      w.key("checksum")
      w.object { w in
        w.field("name", p.node.checksum.isEmpty ? "none" : p.node.checksumName)
        w.field("checksum", p.node.checksum)
      }
      w.key("config")
      if let known = configs[config.storageID] {
        w.raw(known)
      } else {
        var c = JSONWriter(capacity: 1024)
        Self.config(config.exported, into: &c)
        configs[config.storageID] = c.bytes
        w.raw(c.bytes)
      }
      w.field("tags", strings: config.tags)
      w.field("description", docs.resolve(p.node.description))
      w.key("columns")
      columns(p.node.columns, into: &w, docs: docs)
      w.key("meta")
      Self.config(config.meta, into: &w)
      w.key("group")
      w.null()
      w.key("docs")
      w.object { w in
        w.field("show", config.docs?.show ?? true)
        w.field("node_color", config.docs?.nodeColor)
      }
      w.field("patch_path", p.node.patchPath.map { "\(projectName)://\($0)" })
      w.key("build_path")
      w.null()
      w.key("unrendered_config")
      w.object { w in
        for (k, v) in p.inFileConfig.sorted(by: { $0.key < $1.key }) {
          w.key(k)
          Self.config(v, into: &w)
        }
      }
      w.key("created_at")
      w.double(createdAt)
      w.field("relation_name", parsed.relationName(of: p))
      w.field("raw_code", p.node.resourceType == .seed ? "" : p.node.rawCode)
      w.field("language", "sql")
      w.key("refs")
      w.array { w in
        for r in p.refs {
          w.object { w in
            w.field("name", r.name)
            w.field("package", r.package)
            w.key("version")
            w.null()
          }
        }
      }
      w.key("sources")
      w.array { w in for s in p.sources { w.array { w in w.string(s.source); w.string(s.table) } } }
      w.key("metrics")
      w.array { _ in }
      w.key("depends_on")
      w.object { w in
        w.key("macros")
        w.array { _ in }
        w.field("nodes", strings: p.dependsOn)
      }
      if let compiled {
        w.field("compiled_path", "target/compiled/\(projectName)/\(p.targetWritePath)")
        w.field("compiled", true)
        w.field("compiled_code", compiled.sql)
        w.field("extra_ctes_injected", true)
        w.key("extra_ctes")
        w.array { w in
          for id in compiled.ephemerals {
            w.object { w in
              w.field("id", id)
              w.field("sql", "")
            }
          }
        }
      }
      if let t = p.genericTest {
        w.field("column_name", t.target.column)
        w.field("attached_node", t.attachedNode)
        w.field(
          "file_key_name",
          t.target.resourceType == .source
            ? "sources.\(t.target.sourceName ?? "")" : "\(t.target.resourceType.rawValue)s.\(t.target.name)")
        w.key("test_metadata")
        w.object { w in
          w.field("name", t.testName)
          w.key("kwargs")
          w.object { w in
            for (k, v) in t.kwargs {
              w.key(k)
              Self.config(v, into: &w)
            }
            w.field("model", t.modelArgument)
          }
          w.field("namespace", t.namespace)
        }
      }
      w.key("contract")
      w.object { w in
        w.field("enforced", config.contract?.enforced ?? false)
        w.field("alias_types", true)
        w.key("checksum")
        w.null()
      }
      w.field("access", "protected")
      w.key("constraints")
      w.array { _ in }
      for k in ["version", "latest_version", "deprecation_date"] {
        w.key(k)
        w.null()
      }
    }
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
