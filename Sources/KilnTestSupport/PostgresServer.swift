import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A throwaway PostgreSQL server for integration tests, run by `Scripts/pg-test-server.sh`.
///
/// ```swift
/// @Suite(.enabled(if: PostgresServer.isEnabled)) struct MyTests {
///   @Test func works() throws { let server = try PostgresServer.shared() … }
/// }
/// ```
public struct PostgresServer: Sendable {
  /// Always `127.0.0.1`: the server listens on loopback only.
  public let host: String
  /// The TCP port, picked free when the server started.
  public let port: Int
  /// The superuser to log in as (trust authentication, no password).
  public let user: String
  /// The database created for the tests.
  public let dbname: String
  /// The server's data directory, removed by `stop()`.
  public let dataDirectory: String

  /// False when `KILN_SKIP_POSTGRES=1` opts out of tests that need a server.
  public static var isEnabled: Bool {
    ProcessInfo.processInfo.environment["KILN_SKIP_POSTGRES"] != "1"
  }

  /// The server shared by every test in this process, started on first use and stopped at exit.
  ///
  /// Throws the start failure (for example, PostgreSQL not installed) to every caller.
  public static func shared() throws -> PostgresServer { try sharedServer.get() }

  // Swift runs a static `let` initializer once, under a lock, on first access.
  private static let sharedServer: Result<PostgresServer, any Error> = Result {
    let server = try PostgresServer.start()
    atexit { PostgresServer.stopSharedAtExit() }
    return server
  }

  private static func stopSharedAtExit() {
    if case .success(let server) = sharedServer { server.stop() }
  }

  /// Starts a new server on a free port with database `dbname` (initdb, start, createdb).
  public static func start(dbname: String = "kiln_test") throws -> PostgresServer {
    var lastError: (any Error)?
    // The port is free when picked but could be taken before the server binds it; retry.
    for _ in 0..<3 {
      let port = try freePort()
      let base =
        FileManager.default.fileExists(atPath: "/tmp")
        ? "/tmp" : FileManager.default.temporaryDirectory.path
      let dir = "\(base)/kiln-pg-\(UUID().uuidString.prefix(8).lowercased())"
      let (status, output) = runScript(["start", dir, String(port), dbname])
      if status == 0 {
        return PostgresServer(
          host: "127.0.0.1", port: port, user: "postgres", dbname: dbname, dataDirectory: dir)
      }
      _ = runScript(["stop", dir])
      lastError = PostgresServerError(
        message: "could not start PostgreSQL (exit \(status)):\n\(output)"
          + "\nSet KILN_SKIP_POSTGRES=1 to skip the tests that need it.")
      if status == 3 { break }  // binaries missing: retrying will not help
    }
    throw lastError ?? PostgresServerError(message: "could not start PostgreSQL")
  }

  /// Stops the server immediately and removes its data directory.
  public func stop() { _ = Self.runScript(["stop", dataDirectory]) }

  /// Stops the server as a crash would (immediate shutdown), keeping its data (fault tests).
  public func kill() throws {
    let (status, output) = Self.runScript(["kill", dataDirectory])
    if status != 0 { throw PostgresServerError(message: "could not kill PostgreSQL:\n\(output)") }
  }

  /// Starts a killed server again on the same port; crash recovery runs first.
  public func restart() throws {
    let (status, output) = Self.runScript(["restart", dataDirectory])
    if status != 0 { throw PostgresServerError(message: "could not restart PostgreSQL:\n\(output)") }
  }

  /// A port on 127.0.0.1 nobody listens on now: bind port 0, read the port back, close.
  public static func freePort() throws -> Int {
    #if os(Linux)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw PostgresServerError(message: "socket() failed: errno \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw PostgresServerError(message: "bind() failed: errno \(errno)") }
    let named = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else {
      throw PostgresServerError(message: "getsockname() failed: errno \(errno)")
    }
    return Int(UInt16(bigEndian: addr.sin_port))
  }

  /// `Scripts/pg-test-server.sh`, found from this file's place in the repository.
  static var scriptPath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scripts/pg-test-server.sh").path
  }

  /// Runs the script with `bash` and returns its exit status and combined output.
  ///
  /// `posix_spawn` and `waitpid`, not Foundation's `Process`: under the Swift Testing runner on
  /// Linux, `Process.waitUntilExit()` never saw the script exit (it stayed a zombie), and this
  /// also runs from `atexit`, when Foundation's process-monitoring thread may be gone.
  private static func runScript(_ arguments: [String]) -> (Int32, String) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, "pipe() failed: errno \(errno)") }
    // Close-on-exec keeps the pipe's own descriptors out of the script and the server; only
    // the dup2'd copies on 1 and 2 reach the script.
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
    #else
      var actions: posix_spawn_file_actions_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    let argv = (["/bin/bash", scriptPath] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp)
    close(fds[1])
    defer { close(fds[0]) }
    guard spawned == 0 else { return (-1, "posix_spawn(/bin/bash) failed: error \(spawned)") }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = read(fds[0], &chunk, chunk.count)
      if n > 0 {
        output.append(contentsOf: chunk[0..<n])
      } else if n == 0 || errno != EINTR {
        break
      }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS are macros Swift does not import.
    let exitCode = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitCode, String(decoding: output, as: UTF8.self))
  }
}

/// Why the test server could not be started.
public struct PostgresServerError: Error, CustomStringConvertible {
  /// What went wrong, with the script's output.
  public var message: String
  /// The message.
  public var description: String { message }
}
