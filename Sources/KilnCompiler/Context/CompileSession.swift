import Foundation
import KilnAdapters
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// Everything shared by all renders of one invocation: the project, the target, parsed macros,
/// CLI vars, and the run's identity. Immutable and `Sendable`, so models render in parallel.
public struct CompileSession: Sendable {
  /// The loaded project.
  public let project: Project
  /// The resolved profile target.
  public let profile: ResolvedProfile
  /// Adapter of the target.
  public let adapterType: AdapterType
  /// Relation quoting of the target.
  public let policy: QuotePolicy
  /// Template environment (dbt's configuration).
  public let environment: Environment
  /// Project macros by name (closure-free: they resolve names in the calling node's context).
  public let macros: [String: Value]
  /// Parsed macro templates, for errors and `depends_on.macros`.
  public let macroTemplates: [Template]
  /// Project macros plus dbt's builtin macros that Kiln provides natively
  /// (`default__generate_schema_name`...); the `shared` globals of every render.
  public private(set) var sharedGlobals: [String: Value]
  /// `--full-refresh`.
  public let fullRefresh: Bool
  /// `invocation_id`.
  public let invocationID: String
  /// `run_started_at`.
  public let runStartedAt: Date
  /// Environment variables visible to `env_var()`.
  public let environmentVariables: [String: String]

  /// Parses every macro file of the project; collects all syntax errors before failing.
  public init(
    project: Project, profile: ResolvedProfile, fullRefresh: Bool = false,
    environmentVariables: [String: String] = ProcessInfo.processInfo.environment,
    runStartedAt: Date = Date(), invocationID: String = UUID().uuidString.lowercased()
  ) throws(DiagnosticList) {
    self.project = project
    self.profile = profile
    self.adapterType = profile.type == "postgres" ? .postgres : .sqlite
    self.policy = .of(adapterType)
    self.environment = Environment()
    self.fullRefresh = fullRefresh
    self.invocationID = invocationID
    self.runStartedAt = runStartedAt
    self.environmentVariables = environmentVariables
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
        }
      } catch let e as JinjaError {
        errors.append(e.diagnostic)
      } catch {
        errors.append(Diagnostic(code: "C0101", "\(error)", path: file.originalFilePath))
      }
    }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    self.macros = macros
    self.macroTemplates = templates
    self.sharedGlobals = [:]
    var shared = BuiltinMacros.values(targetSchema: profile.schema, targetName: profile.targetName, targetDatabase: profile.database)
    for (k, v) in ContextFunctions.make(self) { shared[k] = v }
    for (k, v) in DatabaseFunctions.make(self) { shared[k] = v }
    let tests = BuiltinTestMacros.values(environment)
    for (k, v) in CrossDatabaseMacros.values(extra: tests) { shared[k] = v }
    for (k, v) in tests { shared[k] = v }
    for (k, v) in macros { shared[k] = v }
    self.sharedGlobals = shared
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
