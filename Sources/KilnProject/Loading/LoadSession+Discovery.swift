import Foundation
import KilnBase

/// A SQL or CSV file read from a resource folder, before it becomes a `Node`.
struct DiscoveredFile {
  var found: FileDiscovery.Found
  var file: SourceFile
  /// SHA-256 hex of the text, for files that become nodes (empty for others).
  var checksum: String = ""
}

/// The files of a project, grouped by what they are.
struct DiscoveredFiles {
  var models: [DiscoveredFile] = []
  var seeds: [DiscoveredFile] = []
  var snapshots: [DiscoveredFile] = []
  var analyses: [DiscoveredFile] = []
  var singularTests: [DiscoveredFile] = []
  var macros: [DiscoveredFile] = []
  var properties: [DiscoveredFile] = []
}

extension LoadSession {
  /// Finds and reads every resource file the project's paths name.
  mutating func discover(_ config: ProjectConfig) -> DiscoveredFiles {
    var out = DiscoveredFiles()
    var walks = FileDiscovery.Walks()
    let root = self.root
    /// Reads the files in parallel (with their checksums when `checksum`); results and read
    /// errors keep the sorted order of the files.
    func readAll(_ dirs: [String], _ ext: [String], checksum: Bool = false) -> [DiscoveredFile] {
      let candidates = FileDiscovery.candidates(
        root: root, dirs: dirs, extensions: ext, walks: &walks)
      let results = parallelMap(candidates) { found -> ReadResult in
        guard FileDiscovery.isFile(found.absolutePath) else { return .skipped }
        switch Self.readFile(found.absolutePath, relative: found.originalFilePath) {
        case .success(let file):
          return .read(
            DiscoveredFile(
              found: found, file: file, checksum: checksum ? SHA256Digest.hex(file.text) : ""))
        case .failure(let d):
          return .failed(d)
        }
      }
      var files: [DiscoveredFile] = []
      files.reserveCapacity(results.count)
      for r in results {
        switch r {
        case .read(let f): files.append(f)
        case .failed(let d): diagnostics.append(d)
        case .skipped: break
        }
      }
      return files
    }
    out.models = readAll(config.modelPaths, ["sql"], checksum: true)
    out.seeds = readAll(config.seedPaths, ["csv"], checksum: true)
    out.snapshots = readAll(config.snapshotPaths, ["sql"], checksum: true)
    out.analyses = readAll(config.analysisPaths, ["sql"], checksum: true)
    // dbt reads `<test-path>/generic/*.sql` as macro files (generic test definitions).
    for test in readAll(config.testPaths, ["sql"], checksum: true) {
      if test.found.path.hasPrefix("generic/") {
        out.macros.append(test)
      } else {
        out.singularTests.append(test)
      }
    }
    out.macros = readAll(config.macroPaths, ["sql"]) + out.macros
    let yamlDirs =
      config.modelPaths + config.seedPaths + config.snapshotPaths + config.macroPaths
      + config.analysisPaths + config.testPaths
    var seen = Set<String>()
    for yml in readAll(yamlDirs, ["yml", "yaml"])
    where seen.insert(yml.found.originalFilePath).inserted {
      out.properties.append(yml)
    }
    return out
  }

  /// What reading one discovered entry gave.
  enum ReadResult: Sendable {
    case read(DiscoveredFile)
    case failed(Diagnostic)
    /// A folder (or broken link) whose name looks like a file.
    case skipped
  }

  /// Names of `{% snapshot name %}` blocks in a file, in order.
  static func snapshotNames(in text: String) -> [String] {
    guard
      let re = try? NSRegularExpression(
        pattern: #"\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}"#)
    else { return [] }
    let ns = text as NSString
    return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
      ns.substring(with: $0.range(at: 1))
    }
  }
}
