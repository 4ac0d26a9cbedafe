/// An ordered JSON value for writing artifacts (`manifest.json`, `run_results.json`).
public indirect enum JSON: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (a: JSON, b: JSON) -> Bool { a.text() == b.text() }
  public func hash(into h: inout Hasher) { h.combine(text()) }

  /// A string or null.
  public static func opt(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

  /// Serialises compactly, or indented by `indent` spaces.
  public func text(indent: Int? = nil) -> String {
    var out = ""
    write(into: &out, indent: indent, level: 0)
    return out
  }

  func write(into out: inout String, indent: Int?, level: Int) {
    let nl = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
    let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d):
      if d.isFinite {
        if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) + ".0" } else { out += "\(d)" }
      } else {
        out += "null"
      }
    case .string(let s): JSON.writeString(s, into: &out)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += indent == nil ? ", " : "," }
        out += nl
        item.write(into: &out, indent: indent, level: level + 1)
      }
      out += close + "]"
    case .object(let pairs):
      if pairs.isEmpty { out += "{}"; return }
      out += "{"
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { out += indent == nil ? ", " : "," }
        out += nl
        JSON.writeString(k, into: &out)
        out += ": "
        v.write(into: &out, indent: indent, level: level + 1)
      }
      out += close + "}"
    }
  }

  static func writeString(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}
