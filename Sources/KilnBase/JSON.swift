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
  /// An object whose members are already serialised, in pieces: each piece holds one or more
  /// `"key": value` members separated by `", "`; empty pieces are skipped. Written as `{`, the
  /// pieces joined by `", "`, `}`, so a large object built in parallel is never joined in memory.
  case rawMembers([[UInt8]])

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
    // Room for the pre-serialised pieces up front: a 90 MB manifest is then copied once, not
    // regrown through every power of two.
    let out = JSONWriter.Buffer(capacity: Swift.max(capacity, rawByteCount + (1 << 16)))
    write(into: out, indent: indent, level: 0)
    return out.array
  }

  /// Serialises compactly (as `text()`), handing the text to `sink` in pieces: large `.raw`
  /// pieces go as they are, so a 90 MB manifest is written without first being copied into one
  /// buffer.
  public func stream(_ sink: (UnsafeBufferPointer<UInt8>) -> Void) {
    let buf = JSONWriter.Buffer(capacity: 1 << 16)
    stream(into: buf, sink)
    buf.flush(sink)
  }

  private func stream(into buf: JSONWriter.Buffer, _ sink: (UnsafeBufferPointer<UInt8>) -> Void) {
    switch self {
    case .raw(let b) where b.count >= 1 << 16:
      buf.flush(sink)
      b.withUnsafeBufferPointer(sink)
    case .rawMembers(let pieces) where rawByteCount >= 1 << 16:
      buf.append(UInt8(ascii: "{"))
      var first = true
      for piece in pieces where !piece.isEmpty {
        if !first { buf.append(UInt8(ascii: ","), UInt8(ascii: " ")) }
        first = false
        if piece.count >= 1 << 14 {
          buf.flush(sink)
          piece.withUnsafeBufferPointer(sink)
        } else {
          piece.withUnsafeBufferPointer { buf.append($0) }
        }
      }
      buf.append(UInt8(ascii: "}"))
    case .array(let items) where !items.isEmpty && rawByteCount >= 1 << 16:
      buf.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { buf.append(UInt8(ascii: ","), UInt8(ascii: " ")) }
        item.stream(into: buf, sink)
      }
      buf.append(UInt8(ascii: "]"))
    case .object(let pairs) where !pairs.isEmpty && rawByteCount >= 1 << 16:
      buf.append(UInt8(ascii: "{"))
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { buf.append(UInt8(ascii: ","), UInt8(ascii: " ")) }
        buf.appendString(k)
        buf.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        v.stream(into: buf, sink)
      }
      buf.append(UInt8(ascii: "}"))
    default:
      write(into: buf, indent: nil, level: 0)
    }
  }

  /// Bytes held in `.raw` pieces, anywhere in the value.
  var rawByteCount: Int {
    switch self {
    case .raw(let b): return b.count
    case .rawMembers(let pieces): return pieces.reduce(2) { $0 + $1.count + 2 }
    case .array(let items): return items.reduce(0) { $0 + $1.rawByteCount }
    case .object(let pairs): return pairs.reduce(0) { $0 + $1.1.rawByteCount + $1.0.utf8.count + 4 }
    default: return 0
    }
  }

  /// Compact items are separated by `", "`, indented ones by `","` and a new line.
  private static func separator(_ out: JSONWriter.Buffer, _ indent: Int?) {
    out.append(UInt8(ascii: ","))
    if indent == nil { out.append(UInt8(ascii: " ")) }
  }

  private static func newline(_ out: JSONWriter.Buffer, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append(10)
    for _ in 0..<(indent * level) { out.append(32) }
  }

  func write(into out: JSONWriter.Buffer, indent: Int?, level: Int) {
    func text(_ s: String) {
      var s = s
      s.withUTF8 { out.append($0) }
    }
    switch self {
    case .null: text("null")
    case .bool(let b): text(b ? "true" : "false")
    case .int(let i): text(String(i))
    case .double(let d):
      if d.isFinite {
        text(d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : "\(d)")
      } else {
        text("null")
      }
    case .string(let s): out.appendString(s)
    case .raw(let bytes): bytes.withUnsafeBufferPointer { out.append($0) }
    case .rawMembers(let pieces):
      out.append(UInt8(ascii: "{"))
      var first = true
      for piece in pieces where !piece.isEmpty {
        if !first { out.append(UInt8(ascii: ","), UInt8(ascii: " ")) }
        first = false
        piece.withUnsafeBufferPointer { out.append($0) }
      }
      out.append(UInt8(ascii: "}"))
    case .array(let items):
      if items.isEmpty { return text("[]") }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { JSON.separator(out, indent) }
        JSON.newline(out, indent, level + 1)
        item.write(into: out, indent: indent, level: level + 1)
      }
      JSON.newline(out, indent, level)
      out.append(UInt8(ascii: "]"))
    case .object(let pairs):
      if pairs.isEmpty { return text("{}") }
      out.append(UInt8(ascii: "{"))
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { JSON.separator(out, indent) }
        JSON.newline(out, indent, level + 1)
        out.appendString(k)
        out.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        v.write(into: out, indent: indent, level: level + 1)
      }
      JSON.newline(out, indent, level)
      out.append(UInt8(ascii: "}"))
    }
  }
}
