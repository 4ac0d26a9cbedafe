/// Caps on what one operation may build, so `'x' * 10**12` or `'%999999999999d'` fails with a
/// `JinjaError` instead of exhausting memory or overflowing (Python raises MemoryError or
/// OverflowError there).
enum SizeLimit {
  /// Largest string, padding width or format precision one operation may produce, in bytes.
  static let maxBytes = 256 * 1024 * 1024
  /// Largest list or tuple one operation may produce.
  static let maxItems = 16 * 1024 * 1024

  /// `count * size` if it stays within `limit`, otherwise a type error.
  static func check(_ count: Int, times size: Int = 1, limit: Int = maxBytes) throws -> Int {
    let (n, overflow) = count.multipliedReportingOverflow(by: max(size, 1))
    if overflow || n > limit {
      throw JinjaError.type("result too large: the limit is \(limit) per operation")
    }
    return n
  }

  /// Appends decimal digit `d` to `n` (a width or precision being parsed), within the cap.
  static func digit(_ n: Int, _ d: Int) throws -> Int {
    try check(n * 10 + d > maxBytes || n > maxBytes ? maxBytes + 1 : n * 10 + d)
  }
}
