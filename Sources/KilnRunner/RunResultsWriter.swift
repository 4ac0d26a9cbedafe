import Foundation
import KilnBase
import KilnCompiler
import OrderedCollections

/// Writes `target/run_results.json` (schema v6).
public enum RunResultsWriter {
  /// The document for a finished run.
  public static func document(
    _ results: [NodeResult], compiled: OrderedDictionary<String, CompiledNode>, parsed: ParsedProject,
    elapsed: Double, command: String
  ) -> JSON {
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let items: [JSON] = results.map { r in
      let c = compiled[r.id]
      return .object([
        ("status", .string(r.status.rawValue)),
        (
          "timing",
          .array(
            r.status == .skipped
              ? []
              : [
                .object([("name", .string("compile")), ("started_at", .string(iso.string(from: r.startedAt))), ("completed_at", .string(iso.string(from: r.startedAt)))]),
                .object([("name", .string("execute")), ("started_at", .string(iso.string(from: r.startedAt))), ("completed_at", .string(iso.string(from: r.completedAt)))]),
              ])
        ),
        ("thread_id", .string(r.threadID)), ("execution_time", .double(r.executionTime)),
        ("adapter_response", r.adapterResponse.isEmpty ? .object([]) : .object([("_message", .string(r.adapterResponse)), ("code", .string(r.adapterResponse.split(separator: " ").first.map(String.init) ?? ""))])),
        ("message", r.status == .pass ? .null : .string(r.message)), ("failures", r.failures.map { .int($0) } ?? .null),
        ("unique_id", .string(r.id)), ("compiled", .bool(c != nil || r.compiledSQL != nil)),
        ("compiled_code", .opt(c?.sql ?? r.compiledSQL)),
        ("relation_name", .opt(r.relationName ?? parsed.nodes[r.id].flatMap { parsed.relationName(of: $0) })),
        ("batch_results", .null),
      ])
    }
    return .object([
      (
        "metadata",
        .object([
          ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/run-results/v6.json")),
          ("dbt_version", .string("1.10.0")), ("generated_at", .string(iso.string(from: Date()))),
          ("invocation_id", .string(parsed.session.invocationID)), ("env", .object([])),
        ])
      ),
      ("results", .array(items)), ("elapsed_time", .double(elapsed)),
      ("args", .object([("which", .string(command))])),
    ])
  }
}
