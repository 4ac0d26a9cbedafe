import Dispatch

/// Maps `items` in parallel on all cores, keeping order. `transform` must be thread-safe.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
  if items.count < 64 { return items.map(transform) }
  let slots = Slots<R>(count: items.count)
  DispatchQueue.concurrentPerform(iterations: items.count) { i in
    slots.set(i, transform(items[i]))
  }
  return slots.values()
}

/// Write-once result slots, one per index; each index is written by exactly one iteration.
private final class Slots<R: Sendable>: @unchecked Sendable {
  // @unchecked: concurrentPerform gives every index to one iteration, so no two threads write
  // the same slot, and `values()` runs after all iterations have finished.
  private let buffer: UnsafeMutablePointer<R?>
  private let count: Int

  init(count: Int) {
    self.count = count
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil, count: count)
  }

  deinit {
    buffer.deinitialize(count: count)
    buffer.deallocate()
  }

  func set(_ i: Int, _ v: R) { buffer[i] = v }

  func values() -> [R] { (0..<count).compactMap { buffer[$0] } }
}
