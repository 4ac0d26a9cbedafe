import ArgumentParser
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnDocs
import KilnRunner
import OrderedCollections

/// `kiln docs generate` and `kiln docs serve`.
struct DocsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "docs", abstract: "Generate or serve the documentation site.",
    subcommands: [DocsGenerateCommand.self, DocsServeCommand.self])
}

/// What `docs generate` and `lineage` both need: everything compiled, the catalog, the lineage.
struct DocsArtifacts {
  var compiled: OrderedDictionary<String, CompiledNode>
  var catalog: Catalog
  var lineage: ProjectLineage
  /// `{% docs %}` blocks.
  var docs: DocsBlocks
  /// Why no catalog could be read, if so.
  var catalogProblem: String?

  static func build(_ inv: Invocation) throws -> DocsArtifacts {
    let clock = PhaseTimer.shared
    let compiled: OrderedDictionary<String, CompiledNode>
    do {
      compiled = try Compiler(parsed: inv.parsed, lookup: inv.relationLookup()).compileAll(
        ids: inv.parsed.nodes.values.filter { $0.node.resourceType != .seed }.map(\.id))
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    clock.mark("compile")
    var catalog = Catalog()
    var problem: String?
    do {
      let conn = try ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir).open()
      catalog = CatalogReader.read(inv.parsed, connection: conn)
    } catch {
      problem = "\(error)"
      catalog.errors.append("cannot connect: \(error)")
    }
    clock.mark("catalog")
    let lineage = LineageBuilder.build(inv.parsed, compiled: compiled, catalog: catalog)
    clock.mark("lineage: resolve columns")
    return DocsArtifacts(
      compiled: compiled, catalog: catalog, lineage: lineage, docs: DocsBlocks.load(inv.parsed), catalogProblem: problem)
  }
}

struct DocsGenerateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Compile, then write manifest.json, catalog.json, lineage.json and index.html to target/.")
  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let inv = try Invocation.load(global)
    let t = inv.terminal
    let a = try DocsArtifacts.build(inv)
    let target = inv.project.config.targetPath
    inv.writeCompiled(a.compiled)
    for d in a.docs.diagnostics + ManifestExposures(inv.parsed).diagnostics { t.diagnostic(d) }
    inv.writeManifest(compiled: a.compiled, docs: a.docs)
    t.line(inv.summaryLine())
    t.line("Wrote \(target)/manifest.json")
    inv.write("catalog.json", CatalogWriter.json(a.catalog, parsed: inv.parsed).text())
    if let p = a.catalogProblem {
      t.diagnostic(Diagnostic(.warning, code: "K0301", "cannot read the catalog from the warehouse: \(p)", hint: "run `kiln debug` to check the connection"))
    }
    let missing = CatalogReader.relationCount(inv.parsed) - a.catalog.nodes.count - a.catalog.sources.count
    t.line(
      "Wrote \(target)/catalog.json (\(a.catalog.nodes.count) nodes, \(a.catalog.sources.count) sources"
        + (missing > 0 ? "; \(missing) relations not in the warehouse yet — run `kiln build` first" : "") + ")")
    inv.write("lineage.json", LineageWriter.json(a.lineage, parsed: inv.parsed).text())
    let nodes = a.lineage.nodes.values
    let partial = nodes.filter { $0.status == .partial }
    let fallbacks = a.lineage.fallbacks
    for f in fallbacks { for d in f.warnings { t.diagnostic(d) } }
    t.line(
      "Wrote \(target)/lineage.json (column lineage for \(nodes.count - fallbacks.count) of \(nodes.count) nodes"
        + (partial.isEmpty ? "" : ", \(partial.count) partial") + ")")
    if !fallbacks.isEmpty {
      t.line(t.yellow("Lineage fell back to model level for: " + fallbacks.map { inv.parsed.nodes[$0.id]?.node.name ?? $0.id }.joined(separator: ", ")))
    }
    if !partial.isEmpty {
      t.line("Partial lineage: " + partial.map { n in "\(inv.parsed.nodes[n.id]?.node.name ?? n.id) (\(n.warnings.first?.message ?? ""))" }.joined(separator: "; "))
    }
    PhaseTimer.shared.mark("write manifest, catalog, lineage")
    inv.write("index.html", DocsSite.html(inv.parsed, compiled: a.compiled, catalog: a.catalog, lineage: a.lineage, docs: a.docs))
    PhaseTimer.shared.mark("write index.html")
    t.line("Wrote \(target)/index.html")
  }
}

struct DocsServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "Serve target/ (index.html and the artifacts) on 127.0.0.1.")
  @OptionGroup var global: GlobalOptions
  @Option(name: .long, help: "The port to listen on.") var port: Int = 8080

  func run() async throws {
    let inv = try Invocation.load(global)
    guard (1...65535).contains(port) else {
      inv.terminal.diagnostic(Diagnostic(code: "K0302", "--port must be between 1 and 65535, not \(port)"))
      throw ExitStatus.badInput
    }
    if !FileManager.default.fileExists(atPath: inv.targetPath + "/index.html") {
      inv.terminal.diagnostic(
        Diagnostic(.warning, code: "K0303", "\(inv.project.config.targetPath)/index.html does not exist", hint: "run `kiln docs generate` first"))
    }
    let terminal = inv.terminal
    do {
      try await DocsServer.serve(directory: inv.targetPath, port: UInt16(port)) { url in
        terminal.line("Serving docs at \(url) (Ctrl-C to stop)")
      }
    } catch {
      terminal.diagnostic(Diagnostic(code: "K0304", "cannot serve on 127.0.0.1:\(port): \(error)", hint: "pick another port with --port"))
      throw ExitStatus.failure
    }
  }
}
