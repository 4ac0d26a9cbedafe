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
  /// Everything loaded for this invocation.
  let workspace: Workspace

  init(workspace: Workspace) {
    self.workspace = workspace
    self.targetPath = workspace.projectDir + "/" + workspace.project.config.targetPath
  }
  let terminal = Terminal.shared
  var projectDir: String { workspace.projectDir }
  var project: Project { _read { yield workspace.project } }
  var profile: ResolvedProfile { _read { yield workspace.profile } }
  var session: CompileSession { _read { yield workspace.session } }
  var parsed: ParsedProject { _read { yield workspace.parsed } }
  static let createdDirectories = DirectorySet()
  /// Every loaded invocation, never released: a large project's parse is millions of objects,
  /// and freeing them one by one when the command returns took a tenth of a second or more
  /// that the process exit does at once.
  nonisolated(unsafe) static var keptUntilExit: [Any] = []

  /// Keeps `value` (large results) alive until the process exits; see `keptUntilExit`.
  static func keepUntilExit(_ value: Any) { keptUntilExit.append(value) }

  /// Loads and parses; on bad input prints the diagnostics and throws exit status 2.
  static func load(_ g: GlobalOptions, fullRefresh: Bool = false, storeFailures: Bool = false) throws -> Invocation {
    let terminal = Terminal.shared
    if g.noColor { terminal.color = false }
    let dir = absolute(g.projectDir ?? FileManager.default.currentDirectoryPath)
    do {
      let w = try Workspace.load(
        projectDir: dir, profilesDir: g.profilesDir.map(absolute), target: g.target, vars: g.vars,
        fullRefresh: fullRefresh, storeFailures: storeFailures)
      for d in w.project.diagnostics where d.severity == .warning { terminal.diagnostic(d) }
      let invocation = Invocation(workspace: w)
      Invocation.keptUntilExit.append(invocation)
      return invocation
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
  // MARK: - selection and artifacts

  /// The absolute target folder (computed once: every write asks for it).
  let targetPath: String

  func selected(_ o: RunOptions, types: Set<ResourceType>) throws -> [String] {
    if o.select.isEmpty && o.exclude.isEmpty {
      // Everything of these types: no selector, no set of every id.
      return parsed.nodes.values.filter { types.contains($0.node.resourceType) }.map(\.id)
    }
    do {
      let ids = try parsed.select(o.select, exclude: o.exclude, indirect: o.indirect)
      return parsed.nodes.keys.filter { id in
        ids.contains(id) && parsed.nodes[id].map { types.contains($0.node.resourceType) } == true
      }
    } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
  }

  /// Writes `text` to `target/<relative>`. With `unlessUnchanged`, a file that already holds
  /// exactly these bytes is left alone: re-running `compile` on a large project then reads its
  /// 30,000 compiled files instead of replacing them.
  func write(_ relative: String, _ text: String, unlessUnchanged: Bool = false) {
    var text = text
    text.withUTF8 { Self.writeFile(targetPath + "/" + relative, UnsafeRawBufferPointer($0), unlessUnchanged: unlessUnchanged) }
  }

  private static func writeFile(_ path: String, _ buf: UnsafeRawBufferPointer, unlessUnchanged: Bool) {
    // A missing folder just means the file is missing too; `writeFile` creates it.
    if unlessUnchanged, Self.fileHolds(path, buf) { return }
    writeFile(path) { put in put(buf) }
  }

  private static func ensureDirectory(of path: String) {
    let dir = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? "."
    if Invocation.createdDirectories.insert(dir) {
      try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
  }

  /// Writes the file at `path` from the pieces `produce` passes to its argument, in order.
  private static func writeFile(_ path: String, _ produce: ((UnsafeRawBufferPointer) -> Void) -> Void) {
    ensureDirectory(of: path)
    // Plain POSIX writes: target/ is a cache, and Foundation's fsync per file dominated large
    // projects. An existing file is overwritten in place and then cut to length, never
    // truncated to zero first nor unlinked: ext4 flushes a file truncated to zero and rewritten
    // on close (auto_da_alloc), and unlinking then creating tens of thousands of files makes its
    // inode allocator skip every recently deleted inode, which took seconds of kernel time.
    let fd = open(path, O_WRONLY | O_CREAT, 0o644)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var total = 0
    var failed = false
    produce { buf in
      guard !failed, var p = buf.baseAddress else { return }
      var left = buf.count
      while left > 0 {
        let n = Foundation.write(fd, p, left)
        if n <= 0 {
          failed = true
          return
        }
        p += n
        left -= n
        total += n
      }
    }
    _ = ftruncate(fd, off_t(total))
  }

  /// Whether the file at `path` exists and holds exactly `buf`.
  private static func fileHolds(_ path: String, _ buf: UnsafeRawBufferPointer) -> Bool {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, Int(st.st_size) == buf.count else { return false }
    if buf.isEmpty { return true }
    let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: buf.count + 1, alignment: 1)
    defer { existing.deallocate() }
    var got = 0
    while got <= buf.count {
      let n = read(fd, existing.baseAddress! + got, buf.count + 1 - got)
      if n <= 0 { break }
      got += n
    }
    return got == buf.count && memcmp(existing.baseAddress!, buf.baseAddress!, buf.count) == 0
  }

  func writeManifest(compiled: OrderedDictionary<String, CompiledNode> = [:], docs: DocsBlocks = .empty) {
    let manifest = ManifestWriter.manifest(parsed, compiled: compiled, docs: docs)
    Self.writeFile(targetPath + "/manifest.json") { put in manifest.stream { put(UnsafeRawBufferPointer($0)) } }
  }

  func writeCompiled(_ compiled: OrderedDictionary<String, CompiledNode>) {
    let folder = "compiled/\(project.name)/"
    let files = compiled.values.filter { $0.parsed.node.resourceType != .seed }.map {
      (folder + $0.parsed.targetWritePath, $0.sql)
    }
    let me = self
    _ = parallelMap(files) { me.write($0.0, $0.1, unlessUnchanged: true) }
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
    add(counts["snapshot"] ?? 0, "snapshot")
    add(counts["test"] ?? 0, "data test")
    add(project.sources.count, "source")
    add(session.macros.count, "macro")
    add(project.unitTestSpecs.count, "unit test")
    return "Found " + parts.joined(separator: ", ")
  }
}

/// Folders already created under target/ in this process.
final class DirectorySet: @unchecked Sendable {
  // @unchecked: every access holds `lock`.
  private var dirs = Set<String>()
  private let lock = NSLock()
  /// True when `dir` was not in the set yet.
  func insert(_ dir: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return dirs.insert(dir).inserted
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
