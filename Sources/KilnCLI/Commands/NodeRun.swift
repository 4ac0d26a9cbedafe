import ArgumentParser
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnDocs
import KilnProject
import KilnRunner
import OrderedCollections

/// The shared body of `run`, `seed`, `test` and `build`: select, compile, run in DAG order, write
/// `target/` artifacts, print dbt-style progress and the summary.
enum NodeRun {
  static func execute(
    _ g: GlobalOptions, _ o: RunOptions, types: Set<ResourceType>, command: String
  ) async throws {
    let inv = try Invocation.load(g, fullRefresh: o.fullRefresh, storeFailures: o.storeFailures)
    let t = inv.terminal
    t.line("Running with kiln=\(Kiln.version)")
    t.line(inv.summaryLine())
    let ids = try inv.selected(o, types: types)
    let runnable = ids.filter { inv.parsed.nodes[$0]?.materialized != "ephemeral" }
    var compiled: OrderedDictionary<String, CompiledNode>
    let compiler = inv.compiler(deferred: true)
    do {
      compiled = try compiler.compileAll(ids: ids.filter { inv.parsed.nodes[$0]?.node.resourceType != .seed })
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    inv.writeCompiled(compiled)
    var jobs: [String: Job] = [:]
    for id in runnable {
      guard let p = inv.parsed.nodes[id] else { continue }
      switch p.node.resourceType {
      case .seed: jobs[id] = .seed(p)
      case .model: if let c = compiled[id] { jobs[id] = .model(c) }
      case .test: if let c = compiled[id] { jobs[id] = .test(c) }
      case .snapshot: if let c = compiled[id] { jobs[id] = .snapshot(c) }
      default: break
      }
    }
    let units = try unitTests(o, inv, types: types)
    for u in units { jobs[u.id] = .unitTest(u) }
    let threads = o.threads ?? inv.profile.threads
    t.line("")
    t.line("Concurrency: \(threads) threads (target='\(inv.profile.targetName)')")
    t.line("")
    let settings = settings(o, inv, jobs: jobs, command: command)
    var graph = types.contains(.test) && types.count > 1 ? inv.parsed.buildGraph : inv.parsed.graph
    for e in AuditPlan.edges(in: inv.parsed, inner: settings.audits.merging(settings.quarantines) { $0 + $1 }) {
      graph.addEdge(from: e.from, to: e.to)
    }
    // A unit test runs after its model's parents and, in build, before the model itself.
    for u in units {
      graph.addNode(u.id)
      for parent in inv.parsed.graph.parents(of: u.model.id) { graph.addEdge(from: parent, to: u.id) }
      if types.contains(.model) { graph.addEdge(from: u.id, to: u.model.id) }
    }
    var runner = Runner(
      graph: graph, jobs: jobs, threads: threads, failFast: o.failFast,
      connections: ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir),
      planner: ConnectionFactory.planner(for: inv.profile), fullRefresh: o.fullRefresh)
    runner.settings = settings
    runner.compiler = compiler
    let started = Date()
    var results: [NodeResult] = []
    if !inv.project.config.onRunStart.isEmpty {
      // dbt creates the run's schemas before on-run-start, so hooks can write into them.
      var schemas: [String] = []
      for j in jobs.values.sorted(by: { $0.id < $1.id }) where !schemas.contains(j.parsed.schema) { schemas.append(j.parsed.schema) }
      try? compiler.database?.ensureSchemas(schemas)
    }
    let startHooks = ProjectHooks.run("on-run-start", inv.project.config.onRunStart, compiler: compiler, terminal: t)
    if startHooks.contains(where: \.isFailure) {
      // dbt: a failed on-run-start hook skips every node.
      results = jobs.keys.sorted().map { NodeResult.skipped($0, because: "an on-run-start hook") }
    } else {
      do {
      results = try await runner.run { event in
        switch event {
        case .started(let i, let n, let job):
          t.progress(i, n, "START " + describe(job), status: "RUN")
        case .finished(let i, let n, let job, let r):
          printResult(t, i, n, job, r)
        }
      }
      } catch {
        Invocation.report(error)
        throw ExitStatus.badInput
      }
      if !inv.project.config.onRunEnd.isEmpty { t.line("") }
    }
    let endHooks = ProjectHooks.run(
      "on-run-end", inv.project.config.onRunEnd, compiler: compiler, terminal: t,
      extra: ProjectHooks.endContext(results, parsed: inv.parsed))
    results = startHooks + results + endHooks
    let elapsed = Date().timeIntervalSince(started)
    for r in results {
      // Unit tests compile when they run; their SQL goes where dbt writes it.
      if let sql = r.compiledSQL, case .unitTest(let u)? = jobs[r.id] {
        inv.write("compiled/\(inv.project.name)/\(u.writePath)", sql)
      }
    }
    let rendered = OrderedDictionary(uniqueKeysWithValues: results.compactMap { r in r.compiled.map { (r.id, $0) } })
    if !rendered.isEmpty {
      for (id, c) in rendered { compiled[id] = c }
      inv.writeCompiled(rendered)
    }
    for r in results where !r.statements.isEmpty {
      if case .unitTest(let u)? = jobs[r.id] {
        inv.write("run/\(inv.project.name)/\(u.writePath)", r.statements.joined(separator: ";\n\n") + ";\n")
      } else if let p = inv.parsed.nodes[r.id] {
        inv.write("run/\(inv.project.name)/\(p.targetWritePath)", r.statements.joined(separator: ";\n\n") + ";\n")
      }
    }
    inv.write("run_results.json", RunResultsWriter.document(results, compiled: compiled, parsed: inv.parsed, elapsed: elapsed, command: command).text())
    inv.writeManifest(compiled: compiled)
    summarize(t, inv, results, jobs: jobs, elapsed: elapsed, hooks: startHooks.count + endHooks.count)
    if results.contains(where: \.isFailure) { throw ExitStatus.failure }
  }
}

extension NodeRun {
  /// The unit tests of the selected models (all of them without `--select`), in `test` and
  /// `build`; a unit test naming a missing model or input is bad input.
  static func unitTests(_ o: RunOptions, _ inv: Invocation, types: Set<ResourceType>) throws -> [UnitTestCase] {
    guard types.contains(.test), !inv.project.unitTestSpecs.isEmpty else { return [] }
    let cases: [UnitTestCase]
    do { cases = try UnitTestCase.all(in: inv.parsed) } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    let models = Set(try inv.selected(o, types: [.model]))
    // The selector does not know unit tests: these spellings pick them by name or kind.
    func tokens(_ args: [String]) -> Set<String> { Set(args.flatMap { $0.split(separator: " ").map(String.init) }) }
    let selected = tokens(o.select)
    let excluded = tokens(o.exclude)
    func named(_ u: UnitTestCase, _ t: Set<String>) -> Bool {
      !t.isDisjoint(with: [u.spec.name, "test_type:unit", "resource_type:unit_test", "unit_test:\(u.spec.name)"])
    }
    return cases.filter { u in
      (models.contains(u.model.id) || named(u, selected)) && !named(u, excluded)
    }
  }

  /// `--store-failures`, `--warn-error`, and the tests that run inside a model's build:
  /// audits in `build` (unless `--no-audit-before-publish`), quarantine checks wherever models run.
  static func settings(_ o: RunOptions, _ inv: Invocation, jobs: [String: Job], command: String) -> RunSettings {
    var s = RunSettings()
    s.storeFailures = o.storeFailures
    s.warnError = o.warnError
    s.invocationID = inv.session.invocationID
    let selected = Set(jobs.keys)
    if command == "build" && !o.noAuditBeforePublish { s.audits = AuditPlan.audits(in: inv.parsed, selected: selected) }
    s.quarantines = AuditPlan.quarantines(in: inv.parsed, selected: selected)
    if !s.audits.isEmpty || !s.quarantines.isEmpty {
      let compiler = Compiler(parsed: inv.parsed, lookup: nil)
      s.compileAgainst = { test, model, relation in
        var c = compiler
        c.relationOverrides = [model: relation]
        var cache: [String: CompiledNode] = [:]
        return try c.compile(test, cache: &cache)
      }
    }
    return s
  }
}

struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "run", abstract: "Build models (view, table, incremental, ephemeral).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.model], command: "run") }
}

struct SeedCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "seed", abstract: "Load CSV seeds.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.seed], command: "seed") }
}

struct BuildCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build", abstract: "Seeds, models, snapshots and their data tests together in DAG order.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.model, .seed, .snapshot, .test], command: "build") }
}

struct TestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test", abstract: "Run data tests (a selected model brings its tests).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.test], command: "test") }
}
