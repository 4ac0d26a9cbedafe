internal import CSQLite

extension SQLiteFunctions {
  /// `date_trunc(part, value)` as dbt's default `date_trunc` macro emits it, for ISO-8601 text:
  /// a date stays a date (`'2024-05-17'` by month is `'2024-05-01'`), a timestamp gives
  /// `'YYYY-MM-DD HH:MM:SS'`. Parts: year, quarter, month, week (Monday, as Postgres), day,
  /// hour, minute, second. NULL or text that is not a date gives NULL; an unknown part is an error.
  static let dateTrunc: SQLiteFunction = { ctx, _, argv in
    guard let argv, let p = argv[0], let v = argv[1], sqlite3_value_type(p) != SQLITE_NULL,
      sqlite3_value_type(v) != SQLITE_NULL, let pt = sqlite3_value_text(p), let vt = sqlite3_value_text(v)
    else { return sqlite3_result_null(ctx) }
    let part = String(cString: pt).lowercased()
    guard let r = truncate(String(cString: vt), to: part) else {
      if !["year", "quarter", "month", "week", "day", "hour", "minute", "second"].contains(part) {
        return sqlite3_result_error(ctx, "date_trunc: unit \"\(part)\" not recognized", -1)
      }
      return sqlite3_result_null(ctx)
    }
    r.withCString { sqlite3_result_text(ctx, $0, Int32(r.utf8.count), kiln_sqlite_transient()) }
  }

  /// The truncated text, or nil for an unknown part or text that is not an ISO date.
  static func truncate(_ text: String, to part: String) -> String? {
    let chars = Array(text.utf8)
    func num(_ from: Int, _ count: Int) -> Int? {
      guard chars.count >= from + count else { return nil }
      var n = 0
      for c in chars[from..<(from + count)] {
        guard c >= 48 && c <= 57 else { return nil }
        n = n * 10 + Int(c - 48)
      }
      return n
    }
    guard var y = num(0, 4), chars.count >= 10, chars[4] == 45, chars[7] == 45, var m = num(5, 2), var d = num(8, 2)
    else { return nil }
    let hasTime = chars.count >= 16 && (chars[10] == 32 || chars[10] == 84)
    var h = hasTime ? (num(11, 2) ?? 0) : 0
    var mi = hasTime ? (num(14, 2) ?? 0) : 0
    var s = hasTime ? (num(17, 2) ?? 0) : 0
    switch part {
    case "year": (m, d, h, mi, s) = (1, 1, 0, 0, 0)
    case "quarter": (m, d, h, mi, s) = ((m - 1) / 3 * 3 + 1, 1, 0, 0, 0)
    case "month": (d, h, mi, s) = (1, 0, 0, 0)
    case "week":
      // Days since 1970-01-01 (a Thursday), then back to Monday.
      let days = daysFromCivil(y, m, d)
      let monday = days - ((days + 3) % 7 + 7) % 7
      (y, m, d) = civilFromDays(monday)
      (h, mi, s) = (0, 0, 0)
    case "day": (h, mi, s) = (0, 0, 0)
    case "hour": (mi, s) = (0, 0)
    case "minute": s = 0
    case "second": break
    default: return nil
    }
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let date = "\(String(repeating: "0", count: max(0, 4 - String(y).count)))\(y)-\(two(m))-\(two(d))"
    return hasTime ? "\(date) \(two(h)):\(two(mi)):\(two(s))" : date
  }

  /// Howard Hinnant's `days_from_civil` (proleptic Gregorian).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}
