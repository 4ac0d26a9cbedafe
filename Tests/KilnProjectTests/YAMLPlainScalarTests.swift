import KilnBase
import Testing

@testable import KilnProject

/// Plain-scalar resolution must match PyYAML's `safe_load` (what dbt uses). The table was
/// produced by running `yaml.safe_load('a: ' + text)` with PyYAML 6.0; where PyYAML builds a
/// value Kiln cannot hold (dates, big ints) or has no constructor (`<<`, `=` as values),
/// Kiln keeps the text.
@Suite struct YAMLPlainScalarTests {
  static let pyyaml: [(String, YAMLValue.Kind)] = [
    ("yes", .bool(true)),
    ("Yes", .bool(true)),
    ("YES", .bool(true)),
    ("yES", .string("yES")),
    ("no", .bool(false)),
    ("No", .bool(false)),
    ("NO", .bool(false)),
    ("true", .bool(true)),
    ("True", .bool(true)),
    ("TRUE", .bool(true)),
    ("tRue", .string("tRue")),
    ("false", .bool(false)),
    ("False", .bool(false)),
    ("FALSE", .bool(false)),
    ("on", .bool(true)),
    ("On", .bool(true)),
    ("ON", .bool(true)),
    ("oN", .string("oN")),
    ("off", .bool(false)),
    ("Off", .bool(false)),
    ("OFF", .bool(false)),
    ("~", .null),
    ("null", .null),
    ("Null", .null),
    ("NULL", .null),
    ("nUll", .string("nUll")),
    ("~~", .string("~~")),
    ("0", .int(0)),
    ("00", .int(0)),
    ("017", .int(15)),
    ("010", .int(8)),
    ("09", .string("09")),
    ("08", .string("08")),
    ("0_", .int(0)),
    ("0_7", .int(7)),
    ("0b101", .int(5)),
    ("+0b11", .int(3)),
    ("-0b11", .int(-3)),
    ("0b", .string("0b")),
    ("0b12", .string("0b12")),
    ("0x1F", .int(31)),
    ("-0x1F", .int(-31)),
    ("0x_1F", .int(31)),
    ("0x", .string("0x")),
    ("0x1G", .string("0x1G")),
    ("0o17", .string("0o17")),
    ("0o7", .string("0o7")),
    ("1_000", .int(1000)),
    ("1__0", .int(10)),
    ("1_", .int(1)),
    ("_1", .string("_1")),
    ("-2", .int(-2)),
    ("+2", .int(2)),
    ("+0", .int(0)),
    ("-0", .int(0)),
    ("1:30", .int(90)),
    ("-1:30", .int(-90)),
    ("190:20:30", .int(685230)),
    ("1:05:07", .int(3907)),
    ("1:60", .string("1:60")),
    ("0:30", .string("0:30")),
    ("1_0:30", .int(630)),
    ("9223372036854775807", .int(9223372036854775807)),
    ("-9223372036854775808", .int(-9223372036854775808)),
    ("9223372036854775808", .string("9223372036854775808")),
    ("1e3", .string("1e3")),
    ("1e+3", .string("1e+3")),
    ("1.0e3", .string("1.0e3")),
    ("1.0e+3", .double(1000.0)),
    ("1.e+3", .double(1000.0)),
    ("1.5E+03", .double(1500.0)),
    ("-1.5e-3", .double(-0.0015)),
    ("6.02e+23", .double(6.02e+23)),
    (".5", .double(0.5)),
    (".5e+3", .double(500.0)),
    (".5e3", .string(".5e3")),
    ("._5", .string("._5")),
    ("-.5", .string("-.5")),
    ("+.5", .string("+.5")),
    ("1.", .double(1.0)),
    ("0.", .double(0.0)),
    ("-0.0", .double(-0.0)),
    ("08.5", .double(8.5)),
    ("1_0.5", .double(10.5)),
    ("1_000.000_1", .double(1000.0001)),
    ("0.5_", .double(0.5)),
    ("3.14", .double(3.14)),
    ("12:30:00.5", .double(45000.5)),
    ("0:30.5", .double(30.5)),
    ("1:5.", .double(65.0)),
    (".inf", .double(.infinity)),
    (".Inf", .double(.infinity)),
    (".INF", .double(.infinity)),
    ("+.inf", .double(.infinity)),
    ("-.inf", .double(-.infinity)),
    ("-.Inf", .double(-.infinity)),
    ("+.nan", .string("+.nan")),
    (".iNf", .string(".iNf")),
    ("2024-01-01", .string("2024-01-01")),
    ("2024-01-01 10:00:00", .string("2024-01-01 10:00:00")),
    ("1,000", .string("1,000")),
    ("stg_orders", .string("stg_orders")),
    ("<<", .string("<<")),
    ("=", .string("=")),
    ("+", .string("+")),
    (".", .string(".")),
  ]

  @Test func plainScalarsResolveAsPyYAML() {
    for (text, expected) in Self.pyyaml {
      #expect(YAMLPlainScalar.resolve(text) == expected, "\(text)")
    }
  }

  @Test func emptyAndNaN() {
    #expect(YAMLPlainScalar.resolve("") == .null)
    for text in [".nan", ".NaN", ".NAN"] {
      guard case .double(let d) = YAMLPlainScalar.resolve(text) else {
        Issue.record("\(text) is not a float")
        continue
      }
      #expect(d.isNaN)
    }
  }

  func values(_ text: String) throws -> YAMLMapping {
    try #require(try YAMLDocument.parse(SourceFile(path: "x.yml", text: text))?.mapping)
  }

  @Test func onlyUntaggedPlainScalarsAreResolved() throws {
    let m = try values(
      """
      plain: yes
      single: 'yes'
      double: "1_000"
      literal: |
        yes
      folded: >
        0x1F
      tagged_str: !!str 0x1F
      tagged_int: !!int 12
      empty:
      date: 2024-01-01
      """)
    #expect(m["plain"]?.configValue == .bool(true))
    #expect(m["single"]?.configValue == .string("yes"))
    #expect(m["double"]?.configValue == .string("1_000"))
    #expect(m["literal"]?.configValue == .string("yes\n"))
    #expect(m["folded"]?.configValue == .string("0x1F\n"))
    #expect(m["tagged_str"]?.configValue == .string("0x1F"))
    #expect(m["tagged_int"]?.configValue == .int(12))
    #expect(m["empty"]?.configValue == .null)
    #expect(m["date"]?.configValue == .string("2024-01-01"))
  }

  @Test func mergeKeysOnlyWhenPlain() throws {
    let m = try values(
      """
      base: &base {a: 1, b: 2}
      merged:
        <<: *base
        b: 3
      quoted:
        '<<': x
      """)
    #expect(m["merged"]?.configValue == ["a": 1, "b": 3])
    #expect(m["quoted"]?.configValue == ["<<": "x"])
  }

  @Test func jinjaIsDetectedInStringValues() throws {
    func hasJinja(_ text: String) throws -> Bool {
      try YAMLDocument.parseDocument(SourceFile(path: "x.yml", text: text)).hasJinja
    }
    #expect(try !hasJinja("a: 1\nb: [x, '{ not jinja }']\n"))
    #expect(try hasJinja("a: \"{{ env_var('X') }}\"\n"))
    #expect(try hasJinja("a:\n  - b: \"{% if x %}y{% endif %}\"\n"))
  }

  @Test func renderingSkipsPathsAndTheirContainers() throws {
    let text = """
      top: "{{ a }}"
      nested:
        list: ["{{ b }}", plain]
        hooks:
          deep: "{{ c }}"
      """
    let root = try #require(try YAMLDocument.parse(SourceFile(path: "x.yml", text: text)))
    let out = try root.rendered(
      with: { text, _ in "R(\(text))" }, skip: { $0.last == "hooks" })
    let m = try #require(out.mapping)
    #expect(m["top"]?.configValue == .string("R({{ a }})"))
    #expect(m["nested"]?["list"]?.configValue == ["R({{ b }})", "plain"])
    // Skipped at the `hooks` container, so its children stay as written.
    #expect(m["nested"]?["hooks"]?["deep"]?.configValue == .string("{{ c }}"))
    // Unchanged subtrees are returned as they were.
    #expect(try root.rendered(with: nil) == root)
  }
}
