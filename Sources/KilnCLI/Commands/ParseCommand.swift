import ArgumentParser
import Foundation
import KilnBase
import KilnCompiler
import KilnDocs

struct ParseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse", abstract: "Load and validate the project; write target/manifest.json.")
  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let inv = try Invocation.load(global)
    let docs = DocsBlocks.load(inv.parsed)
    for d in docs.diagnostics { inv.terminal.diagnostic(d) }
    inv.writeManifest(docs: docs)
    inv.terminal.line(inv.summaryLine())
    inv.terminal.line("Wrote \(inv.project.config.targetPath)/manifest.json")
  }
}

struct CompileCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile", abstract: "Render every selected node to SQL under target/compiled/.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions

  func run() async throws {
    let clock = PhaseTimer.shared
    let inv = try Invocation.load(global, fullRefresh: options.fullRefresh)
    clock.mark("command setup")
    let ids = try inv.selected(options, types: [.model, .test, .analysis, .snapshot])
    do {
      let compiler = inv.compiler(deferred: false)
      let compiled = try compiler.compileAll(ids: ids)
      clock.mark("compile")
      inv.writeCompiled(compiled)
      clock.mark("write compiled")
      inv.writeManifest(compiled: compiled)
      clock.mark("write manifest")
      Invocation.keepUntilExit(compiled)
      inv.terminal.line(inv.summaryLine())
      inv.terminal.line("Compiled \(compiled.count) nodes into \(inv.project.config.targetPath)/compiled/\(inv.project.name)/")
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
  }
}

