import KilnBase
import OrderedCollections

extension Node {
  /// Creates a node that has no file of its own (a generic test synthesized from a
  /// properties file): no columns, patch or docs, and an empty checksum.
  public init(
    synthesized uniqueID: String, resourceType: ResourceType, name: String, packageName: String,
    path: String, originalFilePath: String, fqn: [String], rawCode: String, file: SourceFile,
    description: String, config: NodeConfig, propertiesConfig: NodeConfig
  ) {
    self.init(
      uniqueID: uniqueID, resourceType: resourceType, name: name, packageName: packageName,
      path: path, originalFilePath: originalFilePath, fqn: fqn, rawCode: rawCode, file: file,
      description: description, columns: [:], patchPath: nil, config: config,
      propertiesConfig: propertiesConfig, projectConfig: NodeConfig(), checksum: "", docs: nil)
  }
}
