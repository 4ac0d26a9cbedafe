/// A calendar date with an optional time and UTC offset, read from a seed cell.
///
/// dbt's type tester (dbt-common `clients/agate_helper.py`) tries, in order, agate `Date` with
/// `strptime("%Y-%m-%d")`, agate `DateTime` with `strptime("%Y-%m-%d %H:%M:%S")`, then
/// `isodate.parse_datetime` (needs a `T`). Python's `sqlite3` binds the parsed values as
/// `str(date)` / `str(datetime)`, which `dateText` and `dateTimeText` reproduce.
public struct SeedDateTime: Hashable, Sendable {
  /// Year 1…9999.
  public var year: Int
  /// Month 1…12.
  public var month: Int
  /// Day of month.
  public var day: Int
  /// Hour 0…23.
  public var hour = 0
  /// Minute 0…59.
  public var minute = 0
  /// Second 0…59.
  public var second = 0
  /// Microseconds (fractions beyond six digits are truncated, as isodate does).
  public var microsecond = 0
  /// UTC offset in seconds, when the text gave one.
  public var offsetSeconds: Int?

  /// `YYYY-MM-DD` (Python `date.isoformat()`).
  public var dateText: String { pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) }

  /// `YYYY-MM-DD HH:MM:SS[.ffffff][±HH:MM]` (Python `str(datetime)`).
  public var dateTimeText: String {
    var out = dateText + " " + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    if microsecond != 0 { out += "." + pad(microsecond, 6) }
    if let offset = offsetSeconds {
      let magnitude = abs(offset)
      out += (offset < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
      if magnitude % 60 != 0 { out += ":" + pad(magnitude % 60, 2) }
    }
    return out
  }

  private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  /// `datetime.strptime(s, "%Y-%m-%d")`: 4-digit year; month and day may have 1 digit (and a
  /// day may be a space and a digit); the whole text must match and be a real date.
  public static func strptimeDate(_ s: String) -> SeedDateTime? {
    // The common `YYYY-MM-DD` read straight from the bytes; anything else takes the scanner.
    let b = Array(s.utf8)
    if b.count == 10, b[4] == 45, b[7] == 45 {
      func digit(_ i: Int) -> Int? { b[i] >= 48 && b[i] <= 57 ? Int(b[i] - 48) : nil }
      if let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3), let m0 = digit(5),
        let m1 = digit(6), let d0 = digit(8), let d1 = digit(9)
      {
        let m = m0 * 10 + m1
        let d = d0 * 10 + d1
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return valid(SeedDateTime(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m, day: d))
      }
    }
    var scanner = FieldScanner(s)
    guard let y = scanner.year(), scanner.literal("-"), let m = scanner.month(),
      scanner.literal("-"), let d = scanner.day(), scanner.atEnd
    else { return nil }
    return valid(SeedDateTime(year: y, month: m, day: d))
  }

  /// `datetime.strptime(s, "%Y-%m-%d %H:%M:%S")`; the space matches any run of whitespace.
  public static func strptimeDateTime(_ s: String) -> SeedDateTime? {
    var scanner = FieldScanner(s)
    guard let y = scanner.year(), scanner.literal("-"), let m = scanner.month(),
      scanner.literal("-"), let d = scanner.day(), scanner.whitespace(),
      let h = scanner.short(max: 23), scanner.literal(":"),
      let mi = scanner.short(max: 59), scanner.literal(":"),
      let sec = scanner.short(max: 61), scanner.atEnd,
      sec < 60  // the regex allows 60 and 61; datetime() then rejects them
    else { return nil }
    return valid(SeedDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: sec))
  }

  /// `isodate.parse_datetime(s)`: `<date>T<time>[Z|±hh[:mm]|±hhmm]`.
  ///
  /// Dates: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYYMM`, `YYYY`, `YYYY-DDD`, `YYYYDDD`.
  /// Times: `hh[:mm[:ss]]` or `hh[mm[ss]]`, seconds with a `.`/`,` fraction. Not recognised
  /// (isodate accepts them, Kiln reads them as text): week dates and fractional hours/minutes.
  public static func isoDateTime(_ s: String) -> SeedDateTime? {
    let parts = s.split(separator: "T", omittingEmptySubsequences: false)
    guard parts.count == 2, var value = isoDate(parts[0]) else { return nil }
    var time = Substring(parts[1])
    if time.hasSuffix("Z") {
      value.offsetSeconds = 0
      time = time.dropLast()
    } else if let signIndex = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
      guard let offset = isoOffset(time[signIndex...]) else { return nil }
      value.offsetSeconds = offset
      time = time[..<signIndex]
    }
    var body = time
    var fraction = ""
    if let point = time.firstIndex(where: { $0 == "." || $0 == "," }) {
      body = time[..<point]
      fraction = String(time[time.index(after: point)...])
      guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
    }
    let fields: [Substring]
    if body.contains(":") {
      fields = body.split(separator: ":", omittingEmptySubsequences: false)
    } else {
      guard body.count % 2 == 0 else { return nil }
      fields = stride(from: 0, to: body.count, by: 2).map {
        body.dropFirst($0).prefix(2)
      }
    }
    guard (1...3).contains(fields.count),
      fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) })
    else { return nil }
    let numbers = fields.compactMap { Int($0) }
    // A fraction is only read on seconds; on hours or minutes isodate would scale it.
    guard numbers.count == fields.count, fraction.isEmpty || fields.count == 3 else { return nil }
    value.hour = numbers[0]
    value.minute = numbers.count > 1 ? numbers[1] : 0
    value.second = numbers.count > 2 ? numbers[2] : 0
    value.microsecond = Int(String(fraction.prefix(6)).padding(toLength: 6)) ?? 0
    guard value.hour < 24, value.minute < 60, value.second < 60 else { return nil }
    return valid(value)
  }

  private static func isoDate(_ s: Substring) -> SeedDateTime? {
    let digitsOnly = s.allSatisfy(\.isASCIIDigit)
    let pieces = s.split(separator: "-", omittingEmptySubsequences: false)
    guard pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
    func n(_ x: Substring) -> Int { Int(x) ?? -1 }
    switch (digitsOnly, s.count, pieces.map(\.count)) {
    case (true, 8, _):
      return valid(
        SeedDateTime(year: n(s.prefix(4)), month: n(s.dropFirst(4).prefix(2)), day: n(s.suffix(2))))
    case (true, 7, _): return ordinal(n(s.prefix(4)), n(s.suffix(3)))
    case (true, 6, _):
      return valid(SeedDateTime(year: n(s.prefix(4)), month: n(s.suffix(2)), day: 1))
    case (true, 4, _): return valid(SeedDateTime(year: n(s), month: 1, day: 1))
    case (false, _, [4, 2, 2]):
      return valid(SeedDateTime(year: n(pieces[0]), month: n(pieces[1]), day: n(pieces[2])))
    case (false, _, [4, 2]):
      return valid(SeedDateTime(year: n(pieces[0]), month: n(pieces[1]), day: 1))
    case (false, _, [4, 3]): return ordinal(n(pieces[0]), n(pieces[1]))
    default: return nil
    }
  }

  private static func ordinal(_ year: Int, _ dayOfYear: Int) -> SeedDateTime? {
    var remaining = dayOfYear
    for month in 1...12 {
      let length = daysIn(month, year)
      if remaining >= 1, remaining <= length {
        return valid(SeedDateTime(year: year, month: month, day: remaining))
      }
      remaining -= length
    }
    return nil
  }

  private static func isoOffset(_ s: Substring) -> Int? {
    let sign = s.first == "-" ? -1 : 1
    let rest = s.dropFirst()
    let digits = rest.filter { $0 != ":" }
    guard digits.allSatisfy(\.isASCIIDigit), [2, 4].contains(digits.count),
      rest.count == digits.count || (rest.count == 5 && rest.dropFirst(2).first == ":"),
      let hours = Int(digits.prefix(2)),
      let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : digits.dropFirst(2)),
      hours < 24, minutes < 60
    else { return nil }
    return sign * (hours * 3600 + minutes * 60)
  }

  /// A real calendar date in years 1…9999.
  static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
    (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= daysIn(month, year)
  }

  private static func valid(_ v: SeedDateTime) -> SeedDateTime? {
    guard (1...9999).contains(v.year), (1...12).contains(v.month),
      v.day >= 1, v.day <= daysIn(v.month, v.year)
    else { return nil }
    return v
  }

  private static func daysIn(_ month: Int, _ year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

/// Reads the numeric fields of Python's `strptime` regexes (`_strptime.py`): `%Y` is four
/// digits; `%m`, `%d`, `%H`, `%M`, `%S` take one or two digits within range, and `%d` also
/// takes a space and one digit.
private struct FieldScanner {
  private let chars: [Character]
  private var i = 0

  init(_ s: String) { chars = Array(s) }

  var atEnd: Bool { i == chars.count }

  mutating func literal(_ c: Character) -> Bool {
    guard i < chars.count, chars[i] == c else { return false }
    i += 1
    return true
  }

  mutating func whitespace() -> Bool {
    let start = i
    while i < chars.count, chars[i].isWhitespace { i += 1 }
    return i > start
  }

  private mutating func digits() -> String {
    var out = ""
    while i < chars.count, chars[i].isASCIIDigit {
      out.append(chars[i])
      i += 1
    }
    return out
  }

  mutating func year() -> Int? {
    let d = digits()
    return d.count == 4 ? Int(d) : nil
  }

  mutating func month() -> Int? {
    let d = digits()
    guard let v = Int(d) else { return nil }
    return (d.count == 1 && v >= 1) || (d.count == 2 && (1...12).contains(v)) ? v : nil
  }

  mutating func day() -> Int? {
    if i + 1 < chars.count, chars[i] == " ", chars[i + 1].isASCIIDigit, chars[i + 1] != "0" {
      // `%d`'s ` [1-9]` alternative: only when a single digit follows the space.
      let save = i
      i += 1
      let d = digits()
      if d.count == 1 { return Int(d) }
      i = save
      return nil
    }
    let d = digits()
    guard let v = Int(d) else { return nil }
    return (d.count == 1 && v >= 1) || (d.count == 2 && (1...31).contains(v)) ? v : nil
  }

  /// A one- or two-digit field whose value is at most `max`.
  mutating func short(max: Int) -> Int? {
    let d = digits()
    guard (1...2).contains(d.count), let v = Int(d), v <= max else { return nil }
    return v
  }
}

extension String {
  fileprivate func padding(toLength n: Int) -> String {
    count >= n ? self : self + String(repeating: "0", count: n - count)
  }
}
