import ArgumentParser
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject
import KilnRunner

/// `kiln source …`: commands about sources.
struct SourceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "source", abstract: "Commands about sources.", subcommands: [SourceFreshnessCommand.self])
}

/// `kiln source freshness`: dbt's freshness check of source tables; writes
/// `target/sources.json` and exits 1 when a table is past `error_after` or cannot be checked.
struct SourceFreshnessCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "freshness", abstract: "Check how recently source tables were loaded.")
  @OptionGroup var global: GlobalOptions
  @Option(name: [.customShort("s"), .long], parsing: .upToNextOption, help: "Sources to check (e.g. source:raw+).")
  var select: [String] = []
  @Option(name: .long, parsing: .upToNextOption, help: "Sources to skip.")
  var exclude: [String] = []
  @Option(name: [.customShort("o"), .long], help: "Where to write the results (default: target/sources.json).")
  var output: String?

  func run() async throws {
    let inv = try Invocation.load(global)
    let t = inv.terminal
    t.line("Running with kiln=\(Kiln.version)")
    t.line(inv.summaryLine())
    let checks: [(SourceDefinition, FreshnessCriteria)]
    do {
      let ids = try inv.parsed.select(select, exclude: exclude)
      checks = try FreshnessCheck.checkable(inv.parsed, selected: ids)
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    t.line("")
    t.line("Concurrency: 1 threads (target='\(inv.profile.targetName)')")
    t.line("")
    let connection: any DatabaseConnection
    do {
      connection = try ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir).open()
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    let started = Date()
    var results: [FreshnessCheck.Result] = []
    let n = checks.count
    for (i, (s, criteria)) in checks.enumerated() {
      let what = "freshness of \(s.sourceName).\(s.name)"
      t.progress(i + 1, n, "START " + what, status: "RUN")
      let r = FreshnessCheck.run(s, criteria, parsed: inv.parsed, on: connection)
      let time = r.completedAt.timeIntervalSince(r.startedAt)
      switch r.status {
      case .pass: t.progress(i + 1, n, t.green("PASS") + " " + what, status: t.green("PASS"), time: time)
      case .warn: t.progress(i + 1, n, t.yellow("WARN") + " " + what, status: t.yellow("WARN"), time: time)
      case .error: t.progress(i + 1, n, t.red("ERROR STALE") + " " + what, status: t.red("ERROR STALE"), time: time)
      case .runtimeError: t.progress(i + 1, n, t.red("ERROR") + " " + what, status: t.red("ERROR"), time: time)
      }
      results.append(r)
    }
    let elapsed = Date().timeIntervalSince(started)
    let json = FreshnessCheck.document(results, parsed: inv.parsed, elapsed: elapsed).text()
    if let output {
      let path = output.hasPrefix("/") ? output : inv.projectDir + "/" + output
      try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      guard FileManager.default.createFile(atPath: path, contents: Data(json.utf8)) else {
        Invocation.report(Diagnostic(code: "K0101", "cannot write the freshness results to \(path)"))
        throw ExitStatus.badInput
      }
    } else {
      inv.write("sources.json", json)
    }
    let secs = String(format: "%.2f", elapsed)
    t.line("")
    t.line("Finished running \(n) source\(n == 1 ? "" : "s") in 0 hours \(Int(elapsed) / 60) minutes and \(secs) seconds (\(secs)s).")
    for r in results where r.status == .error || r.status == .runtimeError || r.status == .warn {
      t.line("")
      let kind = r.status == .warn ? t.yellow("Warning in") : t.red("Failure in")
      t.line("\(kind) source \(r.displayName)")
      if let d = r.diagnostic {
        t.diagnostic(d)
      } else if let age = r.age {
        t.line("  Status: \(r.status.rawValue) (loaded \(Self.describe(age)) ago, at \(r.maxLoadedAt.map { "\($0)" } ?? ""))")
      }
    }
    let count = { (s: FreshnessCriteria.Status) in results.filter { $0.status == s }.count }
    t.line("")
    t.line("Done. PASS=\(count(.pass)) WARN=\(count(.warn)) ERROR=\(count(.error) + count(.runtimeError)) TOTAL=\(n)")
    if results.contains(where: { $0.status == .error || $0.status == .runtimeError }) { throw ExitStatus.failure }
  }

  /// `3 days 2 hours`, `45 minutes`.
  static func describe(_ seconds: Double) -> String {
    let s = Int(seconds)
    if s >= 86_400 { return "\(s / 86_400) days \(s % 86_400 / 3600) hours" }
    if s >= 3600 { return "\(s / 3600) hours \(s % 3600 / 60) minutes" }
    return "\(s / 60) minutes"
  }
}

