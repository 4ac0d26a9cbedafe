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
  case raw(String)

  public static func == (a: JSON, b: JSON) -> Bool { a.text() == b.text() }
  public func hash(into h: inout Hasher) { h.combine(text()) }

  /// A string or null.
  public static func opt(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  /// Serialises compactly, or indented by `indent` spaces.
  public func text(indent: Int? = nil) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    write(into: &out, indent: indent, level: 0)
    return String(decoding: out, as: UTF8.self)
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
    case .raw(let text): out.append(contentsOf: text.utf8)
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(contentsOf: (indent == nil ? ", " : ",").utf8) }
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
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { out.append(contentsOf: (indent == nil ? ", " : ",").utf8) }
        newline(&out, indent, level + 1)
        JSON.writeString(k, into: &out)
        out.append(contentsOf: ": ".utf8)
        v.write(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(UInt8(ascii: "}"))
    }
  }

  static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Fast path: most strings need no escaping and are copied in one go.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(contentsOf: s.utf8)
      out.append(UInt8(ascii: "\""))
      return
    }
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case 10: out.append(contentsOf: "\\n".utf8)
      case 13: out.append(contentsOf: "\\r".utf8)
      case 9: out.append(contentsOf: "\\t".utf8)
      case 0..<0x20:
        let h = String(b, radix: 16)
        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - h.count) + h).utf8)
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
