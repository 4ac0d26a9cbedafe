import KilnBase
import Testing

@Test func rendersCaretUnderSpan() {
  let file = SourceFile(path: "models/a.sql", text: "select 1\n  select {{ name | uper }} as x\n")
  let start = file.text.utf8.count - " }} as x\n".utf8.count - 4
  let d = Diagnostic(
    code: "J0102", "unknown filter `uper`", span: SourceSpan(file: file, range: start..<(start + 4)),
    hint: Suggest.hint(for: "uper", in: ["upper", "lower"]))
  #expect(
    d.rendered(color: false) == """
      error[J0102]: unknown filter `uper`
       --> models/a.sql:2:20
        |
      2 |   select {{ name | uper }} as x
        |                    ^^^^
         = hint: did you mean `upper`?
      """)
}

@Test func suggestsOnlyCloseNames() {
  #expect(Suggest.closest(to: "stg_order", in: ["stg_orders", "customers"]) == "stg_orders")
  #expect(Suggest.closest(to: "zzz", in: ["stg_orders", "customers"]) == nil)
}

@Test func locationCountsScalars() {
  let f = SourceFile(path: "x", text: "é1\nab")
  #expect(f.location(of: 2) == (1, 2))
  #expect(f.location(of: 4) == (2, 1))
  #expect(f.lineCount == 2)
}

@Test func swappedLettersCountAsOneEdit() {
  #expect(Suggest.closest(to: "bda", in: ["bad", "xyz"]) == "bad")
  #expect(Suggest.closest(to: "tga", in: ["tag", "path"]) == "tag")
}
