import Foundation
import KilnBase
import OrderedCollections

extension LoadSession {
  /// Turns the parsed project file and discovered files into a `Project`.
  mutating func buildProject(
    _ parsed: ProjectFileParser.Result, cliVars: OrderedDictionary<String, ConfigValue>
  ) -> Project {
    let config = parsed.config
    let pkg = config.name
    let files = discover(config)
    PhaseTimer.shared.mark("load: read and parse files")

    // Raw nodes, before configs.
    var nodes: [Node] = parallelMap(files.models) { f in
      Self.node(.model, f, name: FileDiscovery.stem(f.found.path), pkg)
    }
    for f in files.seeds {
      nodes.append(Self.node(.seed, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.analyses {
      nodes.append(Self.node(.analysis, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.singularTests {
      nodes.append(Self.node(.test, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.snapshots {
      for (name, contents) in Self.snapshotBlocks(in: f.file.text) {
        var n = Self.node(.snapshot, f, name: name, pkg)
        n.rawCode = contents
        // dbt: "On snapshots, the fqn includes the filename" (parser/snapshots.py).
        n.fqn =
          [pkg] + FileDiscovery.folders(f.found.path) + [FileDiscovery.stem(f.found.path), name]
        nodes.append(n)
      }
    }

    // Project config trees.
    func names(_ type: ResourceType) -> Set<String> {
      var s: Set<String> = [pkg]
      // By index: `for n in nodes` would copy every node.
      for i in nodes.indices where nodes[i].resourceType == type { s.formUnion(nodes[i].fqn) }
      return s
    }
    func tree(_ key: String, _ type: ResourceType) -> ConfigTree {
      // The names only matter when the tree exists.
      ConfigTree(
        resource: key, mapping: parsed.trees[key],
        names: parsed.trees[key] == nil ? [] : names(type), diagnostics: &diagnostics)
    }
    let modelTree = tree("models", .model)
    let seedTree = tree("seeds", .seed)
    let snapshotTree = tree("snapshots", .snapshot)
    let testKey = parsed.trees["data_tests"] != nil ? "data_tests" : "tests"
    let testTree = tree(testKey, .test)
    let sourceTree = ConfigTree(
      resource: "sources", mapping: parsed.trees["sources"], names: [], diagnostics: &diagnostics)
    let treeFor: [ResourceType: ConfigTree] = [
      .model: modelTree, .seed: seedTree, .snapshot: snapshotTree, .test: testTree,
    ]

    // Properties files.
    // Parsed (in parallel) by `discover`; merged here in file order.
    var properties = PropertiesFile()
    // The first file's lists are taken as they are (appending to an empty list would copy
    // every element: 20,000 tests in one big schema.yml).
    func join<T>(_ all: inout [T], _ more: [T]) { if all.isEmpty { all = more } else { all += more } }
    for parsed in files.parsedProperties {
      let one = parsed.file
      diagnostics += parsed.diagnostics
      join(&properties.patches, one.patches)
      join(&properties.sources, one.sources)
      join(&properties.tests, one.tests)
      join(&properties.unitTests, one.unitTests)
      properties.macroDescriptions.merge(one.macroDescriptions) { _, new in new }
      join(&properties.exposures, one.exposures)
    }
    nodes += yamlSnapshots(properties.patches, pkg: pkg)
    applyPatches(properties.patches, to: &nodes, pkg: pkg)

    // Configs, enabled or not.
    var disabled: [Node] = []
    // Nodes in one folder match the same tree levels: merge those layers once per level.
    var treeConfigs: [ResourceType: [[String]: NodeConfig]] = [:]
    var sharedConfigs: [SharedConfigKey: NodeConfig] = [:]
    for i in nodes.indices {
      let type = nodes[i].resourceType
      if let t = treeFor[type] {
        let level = t.deepestLevel(for: nodes[i].fqn)
        if let cached = treeConfigs[type]?[level] {
          nodes[i].projectConfig = cached
        } else {
          let merged = t.config(for: nodes[i].fqn)
          treeConfigs[type, default: [:]][level] = merged
          nodes[i].projectConfig = merged
        }
      } else {
        nodes[i].projectConfig = NodeConfig()
      }
      // Without a properties-file layer, nodes of one type and tree level share a config.
      if nodes[i].propertiesConfig.isUnchangedEmpty {
        let key = SharedConfigKey(type: type, projectLayer: nodes[i].projectConfig.storageID)
        if let shared = sharedConfigs[key] {
          nodes[i].config = shared
          continue
        }
        let merged = NodeConfig.defaults(for: type).merged(with: nodes[i].projectConfig)
        sharedConfigs[key] = merged
        nodes[i].config = merged
        continue
      }
      nodes[i].config = NodeConfig.defaults(for: type).merged(with: nodes[i].projectConfig)
        .merged(with: nodes[i].propertiesConfig)
    }
    // Places of the enabled nodes; nodes are copied once, into the project, not per step.
    var enabledPlaces: [Int] = []
    enabledPlaces.reserveCapacity(nodes.count)
    for i in nodes.indices {
      if nodes[i].config.isEnabled { enabledPlaces.append(i) } else { disabled.append(nodes[i]) }
    }
    checkDuplicates(nodes, enabledPlaces)
    for (key, t) in treeFor.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !t.isEmpty {
      var fqns = nodes.indices.filter { nodes[$0].resourceType == key }.map { nodes[$0].fqn }
      if key == .test { fqns += properties.tests.map(\.fqnPrefix) }
      diagnostics += t.unusedPathWarnings(fqns: fqns)
    }
    diagnostics += sourceTree.unusedPathWarnings(fqns: properties.sources.map(\.fqn))

    var sources: OrderedDictionary<String, SourceDefinition> = [:]
    for var s in properties.sources.sorted(by: { $0.uniqueID < $1.uniqueID }) {
      s.config = sourceTree.config(for: s.fqn).merged(with: s.config)
      s.tags = s.config.tags
      guard s.config.isEnabled else { continue }
      if sources[s.uniqueID] != nil {
        diagnostics.append(
          Diagnostic(
            code: "P0201", "source table `\(s.sourceName).\(s.name)` is defined twice",
            span: s.span,
            notes: sources[s.uniqueID].map { [.init("first defined here", span: $0.span)] } ?? []))
        continue
      }
      sources[s.uniqueID] = s
    }

    // First node of each id wins; then sorted by id.
    var enabledIDs = Set<String>()
    enabledIDs.reserveCapacity(enabledPlaces.count)
    var unique: [(id: String, place: Int)] = []
    unique.reserveCapacity(enabledPlaces.count)
    for i in enabledPlaces where enabledIDs.insert(nodes[i].uniqueID).inserted {
      unique.append((nodes[i].uniqueID, i))
    }
    unique.sort { $0.id < $1.id }
    let sortedNodes = OrderedDictionary(
      uncheckedUniqueKeysWithValues: unique.lazy.map { ($0.id, nodes[$0.place]) })
    let tests = properties.tests.filter { spec in
      switch spec.attachedTo.resourceType {
      case .source:
        return sources["source.\(pkg).\(spec.attachedTo.sourceName ?? "").\(spec.attachedTo.name)"]
          != nil
      default:
        return enabledIDs.contains(
          "\(spec.attachedTo.resourceType.rawValue).\(pkg).\(spec.attachedTo.name)")
      }
    }
    let macroFiles = files.macros.map {
      MacroFile(
        path: $0.found.path, originalFilePath: $0.found.originalFilePath, packageName: pkg,
        file: $0.file)
    }
    var project = Project(
      root: root, config: config, nodes: sortedNodes, disabled: disabled, sources: sources,
      macroFiles: macroFiles, testSpecs: tests, macroDescriptions: properties.macroDescriptions,
      diagnostics: diagnostics.filter { $0.severity != .error }, modelTree: modelTree,
      seedTree: seedTree, snapshotTree: snapshotTree, testTree: testTree, cliVars: cliVars)
    project.unitTestSpecs = properties.unitTests.filter(\.enabled)
    project.exposures = properties.exposures
    project.docFiles = files.docs.map {
      MacroFile(path: $0.found.path, originalFilePath: $0.found.originalFilePath, packageName: pkg, file: $0.file)
    }
    return project
  }

  private static func node(_ type: ResourceType, _ f: DiscoveredFile, name: String, _ pkg: String) -> Node
  {
    Node(
      uniqueID: "\(type.rawValue).\(pkg).\(name)", resourceType: type, name: name, packageName: pkg,
      path: f.found.path, originalFilePath: f.found.originalFilePath,
      fqn: [pkg] + FileDiscovery.folders(f.found.path) + [name], rawCode: f.file.text, file: f.file,
      description: "", columns: [:], patchPath: nil, config: NodeConfig(),
      propertiesConfig: NodeConfig(), projectConfig: NodeConfig(),
      checksum: f.checksum.isEmpty ? SHA256Digest.hex(f.file.text) : f.checksum,
      checksumName: f.checksumName, docs: nil)
  }

  /// Snapshots defined in properties files with `relation:` (dbt 1.9+): a node whose SQL is
  /// `select * from {{ <relation> }}`, at `<yml path>/<name>.sql` as dbt names it.
  private mutating func yamlSnapshots(_ patches: [NodePatch], pkg: String) -> [Node] {
    patches.compactMap { patch in
      guard patch.resourceType == .snapshot, let relation = patch.relation, let file = patch.file
      else { return nil }
      let call = relation.trimmingCharacters(in: .whitespaces)
      guard (call.hasPrefix("ref(") || call.hasPrefix("source(")) && call.hasSuffix(")") else {
        diagnostics.append(
          Diagnostic(
            code: "P0105", "snapshot `\(patch.name)`: `relation` must be a ref() or source() call, not `\(relation)`",
            span: patch.nameSpan, hint: "write relation: ref('my_model') or relation: source('raw', 'orders')"))
        return nil
      }
      let raw = "select * from {{ \(relation) }}"
      return Node(
        uniqueID: "snapshot.\(pkg).\(patch.name)", resourceType: .snapshot, name: patch.name,
        packageName: pkg, path: patch.path + "/" + patch.name + ".sql",
        originalFilePath: patch.originalFilePath,
        fqn: [pkg] + FileDiscovery.folders(patch.path) + [patch.name], rawCode: raw, file: file,
        description: "", columns: [:], patchPath: nil, config: NodeConfig(),
        propertiesConfig: NodeConfig(), projectConfig: NodeConfig(),
        checksum: SHA256Digest.hex(raw), docs: nil)
    }
  }

  /// Applies properties entries to their nodes; a missing node is a warning with a
  /// did-you-mean (as dbt), a second entry for the same node an error.
  private mutating func applyPatches(_ patches: [NodePatch], to nodes: inout [Node], pkg: String) {
    var seen: [String: SourceSpan] = [:]
    seen.reserveCapacity(patches.count)
    // Index once: a linear scan per patch made large projects quadratic. By index, not
    // `for n in nodes`, which copies every node; most keys have one node, so the others go to
    // a second table.
    var index: [String: Int] = [:]
    index.reserveCapacity(nodes.count)
    var more: [String: [Int]] = [:]
    for i in nodes.indices {
      let key = "\(nodes[i].resourceType.rawValue).\(nodes[i].name)"
      if index[key] == nil { index[key] = i } else { more[key, default: []].append(i) }
    }
    for patch in patches {
      let key = "\(patch.resourceType.rawValue).\(patch.name)"
      if let first = seen[key] {
        diagnostics.append(
          Diagnostic(
            code: "P0212", "\(patch.resourceType.rawValue) `\(patch.name)` is described twice",
            span: patch.nameSpan, notes: [.init("first described here", span: first)]))
        continue
      }
      seen[key] = patch.nameSpan
      let matching = index[key].map { [$0] + (more[key] ?? []) } ?? []
      guard !matching.isEmpty else {
        let candidates = nodes.filter { $0.resourceType == patch.resourceType }.map(\.name)
        diagnostics.append(
          Diagnostic(
            .warning, code: "P0210",
            "properties for \(patch.resourceType.rawValue) `\(patch.name)`, but no such \(patch.resourceType.rawValue) exists",
            span: patch.nameSpan, hint: Suggest.hint(for: patch.name, in: candidates)))
        continue
      }
      for i in matching {
        nodes[i].description = patch.description
        nodes[i].columns = patch.columns
        nodes[i].propertiesConfig = patch.config
        nodes[i].docs = patch.docs
        nodes[i].patchPath = "\(pkg)://\(patch.originalFilePath)"
      }
    }
  }

  /// Two enabled models, seeds or snapshots with one name (or two nodes with one id) are an
  /// error naming both files, as dbt's "found two resources with the name".
  private mutating func checkDuplicates(_ nodes: [Node], _ places: [Int]) {
    var first: [String: Int] = [:]
    first.reserveCapacity(places.count)
    for i in places {
      let type = nodes[i].resourceType
      let refable = type == .model || type == .seed || type == .snapshot
      let key = refable ? "ref:\(nodes[i].name)" : nodes[i].uniqueID
      if let j = first[key] {
        let n = nodes[i]
        let other = nodes[j]
        diagnostics.append(
          Diagnostic(
            code: "P0201",
            "two resources are named `\(n.name)`: \(other.originalFilePath) and \(n.originalFilePath)",
            path: n.originalFilePath,
            notes: [
              .init("\(other.resourceType.rawValue) defined in \(other.originalFilePath)"),
              .init("\(n.resourceType.rawValue) defined in \(n.originalFilePath)"),
            ],
            hint: "rename one of the files, or disable one with `enabled: false`"))
      } else {
        first[key] = i
      }
    }
  }
}

/// A node type and the storage of its project-tree layer (see `buildProject`).
private struct SharedConfigKey: Hashable {
  var type: ResourceType
  var projectLayer: ObjectIdentifier
}
