import Foundation

/// Values computed once per key and shared by the threads of a parallel phase (parsed
/// templates, merged configs). `make` runs outside the lock, so two threads may compute the
/// same key at once; the first value stored wins, and every caller gets that one.
public final class SharedCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  // @unchecked: every access to `values` holds `lock`.
  private var values: [Key: Value] = [:]
  private let lock = NSLock()

  public init() {}

  /// The value for `key`, made by `make` when there is none yet.
  public func value<E: Error>(_ key: Key, _ make: () throws(E) -> Value) throws(E) -> Value {
    lock.lock()
    let cached = values[key]
    lock.unlock()
    if let cached { return cached }
    let made = try make()
    lock.lock()
    defer { lock.unlock() }
    if let raced = values[key] { return raced }
    values[key] = made
    return made
  }
}
