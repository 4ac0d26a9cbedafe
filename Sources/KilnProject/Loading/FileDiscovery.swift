import Foundation

/// Finds resource files under the project's configured folders.
enum FileDiscovery {
  /// A file found under a resource folder.
  struct Found: Hashable {
    /// The configured folder, relative to the root (`models`).
    var resourceDir: String
    /// Path relative to `resourceDir` (`staging/stg_orders.sql`).
    var path: String
    /// Path relative to the root (`models/staging/stg_orders.sql`).
    var originalFilePath: String
    /// Absolute path.
    var absolutePath: String
  }

  /// Every file under `dirs` (relative to `root`) whose name ends with one of `extensions`,
  /// sorted by path; hidden files and folders are skipped. Missing folders yield nothing.
  static func files(root: String, dirs: [String], extensions: [String]) -> [Found] {
    let fm = FileManager.default
    var out: [Found] = []
    for dir in dirs {
      let cleanDir = normalize(dir)
      let base = cleanDir.isEmpty ? root : "\(root)/\(cleanDir)"
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: base, isDirectory: &isDir), isDir.boolValue else { continue }
      guard let walker = fm.enumerator(atPath: base) else { continue }
      var found: [String] = []
      while let rel = walker.nextObject() as? String {
        let name = (rel as NSString).lastPathComponent
        if name.hasPrefix(".") {
          walker.skipDescendants()
          continue
        }
        guard extensions.contains(where: { name.lowercased().hasSuffix(".\($0)") }) else {
          continue
        }
        var fileIsDir: ObjCBool = false
        if fm.fileExists(atPath: "\(base)/\(rel)", isDirectory: &fileIsDir), !fileIsDir.boolValue {
          found.append(rel)
        }
      }
      for rel in found.sorted() {
        let original = cleanDir.isEmpty ? rel : "\(cleanDir)/\(rel)"
        out.append(
          Found(
            resourceDir: cleanDir, path: rel, originalFilePath: original,
            absolutePath: "\(base)/\(rel)"))
      }
    }
    return out
  }

  /// `./models/` → `models`.
  static func normalize(_ dir: String) -> String {
    var d = dir
    while d.hasPrefix("./") { d.removeFirst(2) }
    while d.hasSuffix("/") { d.removeLast() }
    return d == "." ? "" : d
  }

  /// The file stem (`stg_orders` for `staging/stg_orders.sql`).
  static func stem(_ path: String) -> String {
    ((path as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  /// Folder components of a relative path (`["staging"]` for `staging/stg_orders.sql`).
  static func folders(_ path: String) -> [String] {
    Array(path.split(separator: "/").dropLast().map(String.init))
  }
}
