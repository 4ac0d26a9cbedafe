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
  /// The text written so far, as UTF-8.
  public private(set) var bytes: [UInt8] = []
  /// Whether the next item needs a `", "` before it.
  private var needsComma = false

  /// An empty writer with room for `capacity` bytes.
  public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

  private mutating func separate() {
    if needsComma {
      bytes.append(UInt8(ascii: ","))
      bytes.append(UInt8(ascii: " "))
    }
  }

  /// Writes an object; `body` writes its keys and values.
  public mutating func object(_ body: (inout JSONWriter) -> Void) {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
    body(&self)
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Writes an array; `body` writes its items.
  public mutating func array(_ body: (inout JSONWriter) -> Void) {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma = false
    body(&self)
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes an object key; the next call writes its value.
  public mutating func key(_ k: String) {
    separate()
    JSON.writeString(k, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(UInt8(ascii: " "))
    needsComma = false
  }

  /// Writes a string.
  public mutating func string(_ s: String) {
    separate()
    JSON.writeString(s, into: &bytes)
    needsComma = true
  }

  /// Writes a string, or null.
  public mutating func string(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  /// Writes a boolean.
  public mutating func bool(_ b: Bool) { scalar(b ? "true" : "false") }

  /// Writes an integer.
  public mutating func int(_ i: Int) { scalar(String(i)) }

  /// Writes `null`.
  public mutating func null() { scalar("null") }

  /// Writes a number as `JSON.double` does.
  public mutating func double(_ d: Double) { value(.double(d)) }

  /// Writes a `JSON` value.
  public mutating func value(_ v: JSON) {
    separate()
    v.write(into: &bytes, indent: nil, level: 0)
    needsComma = true
  }

  /// Writes already serialised JSON as is.
  public mutating func raw(_ b: [UInt8]) {
    separate()
    bytes.append(contentsOf: b)
    needsComma = true
  }

  private mutating func scalar(_ text: String) {
    separate()
    bytes.append(contentsOf: text.utf8)
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
