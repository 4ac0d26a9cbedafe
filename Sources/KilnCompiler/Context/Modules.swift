import Foundation
import KilnJinja

/// A point in time as templates see `run_started_at` / `modules.datetime.datetime.now()`:
/// renders like Python's `str(datetime)` in UTC, with `strftime` and `isoformat`.
final class DateTimeValue: JinjaObject {
  let date: Date
  init(_ date: Date) { self.date = date }

  var components: DateComponents {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC") ?? .current
    return cal.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
  }

  func strftime(_ fmt: String) -> String {
    let c = components
    func p(_ v: Int?, _ w: Int) -> String {
      let s = String(v ?? 0)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    var out = ""
    var it = fmt.makeIterator()
    while let ch = it.next() {
      guard ch == "%", let f = it.next() else {
        out.append(ch)
        continue
      }
      switch f {
      case "Y": out += p(c.year, 4)
      case "m": out += p(c.month, 2)
      case "d": out += p(c.day, 2)
      case "H": out += p(c.hour, 2)
      case "M": out += p(c.minute, 2)
      case "S": out += p(c.second, 2)
      case "f": out += p((c.nanosecond ?? 0) / 1000, 6)
      case "%": out += "%"
      default: out += "%" + String(f)
      }
    }
    return out
  }

  var renderedText: String { strftime("%Y-%m-%d %H:%M:%S.%f+00:00") }
  var typeName: String { "datetime" }

  func attribute(_ name: String) -> Value? {
    let c = components
    switch name {
    case "year": return .int(c.year ?? 0)
    case "month": return .int(c.month ?? 0)
    case "day": return .int(c.day ?? 0)
    case "hour": return .int(c.hour ?? 0)
    case "minute": return .int(c.minute ?? 0)
    case "second": return .int(c.second ?? 0)
    case "strftime":
      return .function("strftime") { [self] a, _ in .string(self.strftime(a.positional.first?.pythonStr ?? "")) }
    case "isoformat":
      return .function("isoformat") { [self] _, _ in .string(self.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")) }
    case "timestamp":
      return .function("timestamp") { [self] _, _ in .float(self.date.timeIntervalSince1970) }
    default: return nil
    }
  }
}

/// dbt's `modules`: the basics of `datetime`, `re` and `itertools`.
enum Modules {
  static let value: Value = .dict([
    (
      "datetime",
      .dict([
        (
          "datetime",
          .dict([
            ("now", .function("now") { _, _ in .object(DateTimeValue(Date())) }),
            ("utcnow", .function("utcnow") { _, _ in .object(DateTimeValue(Date())) }),
          ])
        ),
        ("date", .dict([("today", .function("today") { _, _ in .object(DateTimeValue(Date())) })])),
      ])
    ),
    (
      "re",
      .dict([
        ("search", .function("search") { a, _ in try regex(a, anchored: false) }),
        ("match", .function("match") { a, _ in try regex(a, anchored: true) }),
        ("findall", .function("findall") { a, _ in try findall(a) }),
        ("sub", .function("sub") { a, _ in try sub(a) }),
        ("escape", .function("escape") { a, _ in
          .string(NSRegularExpression.escapedPattern(for: a.positional.first?.pythonStr ?? ""))
        }),
      ])
    ),
    (
      "itertools",
      .dict([
        ("chain", .function("chain") { a, _ in
          .list(a.positional.flatMap { $0.iterationItems() ?? [] })
        }),
        ("product", .function("product") { a, _ in
          var acc: [[Value]] = [[]]
          for list in a.positional.map({ $0.iterationItems() ?? [] }) {
            acc = acc.flatMap { prefix in list.map { prefix + [$0] } }
          }
          return .list(acc.map { .tuple($0) })
        }),
      ])
    ),
  ])

  static func compile(_ a: Arguments) throws -> (NSRegularExpression, String) {
    guard a.positional.count >= 2, let p = a.positional[0].stringValue,
      let s = a.positional[1].stringValue
    else { throw JinjaError.type("expected a pattern and a string") }
    do { return (try NSRegularExpression(pattern: p), s) } catch {
      throw JinjaError.type("invalid regular expression \(PyStringRepr.of(p))")
    }
  }

  static func regex(_ a: Arguments, anchored: Bool) throws -> Value {
    let (re, s) = try compile(a)
    let ns = s as NSString
    guard let m = re.firstMatch(in: s, options: anchored ? [.anchored] : [], range: NSRange(location: 0, length: ns.length))
    else { return .none }
    let groups = (0..<m.numberOfRanges).map { i -> Value in
      let r = m.range(at: i)
      return r.location == NSNotFound ? .none : .string(ns.substring(with: r))
    }
    return .object(MatchValue(groups: groups))
  }

  static func findall(_ a: Arguments) throws -> Value {
    let (re, s) = try compile(a)
    let ns = s as NSString
    return .list(
      re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
        if m.numberOfRanges == 1 { return .string(ns.substring(with: m.range)) }
        if m.numberOfRanges == 2 { return .string(ns.substring(with: m.range(at: 1))) }
        return .tuple((1..<m.numberOfRanges).map { .string(ns.substring(with: m.range(at: $0))) })
      })
  }

  static func sub(_ a: Arguments) throws -> Value {
    guard a.positional.count >= 3, let p = a.positional[0].stringValue,
      let r = a.positional[1].stringValue, let s = a.positional[2].stringValue
    else { throw JinjaError.type("re.sub expects pattern, replacement, string") }
    guard let re = try? NSRegularExpression(pattern: p) else { throw JinjaError.type("invalid regular expression") }
    let template = r.replacingOccurrences(of: "\\\\(\\d)", with: "\\$$1", options: .regularExpression)
    return .string(
      re.stringByReplacingMatches(
        in: s, range: NSRange(location: 0, length: (s as NSString).length), withTemplate: template))
  }
}

/// A regex match: `m.group(0)`, `m.groups()`.
final class MatchValue: JinjaObject {
  let groups: [Value]
  init(groups: [Value]) { self.groups = groups }
  var renderedText: String { "<re.Match object>" }
  var typeName: String { "Match" }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "group":
      return .function("group") { [self] a, _ in
        let i = a.positional.first.flatMap { v -> Int? in if case .int(let n) = v { return n }; return nil } ?? 0
        return i < self.groups.count ? self.groups[i] : .none
      }
    case "groups": return .function("groups") { [self] _, _ in .tuple(Array(self.groups.dropFirst())) }
    default: return nil
    }
  }
}

enum PyStringRepr {
  static func of(_ s: String) -> String { Value.string(s).pythonRepr }
}
