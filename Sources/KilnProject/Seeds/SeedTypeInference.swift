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
///
/// The casts here work on `String`s and define the semantics; `SeedCellCast` reads the common
/// cell shapes from their bytes and falls back to these for anything else.
enum SeedTypeInference {
  /// agate `utils.deduplicate(column_names=True)`: a blank name becomes the letter name of its
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

  /// The cell cast to `type`, `.null` for null cells, nil when `type` does not accept it
  /// (`Integer` accepts no text cell).
  static func cast(_ cell: String, as type: SeedCandidate) -> SeedValue? {
    if type == .integer { return nil }
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
}

/// One of agate's candidate types (see `SeedTypeInference`); a column's chosen one says how its
/// cells are cast when the seed is loaded.
enum SeedCandidate: UInt8, CaseIterable, Sendable, Hashable {
  case integer, number, date, dateTime, isoDateTime, boolean, text

  var bit: UInt8 { 1 << rawValue }
}

/// The first pass over a seed: which candidate types each column's cells leave, and the largest
/// number of decimal places among a number column's cells. Keeps nothing per row.
struct SeedTypeTester: Sendable {
  private struct Column: Sendable {
    var left: UInt8
    var places = 0
    /// Still being tested (a column down to `Text` is settled).
    var open: Bool
  }

  private var columns: [Column]

  /// `forcedText` marks `column_types` columns, which are not tested.
  init(forcedText: [Bool]) {
    let all = SeedCandidate.allCases.reduce(UInt8(0)) { $0 | $1.bit }
    columns = forcedText.map { Column(left: $0 ? SeedCandidate.text.bit : all, open: !$0) }
  }

  /// Tests the cells of the reader's current record (those it has; a short row's missing cells
  /// are not tested).
  mutating func test(_ reader: SeedCSVReader) {
    let n = min(reader.fieldCount, columns.count)
    let text = SeedCandidate.text.bit
    columns.withUnsafeMutableBufferPointer { columns in
      for i in 0..<n where columns[i].open {
        let cell = reader.field(i)
        var column = columns[i]
        // Integer accepts no cell and text every cell; test the others still left.
        var others = column.left & ~(text | SeedCandidate.integer.bit)
        column.left &= ~SeedCandidate.integer.bit
        while others != 0 {
          let bit = others & (0 &- others)
          others &= others - 1
          guard let candidate = SeedCandidate(rawValue: UInt8(bit.trailingZeroBitCount)) else {
            continue
          }
          if !SeedCellCast.accepts(cell, candidate, places: &column.places) { column.left &= ~bit }
        }
        if column.left == text { column.open = false }
        columns[i] = column
      }
    }
  }

  /// Adds what testing a later part of the file found: the candidates both left, the larger
  /// number of places.
  mutating func merge(_ later: SeedTypeTester) {
    for i in columns.indices where i < later.columns.count {
      columns[i].left &= later.columns[i].left
      columns[i].places = max(columns[i].places, later.columns[i].places)
    }
  }

  /// The places and candidates are read through these for the results.
  private var left: [UInt8] { columns.map(\.left) }
  private var places: [Int] { columns.map(\.places) }

  /// The chosen candidate of each column.
  var chosen: [SeedCandidate] {
    left.map { bits in SeedCandidate.allCases.first { bits & $0.bit != 0 } ?? .text }
  }

  /// The type each column is created with.
  var columnTypes: [SeedColumnType] {
    zip(chosen, places).map { candidate, places in
      switch candidate {
      case .integer: return .untested
      // dbt-sqlite and dbt-postgres pick INT/REAL by agate's MaxPrecision of the column.
      case .number: return places > 0 ? .number : .integer
      case .date: return .date
      case .dateTime, .isoDateTime: return .datetime
      case .boolean: return .boolean
      case .text: return .text
      }
    }
  }
}
