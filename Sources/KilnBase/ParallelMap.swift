import Dispatch

/// Maps `items` in parallel on all cores, keeping order. `transform` must be thread-safe.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
  if items.count < 64 { return items.map(transform) }
  let slots = Slots<R>(count: items.count)
  DispatchQueue.concurrentPerform(iterations: items.count) { i in
    slots.set(i, transform(items[i]))
  }
  return slots.take()
}

/// Write-once result slots, one per index; each index is written by exactly one iteration.
private final class Slots<R: Sendable>: @unchecked Sendable {
  // @unchecked: concurrentPerform gives every index to one iteration, so no two threads write
  // the same slot, and `take()` runs after all iterations have finished.
  private let buffer: UnsafeMutablePointer<R>
  private let count: Int
  private var taken = false

  init(count: Int) {
    self.count = count
    buffer = .allocate(capacity: count)
  }

  deinit {
    if !taken { buffer.deinitialize(count: count) }
    buffer.deallocate()
  }

  /// Initializes slot `i` (exactly once per index).
  func set(_ i: Int, _ v: R) { (buffer + i).initialize(to: v) }

  /// The results, moved out (results are large structs: copying them out and then destroying
  /// the slots cost a retain and a release per reference field of every result).
  func take() -> [R] {
    taken = true
    return Array(unsafeUninitializedCapacity: count) { out, initialized in
      out.baseAddress!.moveInitialize(from: buffer, count: count)
      initialized = count
    }
  }
}
