import ArgumentParser
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnDocs
import KilnJinja
import KilnProject
import KilnRunner
import OrderedCollections

/// One CLI invocation: the project, profile and parse results, loaded once, with every bad
/// input reported as diagnostics and exit status 2.
struct Invocation {
  let projectDir: String
  let project: Project
  let profile: ResolvedProfile
  let session: CompileSession
  let parsed: ParsedProject
  let terminal = Terminal.shared
  let started = Date()

  /// Loads and parses; on bad input prints the diagnostics and throws exit status 2.
  static func load(_ g: GlobalOptions, fullRefresh: Bool = false) throws -> Invocation {
    let terminal = Terminal.shared
    if g.noColor { terminal.color = false }
    let dir = absolute(g.projectDir ?? FileManager.default.currentDirectoryPath)
    do {
      let cliVars = try g.vars.map { v throws(Diagnostic) in try ProjectLoader.parseVars(v) } ?? [:]
      let env = ProcessInfo.processInfo.environment
      // The profile comes first: properties files may use `{{ target.schema }}`.
      let profileRenderer = yamlRenderer(vars: cliVars, env: env, target: nil)
      let (profileName, profileSpan) = try peekProfileName(dir)
      let profile = try ProfileLoader.load(
        profileName: profileName, target: g.target, profilesDir: g.profilesDir.map(absolute),
        projectDir: dir, renderer: profileRenderer, profileSpan: profileSpan)
      let renderer = yamlRenderer(vars: cliVars, env: env, target: profile)
      let project = try ProjectLoader.load(root: dir, renderer: renderer, cliVars: cliVars)
      for w in project.diagnostics where w.severity == .warning { terminal.diagnostic(w) }
      let session = try CompileSession(project: project, profile: profile, fullRefresh: fullRefresh)
      let parsed = try ProjectParser.parse(session)
      return Invocation(projectDir: dir, project: project, profile: profile, session: session, parsed: parsed)
    } catch {
      report(error)
      throw ExitStatus.badInput
    }
  }

  static func absolute(_ p: String) -> String {
    let expanded = (p as NSString).expandingTildeInPath
    let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    return (full as NSString).standardizingPath
  }

  /// Prints any error as diagnostics.
  static func report(_ error: any Error) {
    let t = Terminal.shared
    switch error {
    case let l as DiagnosticList: for d in l.diagnostics { t.diagnostic(d) }
    case let d as Diagnostic: t.diagnostic(d)
    case let j as JinjaError: t.diagnostic(j.diagnostic)
    case let a as AdapterError: t.diagnostic(a.diagnostic())
    default: t.diagnostic(Diagnostic(code: "K0001", "\(error)"))
    }
  }

  /// Renders `{{ env_var(...) }}` / `{{ var(...) }}` inside YAML strings.
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

  static func yamlRenderer(
    vars: OrderedDictionary<String, ConfigValue>, env: [String: String], target: ResolvedProfile?
  ) -> YAMLStringRenderer {
    let environment = Environment()
    var globals: [String: Value] = [:]
    if let target {
      var d = OrderedDictionary<Value, Value>()
      for (k, v) in target.raw where k != "password" { d[.string(k)] = .string(v.scalarText ?? "") }
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
      throw JinjaError.runtime("Env var required but not provided: '\(name)'")
    }
    let cli = vars
    globals["var"] = .function("var") { a, _ in
      guard let name = a.positional.first?.stringValue else { throw JinjaError.runtime("var() takes a name") }
      if let v = cli[name] { return .string(v.scalarText ?? "\(v)") }
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

  // MARK: - selection and artifacts

  var targetPath: String { projectDir + "/" + project.config.targetPath }

  func selected(_ o: RunOptions, types: Set<ResourceType>) throws -> [String] {
    do {
      let ids = try parsed.select(o.select, exclude: o.exclude)
      return parsed.nodes.keys.filter { id in
        ids.contains(id) && parsed.nodes[id].map { types.contains($0.node.resourceType) } == true
      }
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
  }

  func write(_ relative: String, _ text: String) {
    let path = targetPath + "/" + relative
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try? text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  func writeManifest(compiled: OrderedDictionary<String, CompiledNode> = [:]) {
    write("manifest.json", ManifestWriter.manifest(parsed, compiled: compiled).text())
  }

  func writeCompiled(_ compiled: OrderedDictionary<String, CompiledNode>) {
    for (_, c) in compiled where c.parsed.node.resourceType != .seed {
      write("compiled/\(project.name)/\(c.parsed.node.originalFilePath)", c.sql)
    }
  }

  /// A lookup of existing relations through a fresh connection (nil when none can be opened).
  func relationLookup() -> RelationLookup? {
    guard let conn = try? ConnectionFactory(profile: profile, projectDir: projectDir).open() else { return nil }
    let box = LookupBox(conn)
    return { schema, name in box.lookup(schema, name) }
  }

  func summaryLine() -> String {
    var counts: [String: Int] = [:]
    for p in parsed.nodes.values { counts[p.node.resourceType.rawValue, default: 0] += 1 }
    var parts: [String] = []
    func add(_ n: Int, _ word: String) { if n > 0 { parts.append("\(n) \(word)\(n == 1 ? "" : "s")") } }
    add(counts["model"] ?? 0, "model")
    add(counts["seed"] ?? 0, "seed")
    add(counts["test"] ?? 0, "data test")
    add(project.sources.count, "source")
    add(session.macros.count, "macro")
    return "Found " + parts.joined(separator: ", ")
  }
}

/// Serialises lookups on one connection (compile runs on one thread, but the closure type is
/// `@Sendable`).
final class LookupBox: @unchecked Sendable {
  // @unchecked: every use of `connection` holds `lock`.
  let connection: any DatabaseConnection
  let lock = NSLock()
  init(_ c: any DatabaseConnection) { connection = c }
  func lookup(_ schema: String, _ name: String) -> RelationType? {
    lock.lock()
    defer { lock.unlock() }
    return try? connection.relationType(schema: schema, name: name)
  }
}
