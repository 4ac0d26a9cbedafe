import Foundation
import KilnBase
import KilnCompiler
import KilnSQL

/// Writes `target/lineage.json`: per node, each output column's upstream columns and how each
/// is derived (`copy`, `transform`, `filter`), plus the nodes whose lineage fell back.
///
/// ```json
/// {"metadata": {...}, "nodes": {"model.p.orders": {"status": "complete",
///   "columns": {"amount": [{"node": "model.p.stg_orders", "column": "amount", "derivation": "copy"}]},
///   "warnings": []}}}
/// ```
public enum LineageWriter {
  /// The lineage document.
  public static func json(_ lineage: ProjectLineage, parsed: ParsedProject, generatedAt: Date = Date()) -> JSON {
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let nodes: [(String, JSON)] = lineage.nodes.values.map { n in
      (
        n.id,
        .object([
          ("status", .string(n.status.rawValue)),
          ("depends_on", .array((parsed.nodes[n.id]?.dependsOn ?? []).map { .string($0) })),
          ("columns", .object(n.columns.map { c in (c.name, edges(c.edges)) })),
          ("warnings", .array(n.warnings.map(warning))),
        ])
      )
    }
    return .object([
      (
        "metadata",
        .object([
          ("kiln_lineage_version", .int(1)), ("generated_at", .string(iso.string(from: generatedAt))),
          ("invocation_id", .string(parsed.session.invocationID)), ("project_name", .string(parsed.project.name)),
          ("adapter_type", .string(parsed.session.adapterType.rawValue)),
        ])
      ),
      ("nodes", .object(nodes)),
    ])
  }

  static func edges(_ edges: [LineageEdge]) -> JSON {
    .array(edges.map { e in
      .object([("node", .string(e.source.relation)), ("column", .string(e.source.column)), ("derivation", .string(e.derivation.rawValue))])
    })
  }

  static func warning(_ d: Diagnostic) -> JSON {
    var pairs: [(String, JSON)] = [("code", .string(d.code)), ("message", .string(d.message))]
    if let s = d.span {
      let (line, col) = s.file.location(of: s.range.lowerBound)
      pairs += [("file", .string(s.file.path)), ("line", .int(line)), ("column", .int(col))]
    }
    return .object(pairs)
  }
}
