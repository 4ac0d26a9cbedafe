import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// `fromyaml` / `toyaml` for templates, via the project loader's YAML reader.
enum YAMLBridge {
  static func load(_ text: String) throws -> Value {
    do {
      guard let v = try YAMLDocument.parse(SourceFile(path: "<fromyaml>", text: text)) else { return .none }
      return v.configValue.jinjaValue
    } catch {
      throw JinjaError.runtime("fromyaml: \(error)")
    }
  }

  static func dump(_ v: Value, indent: Int = 0) -> String {
    let pad = String(repeating: " ", count: indent)
    switch v {
    case .dict(let d):
      if d.items.isEmpty { return "{}\n" }
      var out = ""
      for (k, val) in d.items {
        switch val {
        case .dict(let inner) where !inner.items.isEmpty:
          out += "\(pad)\(k.pythonStr):\n" + dump(val, indent: indent + 2)
        case .list(let l) where !l.items.isEmpty:
          out += "\(pad)\(k.pythonStr):\n" + dump(val, indent: indent)
        default:
          out += "\(pad)\(k.pythonStr): \(scalar(val))\n"
        }
      }
      return out
    case .list(let l):
      if l.items.isEmpty { return "[]\n" }
      return l.items.map { item -> String in
        switch item {
        case .dict, .list:
          let body = dump(item, indent: indent + 2)
          return "\(pad)- " + body.dropFirst(indent + 2)
        default: return "\(pad)- \(scalar(item))\n"
        }
      }.joined()
    default:
      return scalar(v) + "\n"
    }
  }

  static func scalar(_ v: Value) -> String {
    switch v {
    case .none, .undefined: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .string(let s), .markup(let s):
      let plain = !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "_-./ ".contains($0) }
        && !["true", "false", "null", "yes", "no"].contains(s.lowercased()) && Double(s) == nil
        && s.first != " " && s.last != " "
      return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    case .list(let l) where l.items.isEmpty: return "[]"
    case .dict(let d) where d.items.isEmpty: return "{}"
    default: return v.pythonStr
    }
  }
}
