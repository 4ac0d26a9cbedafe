import Foundation
import KilnBase

/// A SQL or CSV file read from a resource folder, before it becomes a `Node`.
struct DiscoveredFile {
  var found: FileDiscovery.Found
  var file: SourceFile
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
    func readAll(_ dirs: [String], _ ext: [String]) -> [DiscoveredFile] {
      FileDiscovery.files(root: root, dirs: dirs, extensions: ext).compactMap { found in
        read(found.absolutePath, relative: found.originalFilePath).map {
          DiscoveredFile(found: found, file: $0)
        }
      }
    }
    out.models = readAll(config.modelPaths, ["sql"])
    out.seeds = readAll(config.seedPaths, ["csv"])
    out.snapshots = readAll(config.snapshotPaths, ["sql"])
    out.analyses = readAll(config.analysisPaths, ["sql"])
    // dbt reads `<test-path>/generic/*.sql` as macro files (generic test definitions).
    for test in readAll(config.testPaths, ["sql"]) {
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
