import KilnBase
import Testing

@testable import KilnProject

@Suite struct YAMLDocumentTests {
  func parse(_ text: String) throws(Diagnostic) -> YAMLValue? {
    try YAMLDocument.parse(SourceFile(path: "x.yml", text: text))
  }

  func failure(_ text: String) -> Diagnostic? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func scalarsAndSpans() throws {
    let text = "a: 1\nb: 'two'\nc: [true, 2.5, ~]\nd: yes\nname: stg_orders\n"
    let v = try #require(try parse(text))
    let m = try #require(v.mapping)
    #expect(m.keys == ["a", "b", "c", "d", "name"])
    #expect(m["a"]?.configValue == .int(1))
    #expect(m["b"]?.configValue == .string("two"))
    #expect(m["c"]?.configValue == [true, 2.5, nil])
    #expect(m["d"]?.configValue == .bool(true))  // YAML 1.1, as PyYAML reads it
    let name = try #require(m["name"])
    #expect(loc(name.span) == [5, 7])
    let range = name.span.range
    #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "stg_orders")
    let quoted = try #require(m["b"]).span.range
    #expect(String(decoding: Array(text.utf8)[quoted], as: UTF8.self) == "'two'")
    #expect(loc(m.keySpans["c"]) == [3, 1])
  }

  @Test func quotedNumbersStayStrings() throws {
    let m = try #require(try parse("v: '1.0'\nw: \"true\"\n")?.mapping)
    #expect(m["v"]?.configValue == .string("1.0"))
    #expect(m["w"]?.configValue == .string("true"))
  }

  @Test func spansCountUnicodeScalarsBeforeTheValue() throws {
    let ok = try #require(try parse("é: x\nd: \"héllo\"\ne: y\n")?.mapping)
    #expect(loc(ok["é"]?.span) == [1, 4])
    #expect(ok["é"]?.span.range.lowerBound == 4)  // "é" is two UTF-8 bytes
    #expect(loc(ok["e"]?.span) == [3, 4])
    #expect(ok["e"]?.span.range.lowerBound == 21)  // 6 + 12 bytes of lines 1-2, then "e: "
  }

  @Test func malformedYAMLPointsAtTheBrokenSpot() throws {
    let d = try #require(failure("name: shop\nmodels:\n  shop: a: b\n"))
    #expect(d.code == "P0101")
    #expect(loc(d.span) == [3, 10])  // the second `:` on line 3
    let rendered = d.rendered(color: false)
    #expect(rendered.contains("--> x.yml:3:10"))
    #expect(rendered.contains("3 |   shop: a: b\n  |          ^"))
  }

  @Test func unclosedFlowSequenceNotesWhereItOpened() throws {
    let text = "name: shop\nmodels:\n  shop:\n    +materialized: [table\n  other: 1\n"
    let d = try #require(failure(text))
    #expect(d.code == "P0101")
    #expect(loc(d.span) == [5, 8])  // where libyaml gave up
    #expect(loc(d.notes.first?.span) == [4, 20])  // the `[` that was never closed
  }

  @Test func tabIndentationIsReportedAtItsLine() throws {
    let d = try #require(failure("a:\n\tb: 1\n"))
    #expect(d.code == "P0101")
    #expect(d.span?.location.line == 2)
  }

  @Test func duplicateKeysAreErrors() throws {
    let d = try #require(failure("models:\n  a: 1\n  b: 2\n  a: 3\n"))
    #expect(d.code == "P0102")
    #expect(d.message.contains("`a`"))
    #expect(loc(d.span) == [4, 3])
    #expect(loc(d.notes.first?.span) == [2, 3])
  }

  @Test func mergeKeysApplyAnchors() throws {
    let m = try #require(
      try parse("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n")?.mapping)
    #expect(m["child"]?.configValue == ["x": 1, "y": 3])
  }

  @Test func emptyDocumentIsNil() throws {
    #expect(try parse("") == nil)
    #expect(try parse("# only a comment\n") == nil)
  }
}

@Suite struct YAMLDocumentEndOfFileTests {
  @Test func errorAtEndOfFilePointsAtTheOpenConstruct() throws {
    do {
      _ = try YAMLDocument.parse(SourceFile(path: "s.yml", text: "a:\n  b: [1, 2\n"))
      Issue.record("expected a parse error")
    } catch {
      #expect(error.code == "P0101")
      #expect(loc(error.span) == [2, 6])
      #expect(error.notes.first?.message == "reached line 3 without finding it")
    }
  }
}
