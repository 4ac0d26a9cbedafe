import Testing

@testable import KilnProject

// The byte-level casts (`SeedCellCast`) must decide every cell exactly as the String casts of
// `SeedTypeInference` (the reference, checked against dbt): same acceptance, same decimal
// places, same loaded text. Compared on hand-picked edge cases and on generated cells.

private let edgeCases: [String] = [
  "", " ", "  ", "\t", "\u{A0}", " \u{301}", "null", "NULL", "Null", " null ", "nul", "nulll", "n",
  "lun",
  "0", "-0", "00", "007", "-007", "0.5", ".5", "-.5", "5.", "-5.", ".", "-", "-.", "--5", "+5",
  "0.000001", "0.0000001", "0.000000", "0.0000000", "-0.0000000", "0.00000012", "000.000",
  "1.50", "100.00", "-00.0100", "12.340", "3395.63", "1e3", "1E-7", "2.5E-2", "1,000", "$5",
  "5%", " 12 ", "12 ", " 12", "1_000", "NaN", "nan", "-inf", "Infinity",
  "9999999999999999999999999999", "99999999999999999999999999999", "12345678901234567890.12345678",
  "0.1234567890123456789012345678", "0.12345678901234567890123456789",
  "2024-01-05", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
  "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-5", "2024-1- 5", " 2024-01-05", "2024-01-05 ",
  "20240105", "2024/01/05", "2024-01-05 10:00:00", "2024-01-05 24:00:00", "2024-01-05 10:60:00",
  "2024-01-05 10:00:60", "2024-01-05  10:00:00", "2024-01-05 7:5:9", "2024-02-30 10:00:00",
  "2024-01-05T10:00:00", "2024-01-05T10:00:00Z", "2024-01-05T10:00:00.5", "2024-01-05T10:00",
  "2024-01-05T24:00:00", "2024-13-05T10:00:00", "2024-01-05t10:00:00", "2024-01-05T10:00:00+02:00",
  "true", "TRUE", "True", "tRuE", "false", "FALSE", "False", "tru", "fals", "t,rue", "true,",
  ",,", "yes", "no", "1", " true", "true ", "ünïcödé ✓", "O'Brien", "with \"quotes\"", "a,b",
  "note 5", "你好", "\u{200B}", "\r\n", "x\u{A0}",
]

/// Deterministic cells from an alphabet of the characters the casts care about.
private func generatedCells(_ count: Int) -> [String] {
  let alphabet = Array("0123456789000.-+eE ,$%_nulNULtrueTRUEfalsFALS:T-\u{A0}üZ/")
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next() -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(state >> 33)
  }
  var out: [String] = []
  for _ in 0..<count {
    let length = next() % 12
    out.append(String((0..<length).map { _ in alphabet[next() % alphabet.count] }))
  }
  // Shapes near the fast paths, with one character changed.
  let shapes = [
    "2024-01-05", "2024-01-05 10:00:00", "2024-01-05T10:00:00", "-123.4500", "true", "false",
    "null",
  ]
  for s in shapes {
    let chars = Array(s)
    for i in chars.indices {
      for c in ["0", "9", " ", "-", ":", "T", "e", ","] {
        var changed = chars
        changed[i] = Character(c)
        out.append(String(changed))
      }
    }
  }
  return out
}

/// What the String path loads for a cell of a column of `candidate`, or nil when rejected.
private func reference(_ cell: String, _ candidate: SeedCandidate) -> String?? {
  if candidate == .integer { return .some("∅") }
  guard let v = SeedTypeInference.cast(cell, as: candidate) else { return .none }
  switch v {
  case .null: return "∅"
  case .bool(let b): return "b:\(b)"
  case .number(let n): return "\(n)"
  case .date(let s), .datetime(let s): return s
  case .text(let s): return s
  }
}

private func fast(_ cell: String, _ candidate: SeedCandidate) -> String?? {
  var bytes = Array(cell.utf8)
  return bytes.withUnsafeMutableBufferPointer { b -> String?? in
    let c = UnsafeBufferPointer(b)
    var arena = ByteArena()
    defer { arena.deallocate() }
    guard let converted = SeedCellCast.convert(c, candidate, arena: &arena) else { return .none }
    switch converted {
    case .null: return "∅"
    case .bool(let v): return "b:\(v)"
    case .same: return String(decoding: c, as: UTF8.self)
    case .written(let start, let count):
      return String(
        decoding: UnsafeBufferPointer(start: arena.base + start, count: count), as: UTF8.self)
    }
  }
}

@Test func byteCastsDecideEveryCellAsTheStringCasts() {
  var mismatches: [String] = []
  for cell in edgeCases + generatedCells(20_000) {
    for candidate in SeedCandidate.allCases {
      // Testing (first pass).
      var places = 0
      let accepted = Array(cell.utf8).withUnsafeBufferPointer {
        SeedCellCast.accepts($0, candidate, places: &places)
      }
      let value = SeedTypeInference.cast(cell, as: candidate)
      var expectedPlaces = 0
      if case .number(let n)? = value { expectedPlaces = n.decimalPlaces }
      if accepted != (value != nil) || places != expectedPlaces {
        mismatches.append("accepts \(candidate) \(cell.debugDescription): \(accepted)/\(places)")
      }
      // Loading (second pass); integer columns are always null, as only untested ones keep it.
      if candidate != .integer, fast(cell, candidate) != reference(cell, candidate) {
        mismatches.append(
          "convert \(candidate) \(cell.debugDescription): \(String(describing: fast(cell, candidate)))"
        )
      }
    }
    let isNull = Array(cell.utf8).withUnsafeBufferPointer { SeedCellCast.isNull($0) }
    if isNull != SeedTypeInference.isNull(cell) {
      mismatches.append("isNull \(cell.debugDescription)")
    }
  }
  #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
}
