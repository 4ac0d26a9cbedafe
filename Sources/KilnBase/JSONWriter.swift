/// Streams JSON text into bytes, in the same compact layout as `JSON.text()` (`", "` between
/// items, `": "` after keys), for artifacts too large to build as `JSON` trees first: a
/// 30,000-node manifest is written without allocating a value per field.
///
/// ```swift
/// var w = JSONWriter()
/// w.object { w in
///   w.field("name", "orders")
///   w.key("tags"); w.array { w in w.string("nightly") }
/// }
/// // {"name": "orders", "tags": ["nightly"]}
/// ```
public struct JSONWriter {
  /// The growing output. A class so `JSONWriter` stays a plain value to pass `inout`; copying
  /// a writer shares it (writers are not meant to be copied).
  final class Buffer {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 64)
      base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func reserve(_ extra: Int) {
      if count + extra > capacity { grow(count + extra) }
    }

    func grow(_ needed: Int) {
      var c = capacity * 2
      while c < needed { c *= 2 }
      let n = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
      n.update(from: base, count: count)
      base.deallocate()
      base = n
      capacity = c
    }

    @inline(__always) func append(_ b: UInt8) {
      reserve(1)
      base[count] = b
      count += 1
    }

    @inline(__always) func append(_ p: UnsafeBufferPointer<UInt8>) {
      guard let src = p.baseAddress, p.count > 0 else { return }
      reserve(p.count)
      (base + count).update(from: src, count: p.count)
      count += p.count
    }

    @inline(__always) func append(_ b0: UInt8, _ b1: UInt8) {
      reserve(2)
      base[count] = b0
      base[count + 1] = b1
      count += 2
    }

    /// The bytes written so far.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Hands what is buffered to `sink` and empties the buffer.
    func flush(_ sink: (UnsafeBufferPointer<UInt8>) -> Void) {
      guard count > 0 else { return }
      sink(UnsafeBufferPointer(start: base, count: count))
      count = 0
    }

    /// `s` as a JSON string literal.
    func appendString(_ s: String) {
      var s = s
      s.withUTF8 { appendString($0) }
    }

    /// A JSON string literal of UTF-8 `buf`, escaped as Python's `json.dumps(ensure_ascii=False)`
    /// does: quote, backslash and control characters; unescaped runs are copied in one go.
    func appendString(_ buf: UnsafeBufferPointer<UInt8>) {
      reserve(buf.count + 2)
      append(UInt8(ascii: "\""))
      var start = 0
      var i = 0
      let n = buf.count
      let raw = UnsafeRawPointer(buf.baseAddress)
      while i < n {
        // Eight bytes at a time while none needs escaping (most SQL text): a word has a byte
        // below 0x20, a quote or a backslash when one of the classic zero-byte tests fires.
        if let raw, i + 8 <= n {
          let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          let ones: UInt64 = 0x0101_0101_0101_0101
          let high: UInt64 = 0x8080_8080_8080_8080
          let quote = w ^ (ones &* 0x22)
          let slash = w ^ (ones &* 0x5C)
          let special =
            ((w &- ones &* 0x20) & ~w) | ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash)
          if special & high == 0 {
            i += 8
            continue
          }
        }
        let b = buf[i]
        i += 1
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        let at = i - 1
        if start < at { append(UnsafeBufferPointer(rebasing: buf[start..<at])) }
        start = at + 1
        switch b {
        case 0x22: append(0x5C, 0x22)
        case 0x5C: append(0x5C, 0x5C)
        case 10: append(0x5C, UInt8(ascii: "n"))
        case 13: append(0x5C, UInt8(ascii: "r"))
        case 9: append(0x5C, UInt8(ascii: "t"))
        default:
          let hex: StaticString = "0123456789abcdef"
          let digits = hex.utf8Start
          append(0x5C, UInt8(ascii: "u"))
          append(UInt8(ascii: "0"), UInt8(ascii: "0"))
          append(digits[Int(b >> 4)], digits[Int(b & 0xF)])
        }
      }
      if start < buf.count { append(UnsafeBufferPointer(rebasing: buf[start...])) }
      append(UInt8(ascii: "\""))
    }
  }

  private let out: Buffer
  /// Whether the next item needs a `", "` before it.
  private var needsComma = false

  /// The text written so far, as UTF-8.
  public var bytes: [UInt8] { out.array }

  /// An empty writer with room for `capacity` bytes.
  public init(capacity: Int = 1024) { out = Buffer(capacity: capacity) }

  @inline(__always) private mutating func separate() {
    if needsComma { out.append(UInt8(ascii: ","), UInt8(ascii: " ")) }
  }

  /// Writes an object; `body` writes its keys and values.
  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    separate()
    out.append(UInt8(ascii: "{"))
    needsComma = false
    body(&self)
    out.append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Writes an array; `body` writes its items.
  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    separate()
    out.append(UInt8(ascii: "["))
    needsComma = false
    body(&self)
    out.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes an object key; the next call writes its value.
  public mutating func key(_ k: String) {
    separate()
    out.appendString(k)
    out.append(UInt8(ascii: ":"), UInt8(ascii: " "))
    needsComma = false
  }

  /// Writes a string.
  public mutating func string(_ s: String) {
    separate()
    out.appendString(s)
    needsComma = true
  }

  /// Writes a string, or null.
  public mutating func string(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  /// Writes a boolean.
  public mutating func bool(_ b: Bool) { scalar(b ? "true" : "false") }

  /// Writes an integer.
  public mutating func int(_ i: Int) {
    separate()
    var text = String(i)
    text.withUTF8 { out.append($0) }
    needsComma = true
  }

  /// Writes `null`.
  public mutating func null() { scalar("null") }

  /// Writes a number as `JSON.double` does.
  public mutating func double(_ d: Double) { value(.double(d)) }

  /// Writes a `JSON` value.
  public mutating func value(_ v: JSON) {
    separate()
    v.write(into: out, indent: nil, level: 0)
    needsComma = true
  }

  /// Writes already serialised JSON as is.
  public mutating func raw(_ b: [UInt8]) {
    separate()
    b.withUnsafeBufferPointer { out.append($0) }
    needsComma = true
  }

  private mutating func scalar(_ text: StaticString) {
    separate()
    out.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    needsComma = true
  }

  /// `key` then a string.
  public mutating func field(_ k: String, _ s: String) {
    key(k)
    string(s)
  }

  /// `key` then a string or null.
  public mutating func field(_ k: String, _ s: String?) {
    key(k)
    string(s)
  }

  /// `key` then a boolean.
  public mutating func field(_ k: String, _ b: Bool) {
    key(k)
    bool(b)
  }

  /// `key` then an array of strings.
  public mutating func field(_ k: String, strings: [String]) {
    key(k)
    array { w in for s in strings { w.string(s) } }
  }
}
