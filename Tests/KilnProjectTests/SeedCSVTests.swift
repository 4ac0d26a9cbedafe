import KilnBase
import KilnProject
import Testing

private func parse(_ text: String, columnTypes: [String: String] = [:]) throws -> SeedTable {
  try SeedCSV.parse(text: text, path: "seeds/s.csv", columnTypes: columnTypes)
}

@Test func quotedFieldsDoubledQuotesNewlinesAndDelimiters() throws {
  let t = try parse("id,name\n1,\"he said \"\"hi\"\"\"\n2,\"multi\nline, with comma\"\n")
  #expect(t.columnNames == ["id", "name"])
  #expect(try t.rows.map { $0[1] } == [.text("he said \"hi\""), .text("multi\nline, with comma")])
}

@Test func bomIsDroppedAndCRLFInsideQuotesBecomesLF() throws {
  // The same bytes as the oracle's bomcrlf.csv.
  let t = try parse(
    "\u{FEFF}id,name\r\n1,\"he said \"\"hi\"\"\"\r\n2,\"multi\r\nline, with comma\"\r\n")
  #expect(t.columnNames == ["id", "name"])
  #expect(try t.rows.count == 2)
  #expect(try t.rows[1][1] == .text("multi\nline, with comma"))
}

@Test func quotesOutsideAFieldStartAreLiteralAndTextAfterAClosingQuoteIsKept() throws {
  // Python's csv (non-strict): `a"b` stays as written; `"q"r` reads as `qr`.
  let t = try parse("x,y\n1,a\"b\n2,\"q\"r\n")
  #expect(try t.rows.map { $0[1] } == [.text("a\"b"), .text("qr")])
}

@Test func otherDelimiterAndTrailingEmptyField() throws {
  let t = try SeedCSV.parse(text: "a;b;c\n1;;\n", path: "s.csv", delimiter: ";")
  let one = try #require(SeedNumber(agateCell: "1"))
  #expect(try t.rows == [[.number(one), .null, .null]])
}

@Test func rowWithTooManyFieldsIsAnErrorWithLineAndCaret() throws {
  let error = try #require(throws: Diagnostic.self) { try parse("a,b\n1,x\n2,y,zz\n") }
  #expect(error.code == "P0301")
  #expect(error.span?.location.line == 3)
  #expect(
    error.rendered(color: false) == """
      error[P0301]: row has 3 fields but the header has 2 columns
       --> seeds/s.csv:3:5
        |
      3 | 2,y,zz
        |     ^^
         = hint: quote fields that contain `,`, or add the missing header names
      """)
}

@Test func shortRowsAndBlankLinesLoadAsNullsWithAWarning() throws {
  // dbt pads a short row with nulls and loads a blank line as an all-null row (oracle:
  // shortrow.csv, blankline.csv).
  let t = try parse("a,b\n1,x\n\n3\n")
  #expect(try t.rows.count == 3)
  #expect(try t.rows[1] == [.null, .null])
  #expect(try t.rows[2][1] == .null)
  #expect(t.warnings.map(\.code) == ["P0305", "P0305"])
  #expect(t.warnings.map { $0.span?.line } == [3, 4])
  #expect(t.warnings.allSatisfy { $0.severity == .warning })
}

@Test func emptyFileIsAnErrorAndHeaderOnlyHasUntestedColumns() throws {
  let empty = try #require(throws: Diagnostic.self) { try parse("") }
  #expect(empty.code == "P0302")
  let header = try parse("a,b\n")
  #expect(try header.rows.isEmpty)
  #expect(header.columnTypes == [.untested, .untested])
  #expect(header.sqliteType(ofColumn: 0) == "integer")
}

@Test func unterminatedQuoteIsAnError() throws {
  let error = try #require(throws: Diagnostic.self) { try parse("a,b\n1,\"open\n2,x\n") }
  #expect(error.code == "P0303")
  #expect(error.span?.location.line == 2)
  #expect(error.span?.location.column == 3)
}

@Test func blankAndRepeatedHeaderNamesAreRenamedLikeAgate() throws {
  let t = try parse("a,a,,b\n1,2,3,4\n")
  #expect(t.columnNames == ["a", "a_2", "c", "b"])
}
