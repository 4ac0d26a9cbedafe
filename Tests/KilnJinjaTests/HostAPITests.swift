import KilnBase
import KilnJinja
import Testing

/// A dbt-like relation: renders as `"schema"."table"`, with attributes and a method.
final class TestRelation: JinjaObject {
  let schema: String
  let identifier: String
  init(_ schema: String?, _ identifier: String) {
    self.schema = schema ?? ""
    self.identifier = identifier
  }
  var typeName: String { "Relation" }
  var renderedText: String {
    schema.isEmpty ? "\"\(identifier)\"" : "\"\(schema)\".\"\(identifier)\""
  }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "schema": return .string(schema)
    case "identifier": return .string(identifier)
    case "include":
      // `relation.include(schema=false)`: a copy without the schema.
      return .function("include") { [self] args, _ in
        let a = try args.bind(["schema"], defaults: ["schema": .bool(true)], function: "include")
        return .object(TestRelation(a[0].isTruthy ? self.schema : nil, self.identifier))
      }
    default: return nil
    }
  }
}

/// dbt's namespace for a package's macros: `pkg.name(...)` calls a macro by name.
final class MacroNamespace: JinjaObject {
  let macros: [String: Value]
  init(_ macros: [String: Value]) { self.macros = macros }
  var renderedText: String { "<MacroNamespace>" }
  func attribute(_ name: String) -> Value? { macros[name] }
}

/// A host function with positional and keyword parameters and defaults.
let greet = Value.function("greet") { args, _ in
  let a = try args.bind(
    ["name", "greeting", "punct"], defaults: ["greeting": .string("hello"), "punct": .string("!")],
    function: "greet")
  return .string("\(a[1].pythonStr) \(a[0].pythonStr)\(a[2].pythonStr)")
}

/// dbt's `return(value)`: ends the calling macro with `value`.
let dbtReturn = Value.function("return") { args, _ in
  throw MacroReturn(args.positional.first ?? .none)
}

func render(_ text: String, _ globals: [String: Value] = [:], shared: [String: Value] = [:]) throws
  -> String
{
  try Environment().parse(text, name: "models/m.sql").render(globals, shared: shared)
}

func renderError(_ text: String, _ globals: [String: Value] = [:], shared: [String: Value] = [:])
  -> JinjaError?
{
  do {
    _ = try render(text, globals, shared: shared)
    return nil
  } catch let e as JinjaError {
    return e
  } catch {
    return nil
  }
}

@Test func globalValuesAndFunctionsWithKeywordsAndDefaults() throws {
  let g: [String: Value] = ["greet": greet, "target": .dict([("name", .string("dev"))])]
  #expect(try render("{{ greet('ann') }}", g) == "hello ann!")
  #expect(try render("{{ greet('ann', 'hi') }}", g) == "hi ann!")
  #expect(try render("{{ greet('ann', punct='?') }}", g) == "hello ann?")
  #expect(try render("{{ greet(greeting='yo', name='bo') }}", g) == "yo bo!")
  #expect(try render("{{ target.name }}/{{ target['name'] }}", g) == "dev/dev")
  let missing = try #require(renderError("\n{{ greet() }}", g))
  #expect(missing.kind == .type)
  #expect(missing.message == "greet() missing required argument: 'name'")
  #expect(missing.line == 2)
  #expect(renderError("{{ greet('a', 'b', 'c', 'd') }}", g)?.message == "greet() takes 3 positional arguments but 4 were given")
  #expect(renderError("{{ greet('a', bogus=1) }}", g)?.message == "greet() got an unexpected keyword argument 'bogus'")
  #expect(renderError("{{ greet('a', name='b') }}", g)?.message == "greet() got multiple values for argument 'name'")
}

@Test func relationObjectRendersAndHasAttributesAndMethods() throws {
  let g: [String: Value] = ["this": .object(TestRelation("analytics", "orders"))]
  #expect(try render("select * from {{ this }}", g) == "select * from \"analytics\".\"orders\"")
  #expect(try render("{{ this.schema }}.{{ this.identifier }}", g) == "analytics.orders")
  #expect(try render("{{ this.include(schema=false) }}|{{ this.include() }}", g) == "\"orders\"|\"analytics\".\"orders\"")
  #expect(try render("{{ this ~ '_tmp' }}", g) == "\"analytics\".\"orders\"_tmp")
  #expect(try render("{{ this.nope is undefined }}", g) == "True")
  let e = try #require(renderError("{{ this.nope.deeper }}", g))
  #expect(e.kind == .undefined)
  #expect(e.message == "'Relation' has no attribute 'nope'")
}

let macroFile = """
  {% macro cents_to_dollars(col, scale=2) -%}
  round({{ col }} / 100, {{ scale }}) as {{ prefix }}{{ col }}
  {%- endmacro %}
  {% macro both(a, b) %}{{ cents_to_dollars(a) }}, {{ cents_to_dollars(b, scale=0) }}{% endmacro %}
  {% macro boom(x) %}
  {{ x + 'a' }}
  {% endmacro %}
  """

@Test func sharedMacrosResolveFreeNamesInTheCallersGlobals() throws {
  let lib = try Environment().parse(macroFile, name: "macros/money.sql")
  #expect(lib.definitions.map(\.name) == ["cents_to_dollars", "both", "boom"])
  #expect(lib.definitions[0].parameters == ["col", "scale"])
  let shared = lib.macros
  // `prefix` is not defined in the macro file: each render's globals supply it.
  #expect(try render("{{ cents_to_dollars('amt') }}", ["prefix": .string("usd_")], shared: shared) == "round(amt / 100, 2) as usd_amt")
  #expect(try render("{{ cents_to_dollars('amt') }}", ["prefix": .string("eur_")], shared: shared) == "round(amt / 100, 2) as eur_amt")
  #expect(try render("{{ both('x', 'y') }}", ["prefix": .string("")], shared: shared) == "round(x / 100, 2) as x, round(y / 100, 0) as y")
  // Globals win over shared values of the same name.
  #expect(try render("{{ both }}", ["both": .int(1)], shared: shared) == "1")
}

@Test func macroNamespaceObjectCallsAPackageMacro() throws {
  let lib = try Environment().parse(macroFile, name: "macros/money.sql")
  let g: [String: Value] = ["money": .object(MacroNamespace(lib.macros)), "prefix": .string("p_")]
  #expect(try render("{{ money.cents_to_dollars('c', scale=1) }}", g) == "round(c / 100, 1) as p_c")
  #expect(try render("{{ money.both('a', 'b') }}", g, shared: lib.macros) == "round(a / 100, 2) as p_a, round(b / 100, 0) as p_b")
  #expect(renderError("{{ money.nope() }}", g)?.kind == .undefined)
}

@Test func errorInsideASharedMacroNamesTheMacroAndTheCallSite() throws {
  let lib = try Environment().parse(macroFile, name: "macros/money.sql")
  let e = try #require(renderError("line one\n\n{{ boom(1) }}", shared: lib.macros))
  #expect(e.kind == .type)
  #expect(e.message == "unsupported operand type(s) for +: 'int' and 'str'")
  #expect(e.span?.file.path == "macros/money.sql")
  #expect(e.line == 6)
  #expect(e.notes.count == 1)
  #expect(e.notes.first?.message == "in macro `boom` called here")
  #expect(e.notes.first?.span?.file.path == "models/m.sql")
  #expect(e.notes.first?.span?.line == 3)
}

@Test func nestedMacroCallsStackTheirNotesInnermostFirst() throws {
  let text = "{% macro inner() %}{{ nope() }}{% endmacro %}\n{% macro outer() %}\n{{ inner() }}{% endmacro %}\n\n{{ outer() }}"
  let e = try #require(renderError(text))
  #expect(e.kind == .undefined)
  #expect(e.message == "'nope' is undefined")
  #expect(e.line == 1)
  #expect(e.notes.map(\.message) == ["in macro `inner` called here", "in macro `outer` called here"])
  #expect(e.notes.compactMap { $0.span?.line } == [3, 5])
}

@Test func dbtReturnGivesTheMacroAValue() throws {
  let g: [String: Value] = ["return": dbtReturn]
  let text = """
    {%- macro cols() -%}ignored{{ return(['a', 'b']) }}never{%- endmacro -%}
    {%- macro cfg() -%}{% do return({'k': 1}) %}{%- endmacro -%}
    {%- set x = cols() -%}
    {{ x | join('+') }} {{ x | length }} {{ cfg().k }} {{ cols() }} {{ cfg() }}
    """
  #expect(try render(text, g) == "a+b 2 1 ['a', 'b'] {'k': 1}")
  // At the top level of a model, `return` ends the render and keeps what was written.
  #expect(try render("before{{ return(1) }}after", g) == "before")
}

@Test func oneTemplateRendersConcurrentlyWithDifferentGlobals() async throws {
  let lib = try Environment().parse(macroFile, name: "macros/money.sql")
  let template = try Environment().parse(
    "{% for c in cols %}{{ cents_to_dollars(c) }}{{ ', ' if not loop.last }}{% endfor %} from {{ this }}",
    name: "models/m.sql")
  let shared = lib.macros
  func expected(_ task: Int, _ i: Int) -> String {
    "round(c\(task) / 100, 2) as t\(task)_c\(task), round(d\(i) / 100, 2) as t\(task)_d\(i) from \"s\(task)\".\"r\(i)\""
  }
  let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
    for task in 0..<8 {
      group.addTask {
        var bad = 0
        for i in 0..<200 {
          let g: [String: Value] = [
            "cols": .list([.string("c\(task)"), .string("d\(i)")]),
            "prefix": .string("t\(task)_"),
            "this": .object(TestRelation("s\(task)", "r\(i)")),
          ]
          if try template.render(g, shared: shared) != expected(task, i) { bad += 1 }
        }
        return bad
      }
    }
    return try await group.reduce(0, +)
  }
  #expect(mismatches == 0)
  #expect(try template.render(["cols": .list([]), "this": .string("x")], shared: shared) == " from x")
}

let dbtBlocks = """
  {% test not_null(model, column_name) %}
  select * from {{ model }} where {{ column_name }} is null
  {% endtest %}
  {% materialization table, adapter='sqlite' %}create table {{ name }}{% endmaterialization %}
  {% materialization view, default=true %}create view{% endmaterialization %}
  {% docs orders %}One row per **order**, {{ 1 + 1 }} kinds.{% enddocs %}
  {% snapshot orders_snapshot %}select * from {{ source }}{% endsnapshot %}
  {% macro plain() %}p{% endmacro %}
  """

@Test func dbtBlockTagsBecomeDefinitions() throws {
  let env = Environment()
  let t = try env.parse(dbtBlocks, name: "macros/blocks.sql")
  #expect(t.definitions.map(\.kind) == [.test, .materialization, .materialization, .docs, .snapshot, .macro])
  #expect(t.definitions.map(\.name) == [
    "test_not_null", "materialization_table_sqlite", "materialization_view_default", "orders",
    "orders_snapshot", "plain",
  ])
  #expect(t.definitions[0].parameters == ["model", "column_name"])
  #expect(t.definitions[0].span.line == 1)
  #expect(t.definitions[3].span.line == 6)
  // Definitions render nothing where they stand.
  #expect(try t.render().filter { !$0.isWhitespace } == "")
  // Tests and materializations are callable macros; docs and snapshots are not.
  #expect(Set(t.macros.keys) == ["test_not_null", "materialization_table_sqlite", "materialization_view_default", "plain"])
  let call = try env.parse("{{ test_not_null('orders', 'id') | trim }}", name: "t.sql")
  #expect(try call.render(shared: t.macros) == "select * from orders where id is null")
  #expect(try env.parse("{{ materialization_table_sqlite() }}", name: "t.sql").render(["name": .string("x")], shared: t.macros) == "create table x")
  #expect(try t.definitions[3].renderBody(env, globals: [:]) == "One row per **order**, 2 kinds.")
  #expect(try t.definitions[4].renderBody(env, globals: ["source": .string("raw.orders")]) == "select * from raw.orders")
}

@Test func runtimeErrorsCarryKindAndLine() throws {
  let cases: [(String, JinjaError.Kind, Int, String)] = [
    ("a\n{{ nope() }}", .undefined, 2, "'nope' is undefined"),
    ("{{ 1 }}\n\n{{ 1 + 'a' }}", .type, 3, "unsupported operand type(s) for +: 'int' and 'str'"),
    ("{% macro m(a) %}{% endmacro %}\n{{ m(1, 2) }}", .type, 2, "macro 'm' takes not more than 1 argument(s)"),
    ("{% macro m(a) %}{% endmacro %}\n{{ m(b=2) }}", .type, 2, "macro 'm' takes no keyword argument 'b'"),
    ("{% for x in 3 %}{% endfor %}", .type, 1, "'int' object is not iterable"),
    ("\n{{ none.attr.deeper }}", .undefined, 2, "'None' has no attribute 'attr'"),
    ("{{ {}.__class__ }}", .security, 1, "access to attribute '__class__' of 'dict' object is unsafe."),
    ("\n\n{{ range(1, 2, 3, 4) }}", .type, 3, "range expected at most 3 arguments, got 4"),
  ]
  for (text, kind, line, message) in cases {
    let e = try #require(renderError(text), "\(text) rendered")
    #expect(e.kind == kind, "\(text)")
    #expect(e.line == line, "\(text)")
    #expect(e.message == message, "\(text)")
  }
}

@Test func syntaxErrorDiagnosticShowsFileLineColumnAndCaret() throws {
  let text = "select\n  {% for x in items %}\n    {{ x }}\n  {% endfro %}\n"
  let e = try #require(throws: JinjaError.self) { try Environment().parse(text, name: "models/orders.sql") }
  #expect(e.kind == .syntax)
  #expect(e.line == 4)
  let expected = """
    error[J0101]: template syntax error: Encountered unknown tag 'endfro'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.
     --> models/orders.sql:4:6
      |
    4 |   {% endfro %}
      |      ^^^^^^
       = hint: did you mean `endfor`?
    """
  #expect(e.diagnostic.rendered(color: false) == expected)
}

@Test func unknownFilterSuggestsTheClosestName() throws {
  let e = try #require(throws: JinjaError.self) {
    try Environment().parse("select {{ name | uper }}", name: "models/a.sql")
  }
  #expect(e.kind == .syntax)
  #expect(e.message == "No filter named 'uper'.")
  #expect(e.hint == "did you mean `upper`?")
  #expect(e.span?.location.column == 18)
  // Inside an `if` an unknown filter fails only when evaluated, with the same hint.
  let late = try #require(renderError("{% if x %}{{ 1 | lenght }}{% endif %}", ["x": .bool(true)]))
  #expect(late.kind == .runtime)
  #expect(late.hint == "did you mean `length`?")
  #expect(try render("{% if x %}{{ 1 | lenght }}{% endif %}ok") == "ok")
}
