/// agate's `TypeTester` as dbt configures it (dbt-common 1.x `clients/agate_helper.py`,
/// `build_type_tester`).
///
/// Candidate types, in order of preference: dbt `Integer` (accepts only Python ints, so any
/// tested text cell rules it out), `Number`, `Date` (`%Y-%m-%d`), `DateTime`
/// (`%Y-%m-%d %H:%M:%S`), dbt `ISODateTime`, `Boolean` (true values `true`, false values
/// `false`, case-insensitive; agate's own yes/no/y/n/t/f/1/0 are *not* used), `Text`. Every
/// type treats `""` and `"null"` (any case, after trimming) as null; `na`, `none`, `n/a` and
/// `.` (agate's defaults) stay text. A cell rules out each type it cannot be cast to; the
/// column gets the first type left. Cells missing from a short row are not tested.
/// Columns named in `column_types` are forced to `Text` (still nulling `""`/`"null"`).
enum SeedTypeInference {
  private enum Candidate: CaseIterable {
    case integer, number, date, dateTime, isoDateTime, boolean, text
  }

  static func table(
    header: [String], rows: [[String]], path: String, columnTypes: [String: String]
  ) -> SeedTable {
    let names = columnNames(header)
    var chosen: [Candidate] = []
    // The cast of each cell to the candidate preferred when it was tested, kept so the chosen
    // type does not cast every cell a second time.
    var tested: [[(Candidate, SeedValue)?]] = []
    for (i, name) in names.enumerated() {
      var column = [(Candidate, SeedValue)?](repeating: nil, count: rows.count)
      defer { tested.append(column) }
      if columnTypes[name] != nil {
        chosen.append(.text)
        continue
      }
      // In preference order; removed in place (no set rebuilt per cell).
      var left = Candidate.allCases
      for (r, row) in rows.enumerated() where i < row.count {
        var first: (Candidate, SeedValue)?
        left.removeAll { candidate in
          guard let v = value(row[i], as: candidate) else { return true }
          if first == nil { first = (candidate, v) }
          return false
        }
        column[r] = first
        if left == [.text] { break }
      }
      chosen.append(left.first ?? .text)
    }
    let typed: [[SeedValue]] = rows.enumerated().map { r, row in
      names.indices.map { i in
        guard i < row.count else { return .null }
        if let (candidate, v) = tested[i][r], candidate == chosen[i] { return v }
        return castChosen(row[i], as: chosen[i])
      }
    }
    let types: [SeedColumnType] = chosen.enumerated().map { i, candidate in
      switch candidate {
      case .integer: return .untested
      case .number:
        // dbt-sqlite and dbt-postgres pick INT/REAL by agate's MaxPrecision of the column.
        let places = typed.map { row -> Int in
          if case .number(let n) = row[i] { return n.decimalPlaces }
          return 0
        }
        return (places.max() ?? 0) > 0 ? .number : .integer
      case .date: return .date
      case .dateTime, .isoDateTime: return .datetime
      case .boolean: return .boolean
      case .text: return .text
      }
    }
    return SeedTable(
      path: path, columnNames: names, columnTypes: types, rows: typed, overrides: columnTypes)
  }

  /// agate's `utils.deduplicate(column_names=True)`: a blank name becomes the letter name of its
  /// position (`a`…`z`, then `aa`…), a repeated name gets `_2`, `_3`, ….
  static func columnNames(_ header: [String]) -> [String] {
    var out: [String] = []
    for (i, raw) in header.enumerated() {
      let letters = Array("abcdefghijklmnopqrstuvwxyz")
      let base = raw.isEmpty ? String(repeating: letters[i % 26], count: i / 26 + 1) : raw
      var name = base
      var duplicates = 0
      while out.contains(name) {
        duplicates += 1
        name = base + "_" + String(duplicates + 1)
      }
      out.append(name)
    }
    return out
  }

  /// `""` or `"null"` in any case, after trimming whitespace.
  static func isNull(_ cell: String) -> Bool {
    let t = cell.trimmingPythonWhitespace()
    return t.isEmpty || (t.utf8.count == 4 && t.lowercased() == "null")
  }

  /// The cell cast to `type` when `type` accepts it (`Integer` accepts no text cell).
  private static func value(_ cell: String, as type: Candidate) -> SeedValue? {
    type == .integer ? nil : cast(cell, as: type)
  }

  /// The cell cast to `type`, `.null` for null cells, nil when the cast fails.
  private static func cast(_ cell: String, as type: Candidate) -> SeedValue? {
    if type == .text { return isNull(cell) ? .null : .text(cell) }
    if type == .boolean {
      // agate's Boolean removes commas before comparing.
      let raw = cell.utf8.contains(UInt8(ascii: ",")) ? cell.removingAll(",") : cell
      let trimmed = raw.trimmingPythonWhitespace()
      // Longer text is neither true, false nor null: skip lower-casing it.
      let t = trimmed.utf8.count <= 5 ? trimmed.lowercased() : "-"
      if trimmed.isEmpty || t == "null" { return .null }
      return t == "true" ? .bool(true) : t == "false" ? .bool(false) : nil
    }
    if isNull(cell) { return .null }
    let t = String(cell.trimmingPythonWhitespace())
    switch type {
    case .number: return SeedNumber(agateCell: t).map(SeedValue.number)
    case .date: return SeedDateTime.strptimeDate(t).map { .date($0.dateText) }
    case .dateTime: return SeedDateTime.strptimeDateTime(t).map { .datetime($0.dateTimeText) }
    case .isoDateTime: return SeedDateTime.isoDateTime(t).map { .datetime($0.dateTimeText) }
    case .integer, .text, .boolean: return nil
    }
  }

  /// A cell of a column whose type every tested cell accepted; untested ones are null.
  private static func castChosen(_ cell: String, as type: Candidate) -> SeedValue {
    cast(cell, as: type) ?? .null
  }
}
