/// An ordered JSON value for writing artifacts (`manifest.json`, `run_results.json`).
public indirect enum JSON: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])
  /// Already serialised JSON text, written as is (lets large documents be built in parallel).
  case raw([UInt8])

  public static func == (a: JSON, b: JSON) -> Bool { a.text() == b.text() }
  public func hash(into h: inout Hasher) { h.combine(text()) }

  /// A string or null.
  public static func opt(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  /// Serialises compactly, or indented by `indent` spaces.
  public func text(indent: Int? = nil) -> String {
    String(decoding: bytes(indent: indent), as: UTF8.self)
  }

  /// The serialised text as UTF-8 bytes (no String is built: large artifacts go to disk as is).
  public func bytes(indent: Int? = nil, capacity: Int = 1 << 12) -> [UInt8] {
    var out: [UInt8] = []
    // Room for the pre-serialised pieces up front: a 90 MB manifest is then copied once, not
    // regrown through every power of two.
    out.reserveCapacity(Swift.max(capacity, rawByteCount + (1 << 16)))
    write(into: &out, indent: indent, level: 0)
    return out
  }

  /// Serialises compactly (as `text()`), handing the text to `sink` in pieces: large `.raw`
  /// pieces go as they are, so a 90 MB manifest is written without first being copied into one
  /// buffer.
  public func stream(_ sink: ([UInt8]) -> Void) {
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 16)
    stream(into: &buf, sink)
    if !buf.isEmpty { sink(buf) }
  }

  private func stream(into buf: inout [UInt8], _ sink: ([UInt8]) -> Void) {
    let large = 1 << 16
    switch self {
    case .raw(let b) where b.count >= large:
      if !buf.isEmpty {
        sink(buf)
        buf.removeAll(keepingCapacity: true)
      }
      sink(b)
    case .array(let items) where !items.isEmpty && rawByteCount >= large:
      buf.append(UInt8(ascii: "["))
      var first = true
      for item in items {
        if !first { JSON.separator(&buf, nil) }
        first = false
        item.stream(into: &buf, sink)
      }
      buf.append(UInt8(ascii: "]"))
    case .object(let pairs) where !pairs.isEmpty && rawByteCount >= large:
      buf.append(UInt8(ascii: "{"))
      var first = true
      for (k, v) in pairs {
        if !first { JSON.separator(&buf, nil) }
        first = false
        JSON.writeString(k, into: &buf)
        buf.append(UInt8(ascii: ":"))
        buf.append(UInt8(ascii: " "))
        v.stream(into: &buf, sink)
      }
      buf.append(UInt8(ascii: "}"))
    default:
      write(into: &buf, indent: nil, level: 0)
    }
  }

  /// Bytes held in `.raw` pieces, anywhere in the value.
  var rawByteCount: Int {
    switch self {
    case .raw(let b): return b.count
    case .array(let items): return items.reduce(0) { $0 + $1.rawByteCount }
    case .object(let pairs): return pairs.reduce(0) { $0 + $1.1.rawByteCount + $1.0.utf8.count + 4 }
    default: return 0
    }
  }

  func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append(10)
    out.append(contentsOf: repeatElement(32, count: indent * level))
  }

  func write(into out: inout [UInt8], indent: Int?, level: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .int(let i): out.append(contentsOf: String(i).utf8)
    case .double(let d):
      if d.isFinite {
        if d == d.rounded(), abs(d) < 1e15 {
          out.append(contentsOf: (String(Int(d)) + ".0").utf8)
        } else {
          out.append(contentsOf: "\(d)".utf8)
        }
      } else {
        out.append(contentsOf: "null".utf8)
      }
    case .string(let s): JSON.writeString(s, into: &out)
    case .raw(let bytes): out.append(contentsOf: bytes)
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      var first = true
      for item in items {
        if !first { JSON.separator(&out, indent) }
        first = false
        newline(&out, indent, level + 1)
        item.write(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      var first = true
      for (k, v) in pairs {
        if !first { JSON.separator(&out, indent) }
        first = false
        newline(&out, indent, level + 1)
        JSON.writeString(k, into: &out)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
        v.write(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(UInt8(ascii: "}"))
    }
  }

  static func separator(_ out: inout [UInt8], _ indent: Int?) {
    out.append(UInt8(ascii: ","))
    if indent == nil { out.append(UInt8(ascii: " ")) }
  }

  static func writeString(_ s: String, into out: inout [UInt8]) {
    var s = s
    s.withUTF8 { writeString(bytes: $0, into: &out) }
  }

  /// Escapes as Python's `json.dumps(ensure_ascii=False)`: quote, backslash and control
  /// characters; unescaped runs are copied in one go.
  static func writeString(bytes buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var start = 0
    for i in 0..<buf.count {
      let b = buf[i]
      guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
      if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
      start = i + 1
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case 10: out.append(contentsOf: "\\n".utf8)
      case 13: out.append(contentsOf: "\\r".utf8)
      case 9: out.append(contentsOf: "\\t".utf8)
      default:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(contentsOf: "\\u00".utf8)
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 0xF)])
      }
    }
    if start < buf.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start...])) }
    out.append(UInt8(ascii: "\""))
  }
}
