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
    var nodes: [Node] = []
    for f in files.models {
      nodes.append(node(.model, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.seeds {
      nodes.append(node(.seed, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.analyses {
      nodes.append(node(.analysis, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.singularTests {
      nodes.append(node(.test, f, name: FileDiscovery.stem(f.found.path), pkg))
    }
    for f in files.snapshots {
      for (name, contents) in Self.snapshotBlocks(in: f.file.text) {
        var n = node(.snapshot, f, name: name, pkg)
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
      for n in nodes where n.resourceType == type { s.formUnion(n.fqn) }
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
    for parsed in files.parsedProperties {
      let one = parsed.file
      diagnostics += parsed.diagnostics
      properties.patches += one.patches
      properties.sources += one.sources
      properties.tests += one.tests
      properties.unitTests += one.unitTests
      properties.macroDescriptions.merge(one.macroDescriptions) { _, new in new }
      properties.exposures += one.exposures
    }
    nodes += yamlSnapshots(properties.patches, pkg: pkg)
    applyPatches(properties.patches, to: &nodes, pkg: pkg)

    // Configs, enabled or not.
    var enabled: [Node] = []
    var disabled: [Node] = []
    enabled.reserveCapacity(nodes.count)
    // Nodes in one folder match the same tree levels: merge those layers once per level.
    var treeConfigs: [ResourceType: [[String]: NodeConfig]] = [:]
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
      nodes[i].config = NodeConfig.defaults(for: type).merged(with: nodes[i].projectConfig)
        .merged(with: nodes[i].propertiesConfig)
    }
    for n in nodes {
      if n.config.isEnabled { enabled.append(n) } else { disabled.append(n) }
    }
    checkDuplicates(enabled)
    for (key, t) in treeFor.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      var fqns = nodes.filter { $0.resourceType == key }.map(\.fqn)
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
    enabledIDs.reserveCapacity(enabled.count)
    var unique: [Node] = []
    unique.reserveCapacity(enabled.count)
    for n in enabled where enabledIDs.insert(n.uniqueID).inserted { unique.append(n) }
    enabled = []
    unique.sort { $0.uniqueID < $1.uniqueID }
    let sortedNodes = OrderedDictionary(uniqueKeysWithValues: unique.lazy.map { ($0.uniqueID, $0) })
    unique = []
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

  private func node(_ type: ResourceType, _ f: DiscoveredFile, name: String, _ pkg: String) -> Node
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
    var seen: [String: NodePatch] = [:]
    // Index once: a linear scan per patch made large projects quadratic.
    var index: [String: [Int]] = [:]
    for (i, n) in nodes.enumerated() {
      index["\(n.resourceType.rawValue).\(n.name)", default: []].append(i)
    }
    for patch in patches {
      let key = "\(patch.resourceType.rawValue).\(patch.name)"
      if let first = seen[key] {
        diagnostics.append(
          Diagnostic(
            code: "P0212", "\(patch.resourceType.rawValue) `\(patch.name)` is described twice",
            span: patch.nameSpan, notes: [.init("first described here", span: first.nameSpan)]))
        continue
      }
      seen[key] = patch
      let matching = index[key] ?? []
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
  private mutating func checkDuplicates(_ nodes: [Node]) {
    var first: [String: Int] = [:]
    first.reserveCapacity(nodes.count)
    for (i, n) in nodes.enumerated() {
      let refable = n.resourceType == .model || n.resourceType == .seed
        || n.resourceType == .snapshot
      let key = refable ? "ref:\(n.name)" : n.uniqueID
      if let j = first[key] {
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
