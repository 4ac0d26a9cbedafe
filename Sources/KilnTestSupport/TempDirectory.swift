import Foundation

/// A fresh directory under the system temp folder, removed by `remove()`.
public struct TempDirectory: Sendable {
  /// Absolute path of the directory.
  public let path: String

  /// Creates a new empty directory whose name starts with `prefix`.
  public init(prefix: String = "kiln") throws {
    let base = FileManager.default.temporaryDirectory.path
    let p = "\(base)/\(prefix)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    self.path = p
  }

  /// Writes `text` to a relative path inside the directory, creating folders.
  public func write(_ relative: String, _ text: String) throws {
    let full = "\(path)/\(relative)"
    let dir = (full as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try text.write(toFile: full, atomically: true, encoding: .utf8)
  }

  /// Removes the directory and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
