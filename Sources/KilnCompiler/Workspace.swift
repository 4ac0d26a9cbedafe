import Foundation
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// Loads a project the way every command does: `--vars`, the profile (first, because
/// properties files may use `{{ target.schema }}`), the project with `env_var`/`var`/`target`
/// rendered in YAML, the macros, and the parse phase.
public struct Workspace: Sendable {
  /// Absolute project directory.
  public let projectDir: String
  /// The resolved profile target.
  public let profile: ResolvedProfile
  /// The compile session (project, macros, target).
  public let session: CompileSession
  /// The parsed project.
  public let parsed: ParsedProject

  /// The loaded project.
  public var project: Project { _read { yield session.project } }

  /// Loads and parses; throws diagnostics (bad input) on any problem.
  public static func load(
    projectDir: String, profilesDir: String? = nil, target: String? = nil, vars: String? = nil,
    fullRefresh: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
    storeFailures: Bool = false
  ) throws -> Workspace {
    let cliVars = try vars.map { v throws(Diagnostic) in try ProjectLoader.parseVars(v) } ?? [:]
    let (profileName, profileSpan) = try peekProfileName(projectDir)
    let profile = try ProfileLoader.load(
      profileName: profileName, target: target, profilesDir: profilesDir, projectDir: projectDir,
      renderer: yamlRenderer(vars: cliVars, env: environment, target: nil), profileSpan: profileSpan,
      environment: environment)
    PhaseTimer.shared.mark("profile")
    let project = try ProjectLoader.load(
      root: projectDir, renderer: yamlRenderer(vars: cliVars, env: environment, target: profile),
      cliVars: cliVars)
    PhaseTimer.shared.mark("load project")
    switch parse(
      project: project, profile: profile, fullRefresh: fullRefresh, environment: environment,
      storeFailures: storeFailures)
    {
    case .success(let (session, parsed)):
      return Workspace(projectDir: projectDir, profile: profile, session: session, parsed: parsed)
    case .failure(let list):
      // Keep the loader's warnings (unknown config keys...) next to the errors.
      throw DiagnosticList(project.diagnostics.filter { $0.severity == .warning } + list.diagnostics)
    }
  }

  static func parse(
    project: Project, profile: ResolvedProfile, fullRefresh: Bool, environment: [String: String],
    storeFailures: Bool = false
  ) -> Result<(CompileSession, ParsedProject), DiagnosticList> {
    do {
      let session = try CompileSession(
        project: project, profile: profile, fullRefresh: fullRefresh, environmentVariables: environment,
        storeFailures: storeFailures)
      PhaseTimer.shared.mark("macros")
      let parsed = try ProjectParser.parse(session)
      PhaseTimer.shared.mark("parse phase")
      return .success((session, parsed))
    } catch let e as DiagnosticList {
      return .failure(e)
    } catch {
      return .failure(DiagnosticList([Diagnostic(code: "C0001", "\(error)")]))
    }
  }

  /// The `profile:` of dbt_project.yml (or its `name:`), read before the full load.
  static func peekProfileName(_ dir: String) throws -> (String, SourceSpan?) {
    let path = dir + "/dbt_project.yml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw Diagnostic(
        code: "P0110", "no dbt_project.yml in \(dir)", path: path,
        hint: "run kiln in a project folder, pass --project-dir, or create one with `kiln init NAME`")
    }
    guard let doc = try YAMLDocument.parse(SourceFile(path: "dbt_project.yml", text: text)),
      let m = doc.mapping
    else { throw Diagnostic(code: "P0104", "dbt_project.yml is not a mapping", path: "dbt_project.yml") }
    if let p = m.entries["profile"], let name = p.string { return (name, p.span) }
    if let n = m.entries["name"], let name = n.string { return (name, n.span) }
    throw Diagnostic(code: "P0111", "dbt_project.yml has no `name:`", path: "dbt_project.yml")
  }

  /// Renders `{{ env_var(...) }}`, `{{ var(...) }}` and `{{ target.x }}` inside YAML strings.
  public static func yamlRenderer(
    vars: OrderedDictionary<String, ConfigValue>, env: [String: String], target: ResolvedProfile?
  ) -> YAMLStringRenderer {
    let environment = Environment()
    var globals: [String: Value] = [:]
    if let target {
      var d = OrderedDictionary<Value, Value>()
      for (k, v) in target.raw where k != "password" { d[.string(k)] = v.jinjaValue }
      d[.string("name")] = .string(target.targetName)
      d[.string("schema")] = .string(target.schema)
      d[.string("type")] = .string(target.type)
      d[.string("threads")] = .int(target.threads)
      d[.string("database")] = .string(target.database ?? "database")
      d[.string("profile_name")] = .string(target.profileName)
      globals["target"] = .dict(d)
    }
    globals["env_var"] = .function("env_var") { a, _ in
      guard let name = a.positional.first?.stringValue else { throw JinjaError.runtime("env_var() takes a name") }
      if let v = env[name] { return .string(v) }
      if a.positional.count > 1 { return .string(a.positional[1].pythonStr) }
      var e = JinjaError.runtime("Env var required but not provided: '\(name)'")
      e.hint = "export \(name)=... or give a default: env_var('\(name)', 'value')"
      throw e
    }
    let cli = vars
    globals["var"] = .function("var") { a, _ in
      guard let name = a.positional.first?.stringValue else { throw JinjaError.runtime("var() takes a name") }
      if let v = cli[name] { return v.jinjaValue }
      if a.positional.count > 1 { return a.positional[1] }
      throw JinjaError.runtime("Required var '\(name)' not found in config")
    }
    let frozen = globals
    return { text, span in
      do {
        return try environment.parse(text, name: span.file.path).render(frozen)
      } catch var e as JinjaError {
        // Point at the YAML value that holds the template.
        e.span = span
        throw e.diagnostic
      }
    }
  }
}
