internal import CPostgres

/// Owns a `PGcancel*` from `PQgetCancel`, freed with `PQfreeCancel` in `deinit`.
///
/// Sendable because libpq documents `PQcancel` as safe to call from any thread (even a signal
/// handler) on a `PGcancel` that is not being freed (postgresql.org/docs/15/libpq-cancel.html).
final class PGCancelHandle: @unchecked Sendable {  // PQcancel is thread-safe; never mutated
  private let cancel: OpaquePointer?

  init(_ cancel: OpaquePointer?) { self.cancel = cancel }

  deinit { if let cancel { PQfreeCancel(cancel) } }

  /// Asks the server to cancel the connection's current statement; false if the request
  /// could not be sent (the server ignores it when nothing is running).
  @discardableResult
  func cancelRunningStatement() -> Bool {
    guard let cancel else { return false }
    var errbuf = [CChar](repeating: 0, count: 256)
    return PQcancel(cancel, &errbuf, Int32(errbuf.count)) == 1
  }
}

/// Cancels the statement a `PGConnection` is running; safe to call from any thread.
///
/// The cancel request goes over its own short-lived connection to the server, which keeps
/// working after the `PGConnection` is gone (the request then does nothing).
public struct PGInterrupter: Interrupter {
  let cancel: PGCancelHandle

  /// Makes the running statement fail with SQLSTATE 57014 (`.interrupted`).
  public func interrupt() { cancel.cancelRunningStatement() }
}
