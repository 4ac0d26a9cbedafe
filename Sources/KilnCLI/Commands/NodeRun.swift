import ArgumentParser
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnDocs
import KilnProject
import KilnRunner
import OrderedCollections

/// The shared body of `run`, `seed` and `build`: select, compile, run in DAG order, write
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
    let compiled: OrderedDictionary<String, CompiledNode>
    do {
      let compiler = Compiler(parsed: inv.parsed, lookup: inv.relationLookup())
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
      default: break
      }
    }
    let threads = o.threads ?? inv.profile.threads
    t.line("")
    t.line("Concurrency: \(threads) threads (target='\(inv.profile.targetName)')")
    t.line("")
    let runner = Runner(
      graph: inv.parsed.graph, jobs: jobs, threads: threads, failFast: o.failFast,
      connections: ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir),
      planner: SQLitePlanner(), fullRefresh: o.fullRefresh)
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

  static func describe(_ job: Job) -> String {
    let p = job.parsed
    switch job {
    case .seed: return "seed file \(p.schema).\(p.alias)"
    case .model: return "sql \(p.materialized) model \(p.schema).\(p.alias)"
    }
  }

  static func printResult(_ t: Terminal, _ i: Int, _ n: Int, _ job: Job, _ r: NodeResult) {
    let p = job.parsed
    switch r.status {
    case .success:
      if case .seed = job {
        t.progress(i, n, t.green("OK") + " loaded seed file \(p.schema).\(p.alias)", status: t.green(r.adapterResponse), time: r.executionTime)
      } else {
        t.progress(i, n, t.green("OK") + " created " + describe(job), status: t.green("OK"), time: r.executionTime)
      }
    case .skipped:
      t.progress(i, n, t.yellow("SKIP") + " relation \(p.schema).\(p.alias)", status: t.yellow("SKIP"))
    default:
      let what = job.parsed.node.resourceType == .seed ? "loading " : "creating "
      t.progress(i, n, t.red("ERROR") + " " + what + describe(job), status: t.red("ERROR"), time: r.executionTime)
    }
  }

  static func summarize(_ t: Terminal, _ inv: Invocation, _ results: [NodeResult], jobs: [String: Job], elapsed: Double) {
    var kinds: OrderedDictionary<String, Int> = [:]
    for job in jobs.values.sorted(by: { $0.id < $1.id }) {
      let key: String
      switch job {
      case .seed: key = "seed"
      case .model(let c): key = "\(c.parsed.materialized) model"
      }
      kinds[key, default: 0] += 1
    }
    let parts = kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\($0.value == 1 ? "" : "s")" }
    let secs = String(format: "%.2f", elapsed)
    t.line("")
    t.line("Finished running \(parts.joined(separator: ", ")) in 0 hours \(Int(elapsed) / 60) minutes and \(secs) seconds (\(secs)s).")
    let failures = results.filter(\.isFailure)
    t.line("")
    if failures.isEmpty {
      t.line(t.green("Completed successfully"))
    } else {
      t.line(t.red("Completed with \(failures.count) error\(failures.count == 1 ? "" : "s"), 0 partial successes, and 0 warnings:"))
      for f in failures {
        t.line("")
        if let p = inv.parsed.nodes[f.id] {
          t.line(t.red("Failure in \(p.node.resourceType.rawValue) \(p.node.name) (\(p.node.originalFilePath))"))
        }
        if let d = f.diagnostic { t.diagnostic(d) }
      }
    }
    let pass = results.filter { $0.status == .success || $0.status == .pass }.count
    let warn = results.filter { $0.status == .warn }.count
    let skip = results.filter { $0.status == .skipped }.count
    t.line("")
    t.line("Done. PASS=\(pass) WARN=\(warn) ERROR=\(failures.count) SKIP=\(skip) NO-OP=0 TOTAL=\(results.count)")
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
    commandName: "build", abstract: "Seeds and models together in DAG order.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws { try await NodeRun.execute(global, options, types: [.model, .seed], command: "build") }
}
