import KilnCompiler
import KilnProject

/// Run-wide behaviour of tests beyond what each node's config says: dbt's `--store-failures`
/// and `--warn-error`, and Kiln's write-audit-publish and quarantine steps inside `build`.
public struct RunSettings: Sendable {
  /// `--store-failures`: every test stores its failing rows (unless its config says otherwise).
  public var storeFailures = false
  /// `--warn-error`: a test that would warn fails instead.
  public var warnError = false
  /// The tests a model runs on its staged relation before it is published, by model id (built
  /// by `AuditPlan`); empty when auditing is off (`--no-audit-before-publish`, `kiln run`).
  public var audits: [String: [String]] = [:]
  /// The row-level tests of quarantined models, by model id.
  public var quarantines: [String: [String]] = [:]
  /// Compiles a test with one model's `ref` pointing at another relation (the staged one).
  public var compileAgainst: (@Sendable (_ test: String, _ model: String, _ relation: RelationValue) throws -> CompiledNode)?

  /// Recorded with each quarantined row.
  public var invocationID = ""

  /// Default settings: dbt's behaviour, no auditing.
  public init() {}

  /// Every test id that runs inside a model's build (its audits), so not on its own.
  public var auditedTests: Set<String> { Set(audits.values.joined()) }

  /// Whether model `id` audits or quarantines between staging and publishing.
  func runsInside(_ id: String) -> Bool { audits[id] != nil || quarantines[id] != nil }
}
