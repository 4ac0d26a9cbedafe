import Foundation
import KilnBase
import KilnCompiler
import KilnProject

/// The project's exposures with their `depends_on` resolved to node and source ids, and the
/// edges they add to `parent_map`/`child_map` (dbt lists exposures as children of what they
/// read).
public struct ManifestExposures: Sendable {
  /// One exposure and what it reads.
  public struct Resolved: Sendable {
    /// The definition.
    public var definition: ExposureDefinition
    /// Node and source ids, in `depends_on` order.
    public var dependsOn: [String]
    /// `ref()` entries as (package, name).
    public var refs: [(package: String?, name: String)]
    /// `source()` entries as (source, table).
    public var sources: [(String, String)]
  }
  /// Exposures by unique id.
  public var exposures: [String: Resolved] = [:]
  /// Exposure ids reading each node or source.
  public var children: [String: Set<String>] = [:]
  /// `depends_on` entries that name nothing, as warnings.
  public var diagnostics: [Diagnostic] = []

  /// Resolves every exposure of the parsed project.
  public init(_ parsed: ParsedProject) {
    let project = parsed.project
    for e in project.exposures {
      var r = Resolved(definition: e, dependsOn: [], refs: [], sources: [])
      for (text, span) in e.dependsOn {
        let (fn, args) = ManifestExposures.call(text)
        var id: String?
        if fn == "ref", let name = args.last {
          r.refs.append((args.count > 1 ? args[0] : nil, name))
          id = ["model", "seed", "snapshot"].lazy.map { "\($0).\(project.name).\(name)" }.first { parsed.nodes[$0] != nil }
        } else if fn == "source", args.count == 2 {
          r.sources.append((args[0], args[1]))
          id = project.sources.values.first { $0.sourceName == args[0] && $0.name == args[1] }?.uniqueID
        }
        guard let id else {
          diagnostics.append(
            Diagnostic(
              .warning, code: "P0221", "exposure `\(e.name)` depends on `\(text)`, which names no model, seed, snapshot or source",
              span: span, hint: "write `ref('model_name')` or `source('source_name', 'table_name')`"))
          continue
        }
        if !r.dependsOn.contains(id) { r.dependsOn.append(id) }
        children[id, default: []].insert(e.uniqueID)
      }
      exposures[e.uniqueID] = r
    }
  }

  /// `ref('a')` -> ("ref", ["a"]); `source("s", "t")` -> ("source", ["s", "t"]).
  static func call(_ text: String) -> (String, [String]) {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else { return ("", []) }
    let fn = t[..<open].trimmingCharacters(in: .whitespaces)
    let args = t[t.index(after: open)..<t.index(before: t.endIndex)].split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }.filter { !$0.isEmpty }
    return (fn, args)
  }

  /// The manifest's `exposures` section.
  func json(docs: DocsBlocks, createdAt: Double) -> [(String, JSON)] {
    exposures.keys.sorted().compactMap { id in
      guard let r = exposures[id] else { return nil }
      let e = r.definition
      return (
        id,
        .object([
          ("name", .string(e.name)), ("resource_type", .string("exposure")), ("package_name", .string(e.packageName)),
          ("path", .string(e.originalFilePath.split(separator: "/").dropFirst().joined(separator: "/"))),
          ("original_file_path", .string(e.originalFilePath)), ("unique_id", .string(id)),
          ("fqn", .array(e.fqn.map { .string($0) })), ("type", .string(e.type)),
          ("owner", .object([("email", .opt(e.ownerEmail)), ("name", .opt(e.ownerName))])),
          ("description", .string(docs.resolve(e.description))), ("label", .opt(e.label)), ("maturity", .opt(e.maturity)),
          ("meta", ManifestWriter.config(.dict(e.meta))), ("tags", .array(e.tags.map { .string($0) })),
          ("config", .object([("enabled", .bool(true)), ("tags", .array([])), ("meta", .object([]))])),
          ("unrendered_config", .object([])), ("url", .opt(e.url)),
          ("depends_on", .object([("macros", .array([])), ("nodes", .array(r.dependsOn.map { .string($0) }))])),
          ("refs", .array(r.refs.map { .object([("name", .string($0.name)), ("package", .opt($0.package)), ("version", .null)]) })),
          ("sources", .array(r.sources.map { .array([.string($0.0), .string($0.1)]) })),
          ("metrics", .array([])), ("created_at", .double(createdAt)),
        ])
      )
    }
  }
}
