import Foundation
import KilnBase
import KilnProject

/// A source table's `freshness:` (dbt's `FreshnessThreshold`): `warn_after` and `error_after`
/// as a count of minutes, hours or days, and an optional `filter`.
public struct FreshnessCriteria: Sendable, Hashable {
  /// `{count, period}`; either may be missing (dbt then never trips it).
  public struct Threshold: Sendable, Hashable {
    /// `count`.
    public var count: Int?
    /// `period`: minute, hour or day.
    public var period: String?

    /// Creates a threshold.
    public init(count: Int? = nil, period: String? = nil) {
      self.count = count
      self.period = period
    }

    /// The threshold in seconds, when both parts are set.
    public var seconds: Double? {
      guard let count, let period else { return nil }
      switch period {
      case "minute": return Double(count) * 60
      case "hour": return Double(count) * 3600
      case "day": return Double(count) * 86_400
      default: return nil
      }
    }
  }

  /// `warn_after`.
  public var warnAfter: Threshold
  /// `error_after`.
  public var errorAfter: Threshold
  /// `filter`: a SQL condition for the `max(loaded_at_field)` query.
  public var filter: String?

  /// Creates criteria.
  public init(warnAfter: Threshold, errorAfter: Threshold, filter: String?) {
    self.warnAfter = warnAfter
    self.errorAfter = errorAfter
    self.filter = filter
  }

  /// dbt's outcome of a freshness check.
  public enum Status: String, Sendable {
    case pass, warn, error
    /// The check could not run (dbt's `runtime error`).
    case runtimeError = "runtime error"
  }

  /// The criteria of a source table, or nil when it has no freshness (or `freshness: null`, or
  /// neither threshold). Bad values are diagnostics at the table's entry.
  public static func of(_ s: SourceDefinition) throws(Diagnostic) -> FreshnessCriteria? {
    // `config: {freshness: ...}` (dbt 1.9+, also `+freshness` in dbt_project.yml; the table's
    // config over the source's) wins over the older top-level property.
    guard case .dict(let d)? = s.config.extra["freshness"] ?? s.freshness else { return nil }
    func threshold(_ key: String) throws(Diagnostic) -> Threshold {
      guard let v = d[key], !v.isNull else { return Threshold() }
      guard case .dict(let t) = v else {
        throw Diagnostic(
          code: "P0301", "`freshness.\(key)` of source `\(s.sourceName).\(s.name)` must be a mapping",
          span: s.span, hint: "write \(key): {count: 12, period: hour}")
      }
      let count = t["count"].flatMap { $0.isNull ? nil : $0.intValue }
      let period = t["period"].flatMap { $0.isNull ? nil : $0.stringValue }
      if let period, !["minute", "hour", "day"].contains(period) {
        throw Diagnostic(
          code: "P0301",
          "`freshness.\(key).period` of source `\(s.sourceName).\(s.name)` is `\(period)`; it must be minute, hour or day",
          span: s.span, hint: Suggest.hint(for: period, in: ["minute", "hour", "day"]))
      }
      if t["count"] != nil, t["count"]?.isNull == false, count == nil {
        throw Diagnostic(
          code: "P0301", "`freshness.\(key).count` of source `\(s.sourceName).\(s.name)` must be a whole number",
          span: s.span)
      }
      return Threshold(count: count, period: period)
    }
    let c = FreshnessCriteria(
      warnAfter: try threshold("warn_after"), errorAfter: try threshold("error_after"),
      filter: d["filter"].flatMap { $0.isNull ? nil : $0.stringValue })
    return c.warnAfter.seconds == nil && c.errorAfter.seconds == nil ? nil : c
  }

  /// dbt's `FreshnessThreshold.status`: error when older than `error_after`, else warn when
  /// older than `warn_after`, else pass.
  public func status(age: Double) -> Status {
    if let e = errorAfter.seconds, age > e { return .error }
    if let w = warnAfter.seconds, age > w { return .warn }
    return .pass
  }
}

/// Reads the timestamps a freshness query returns (`2024-01-02 11:00:00`, with optional `T`,
/// fraction and `Z`/`+HH[:MM]` offset, or a bare date); no offset means UTC, as in dbt.
public enum FreshnessTimestamp {
  /// The instant, or nil when the text is not a timestamp.
  public static func parse(_ text: String) -> Date? {
    let s = text.trimmingCharacters(in: .whitespaces)
    let u = Array(s.utf8)
    func num(_ from: Int, _ len: Int) -> Int? {
      guard from + len <= u.count else { return nil }
      var n = 0
      for b in u[from..<from + len] {
        guard b >= 48, b <= 57 else { return nil }
        n = n * 10 + Int(b - 48)
      }
      return n
    }
    guard let y = num(0, 4), u.count >= 10, u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2)
    else { return nil }
    var c = DateComponents(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0)
    var i = 10
    var fraction = 0.0
    var offset = 0
    if i < u.count, u[i] == 32 || u[i] == 84 {
      guard let h = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 58, let mi = num(i + 4, 2) else { return nil }
      c.hour = h
      c.minute = mi
      i += 6
      if i < u.count, u[i] == 58, let sec = num(i + 1, 2) {
        c.second = sec
        i += 3
      }
      if i < u.count, u[i] == 46 {
        var j = i + 1
        var scale = 0.1
        while j < u.count, u[j] >= 48, u[j] <= 57 {
          fraction += Double(u[j] - 48) * scale
          scale /= 10
          j += 1
        }
        i = j
      }
      if i < u.count, u[i] == 90 {
        i += 1
      } else if i < u.count, u[i] == 43 || u[i] == 45, let oh = num(i + 1, 2) {
        var om = 0
        var j = i + 3
        if j < u.count, u[j] == 58 { j += 1 }
        if let m = num(j, 2) {
          om = m
          j += 2
        }
        offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
        i = j
      }
    }
    guard i == u.count else { return nil }
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC") ?? cal.timeZone
    guard let date = cal.date(from: c) else { return nil }
    return date.addingTimeInterval(fraction - Double(offset))
  }
}
