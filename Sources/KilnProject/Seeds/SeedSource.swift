import KilnBase

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a seed's bytes come from: a file, read in chunks each time the seed is read (once to
/// type it, once to load it), or bytes already in memory.
public enum SeedSource: Sendable, Hashable {
  /// A CSV file; the path is opened as given (absolute, or relative to the working directory).
  case file(String)
  /// CSV bytes in memory.
  case bytes(SeedBytes)

  /// The whole text as a `SourceFile` (a leading BOM dropped), for placing a diagnostic.
  ///
  /// Only error and warning paths call this: it reads the whole source into one string.
  func sourceFile(path: String) -> SourceFile {
    var bytes: [UInt8]
    switch self {
    case .bytes(let b): bytes = b.bytes
    case .file(let p): bytes = (try? SeedInput(self, path: p).readAll()) ?? []
    }
    if bytes.starts(with: SeedCSVReader.bom) { bytes.removeFirst(SeedCSVReader.bom.count) }
    return SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
  }
}

/// The bytes of an in-memory seed, compared by identity (a plan carrying them is compared as
/// the same load, not byte by byte).
public final class SeedBytes: Sendable, Hashable {
  /// The CSV bytes.
  public let bytes: [UInt8]

  /// Wraps `bytes`.
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public static func == (a: SeedBytes, b: SeedBytes) -> Bool { a === b }
  public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
}

/// Reads a `SeedSource` sequentially: `read(2)` on a file descriptor, or copies out of memory.
final class SeedInput {
  private var fd: Int32 = -1
  private var memory: [UInt8] = []
  private var position = 0
  private let path: String

  /// Opens the source; `path` names it in errors.
  init(_ source: SeedSource, path: String) throws {
    self.path = path
    switch source {
    case .bytes(let b): memory = b.bytes
    case .file(let file):
      fd = open(file, O_RDONLY | O_CLOEXEC)
      if fd < 0 { throw Self.readError(path, errno) }
    }
  }

  deinit { if fd >= 0 { close(fd) } }

  /// The size of the whole source in bytes, when known.
  var size: Int? {
    if fd < 0 { return memory.count }
    var st = stat()
    return fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
  }

  /// Moves to `offset` bytes from the start.
  func seek(to offset: Int) throws {
    if fd < 0 {
      position = min(offset, memory.count)
    } else if lseek(fd, off_t(offset), SEEK_SET) < 0 {
      throw Self.readError(path, errno)
    }
  }

  /// Reads up to `count` bytes into `into`; 0 at the end.
  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    if fd < 0 {
      let n = min(count, memory.count - position)
      guard n > 0 else { return 0 }
      memory.withUnsafeBufferPointer { src in
        guard let base = src.baseAddress else { return }
        into.update(from: base + position, count: n)
      }
      position += n
      return n
    }
    while true {
      #if canImport(Glibc)
        let n = Glibc.read(fd, into, count)
      #else
        let n = Darwin.read(fd, into, count)
      #endif
      if n >= 0 { return n }
      if errno != EINTR { throw Self.readError(path, errno) }
    }
  }

  /// Everything left, in one array.
  func readAll() throws -> [UInt8] {
    var out: [UInt8] = []
    let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    defer { chunk.deallocate() }
    while true {
      let n = try read(into: chunk, count: 1 << 16)
      if n == 0 { return out }
      out.append(contentsOf: UnsafeBufferPointer(start: chunk, count: n))
    }
  }

  private static func readError(_ path: String, _ code: Int32) -> Diagnostic {
    Diagnostic(
      code: "P0105", "cannot read seed file: \(String(cString: strerror(code)))", path: path)
  }
}
