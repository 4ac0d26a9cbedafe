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
    /// The directory walk saw a regular file here (otherwise `isFile` checks).
    var isRegularFile = false
  }

  /// The entries under each folder, walked once per load: models, macros and tests are walked
  /// for SQL and again for YAML.
  struct Walks {
    /// Non-hidden entries (files and folders) under each base folder, as relative paths.
    private var entries: [String: [Entry]?] = [:]

    /// One entry of a walk.
    struct Entry {
      /// Path relative to the walked folder.
      var path: String
      /// The directory listing says it is a regular file (no `stat` needed to know).
      var isRegularFile: Bool
    }

    /// Entries under `base`, or nil when it is not a folder.
    mutating func entries(under base: String) -> [Entry]? {
      if let cached = entries[base] { return cached }
      let walked = Self.walk(base)
      entries[base] = .some(walked)
      return walked
    }

    /// Walks with `readdir`, whose entries carry their type, so ten thousand files cost no
    /// `stat` each (Foundation's directory enumerator took a tenth of a second for them).
    /// Hidden entries are skipped with everything under them; symbolic links are listed but
    /// not followed into, like `FileManager`'s enumerator.
    private static func walk(_ base: String) -> [Entry]? {
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: base, isDirectory: &isDir), isDir.boolValue
      else { return nil }
      var out: [Entry] = []
      func visit(_ dir: String, _ prefix: String) {
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
          let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
          }
          if name.hasPrefix(".") { continue }  // hidden, and `.` / `..`
          let rel = prefix.isEmpty ? name : prefix + "/" + name
          let path = dir + "/" + name
          var type = Int32(entry.pointee.d_type)
          if type == Int32(DT_UNKNOWN) {
            var st = stat()
            if lstat(path, &st) == 0 {
              let mode = st.st_mode & S_IFMT
              type = mode == S_IFDIR ? Int32(DT_DIR) : (mode == S_IFREG ? Int32(DT_REG) : Int32(DT_LNK))
            }
          }
          out.append(Entry(path: rel, isRegularFile: type == Int32(DT_REG)))
          if type == Int32(DT_DIR) { visit(path, rel) }
        }
      }
      visit(base, "")
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
      var found: [Walks.Entry] = []
      for entry in entries {
        let name = lastComponent(entry.path).lowercased()
        if suffixes.contains(where: { name.hasSuffix($0) }) { found.append(entry) }
      }
      for entry in found.sorted(by: { $0.path < $1.path }) {
        let rel = entry.path
        let original = cleanDir.isEmpty ? rel : "\(cleanDir)/\(rel)"
        out.append(
          Found(
            resourceDir: cleanDir, path: rel, originalFilePath: original,
            absolutePath: "\(base)/\(rel)", isRegularFile: entry.isRegularFile))
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
