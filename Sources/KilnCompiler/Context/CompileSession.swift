import Foundation
import KilnAdapters
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// Everything shared by all renders of one invocation: the project, the target, parsed macros,
/// CLI vars, and the run's identity. Immutable and `Sendable`, so models render in parallel.
public struct CompileSession: Sendable {
  /// The fields live in one immutable object, so the many copies renders and test parsing make
  /// of the session (every context builder holds one) cost one retain instead of one per field.
  final class Storage: Sendable {
    let project: Project
    let profile: ResolvedProfile
    let adapterType: AdapterType
    let policy: QuotePolicy
    let environment: Environment
    let macros: [String: Value]
    let macroTemplates: [Template]
    let sharedGlobals: [String: Value]
    let fullRefresh: Bool
    let invocationID: String
    let runStartedAt: Date
    let environmentVariables: [String: String]
    let storeFailures: Bool

    init(
      project: Project, profile: ResolvedProfile, adapterType: AdapterType, policy: QuotePolicy,
      environment: Environment, macros: [String: Value], macroTemplates: [Template],
      sharedGlobals: [String: Value], fullRefresh: Bool, invocationID: String, runStartedAt: Date,
      environmentVariables: [String: String], storeFailures: Bool
    ) {
      self.storeFailures = storeFailures
      self.project = project
      self.profile = profile
      self.adapterType = adapterType
      self.policy = policy
      self.environment = environment
      self.macros = macros
      self.macroTemplates = macroTemplates
      self.sharedGlobals = sharedGlobals
      self.fullRefresh = fullRefresh
      self.invocationID = invocationID
      self.runStartedAt = runStartedAt
      self.environmentVariables = environmentVariables
    }

    func with(sharedGlobals: [String: Value]) -> Storage {
      Storage(
        project: project, profile: profile, adapterType: adapterType, policy: policy,
        environment: environment, macros: macros, macroTemplates: macroTemplates,
        sharedGlobals: sharedGlobals, fullRefresh: fullRefresh, invocationID: invocationID,
        runStartedAt: runStartedAt, environmentVariables: environmentVariables, storeFailures: storeFailures)
    }
  }

  private var storage: Storage

  /// The loaded project.
  public var project: Project { _read { yield storage.project } }
  /// The resolved profile target.
  public var profile: ResolvedProfile { _read { yield storage.profile } }
  /// Adapter of the target.
  public var adapterType: AdapterType { _read { yield storage.adapterType } }
  /// Relation quoting of the target.
  public var policy: QuotePolicy { _read { yield storage.policy } }
  /// Template environment (dbt's configuration).
  public var environment: Environment { _read { yield storage.environment } }
  /// Project macros by name (closure-free: they resolve names in the calling node's context).
  public var macros: [String: Value] { _read { yield storage.macros } }
  /// Parsed macro templates, for errors and `depends_on.macros`.
  public var macroTemplates: [Template] { _read { yield storage.macroTemplates } }
  /// Project macros plus dbt's builtin macros that Kiln provides natively
  /// (`default__generate_schema_name`...); the `shared` globals of every render.
  /// (Set by unit tests' `overrides: macros:` on their own copy of the session.)
  public internal(set) var sharedGlobals: [String: Value] {
    _read { yield storage.sharedGlobals }
    set { storage = storage.with(sharedGlobals: newValue) }
  }
  /// `--full-refresh`.
  public var fullRefresh: Bool { _read { yield storage.fullRefresh } }
  /// `--store-failures`.
  public var storeFailures: Bool { _read { yield storage.storeFailures } }
  /// `invocation_id`.
  public var invocationID: String { _read { yield storage.invocationID } }
  /// `run_started_at`.
  public var runStartedAt: Date { _read { yield storage.runStartedAt } }
  /// Environment variables visible to `env_var()`.
  public var environmentVariables: [String: String] { _read { yield storage.environmentVariables } }

  /// Parses every macro file of the project; collects all syntax errors before failing.
  public init(
    project: Project, profile: ResolvedProfile, fullRefresh: Bool = false,
    environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
    runStartedAt: Date = Date(), invocationID: String = UUID().uuidString.lowercased(),
    storeFailures: Bool = false
  ) throws(DiagnosticList) {
    let adapterType: AdapterType = profile.type == "postgres" ? .postgres : .sqlite
    let environment = Environment()
    var macros: [String: Value] = [:]
    var templates: [Template] = []
    var errors: [Diagnostic] = []
    var definedAt: [String: String] = [:]
    for file in project.macroFiles {
      do {
        let t = try environment.parse(
          file.text.pythonStripped, name: file.originalFilePath)
        templates.append(t)
        for d in t.definitions where d.kind == .macro || d.kind == .test || d.kind == .materialization {
          if let other = definedAt[d.name] {
            errors.append(
              Diagnostic(
                code: "C0102", "macro `\(d.name)` is defined twice", span: d.span,
                notes: [.init("first defined in \(other)")]))
          }
          definedAt[d.name] = file.originalFilePath
          macros[d.name] = d.macro
          if d.kind == .test && !d.parameters.contains("model") {
            let name = String(d.name.dropFirst("test_".count))
            errors.append(
              Diagnostic(
                code: "C0103", "generic test `\(name)` has no `model` argument", span: d.span,
                hint: "declare it as `{% test \(name)(model, column_name) %}`: the tested relation is passed as `model`"))
          }
        }
      } catch let e as JinjaError {
        errors.append(e.diagnostic)
      } catch {
        errors.append(Diagnostic(code: "C0101", "\(error)", path: file.originalFilePath))
      }
    }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    // The context functions capture a session without shared globals, as they always have: they
    // resolve macros through the calling render, not through the session.
    self.storage = Storage(
      project: project, profile: profile, adapterType: adapterType, policy: .of(adapterType),
      environment: environment, macros: macros, macroTemplates: templates, sharedGlobals: [:],
      fullRefresh: fullRefresh, invocationID: invocationID, runStartedAt: runStartedAt,
      environmentVariables: environmentVariables, storeFailures: storeFailures)
    var shared = BuiltinMacros.values(targetSchema: profile.schema, targetName: profile.targetName, targetDatabase: profile.database)
    for (k, v) in ContextFunctions.make(self) { shared[k] = v }
    shared["should_store_failures"] = StoreFailuresFunction.value(flag: storeFailures)
    for (k, v) in DatabaseFunctions.make(self) { shared[k] = v }
    let tests = BuiltinTestMacros.values(environment)
    for (k, v) in CrossDatabaseMacros.values(extra: tests) { shared[k] = v }
    for (k, v) in tests { shared[k] = v }
    for (k, v) in macros { shared[k] = v }
    self.storage = storage.with(sharedGlobals: shared)
  }

  /// The value of `var(name)`: CLI `--vars`, then project vars (package-scoped first).
  func variable(_ name: String) -> ConfigValue? {
    project.var(name: name, package: project.name)
  }

  /// The `target` object templates see (profile fields without the password).
  var targetValue: Value {
    var pairs: [(String, Value)] = []
    for (k, v) in profile.raw where k != "password" && k != "pass" { pairs.append((k, v.jinjaValue)) }
    var d = OrderedDictionary<Value, Value>()
    for (k, v) in pairs { d[.string(k)] = v }
    d[.string("name")] = .string(profile.targetName)
    d[.string("target_name")] = .string(profile.targetName)
    d[.string("schema")] = .string(profile.schema)
    d[.string("database")] = .string(profile.database ?? "database")
    d[.string("type")] = .string(profile.type)
    d[.string("threads")] = .int(profile.threads)
    d[.string("profile_name")] = .string(profile.profileName)
    return .dict(d)
  }
}
