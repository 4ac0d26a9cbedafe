import Foundation

/// Prints phase durations to stderr when `KILN_PROFILE=1` (for benchmarks, never in tests).
public final class PhaseTimer: @unchecked Sendable {
  // @unchecked: `last` is only touched under `lock` (workers mark seed phases on their threads).
  private var last = Date()
  private let lock = NSLock()
  private let enabled = ProcessInfo.processInfo.environment["KILN_PROFILE"] == "1"
  /// The process-wide timer.
  public static let shared = PhaseTimer()

  /// Prints the time since the previous mark under `phase`.
  public func mark(_ phase: String) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    let line = String(format: "phase %@: %.3fs\n", phase, now.timeIntervalSince(last))
    FileHandle.standardError.write(line.data(using: .utf8) ?? Data())
    last = now
  }
}
