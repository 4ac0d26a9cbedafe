internal import CSQLite
import Foundation

/// The connection pointer shared with interrupters, cleared under a lock before the connection
/// closes: `sqlite3_interrupt` is thread-safe, but calling it on a closed handle is not
/// (sqlite.org/c3ref/interrupt.html).
final class SQLiteInterruptHandle: @unchecked Sendable {  // every access to `db` holds `lock`
  private let lock = NSLock()
  private var db: OpaquePointer?

  init(_ db: OpaquePointer) { self.db = db }

  func interrupt() {
    lock.lock()
    defer { lock.unlock() }
    if let db { sqlite3_interrupt(db) }
  }

  func invalidate() {
    lock.lock()
    defer { lock.unlock() }
    db = nil
  }
}

/// Cancels the statement a `SQLiteConnection` is running; safe to call from any thread, and a
/// no-op once the connection is gone.
public struct SQLiteInterrupter: Interrupter {
  let handle: SQLiteInterruptHandle

  /// Makes the running statement fail with `SQLITE_INTERRUPT`.
  public func interrupt() { handle.interrupt() }
}
