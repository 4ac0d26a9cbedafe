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
    let inv = try Invocation.load(g, fullRefresh: o.fullRefresh)
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
      default: break
      }
    }
    let threads = o.threads ?? inv.profile.threads
    t.line("")
    t.line("Concurrency: \(threads) threads (target='\(inv.profile.targetName)')")
    t.line("")
    var runner = Runner(
      graph: types.contains(.test) && types.count > 1 ? inv.parsed.buildGraph : inv.parsed.graph, jobs: jobs, threads: threads, failFast: o.failFast,
      connections: ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir),
      planner: ConnectionFactory.planner(for: inv.profile), fullRefresh: o.fullRefresh)
    runner.compiler = compiler
    let started = Date()
    let results: [NodeResult]
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
    let elapsed = Date().timeIntervalSince(started)
    let rendered = OrderedDictionary(uniqueKeysWithValues: results.compactMap { r in r.compiled.map { (r.id, $0) } })
    if !rendered.isEmpty {
      for (id, c) in rendered { compiled[id] = c }
      inv.writeCompiled(rendered)
    }
    for r in results where !r.statements.isEmpty {
      if let p = inv.parsed.nodes[r.id] {
        inv.write("run/\(inv.project.name)/\(p.targetWritePath)", r.statements.joined(separator: ";\n\n") + ";\n")
      }
    }
    inv.write("run_results.json", RunResultsWriter.document(results, compiled: compiled, parsed: inv.parsed, elapsed: elapsed, command: command).text())
    inv.writeManifest(compiled: compiled)
    summarize(t, inv, results, jobs: jobs, elapsed: elapsed)
    if results.contains(where: \.isFailure) { throw ExitStatus.failure }
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
    commandName: "build", abstract: "Seeds, models and their data tests together in DAG order.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.model, .seed, .test], command: "build") }
}

struct TestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test", abstract: "Run data tests (a selected model brings its tests).")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.test], command: "test") }
}
