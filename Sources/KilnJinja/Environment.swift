import KilnBase

/// A filter implementation: receives the value, the filter's arguments and the render state.
public typealias FilterFunction = @Sendable (Value, Arguments, RenderState) throws -> Value
/// A test implementation (`x is name(args)`).
public typealias TestFunction = @Sendable (Value, Arguments, RenderState) throws -> Bool

/// Configuration shared by templates: filters, tests, builtin globals and limits.
///
/// The defaults reproduce jinja2 3.1 as dbt configures it: a sandboxed environment with the
/// `do` and `loopcontrols` extensions, no autoescape, no trim/lstrip, no trailing newline, and
/// dbt's extra filters (`as_text`, `as_bool`, `as_native`, `as_number`).
public struct Environment: Sendable {
  /// Filters by name.
  public var filters: [String: FilterFunction] { didSet { filterNames = Set(filters.keys) } }
  /// Tests by name.
  public var tests: [String: TestFunction] { didSet { testNames = Set(tests.keys) } }
  /// Names known to the parser (kept with the dictionaries; parsing many templates would
  /// otherwise rebuild them every time).
  private(set) var filterNames: Set<String>
  private(set) var testNames: Set<String>
  /// Globals visible to every template (`range`, `dict`, `namespace`...).
  public var globals: [String: Value]
  /// Maximum nested macro calls before a clear error (jinja2 would hit Python's recursion limit).
  public var maxCallDepth = 100
  /// Maximum loop iterations in one render, so a runaway template ends with an error.
  public var maxLoopIterations = 10_000_000
  /// Maximum rendered size in bytes.
  public var maxOutputBytes = 256 * 1024 * 1024

  /// Creates the dbt-configured environment.
  public init() {
    filters = Filters.builtin
    tests = Tests.builtin
    filterNames = Set(Filters.builtin.keys)
    testNames = Set(Tests.builtin.keys)
    globals = Globals.builtin
  }

  /// Parses template source. Syntax errors are thrown as `JinjaError` of kind `.syntax`.
  public func parse(_ text: String, name: String) throws -> Template {
    // jinja2 normalises every newline to "\n" and drops one trailing newline
    // (keep_trailing_newline=False).
    var t = text
    if t.utf8.contains(13) {  // "\r"
      t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
    if t.hasSuffix("\n") { t.removeLast() }
    let file = SourceFile(path: name, text: t)
    let source = TemplateSource(name: name, file: file)
    let tokens = try Lexer.tokenize(file)
    var parser = Parser(
      tokens: tokens, source: source, filters: filterNames, tests: testNames)
    let body = try parser.parseTemplate()
    return Template(source: source, body: body, environment: self)
  }

  /// Parses and renders in one step.
  public func render(_ text: String, name: String = "<template>", _ globals: [String: Value] = [:])
    throws -> String
  {
    try parse(text, name: name).render(globals)
  }
}
