import KilnBase
import OrderedCollections

/// A resource config tree from `dbt_project.yml` (`models:`, `seeds:`...), keyed by package
/// then folder (and file) names, with configs at every level.
///
/// As in dbt, `+key` is always a config; an unprefixed key is a config when its value is not a
/// mapping, or when it is a known mapping config (`meta`, `docs`...) and no folder or file of
/// that name exists; any other unprefixed key selects a subfolder or file.
public struct ConfigTree: Sendable {
  /// One level of the tree.
  struct Level: Sendable {
    var path: [String]
    var keySpan: SourceSpan?
    var config: NodeConfig
    var children: OrderedDictionary<String, Level>
  }

  let resource: String
  let root: Level

  /// An empty tree.
  public init(resource: String = "models") {
    self.resource = resource
    self.root = Level(path: [], keySpan: nil, config: NodeConfig(), children: [:])
  }

  /// Builds a tree from the mapping under `resource:`; `names` are the folder and file names
  /// that exist, to tell `meta: {...}` (a config) from a folder called `meta`.
  init(
    resource: String, mapping: YAMLMapping?, names: Set<String>, diagnostics: inout [Diagnostic]
  ) {
    self.resource = resource
    guard let mapping else {
      self.root = Level(path: [], keySpan: nil, config: NodeConfig(), children: [:])
      return
    }
    self.root = Self.level(mapping, path: [], keySpan: nil, names: names, diagnostics: &diagnostics)
  }

  private static func level(
    _ mapping: YAMLMapping, path: [String], keySpan: SourceSpan?, names: Set<String>,
    diagnostics: inout [Diagnostic]
  ) -> Level {
    var entries: [ConfigEntry] = []
    var children: OrderedDictionary<String, Level> = [:]
    for (key, value) in mapping.entries {
      let span = mapping.keySpans[key]
      let canonical = NodeConfig.canonicalKey(key)
      let isConfig: Bool
      if key.hasPrefix("+") {
        isConfig = true
      } else if let child = value.mapping {
        isConfig = NodeConfig.mappingKeys.contains(canonical) && !names.contains(key)
        if !isConfig {
          children[key] = level(
            child, path: path + [key], keySpan: span, names: names, diagnostics: &diagnostics)
        }
      } else {
        isConfig = true
      }
      if isConfig { entries.append(ConfigEntry(key: key, value: value.configValue, span: span)) }
    }
    let config = NodeConfig.decode(entries, warnUnknown: true, diagnostics: &diagnostics)
    return Level(path: path, keySpan: keySpan, config: config, children: children)
  }

  /// The config layers that apply to `fqn`, least specific first (dbt's `fqn_search`).
  public func layers(for fqn: [String]) -> [NodeConfig] {
    var out = [root.config]
    var level = root
    for part in fqn {
      guard let next = level.children[part] else { break }
      out.append(next.config)
      level = next
    }
    return out
  }

  /// The path of the deepest tree level `fqn` reaches; fqns with the same one get the same
  /// `layers(for:)`.
  func deepestLevel(for fqn: [String]) -> [String] {
    var level = root
    for part in fqn {
      guard let next = level.children[part] else { break }
      level = next
    }
    return level.path
  }

  /// All layers for `fqn` merged into one.
  public func config(for fqn: [String]) -> NodeConfig { NodeConfig.merging(layers(for: fqn)) }

  /// P0205 warnings for tree paths that match no resource, as dbt's "unused config paths".
  /// Whether the tree sets nothing below the root (no folder paths to check).
  var isEmpty: Bool { root.children.isEmpty }

  func unusedPathWarnings(fqns: [[String]]) -> [Diagnostic] {
    guard !isEmpty else { return [] }
    // The deepest tree level each fqn reaches (a handful of distinct paths), then every
    // prefix of those: the tree paths some resource matches.
    var deepest = Set<[String]>()
    var last: [String]?
    for fqn in fqns {
      let path = deepestLevel(for: fqn)
      // Resources come grouped by folder: skip the set for a repeat of the previous path.
      if path == last { continue }
      last = path
      deepest.insert(path)
    }
    var used = Set<[String]>()
    for path in deepest {
      for n in 0...path.count { used.insert(Array(path.prefix(n))) }
    }
    var out: [Diagnostic] = []
    func visit(_ level: Level) {
      for child in level.children.values {
        if !used.contains(child.path) {
          let dotted = ([resource] + child.path).joined(separator: ".")
          // Names that do exist at that place, for the did-you-mean.
          let parent = child.path.dropLast()
          var siblings = Set<String>()
          for fqn in fqns where fqn.count > parent.count && fqn.starts(with: parent) {
            siblings.insert(fqn[parent.count])
          }
          out.append(
            Diagnostic(
              .warning, code: "P0205", "configuration path `\(dotted)` matches no resource",
              span: child.keySpan,
              hint: Suggest.hint(for: child.path.last ?? "", in: siblings.sorted())))
        } else {
          visit(child)
        }
      }
    }
    visit(root)
    return out
  }
}
