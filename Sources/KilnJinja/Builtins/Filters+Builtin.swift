import Foundation
import OrderedCollections

extension Filters {
  /// Every builtin filter by name.
  static let builtin: [String: FilterFunction] = {
    var f: [String: FilterFunction] = [:]
    f["abs"] = { v, _, _ in
      switch v {
      case .int(let i): return .int(abs(i))
      case .float(let d): return .float(abs(d))
      case .bool(let b): return .int(b ? 1 : 0)
      default: throw JinjaError.type("bad operand type for abs(): '\(v.typeName)'")
      }
    }
    f["attr"] = { v, a, s in
      guard let name = arg(a, 0, "name")?.stringValue else { throw JinjaError.type("attr() needs a name") }
      if case .object(let o) = v, let r = o.attribute(name) { return r }
      if let m = Methods.bound(v, name) { return m }
      return .undefined(UndefinedInfo(name: name, owner: RenderState.ownerName(v)))
    }
    f["batch"] = { v, a, _ in
      guard let n = arg(a, 0, "linecount")?.intValue, n > 0 else { throw JinjaError.type("batch() needs a positive line count") }
      _ = try SizeLimit.check(n, limit: SizeLimit.maxItems)
      let fill = arg(a, 1, "fill_with")
      var out: [Value] = []
      var cur: [Value] = []
      for item in try items(v, "batch") {
        if cur.count == n {
          out.append(.list(cur))
          cur = []
        }
        cur.append(item)
      }
      if !cur.isEmpty {
        if let fill, !fill.isNone { while cur.count < n { cur.append(fill) } }
        out.append(.list(cur))
      }
      return .list(out)
    }
    f["capitalize"] = { v, _, _ in .string(PyText.capitalize(str(v))) }
    f["center"] = { v, a, _ in
      .string(PyText.pad(str(v), try SizeLimit.check(max(0, arg(a, 0, "width")?.intValue ?? 80)), " ", .center))
    }
    let length: FilterFunction = { v, _, _ in
      switch v {
      case .string(let s), .markup(let s): return .int(s.unicodeScalars.count)
      case .list(let l): return .int(l.items.count)
      case .tuple(let t): return .int(t.count)
      case .dict(let d): return .int(d.items.count)
      case .undefined: return .int(0)
      case .object(let o):
        if let i = o.iterate() { return .int(i.count) }
        fallthrough
      default: throw JinjaError.type("object of type '\(v.typeName)' has no len()")
      }
    }
    f["length"] = length
    f["count"] = length
    let dflt: FilterFunction = { v, a, _ in
      let d = arg(a, 0, "default_value") ?? .string("")
      let boolean = arg(a, 1, "boolean")?.isTruthy ?? false
      if v.isUndefined || (boolean && !v.isTruthy) { return d }
      return v
    }
    f["default"] = dflt
    f["d"] = dflt
    f["dictsort"] = { v, a, _ in
      guard case .dict(let d) = v else { throw JinjaError.type("dictsort requires a dict") }
      let cs = arg(a, 0, "case_sensitive")?.isTruthy ?? false
      let by = arg(a, 1, "by")?.stringValue ?? "key"
      let reverse = arg(a, 2, "reverse")?.isTruthy ?? false
      guard by == "key" || by == "value" else { throw JinjaError.runtime("You can only sort by either \"key\" or \"value\"") }
      let pairs = d.items.map { Value.tuple([$0.key, $0.value]) }
      return .list(try sorted(pairs, reverse: reverse, caseSensitive: cs) { p in
        if case .tuple(let t) = p { return by == "key" ? t[0] : t[1] }
        return p
      })
    }
    let escape: FilterFunction = { v, _, _ in
      if case .markup = v { return v }
      return .markup(escapeHTML(str(v)))
    }
    f["escape"] = escape
    f["e"] = escape
    f["forceescape"] = { v, _, _ in .markup(escapeHTML(str(v))) }
    f["first"] = { v, _, _ in
      try items(v, "first").first ?? .undefined(UndefinedInfo(custom: "No first item, sequence was empty."))
    }
    f["last"] = { v, _, _ in
      try items(v, "last").last ?? .undefined(UndefinedInfo(custom: "No last item, sequence was empty."))
    }
    f["float"] = { v, a, _ in
      if let d = toFloat(v) { return .float(d) }
      return arg(a, 0, "default") ?? .float(0)
    }
    f["int"] = { v, a, _ in
      let base = arg(a, 1, "base")?.intValue ?? 10
      if let i = toInt(v, base: base) { return .int(i) }
      if v.stringValue != nil, let d = toFloat(v), d.isFinite { return .int(Int(d.rounded(.towardZero))) }
      return arg(a, 0, "default") ?? .int(0)
    }
    f["format"] = { v, a, _ in
      let args: Value = a.keyword.isEmpty
        ? .tuple(a.positional)
        : .dict(OrderedDictionary(uniqueKeysWithValues: a.keyword.map { (Value.string($0.key), $0.value) }))
      return .string(try PercentFormat.format(str(v), args))
    }
    f["groupby"] = { v, a, s in
      let attribute = arg(a, 0, "attribute")
      let dflt = arg(a, 1, "default")
      let cs = arg(a, 2, "case_sensitive")?.isTruthy ?? false
      let getter = attrGetter(s, attribute, default: dflt)
      let list = try sorted(try items(v, "groupby"), reverse: false, caseSensitive: cs, key: getter)
      var groups: [(Value, Value, [Value])] = []
      for item in list {
        let raw = try getter(item)
        let k = sortKey(raw, caseSensitive: cs)
        if let last = groups.last, last.1 == k {
          groups[groups.count - 1].2.append(item)
        } else {
          groups.append((raw, k, [item]))
        }
      }
      return .list(groups.map { .object(GroupTuple(grouper: $0.0, list: $0.2)) })
    }
    f["indent"] = { v, a, _ in
      let w = arg(a, 0, "width") ?? .int(4)
      let indention = try w.stringValue ?? String(repeating: " ", count: SizeLimit.check(max(0, w.intValue ?? 4)))
      let first = arg(a, 1, "first")?.isTruthy ?? false
      let blank = arg(a, 2, "blank")?.isTruthy ?? false
      let lines = splitLines(str(v) + "\n")
      var rv: String
      if blank {
        rv = lines.joined(separator: "\n" + indention)
      } else {
        rv = lines.first ?? ""
        let rest = lines.dropFirst()
        if !rest.isEmpty {
          rv += "\n" + rest.map { $0.isEmpty ? $0 : indention + $0 }.joined(separator: "\n")
        }
      }
      if first { rv = indention + rv }
      return .string(rv)
    }
    f["items"] = { v, _, _ in
      switch v {
      case .undefined: return .list([])
      case .dict(let d): return .list(d.items.map { .tuple([$0.key, $0.value]) })
      default: throw JinjaError.type("Can only get item pairs from a mapping.")
      }
    }
    f["join"] = { v, a, s in
      let sep = arg(a, 0, "d").map { str($0) } ?? ""
      let getter = attrGetter(s, arg(a, 1, "attribute"))
      return .string(try items(v, "join").map { str(try getter($0)) }.joined(separator: sep))
    }
    f["list"] = { v, _, _ in .list(try items(v, "list")) }
    f["lower"] = { v, _, _ in .string(str(v).lowercased()) }
    f["upper"] = { v, _, _ in .string(str(v).uppercased()) }
    f["title"] = { v, _, _ in .string(titleJinja(str(v))) }
    f["map"] = { v, a, s in
      let list = try items(v, "map")
      if let attribute = a.keyword["attribute"] {
        let getter = attrGetter(s, attribute, default: a.keyword["default"])
        return .list(try list.map(getter))
      }
      guard let name = a.positional.first?.stringValue else {
        throw JinjaError.type("map requires a filter argument")
      }
      guard let filter = s.environment.filters[name] else {
        throw JinjaError.runtime("No filter named '\(name)'.")
      }
      let rest = Arguments(Array(a.positional.dropFirst()), keyword: a.keyword)
      return .list(try list.map { try filter($0, rest, s) })
    }
    f["max"] = { v, a, s in try minMax(v, a, s, max: true) }
    f["min"] = { v, a, s in try minMax(v, a, s, max: false) }
    f["pprint"] = { v, _, _ in .string(v.pythonRepr) }
    f["reject"] = { v, a, s in try selectOrReject(v, a, s, attr: false, select: false) }
    f["select"] = { v, a, s in try selectOrReject(v, a, s, attr: false, select: true) }
    f["rejectattr"] = { v, a, s in try selectOrReject(v, a, s, attr: true, select: false) }
    f["selectattr"] = { v, a, s in try selectOrReject(v, a, s, attr: true, select: true) }
    f["replace"] = { v, a, _ in
      guard a.positional.count >= 2 else { throw JinjaError.type("replace() needs old and new") }
      let count = arg(a, 2, "count")?.intValue ?? -1
      return .string(PyText.replace(str(v), str(a.positional[0]), str(a.positional[1]), count: count))
    }
    f["reverse"] = { v, _, _ in
      if let s = v.stringValue { return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) }
      return .list(try items(v, "reverse").reversed())
    }
    f["round"] = { v, a, _ in
      let precision = arg(a, 0, "precision")?.intValue ?? 0
      let method = arg(a, 1, "method")?.stringValue ?? "common"
      guard ["common", "ceil", "floor"].contains(method) else {
        throw JinjaError.type("method must be common, ceil or floor")
      }
      if method == "common" {
        if let i = v.intValue, precision >= 0 { return .int(i) }
        guard let d = v.numericDouble else { throw JinjaError.type("type \(v.typeName) doesn't define __round__ method") }
        if let i = v.intValue {
          return .int(Int(pyRound(Double(i), precision)))
        }
        return .float(pyRound(d, precision))
      }
      guard let d = v.numericDouble else { throw JinjaError.type("must be real number, not \(v.typeName)") }
      let p = Foundation.pow(10.0, Double(precision))
      let r = method == "ceil" ? (d * p).rounded(.up) : (d * p).rounded(.down)
      return .float(r / p)
    }
    f["safe"] = { v, _, _ in .markup(str(v)) }
    f["slice"] = { v, a, _ in
      guard let slices = arg(a, 0, "slices")?.intValue, slices > 0 else { throw JinjaError.type("slice() needs a positive count") }
      _ = try SizeLimit.check(slices, limit: SizeLimit.maxItems)
      let fill = arg(a, 1, "fill_with")
      let seq = try items(v, "slice")
      let perSlice = seq.count / slices
      let withExtra = seq.count % slices
      var offset = 0
      var out: [Value] = []
      for i in 0..<slices {
        let start = offset + i * perSlice
        if i < withExtra { offset += 1 }
        let end = offset + (i + 1) * perSlice
        var tmp = Array(seq[min(start, seq.count)..<min(end, seq.count)])
        if let fill, !fill.isNone, i >= withExtra { tmp.append(fill) }
        out.append(.list(tmp))
      }
      return .list(out)
    }
    f["sort"] = { v, a, s in
      let reverse = arg(a, 0, "reverse")?.isTruthy ?? false
      let cs = arg(a, 1, "case_sensitive")?.isTruthy ?? false
      let attribute = arg(a, 2, "attribute")
      // jinja2 3.1: "a,b" sorts by several attributes.
      let getter: ((Value) throws -> Value)? = attribute.map { attr in
        if let names = attr.stringValue, names.contains(",") {
          let getters = names.split(separator: ",").map { attrGetter(s, .string($0.trimmingCharacters(in: .whitespaces))) }
          return { item in .tuple(try getters.map { g in sortKey(try g(item), caseSensitive: cs) }) }
        }
        return attrGetter(s, attr)
      }
      return .list(try sorted(try items(v, "sort"), reverse: reverse, caseSensitive: cs, key: getter))
    }
    f["string"] = { v, _, _ in
      if case .markup = v { return v }
      return .string(str(v))
    }
    f["striptags"] = { v, _, _ in
      var s = str(v)
      while let r = s.range(of: "<!--"), let e = s.range(of: "-->", range: r.upperBound..<s.endIndex) {
        s.removeSubrange(r.lowerBound..<e.upperBound)
      }
      var out = ""
      var inTag = false
      for c in s {
        if c == "<" { inTag = true } else if c == ">" && inTag { inTag = false } else if !inTag { out.append(c) }
      }
      let collapsed = out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
      return .string(
        collapsed.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
          .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&quot;", with: "\"")
          .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&"))
    }
    f["sum"] = { v, a, s in
      let getter = attrGetter(s, arg(a, 0, "attribute"))
      var total = arg(a, 1, "start") ?? .int(0)
      for item in try items(v, "sum") { total = try Value.binary(.add, total, try getter(item)) }
      return total
    }
    f["tojson"] = { v, a, _ in
      let indent = try arg(a, 0, "indent")?.intValue.map { try SizeLimit.check(max(0, $0), limit: 1024) }
      let s = try toJSON(v, indent: indent)
      return .markup(
        s.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
          .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "'", with: "\\u0027"))
    }
    f["trim"] = { v, a, _ in
      .string(PyText.strip(str(v), arg(a, 0, "chars")?.stringValue, left: true, right: true))
    }
    f["truncate"] = { v, a, _ in
      let s = str(v)
      let length = arg(a, 0, "length")?.intValue ?? 255
      let killwords = arg(a, 1, "killwords")?.isTruthy ?? false
      let end = arg(a, 2, "end").map { str($0) } ?? "..."
      let leeway = arg(a, 3, "leeway")?.intValue ?? 5
      guard length >= end.count else { throw JinjaError.type("expected length >= \(end.count), got \(length)") }
      guard leeway >= 0 else { throw JinjaError.type("expected leeway >= 0, got \(leeway)") }
      if s.count <= length + leeway { return .string(s) }
      let head = String(s.prefix(length - end.count))
      if killwords { return .string(head + end) }
      if let sp = head.range(of: " ", options: .backwards) { return .string(String(head[..<sp.lowerBound]) + end) }
      return .string(head + end)
    }
    f["unique"] = { v, a, s in
      let cs = arg(a, 0, "case_sensitive")?.isTruthy ?? false
      let getter = attrGetter(s, arg(a, 1, "attribute"))
      var seen = Set<Value>()
      var out: [Value] = []
      for item in try items(v, "unique") {
        let k = sortKey(try getter(item), caseSensitive: cs)
        if seen.insert(k).inserted { out.append(item) }
      }
      return .list(out)
    }
    f["urlencode"] = { v, _, _ in
      func q(_ s: String, safe: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "_.-~" + safe)
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
      }
      if case .dict(let d) = v {
        // Query strings use `+` for spaces (jinja2's url_quote with for_qs=True).
        func qs(_ s: String) -> String { q(s, safe: "").replacingOccurrences(of: "%20", with: "+") }
        return .string(d.items.map { qs(str($0.key)) + "=" + qs(str($0.value)) }.joined(separator: "&"))
      }
      return .string(q(str(v), safe: "/"))
    }
    f["wordcount"] = { v, _, _ in
      .int(str(v).split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).count)
    }
    f["wordwrap"] = { v, a, _ in
      let width = arg(a, 0, "width")?.intValue ?? 79
      // textwrap's check; a width of 0 would otherwise never finish.
      if width <= 0 { throw JinjaError.type("invalid width \(width) (must be > 0)") }
      let breakLong = arg(a, 1, "break_long_words")?.isTruthy ?? true
      let wrap = arg(a, 2, "wrapstring").map { str($0) } ?? "\n"
      return .string(wordwrap(str(v), width: width, breakLong: breakLong, wrap: wrap))
    }
    f["xmlattr"] = { v, a, _ in
      guard case .dict(let d) = v else { throw JinjaError.type("xmlattr requires a dict") }
      let autospace = arg(a, 0, "autospace")?.isTruthy ?? true
      let parts = d.items.compactMap { k, val -> String? in
        if val.isNone || val.isUndefined { return nil }
        return "\(escapeHTML(str(k)))=\"\(escapeHTML(str(val)))\""
      }
      let s = parts.joined(separator: " ")
      return .markup(autospace && !s.isEmpty ? " " + s : s)
    }
    // dbt's text-mode filters are identity functions (dbt-common clients/jinja.py).
    for name in ["as_text", "as_bool", "as_native", "as_number"] {
      f[name] = { v, _, _ in v }
    }
    return f
  }()
}

/// The `(grouper, list)` named tuple returned by `groupby`.
final class GroupTuple: JinjaObject, @unchecked Sendable {
  // @unchecked: immutable after creation.
  let grouper: Value
  let list: [Value]
  init(grouper: Value, list: [Value]) {
    self.grouper = grouper
    self.list = list
  }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "grouper": return grouper
    case "list": return .list(list)
    default: return nil
    }
  }
  func item(_ key: Value) -> Value? {
    switch key.intValue {
    case 0, -2: return grouper
    case 1, -1: return .list(list)
    default: return key.stringValue.flatMap { attribute($0) }
    }
  }
  func iterate() -> [Value]? { [grouper, .list(list)] }
  var renderedText: String { Value.tuple([grouper, .list(list)]).pythonRepr }
  var typeName: String { "tuple" }
}
