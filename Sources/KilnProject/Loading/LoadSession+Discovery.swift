import Foundation
import KilnBase

/// A SQL or CSV file read from a resource folder, before it becomes a `Node`.
struct DiscoveredFile {
  var found: FileDiscovery.Found
  var file: SourceFile
  /// SHA-256 hex of the text, for files that become nodes (empty for others); a seed over
  /// `bigSeedBytes` has its path instead.
  var checksum: String = ""
  /// dbt's name for how `checksum` was made: `sha256`, or `path` for a big seed.
  var checksumName = "sha256"
}

extension LoadSession {
  /// dbt's `MAXIMUM_SEED_SIZE` (1 MiB): a larger seed is not read while loading the project;
  /// its checksum is its path (dbt-core `parser/read_files.py` `load_seed_source_file`,
  /// `SourceFile.big_seed`), and only `kiln seed` reads it, streaming.
  static let bigSeedBytes = 1 << 20
}

/// The files of a project, grouped by what they are.
struct DiscoveredFiles {
  var models: [DiscoveredFile] = []
  var seeds: [DiscoveredFile] = []
  var snapshots: [DiscoveredFile] = []
  var analyses: [DiscoveredFile] = []
  var singularTests: [DiscoveredFile] = []
  var macros: [DiscoveredFile] = []
  /// Markdown files, which may hold `{% docs %}` blocks.
  var docs: [DiscoveredFile] = []
  var properties: [DiscoveredFile] = []
  /// What each of `properties` declares and the diagnostics parsing it gave, in the same order.
  var parsedProperties: [ParsedProperties] = []
}

/// One properties file, parsed.
struct ParsedProperties: Sendable {
  var file: PropertiesFile
  var diagnostics: [Diagnostic]
}

extension LoadSession {
  /// Finds and reads every resource file the project's paths name, and parses the properties
  /// files, all in parallel; results and diagnostics keep the order of a one-by-one load
  /// (files sorted by path within each kind; kinds in the order below).
  mutating func discover(_ config: ProjectConfig) -> DiscoveredFiles {
    var walks = FileDiscovery.Walks()
    func candidates(_ dirs: [String], _ ext: [String]) -> [FileDiscovery.Found] {
      FileDiscovery.candidates(root: root, dirs: dirs, extensions: ext, walks: &walks)
    }
    let yamlDirs =
      config.modelPaths + config.seedPaths + config.snapshotPaths + config.macroPaths
      + config.analysisPaths + config.testPaths
    // (kind, checksum?) in the order their read errors are reported.
    let groups: [([FileDiscovery.Found], Bool)] = [
      (candidates(config.modelPaths, ["sql"]), true),
      (candidates(config.seedPaths, ["csv"]), true),
      (candidates(config.snapshotPaths, ["sql"]), true),
      (candidates(config.analysisPaths, ["sql"]), true),
      (candidates(config.testPaths, ["sql"]), true),
      (candidates(config.macroPaths, ["sql"]), false),
      // dbt's docs-paths default: every resource path.
      (candidates(yamlDirs, ["md"]), false),
      (candidates(yamlDirs, ["yml", "yaml"]), false),
    ]
    let yamlGroup = groups.count - 1
    // A folder listed under two paths yields its properties files twice; parse them once.
    // A large properties file is read here and cut into pieces (`YAMLChunks`) that parse as
    // jobs of their own, so its parse is spread over the cores.
    var seen = Set<String>()
    var jobs: [Job] = []
    var pieces: [YAMLChunks] = []
    var yamlJobs: [(first: Int, count: Int, chunks: Int?)] = []
    for found in groups[yamlGroup].0 {
      let first = seen.insert(found.originalFilePath).inserted
      // A large file read here and not cut goes to its job as read, not read again.
      var read: SourceFile?
      if first, (FileDiscovery.size(found.absolutePath) ?? 0) >= YAMLChunks.minimumBytes,
        case .success(let file) = Self.readFile(found.absolutePath, relative: found.originalFilePath)
      {
        if let chunks = YAMLChunks.cut(file) {
          yamlJobs.append((jobs.count, chunks.texts.count, pieces.count))
          for i in chunks.texts.indices {
            jobs.append(Job(found: found, checksum: false, parse: false, piece: (pieces.count, i)))
          }
          pieces.append(chunks)
          continue
        }
        read = file
      }
      yamlJobs.append((jobs.count, 1, nil))
      jobs.append(Job(found: found, checksum: false, parse: first, file: read))
    }
    let yamlJobCount = jobs.count
    for (g, (files, checksum)) in groups.dropLast().enumerated() {
      for found in files { jobs.append(Job(found: found, checksum: checksum, parse: false, seed: g == 1)) }
    }
    // Properties files go first so the (usually one) big file starts parsing at once while
    // the other threads read SQL files.
    let pkg = config.name
    let renderer = self.renderer
    let frozenPieces = pieces
    let results = parallelMap(jobs) { job in
      if let (c, i) = job.piece { return JobResult(read: .skipped, piece: frozenPieces[c].parse(i)) }
      return Self.run(job, packageName: pkg, renderer: renderer)
    }

    var out = DiscoveredFiles()
    var grouped: [[DiscoveredFile]] = []
    var offset = yamlJobCount
    for (files, _) in groups.dropLast() {
      grouped.append(collect(results[offset..<offset + files.count]))
      offset += files.count
    }
    out.models = grouped[0]
    out.seeds = grouped[1]
    out.snapshots = grouped[2]
    out.analyses = grouped[3]
    // dbt reads `<test-path>/generic/*.sql` as macro files (generic test definitions).
    var genericTests: [DiscoveredFile] = []
    for test in grouped[4] {
      if test.found.path.hasPrefix("generic/") {
        genericTests.append(test)
      } else {
        out.singularTests.append(test)
      }
    }
    out.macros = grouped[5] + genericTests
    out.docs = grouped[6]
    for (first, count, chunkIndex) in yamlJobs {
      let job = jobs[first]
      if let c = chunkIndex {
        // Join the pieces; if they do not join plainly, parse the file whole.
        let chunks = pieces[c]
        let file = chunks.file
        var parser = PropertiesParser(
          packageName: pkg, originalFilePath: job.found.originalFilePath,
          folders: FileDiscovery.folders(job.found.path))
        let one: PropertiesFile
        if let doc = chunks.join(results[first..<first + count].map { $0.piece ?? nil }) {
          one = parser.parse(doc, file: file, renderer: renderer)
        } else {
          one = parser.parse(file, renderer: renderer)
        }
        out.properties.append(DiscoveredFile(found: job.found, file: file))
        out.parsedProperties.append(ParsedProperties(file: one, diagnostics: parser.diagnostics))
        continue
      }
      let result = results[first]
      switch result.read {
      case .read(let f):
        if job.parse, let parsed = result.parsed {
          out.properties.append(f)
          out.parsedProperties.append(parsed)
        }
      case .failed(let d): diagnostics.append(d)
      case .skipped: break
      }
    }
    return out
  }

  private mutating func collect(_ results: ArraySlice<JobResult>) -> [DiscoveredFile] {
    var files: [DiscoveredFile] = []
    files.reserveCapacity(results.count)
    for r in results {
      switch r.read {
      case .read(let f): files.append(f)
      case .failed(let d): diagnostics.append(d)
      case .skipped: break
      }
    }
    return files
  }

  /// One file to read; with `checksum` its SHA-256 is computed, with `parse` it is parsed as
  /// a properties file.
  struct Job: Sendable {
    var found: FileDiscovery.Found
    var checksum: Bool
    var parse: Bool
    /// A seed file (checked against `bigSeedBytes` before it is read).
    var seed = false
    /// A piece of a cut properties file: (which file's pieces, which piece).
    var piece: (Int, Int)? = nil
    /// The file, when it was already read (a large properties file that was not cut).
    var file: SourceFile? = nil
  }

  struct JobResult: Sendable {
    var read: ReadResult
    var parsed: ParsedProperties?
    /// A parsed piece (nil when the piece did not parse).
    var piece: (value: YAMLValue?, hasJinja: Bool)?? = nil
  }

  /// Runs one job; safe to call from several threads.
  static func run(_ job: Job, packageName: String, renderer: YAMLStringRenderer?) -> JobResult {
    let found = job.found
    guard found.isRegularFile || FileDiscovery.isFile(found.absolutePath) else {
      return JobResult(read: .skipped)
    }
    if job.seed, let size = FileDiscovery.size(found.absolutePath), size > bigSeedBytes {
      let file = SourceFile(path: found.originalFilePath, text: "")
      return JobResult(
        read: .read(
          DiscoveredFile(found: found, file: file, checksum: found.originalFilePath, checksumName: "path")))
    }
    switch job.file.map(Result.success) ?? readFile(found.absolutePath, relative: found.originalFilePath) {
    case .success(let file):
      let discovered = DiscoveredFile(
        found: found, file: file, checksum: job.checksum ? SHA256Digest.hex(file.text) : "")
      var parsed: ParsedProperties?
      if job.parse {
        var parser = PropertiesParser(
          packageName: packageName, originalFilePath: found.originalFilePath,
          folders: FileDiscovery.folders(found.path))
        let one = parser.parse(file, renderer: renderer)
        parsed = ParsedProperties(file: one, diagnostics: parser.diagnostics)
      }
      return JobResult(read: .read(discovered), parsed: parsed)
    case .failure(let d):
      return JobResult(read: .failed(d))
    }
  }

  /// What reading one discovered entry gave.
  enum ReadResult: Sendable {
    case read(DiscoveredFile)
    case failed(Diagnostic)
    /// A folder (or broken link) whose name looks like a file.
    case skipped
  }

  /// `{% snapshot name %}` blocks in a file, in order: each name with the text between the
  /// tags (dbt's `raw_code` for the snapshot node).
  static func snapshotBlocks(in text: String) -> [(name: String, contents: String)] {
    guard
      let open = try? NSRegularExpression(
        pattern: #"\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}"#),
      let close = try? NSRegularExpression(pattern: #"\{%-?\s*endsnapshot\s*-?%\}"#)
    else { return [] }
    let ns = text as NSString
    var out: [(String, String)] = []
    for m in open.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
      let start = m.range.location + m.range.length
      let rest = NSRange(location: start, length: ns.length - start)
      let end = close.firstMatch(in: text, range: rest)?.range.location ?? ns.length
      out.append(
        (ns.substring(with: m.range(at: 1)), ns.substring(with: NSRange(location: start, length: end - start))))
    }
    return out
  }
}
