import Foundation

/// Python's printf-style `'%s' % args` formatting.
enum PercentFormat {
  static func format(_ fmt: String, _ args: Value) throws -> String {
    var positional: [Value]
    var mapping: DictBox?
    switch args {
    case .tuple(let t): positional = t
    case .dict(let d):
      positional = [args]
      mapping = d
    default: positional = [args]
    }
    var out = ""
    var argIndex = 0
    let chars = Array(fmt)
    var i = 0
    func nextArg() throws -> Value {
      guard argIndex < positional.count else {
        throw JinjaError.type("not enough arguments for format string")
      }
      defer { argIndex += 1 }
      return positional[argIndex]
    }
    while i < chars.count {
      let c = chars[i]
      guard c == "%" else {
        out.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < chars.count else { throw JinjaError.type("incomplete format") }
      var key: String?
      if chars[i] == "(" {
        var depth = 1
        var j = i + 1
        while j < chars.count && depth > 0 {
          if chars[j] == "(" { depth += 1 } else if chars[j] == ")" { depth -= 1 }
          j += 1
        }
        if depth > 0 { throw JinjaError.type("incomplete format key") }
        key = String(chars[(i + 1)..<(j - 1)])
        i = j
      }
      var flags = Set<Character>()
      while i < chars.count, "-+ #0".contains(chars[i]) {
        flags.insert(chars[i])
        i += 1
      }
      var width = 0
      if i < chars.count, chars[i] == "*" {
        width = try SizeLimit.check(max(0, try nextArg().intValue ?? 0))
        i += 1
      }
      while i < chars.count, let d = chars[i].wholeNumberValue {
        width = try SizeLimit.digit(width, d)
        i += 1
      }
      var precision: Int?
      if i < chars.count, chars[i] == "." {
        i += 1
        var p = 0
        while i < chars.count, let d = chars[i].wholeNumberValue {
          p = try SizeLimit.digit(p, d)
          i += 1
        }
        precision = p
      }
      while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
      guard i < chars.count else { throw JinjaError.type("incomplete format") }
      let conv = chars[i]
      i += 1
      if conv == "%" {
        out.append("%")
        continue
      }
      let arg: Value
      if let key {
        guard let mapping else { throw JinjaError.type("format requires a mapping") }
        guard let v = mapping.items[.string(key)] else { throw JinjaError.type("KeyError: '\(key)'") }
        arg = v
      } else {
        arg = try nextArg()
      }
      var body: String
      var numeric = false
      switch conv {
      case "s": body = arg.pythonStr
      case "r", "a": body = arg.pythonRepr
      case "d", "i", "u":
        guard let d = arg.numericDouble else {
          throw JinjaError.type("%\(conv) format: a real number is required, not \(arg.typeName)")
        }
        body = arg.intValue.map { String($0) } ?? String(Int(d.rounded(.towardZero)))
        numeric = true
      case "f", "F", "e", "E", "g", "G":
        guard let d = arg.numericDouble else {
          throw JinjaError.type("must be real number, not \(arg.typeName)")
        }
        body = FormatSpec.formatFloat(d, type: conv, precision: precision ?? 6, alt: flags.contains("#"))
        numeric = true
      case "x", "X", "o":
        guard let n = arg.intValue else {
          throw JinjaError.type("%\(conv) format: an integer is required, not \(arg.typeName)")
        }
        body = String(abs(n), radix: conv == "o" ? 8 : 16, uppercase: conv == "X")
        if flags.contains("#") { body = (conv == "o" ? "0o" : (conv == "x" ? "0x" : "0X")) + body }
        if n < 0 { body = "-" + body }
        numeric = true
      case "c":
        if let n = arg.intValue, let u = Unicode.Scalar(n) { body = String(Character(u)) } else { body = arg.pythonStr }
      default:
        throw JinjaError.type("unsupported format character '\(conv)'")
      }
      if !numeric, let precision, conv == "s" || conv == "r" {
        body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(precision)))
      }
      if numeric {
        if !body.hasPrefix("-") {
          if flags.contains("+") { body = "+" + body } else if flags.contains(" ") { body = " " + body }
        }
        if flags.contains("0") && !flags.contains("-") && body.unicodeScalars.count < width {
          let sign = body.first.map { "+- ".contains($0) } == true ? String(body.removeFirst()) : ""
          body = sign + String(repeating: "0", count: width - body.unicodeScalars.count - sign.count) + body
        }
      }
      if body.unicodeScalars.count < width {
        let pad = String(repeating: " ", count: width - body.unicodeScalars.count)
        body = flags.contains("-") ? body + pad : pad + body
      }
      out += body
    }
    if mapping == nil && argIndex < positional.count {
      throw JinjaError.type("not all arguments converted during string formatting")
    }
    return out
  }
}

/// Python's format-spec mini language, shared by `str.format` and the `format` of floats.
enum FormatSpec {
  static func formatFloat(_ d: Double, type: Character, precision: Int, alt: Bool = false) -> String {
    if d.isNaN { return type.isUppercase ? "NAN" : "nan" }
    if d.isInfinite { return (d < 0 ? "-" : "") + (type.isUppercase ? "INF" : "inf") }
    switch type {
    case "f", "F":
      return String(format: "%.\(precision)f", d)
    case "e", "E":
      return String(format: "%.\(precision)\(type)", d)
    case "%":
      return String(format: "%.\(precision)f", d * 100) + "%"
    default:
      // g: like C's %g (Python's rules match for finite values).
      var s = String(format: "%.\(max(precision, 1))\(alt ? "#" : "")\(type == "G" ? "G" : "g")", d)
      if s.contains("e") || s.contains("E") {
        // Python keeps at least two exponent digits, as C does; nothing to change.
        s = s.replacingOccurrences(of: "e+0", with: "e+0")
      }
      return s
    }
  }

  /// Applies `[[fill]align][sign][#][0][width][,][.precision][type]` to a value.
  static func apply(_ v: Value, _ spec: String) throws -> String {
    if spec.isEmpty { return v.pythonStr }
    var chars = Array(spec)
    var fill: Character = " "
    var align: Character?
    if chars.count >= 2, "<>^=".contains(chars[1]) {
      fill = chars[0]
      align = chars[1]
      chars.removeFirst(2)
    } else if let f = chars.first, "<>^=".contains(f) {
      align = f
      chars.removeFirst()
    }
    var sign: Character?
    if let f = chars.first, "+- ".contains(f) {
      sign = f
      chars.removeFirst()
    }
    var alt = false
    if chars.first == "#" {
      alt = true
      chars.removeFirst()
    }
    if chars.first == "0" {
      if align == nil {
        fill = "0"
        align = "="
      }
      chars.removeFirst()
    }
    var width = 0
    while let d = chars.first?.wholeNumberValue {
      width = try SizeLimit.digit(width, d)
      chars.removeFirst()
    }
    var grouping: Character?
    if let f = chars.first, f == "," || f == "_" {
      grouping = f
      chars.removeFirst()
    }
    var precision: Int?
    if chars.first == "." {
      chars.removeFirst()
      var p = 0
      while let d = chars.first?.wholeNumberValue {
        p = try SizeLimit.digit(p, d)
        chars.removeFirst()
      }
      precision = p
    }
    let type = chars.first
    if chars.count > 1 { throw JinjaError.type("Invalid format specifier '\(spec)'") }
    var body: String
    var isNumber = false
    switch v {
    case .int, .bool, .float:
      isNumber = true
      let isInt = v.intValue != nil && type != "f" && type != "e" && type != "g" && type != "%"
        && type != "F" && type != "E" && type != "G"
      if isInt, let n = v.intValue {
        switch type {
        case "x", "X": body = String(abs(n), radix: 16, uppercase: type == "X"); if alt { body = "0x" + body }
        case "o": body = String(abs(n), radix: 8); if alt { body = "0o" + body }
        case "b": body = String(abs(n), radix: 2); if alt { body = "0b" + body }
        case "c": body = Unicode.Scalar(n).map { String(Character($0)) } ?? ""
        default: body = String(abs(n))
        }
        if let grouping, type == nil || type == "d" { body = group(body, grouping) }
        if n < 0 { body = "-" + body }
      } else {
        let d = v.numericDouble ?? 0
        if let t = type {
          body = formatFloat(abs(d), type: t, precision: precision ?? 6, alt: alt)
        } else if let p = precision {
          body = formatFloat(abs(d), type: "g", precision: p, alt: alt)
        } else {
          body = PyFloat.repr(abs(d))
        }
        if let grouping {
          let parts = body.split(separator: ".", maxSplits: 1)
          body = group(String(parts[0]), grouping) + (parts.count > 1 ? "." + parts[1] : "")
        }
        if d < 0 || (d == 0 && d.sign == .minus) { body = "-" + body }
      }
      if !body.hasPrefix("-") {
        if sign == "+" { body = "+" + body } else if sign == " " { body = " " + body }
      }
    default:
      if let t = type, t != "s" {
        throw JinjaError.type("Unknown format code '\(t)' for object of type '\(v.typeName)'")
      }
      body = v.pythonStr
      if let precision { body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(precision))) }
    }
    let a = align ?? (isNumber ? ">" : "<")
    guard body.unicodeScalars.count < width else { return body }
    let pad = width - body.unicodeScalars.count
    switch a {
    case "<": return body + String(repeating: fill, count: pad)
    case "^":
      let left = pad / 2
      return String(repeating: fill, count: left) + body + String(repeating: fill, count: pad - left)
    case "=":
      var signPart = ""
      var rest = body
      if let f = rest.first, "+- ".contains(f) {
        signPart = String(f)
        rest.removeFirst()
      }
      return signPart + String(repeating: fill, count: pad) + rest
    default: return String(repeating: fill, count: pad) + body
    }
  }

  static func group(_ digits: String, _ sep: Character) -> String {
    var out: [Character] = []
    for (i, c) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { out.append(sep) }
      out.append(c)
    }
    return String(out.reversed())
  }
}

/// Python's `str.format`.
enum StrFormat {
  static func format(_ fmt: String, _ args: Arguments) throws -> String {
    var out = ""
    let chars = Array(fmt)
    var i = 0
    var auto = 0
    while i < chars.count {
      let c = chars[i]
      if c == "{" {
        if i + 1 < chars.count && chars[i + 1] == "{" {
          out.append("{")
          i += 2
          continue
        }
        var j = i + 1
        var depth = 1
        while j < chars.count {
          if chars[j] == "{" { depth += 1 }
          if chars[j] == "}" {
            depth -= 1
            if depth == 0 { break }
          }
          j += 1
        }
        guard j < chars.count else { throw JinjaError.type("Single '{' encountered in format string") }
        let field = String(chars[(i + 1)..<j])
        out += try formatField(field, args, &auto)
        i = j + 1
      } else if c == "}" {
        if i + 1 < chars.count && chars[i + 1] == "}" {
          out.append("}")
          i += 2
          continue
        }
        throw JinjaError.type("Single '}' encountered in format string")
      } else {
        out.append(c)
        i += 1
      }
    }
    return out
  }

  static func formatField(_ field: String, _ args: Arguments, _ auto: inout Int) throws -> String {
    var name = field
    var spec = ""
    var conversion: Character?
    if let colon = field.firstIndex(of: ":") {
      name = String(field[..<colon])
      spec = String(field[field.index(after: colon)...])
    }
    if let bang = name.firstIndex(of: "!") {
      conversion = name[name.index(after: bang)...].first
      name = String(name[..<bang])
    }
    // The first part is an index or keyword; then `.attr` / `[key]` accessors.
    var head = name
    var accessors = ""
    if let k = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
      head = String(name[..<k])
      accessors = String(name[k...])
    }
    var value: Value
    if head.isEmpty {
      guard auto < args.positional.count else {
        throw JinjaError.type("Replacement index \(auto) out of range for positional args tuple")
      }
      value = args.positional[auto]
      auto += 1
    } else if let n = Int(head) {
      guard n < args.positional.count else {
        throw JinjaError.type("Replacement index \(n) out of range for positional args tuple")
      }
      value = args.positional[n]
    } else {
      guard let v = args.keyword[head] else { throw JinjaError.type("KeyError: '\(head)'") }
      value = v
    }
    var rest = Substring(accessors)
    while let f = rest.first {
      if f == "." {
        rest = rest.dropFirst()
        let attr = rest.prefix { $0 != "." && $0 != "[" }
        rest = rest.dropFirst(attr.count)
        if case .dict(let d) = value, let v = d.items[.string(String(attr))] {
          value = v
        } else if case .object(let o) = value, let v = o.attribute(String(attr)) {
          value = v
        } else {
          throw JinjaError.type("'\(value.typeName)' object has no attribute '\(attr)'")
        }
      } else if f == "[" {
        guard let close = rest.firstIndex(of: "]") else { throw JinjaError.type("Missing ']' in format string") }
        let key = String(rest[rest.index(after: rest.startIndex)..<close])
        rest = rest[rest.index(after: close)...]
        switch value {
        case .list(let l):
          guard let n = Int(key), n < l.items.count else { throw JinjaError.type("list index out of range") }
          value = l.items[n]
        case .tuple(let t):
          guard let n = Int(key), n < t.count else { throw JinjaError.type("tuple index out of range") }
          value = t[n]
        case .dict(let d):
          guard let v = d.items[Int(key).map { Value.int($0) } ?? .string(key)] ?? d.items[.string(key)] else {
            throw JinjaError.type("KeyError: '\(key)'")
          }
          value = v
        default: throw JinjaError.type("'\(value.typeName)' object is not subscriptable")
        }
      } else {
        break
      }
    }
    if conversion == "r" { value = .string(value.pythonRepr) }
    if conversion == "s" { value = .string(value.pythonStr) }
    return try FormatSpec.apply(value, spec)
  }
}
