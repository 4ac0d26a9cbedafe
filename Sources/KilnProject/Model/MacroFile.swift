import KilnBase

/// A `.sql` file of macros (from macro-paths, or a generic test under `<test-path>/generic/`).
public struct MacroFile: Sendable, Hashable {
  /// Path relative to its macro folder.
  public var path: String
  /// Path relative to the project root.
  public var originalFilePath: String
  /// The package that defines it.
  public var packageName: String
  /// The file and its text.
  public var file: SourceFile
  /// The text of the file.
  public var text: String { file.text }
}
