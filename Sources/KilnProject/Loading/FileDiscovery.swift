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

  /// The entries under each folder, walked once per load: models, macros and tests are walked
  /// for SQL and again for YAML.
  struct Walks {
    /// Non-hidden entries (files and folders) under each base folder, as relative paths.
    private var entries: [String: [String]?] = [:]

    /// Entries under `base`, or nil when it is not a folder.
    mutating func entries(under base: String) -> [String]? {
      if let cached = entries[base] { return cached }
      let walked = Self.walk(base)
      entries[base] = .some(walked)
      return walked
    }

    private static func walk(_ base: String) -> [String]? {
      let fm = FileManager.default
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: base, isDirectory: &isDir), isDir.boolValue else { return nil }
      guard let walker = fm.enumerator(atPath: base) else { return nil }
      var out: [String] = []
      while let rel = walker.nextObject() as? String {
        if FileDiscovery.lastComponent(rel).hasPrefix(".") {
          walker.skipDescendants()
          continue
        }
        out.append(rel)
      }
      return out
    }
  }

  /// Every entry under `dirs` (relative to `root`) whose name ends with one of `extensions`,
  /// sorted by path; hidden files and folders are skipped. Missing folders yield nothing.
  /// Entries are not checked to be files: `isFile` does that (callers do it in parallel).
  static func candidates(
    root: String, dirs: [String], extensions: [String], walks: inout Walks
  ) -> [Found] {
    let suffixes = extensions.map { ".\($0)" }
    var out: [Found] = []
    for dir in dirs {
      let cleanDir = normalize(dir)
      let base = cleanDir.isEmpty ? root : "\(root)/\(cleanDir)"
      guard let entries = walks.entries(under: base) else { continue }
      var found: [String] = []
      for rel in entries {
        let name = lastComponent(rel).lowercased()
        if suffixes.contains(where: { name.hasSuffix($0) }) { found.append(rel) }
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

  /// The size of the file at `path` (after following links) in bytes, nil when unknown.
  static func size(_ path: String) -> Int? {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : nil
  }

  /// Whether `path` exists and is not a folder (symbolic links followed).
  static func isFile(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
  }

  /// `./models/` → `models`.
  static func normalize(_ dir: String) -> String {
    var d = dir
    while d.hasPrefix("./") { d.removeFirst(2) }
    while d.hasSuffix("/") { d.removeLast() }
    return d == "." ? "" : d
  }

  /// The last component of a relative path without a trailing slash.
  static func lastComponent(_ path: String) -> Substring {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
    return path[path.utf8.index(after: slash)...]
  }

  /// The file stem (`stg_orders` for `staging/stg_orders.sql`).
  static func stem(_ path: String) -> String {
    let name = lastComponent(path)
    guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else {
      return String(name)
    }
    return String(name[..<dot])
  }

  /// Folder components of a relative path (`["staging"]` for `staging/stg_orders.sql`).
  static func folders(_ path: String) -> [String] {
    Array(path.split(separator: "/").dropLast().map(String.init))
  }
}
