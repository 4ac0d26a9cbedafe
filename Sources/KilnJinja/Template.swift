import KilnBase

/// The source a template was parsed from; shared by its AST nodes for error positions.
public final class TemplateSource: Sendable {
  /// Template name (usually the file's path).
  public let name: String
  /// The text, after newline normalisation.
  public let file: SourceFile
  init(name: String, file: SourceFile) {
    self.name = name
    self.file = file
  }
}

/// A definition collected from a template: a macro, or one of dbt's block tags.
public struct BlockDefinition: Sendable {
  /// `macro`, `test`, `materialization`, `docs` or `snapshot`.
  public let kind: BlockKind
  /// The name as dbt registers it (`test_not_null`, `materialization_table_default`...).
  public let name: String
  let def: MacroDef
  /// Where the definition starts.
  public var span: SourceSpan { SourceSpan(file: def.template.file, range: Int(def.span.start)..<Int(def.span.end)) }
  /// Parameter names, in order.
  public var parameters: [String] { def.params.map(\.name) }

  /// The definition as a callable macro value; free names resolve in the caller's globals.
  public var macro: Value { .callable(MacroValue(def: def, closure: nil)) }

  /// Renders the body of a `docs` or `snapshot` block with the given globals.
  public func renderBody(_ env: Environment, globals: [String: Value]) throws -> String {
    let state = RenderState(environment: env, globals: globals, source: def.template)
    let scope = Scope(parent: nil)
    try state.exec(def.body, scope)
    return state.output
  }
}

/// A parsed template: immutable and `Sendable`, so it can be rendered from many threads.
public struct Template: Sendable {
  /// The template name.
  public var name: String { source.name }
  let source: TemplateSource
  let body: [Stmt]
  let environment: Environment
  /// Top-level macros and dbt block definitions, in source order.
  public let definitions: [BlockDefinition]

  init(source: TemplateSource, body: [Stmt], environment: Environment) {
    self.source = source
    self.body = body
    self.environment = environment
    var defs: [BlockDefinition] = []
    for s in body {
      switch s {
      case .macro(let m): defs.append(BlockDefinition(kind: .macro, name: m.name, def: m))
      case .definition(let k, let m): defs.append(BlockDefinition(kind: k, name: m.name, def: m))
      default: break
      }
    }
    self.definitions = defs
  }

  /// The template's source file.
  public var file: SourceFile { source.file }

  /// Macros (and dbt `test`/`materialization` macros) by name, as callable values.
  public var macros: [String: Value] {
    var out: [String: Value] = [:]
    for d in definitions where d.kind != .docs && d.kind != .snapshot { out[d.name] = d.macro }
    return out
  }

  /// The body of the dbt block `{% <kind> name %}…{% end<kind> %}` as a template of its own
  /// (a snapshot node renders only its block); positions stay those of the whole file.
  public func block(_ kind: BlockKind, named name: String) -> Template? {
    guard let d = definitions.first(where: { $0.kind == kind && $0.name == name }) else { return nil }
    return Template(source: source, body: d.def.body, environment: environment)
  }

  /// Renders with the given context.
  ///
  /// `globals` are looked up after template-level variables; `shared` (e.g. a project's macros)
  /// after `globals`, then the environment's builtins. `hostData` is available to host functions
  /// as `state.hostData`.
  public func render(
    _ globals: [String: Value] = [:], shared: [String: Value] = [:], hostData: (any Sendable)? = nil
  ) throws -> String {
    let state = RenderState(environment: environment, globals: globals, source: source)
    state.shared = shared
    state.hostData = hostData
    let scope = Scope(parent: nil)
    do {
      try state.exec(body, scope)
    } catch let r as MacroReturn {
      // dbt allows `return()` at the top level of a model; the returned value is ignored.
      _ = r
    }
    return state.output
  }
}
