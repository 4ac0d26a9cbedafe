/// Substring search on UTF-8 bytes, exact by code point as Python's `str` methods are.
///
/// Foundation's `range(of:)` and `replacingOccurrences` treat canonically equivalent sequences
/// (`é` and `e` + U+0301) as equal, and are slow; matching whole UTF-8 byte sequences finds
/// exactly the code-point matches, because UTF-8 is self-synchronising.
enum UTF8Search {
  /// Byte offsets of non-overlapping occurrences of `needle` (non-empty), at most `limit`;
  /// from the right when `fromRight`.
  static func occurrences(
    of needle: String, in hay: String, limit: Int = .max, fromRight: Bool = false
  ) -> [Int] {
    var h = hay
    var n = needle
    return h.withUTF8 { hb in
      n.withUTF8 { nb in
        var found: [Int] = []
        let m = nb.count
        guard m > 0, hb.count >= m, limit > 0 else { return found }
        let first = nb[0]
        if fromRight {
          var i = hb.count - m
          while i >= 0 {
            if hb[i] == first && matches(hb, i, nb) {
              found.append(i)
              if found.count == limit { break }
              i -= m
            } else {
              i -= 1
            }
          }
          return found.reversed()
        }
        var i = 0
        let last = hb.count - m
        while i <= last {
          if hb[i] == first && matches(hb, i, nb) {
            found.append(i)
            if found.count == limit { break }
            i += m
          } else {
            i += 1
          }
        }
        return found
      }
    }
  }

  @inline(__always)
  static func matches(_ hb: UnsafeBufferPointer<UInt8>, _ at: Int, _ nb: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    var j = 1
    while j < nb.count {
      if hb[at + j] != nb[j] { return false }
      j += 1
    }
    return true
  }

  /// The first occurrence's byte offset, or nil.
  static func first(_ needle: String, in hay: String) -> Int? {
    occurrences(of: needle, in: hay, limit: 1).first
  }

  /// Python `str.replace(old, new, count)` for a non-empty `old` (`count < 0`: all).
  static func replace(_ hay: String, _ old: String, _ new: String, count: Int) -> String {
    let at = occurrences(of: old, in: hay, limit: count < 0 ? .max : count)
    if at.isEmpty { return hay }
    let oldLen = old.utf8.count
    let utf8 = hay.utf8
    var out = ""
    out.reserveCapacity(utf8.count + at.count * max(0, new.utf8.count - oldLen))
    var prev = 0
    for start in at {
      out += Substring(utf8[utf8.index(utf8.startIndex, offsetBy: prev)..<utf8.index(utf8.startIndex, offsetBy: start)])
      out += new
      prev = start + oldLen
    }
    out += Substring(utf8[utf8.index(utf8.startIndex, offsetBy: prev)...])
    return out
  }

  /// `hay` cut at the byte offsets of `at` (each a match of length `len`), Python `str.split`.
  static func split(_ hay: String, at: [Int], length len: Int) -> [String] {
    let utf8 = hay.utf8
    var parts: [String] = []
    parts.reserveCapacity(at.count + 1)
    var prev = 0
    for start in at {
      parts.append(
        String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: prev)..<utf8.index(utf8.startIndex, offsetBy: start)])))
      prev = start + len
    }
    parts.append(String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: prev)...])))
    return parts
  }

  /// Python's ordering of strings: by code point, which is UTF-8 byte order.
  static func compare(_ x: String, _ y: String) -> Int {
    withBytes(x) { ab in
      withBytes(y) { bb in
        let n = min(ab.count, bb.count)
        var i = 0
        while i < n {
          if ab[i] != bb[i] { return ab[i] < bb[i] ? -1 : 1 }
          i += 1
        }
        return ab.count == bb.count ? 0 : (ab.count < bb.count ? -1 : 1)
      }
    }
  }

  /// Python string equality: same code points (no canonical-equivalence folding).
  static func equal(_ x: String, _ y: String) -> Bool {
    if x.utf8.count != y.utf8.count { return false }
    return compare(x, y) == 0
  }

  /// Calls `body` with the string's UTF-8 bytes, copying only when they are not contiguous.
  @inline(__always)
  static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = s
    copy.makeContiguousUTF8()
    return copy.utf8.withContiguousStorageIfAvailable(body)!
  }
}
