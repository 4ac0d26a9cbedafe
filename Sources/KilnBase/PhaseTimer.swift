import Foundation

/// Prints phase durations to stderr when `KILN_PROFILE=1` (for benchmarks, never in tests):
/// wall time and the process's CPU time (user + system) since the previous mark, so a phase
/// whose CPU is close to its wall time shows it ran on one core.
public final class PhaseTimer: @unchecked Sendable {
  // @unchecked: `last` and `lastCPU` are only touched under `lock` (workers mark seed phases on their threads).
  private var last = Date()
  private var lastCPU = PhaseTimer.cpuSeconds()
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
    let cpu = PhaseTimer.cpuSeconds()
    let line = String(
      format: "phase %@: %.3fs (cpu %.3fs)\n", phase, now.timeIntervalSince(last), cpu - lastCPU)
    FileHandle.standardError.write(line.data(using: .utf8) ?? Data())
    last = now
    lastCPU = cpu
  }

  private static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}
