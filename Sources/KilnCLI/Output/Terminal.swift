import Foundation
import KilnBase

/// The one place Kiln writes to the terminal; colour only when stdout is a TTY.
final class Terminal: @unchecked Sendable {
  // @unchecked: writes are serialised by `lock`.
  static let shared = Terminal()
  var color: Bool
  private let lock = NSLock()
  private let clock: DateFormatter = {
    let f = DateFormatter()
    f.dateFormat = "HH:mm:ss"
    return f
  }()

  init() {
    color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
  func green(_ s: String) -> String { paint(s, "32") }
  func red(_ s: String) -> String { paint(s, "31") }
  func yellow(_ s: String) -> String { paint(s, "33") }

  /// A line on stdout, prefixed by the time like dbt's console output.
  func line(_ s: String = "", time: Bool = true) {
    lock.lock()
    defer { lock.unlock() }
    // One formatter (used under the lock): a build prints a line per node and per test.
    let stamp = time && !s.isEmpty ? clock.string(from: Date()) + "  " : ""
    FileHandle.standardOutput.write((stamp + s + "\n").data(using: .utf8) ?? Data())
  }

  /// A diagnostic on stderr.
  func diagnostic(_ d: Diagnostic) {
    lock.lock()
    defer { lock.unlock() }
    let text = d.rendered(color: isatty(STDERR_FILENO) != 0 && color) + "\n"
    FileHandle.standardError.write(text.data(using: .utf8) ?? Data())
  }

  /// dbt's progress line: `1 of 7 START sql view model main.x ....... [RUN]`.
  func progress(_ index: Int, _ total: Int, _ message: String, status: String, time: Double? = nil) {
    let prefix = "\(index) of \(total) \(message) "
    let width = 80
    var justified = prefix.count < width ? prefix + String(repeating: ".", count: width - prefix.count) : prefix
    if justified.count > width - 3 && prefix.count >= width { justified = String(justified.prefix(width - 3)) + "..." }
    let t = time.map { " in \(String(format: "%.2f", $0))s" } ?? ""
    line("\(justified) [\(status)\(t)]")
  }
}
