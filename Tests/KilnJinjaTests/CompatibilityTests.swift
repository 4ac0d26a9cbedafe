import KilnJinja
import Testing

// Each test pins one divergence from jinja2 listed in COMPATIBILITY.md. If Kiln starts to
// behave like jinja2, the test fails: update it and the document together.

func kiln(_ text: String, _ globals: [String: Value] = [:]) -> Outcome {
  outcome(Environment(), text, globals)
}

@Test func integersAre64Bit() {
  // jinja2: 9223372036854775808 (Python ints are unbounded).
  #expect(kiln("{{ 2 ** 63 }}") == .failed(.type, "integer overflow (Kiln integers are 64-bit)"))
  #expect(kiln("{{ (2 ** 62) * 2 }}") == .failed(.type, "integer overflow (Kiln integers are 64-bit)"))
  #expect(kiln("{{ 2 ** 62 }}") == .rendered("4611686018427387904"))
}

@Test func rangeIsAnObjectNotASequenceValue() {
  // jinja2: True, range(1, 3), and a TypeError (range is not JSON serializable).
  #expect(kiln("{{ range(3) == range(3) }}") == .rendered("False"))
  #expect(kiln("{{ range(5)[1:3] }}") == .failed(.type, "'range' object is not subscriptable"))
  #expect(kiln("{{ range(3) | tojson }}") == .rendered("\"range(0, 3)\""))
  // What does match: str, indexing, length, iteration, list().
  #expect(kiln("{{ range(1, 10, 3) }} {{ range(5)[1] }} {{ range(5) | length }} {{ range(3) | list }}")
    == .rendered("range(1, 10, 3) 1 5 [0, 1, 2]"))
}

@Test func templateInheritanceAndIncludeTagsAreRejected() throws {
  for tag in ["include 'a.sql'", "import 'a.sql' as a", "from 'a.sql' import m", "extends 'base.sql'", "block body", "autoescape true"] {
    let e = try #require(throws: JinjaError.self) { try Environment().parse("x\n{% \(tag) %}", name: "m.sql") }
    let name = String(tag.prefix(while: { $0 != " " }))
    #expect(e.kind == .syntax)
    #expect(e.line == 2)
    #expect(e.message == "the '\(name)' tag is not supported: Kiln renders single templates")
    #expect(e.hint == "dbt projects share code through macros in macro-paths instead")
  }
}

@Test func loopControlsOutsideALoopAreTemplateSyntaxErrors() {
  // jinja2 raises Python's own SyntaxError from compiling the generated code (so not a
  // TemplateSyntaxError, and with a line number of the generated module).
  #expect(kiln("a\n{% break %}") == .failed(.syntax, "'break' outside loop"))
  #expect(kiln("{% for i in [1] %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}")
    == .failed(.syntax, "'continue' not properly in loop"))
  #expect(kiln("{% for i in [] %}{% else %}{% break %}{% endfor %}") == .failed(.syntax, "'break' outside loop"))
  // Inside `if`, `with`, `set` and `filter` blocks of a loop they work, as in jinja2.
  #expect(kiln("{% for i in [1, 2] %}{% set x %}{% break %}{% endset %}{{ i }}{% endfor %}") == .rendered(""))
  #expect(kiln("{% for i in [1, 2] %}{{ i }}{% for j in [] %}{% else %}{% break %}{% endfor %}{% endfor %}") == .rendered("1"))
}

@Test func filtersIgnoreExtraArguments() {
  // jinja2: TypeError "do_int() takes from 1 to 3 positional arguments but 4 were given".
  #expect(kiln("{{ 'x' | int(1, 2, 3) }}") == .rendered("1"))
}

@Test func listsAreAcceptedAsDictKeys() {
  // jinja2: TypeError "unhashable type: 'list'".
  #expect(kiln("{{ {[1]: 2} }}") == .rendered("{[1]: 2}"))
}

@Test func hostObjectsSerialiseAsTheirText() {
  // jinja2: TypeError "Object of type ... is not JSON serializable".
  #expect(kiln("{{ x | tojson }}", ["x": .object(TestRelation("s", "t"))]) == .rendered("\"\\\"s\\\".\\\"t\\\"\""))
}

@Test func veryDeepContainersAreCutShort() {
  // jinja2: RecursionError when printing or comparing containers nested ~1000 deep.
  let text = "{% set ns = namespace(l=[]) %}{% for i in range(300) %}{% set ns.l = [ns.l] %}{% endfor %}"
  guard case .rendered(let s) = kiln(text + "{{ ns.l }}") else {
    Issue.record("did not render")
    return
  }
  #expect(s.hasPrefix(String(repeating: "[", count: 200) + "[...]"))
  #expect(kiln(text + "{% set a = ns.l %}{{ a == a }}") == .rendered("True"))
  // Self-containing containers print as in Python.
  #expect(kiln("{% set l = [1] %}{% do l.append(l) %}{{ l }}") == .rendered("[1, [...]]"))
}

@Test func someUnicodePredicatesUseSwiftCharacters() {
  // Lengths, indexing, slicing, find/replace/split, padding and comparisons count code points
  // as Python does; these still work on Swift characters (extended grapheme clusters) or
  // Swift's Unicode properties. jinja2: 2, "é\nx", False, False.
  let decomposed = "e\u{301}x"
  #expect(kiln("{{ s | wordcount }}", ["s": .string(decomposed)]) == .rendered("1"))
  #expect(kiln("{{ s | wordwrap(2) }}", ["s": .string(decomposed)]) == .rendered(decomposed))
  #expect(kiln("{{ s.isalpha() }}", ["s": .string("a\u{301}")]) == .rendered("True"))
  #expect(kiln("{{ s.isdecimal() }}", ["s": .string("\u{B2}")]) == .rendered("True"))
  // Matches jinja2:
  #expect(kiln("{{ s | length }} {{ s[1] == '\u{301}' }} {{ s | center(5) }}|", ["s": .string(decomposed)])
    == .rendered("3 True  \(decomposed) |"))
  #expect(kiln("{{ a == b }}", ["a": .string("\u{E9}"), "b": .string("e\u{301}")]) == .rendered("False"))
}

@Test func nestingAndSizeLimitsEndInErrors() {
  // jinja2 has no such limits; it fails later with RecursionError or MemoryError, or not at all.
  #expect(kiln("{{ " + String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60) + " }}").isFailure)
  #expect(kiln("{{ 'ab' * (2 ** 28) }}") == .failed(.type, "result too large: the limit is 268435456 per operation"))
  var env = Environment()
  env.maxCallDepth = 5
  #expect(outcome(env, "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}")
    == .failed(.runtime, "maximum macro call depth (5) exceeded in 'm'"))
}
