import OrderedCollections

extension Value {
  /// Parses JSON text into a value, keeping int vs float and key order (dbt's `fromjson`).
  public static func fromJSON(_ text: String) throws -> Value {
    var p = JSONReader(bytes: Array(text.utf8))
    p.skipSpace()
    let v = try p.value(depth: 0)
    p.skipSpace()
    guard p.pos == p.bytes.count else { throw p.error("extra data") }
    return v
  }

  /// JSON text of the value like Python's `json.dumps`: keys in insertion order unless
  /// `sortKeys` (dbt's `tojson(value, sort_keys=...)`).
  public func toJSON(indent: Int? = nil, sortKeys: Bool = false) throws -> String {
    try Filters.toJSON(self, indent: indent, sortKeys: sortKeys)
  }
}

private struct JSONReader {
  let bytes: [UInt8]
  var pos = 0

  func error(_ m: String) -> JinjaError { .type("invalid JSON: \(m) at offset \(pos)") }

  mutating func skipSpace() {
    while pos < bytes.count, [32, 9, 10, 13].contains(bytes[pos]) { pos += 1 }
  }

  mutating func value(depth: Int) throws -> Value {
    guard depth < 200 else { throw error("nested too deeply") }
    guard pos < bytes.count else { throw error("unexpected end") }
    switch bytes[pos] {
    case UInt8(ascii: "{"):
      pos += 1
      var d = OrderedDictionary<Value, Value>()
      skipSpace()
      if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
        pos += 1
        return .dict(d)
      }
      while true {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected key") }
        let k = try string()
        skipSpace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':'") }
        pos += 1
        skipSpace()
        d[.string(k)] = try value(depth: depth + 1)
        skipSpace()
        guard pos < bytes.count else { throw error("unexpected end") }
        if bytes[pos] == UInt8(ascii: ",") {
          pos += 1
          continue
        }
        guard bytes[pos] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        pos += 1
        return .dict(d)
      }
    case UInt8(ascii: "["):
      pos += 1
      var items: [Value] = []
      skipSpace()
      if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
        pos += 1
        return .list(items)
      }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard pos < bytes.count else { throw error("unexpected end") }
        if bytes[pos] == UInt8(ascii: ",") {
          pos += 1
          continue
        }
        guard bytes[pos] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
        pos += 1
        return .list(items)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .none
    default:
      return try number()
    }
  }

  mutating func literal(_ word: String) throws {
    let w = Array(word.utf8)
    guard pos + w.count <= bytes.count, Array(bytes[pos..<(pos + w.count)]) == w else {
      throw error("unexpected token")
    }
    pos += w.count
  }

  mutating func number() throws -> Value {
    let start = pos
    var isFloat = false
    while pos < bytes.count {
      let c = bytes[pos]
      if (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
        pos += 1
      } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
        isFloat = true
        pos += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    if !isFloat, let i = Int(text) { return .int(i) }
    guard let d = Double(text) else { throw error("bad number") }
    return .float(d)
  }

  mutating func string() throws -> String {
    pos += 1
    var out = [UInt8]()
    while pos < bytes.count {
      let c = bytes[pos]
      if c == UInt8(ascii: "\"") {
        pos += 1
        return String(decoding: out, as: UTF8.self)
      }
      if c == UInt8(ascii: "\\") {
        pos += 1
        guard pos < bytes.count else { break }
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "u"):
          guard pos + 4 <= bytes.count, var v = UInt32(String(decoding: bytes[pos..<(pos + 4)], as: UTF8.self), radix: 16)
          else { throw error("bad \\u escape") }
          pos += 4
          if v >= 0xD800 && v < 0xDC00, pos + 6 <= bytes.count, bytes[pos] == UInt8(ascii: "\\"),
            let lo = UInt32(String(decoding: bytes[(pos + 2)..<(pos + 6)], as: UTF8.self), radix: 16)
          {
            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
            pos += 6
          }
          out.append(contentsOf: Array(String(Unicode.Scalar(v).map(Character.init) ?? "?").utf8))
        default: out.append(e)
        }
        continue
      }
      out.append(c)
      pos += 1
    }
    throw error("unterminated string")
  }
}
