import Foundation

/// Runs the built `kiln` executable as a user would, for end-to-end tests.
public enum KilnBinary {
  /// The result of one invocation.
  public struct Result: Sendable {
    /// Exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
    /// Both streams, for assertions that do not care which.
    public var output: String { stdout + stderr }
  }

  /// The `kiln` binary next to the test bundle (SwiftPM builds it with the tests).
  public static var path: String {
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [bundleDir.appendingPathComponent("kiln").path]
    // `swift test` may run from inside the .xctest bundle on Linux.
    candidates.append(bundleDir.deletingLastPathComponent().appendingPathComponent("kiln").path)
    for c in candidates where FileManager.default.isExecutableFile(atPath: c) { return c }
    return candidates[0]
  }

  /// Runs `kiln args...` in `directory` with extra environment variables.
  public static func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws
    -> Result
  {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read both pipes before waiting so a full pipe cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }
}

/// The example project at the repository root, copied into a temp folder for a test.
public enum ExampleProject {
  /// The repository root (three levels above this file).
  public static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// Copies the project files (not Swift sources or target/) into a new temp directory.
  public static func copy() throws -> TempDirectory {
    let dir = try TempDirectory(prefix: "kiln-example")
    let fm = FileManager.default
    for item in ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "data-tests", "snapshots"] {
      let src = repositoryRoot + "/" + item
      guard fm.fileExists(atPath: src) else { continue }
      try fm.copyItem(atPath: src, toPath: dir.path + "/" + item)
    }
    return dir
  }
}
