import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler

/// How one node of a run ended, as `run_results.json` records it.
public struct NodeResult: Sendable {
  /// dbt's statuses.
  public enum Status: String, Sendable {
    case success, error, skipped
    case pass, fail, warn
  }

  /// The node's unique id.
  public var id: String
  /// Outcome.
  public var status: Status
  /// Console message (`CREATE VIEW`, the error text...).
  public var message: String
  /// The error as a diagnostic, for rendering.
  public var diagnostic: Diagnostic?
  /// The adapter's response (`INSERT 32`).
  public var adapterResponse: String
  /// Wall time of the node.
  public var executionTime: Double
  /// When it started and finished.
  public var startedAt: Date
  /// When it finished.
  public var completedAt: Date
  /// Statements executed, in order (written to `target/run/`).
  public var statements: [String]
  /// Worker that ran it (`Thread-1`).
  public var threadID: String
  /// Failing-row count for tests.
  public var failures: Int?
  /// For a failing or warning test, its first failing rows.
  public var preview: QueryResult? = nil
  /// For a test that stored its failures, the relation holding them.
  public var relationName: String? = nil
  /// Tests run inside this model's build (write-audit-publish), reported after it.
  public var innerResults: [NodeResult] = []
  /// The SQL a unit test compiled to when it ran (it has no compile-phase node).
  public var compiledSQL: String? = nil
  /// Rows a quarantined model moved to its quarantine table, per test.
  public var quarantined: [QuarantineCount] = []
  /// The node as rendered on its worker, when it rendered at run time (`rendersAtRunTime`).
  public var compiled: CompiledNode? = nil

  /// A skipped node.
  public static func skipped(_ id: String, because: String) -> NodeResult {
    let now = Date()
    return NodeResult(
      id: id, status: .skipped, message: "skipped because \(because) failed", diagnostic: nil,
      adapterResponse: "", executionTime: 0, startedAt: now, completedAt: now, statements: [],
      threadID: "main", failures: nil)
  }

  /// True for statuses that count as errors in the summary.
  public var isFailure: Bool { status == .error || status == .fail }
}
