/// UTF-8 offsets of a node in its template.
struct Span: Sendable {
  var start: Int32
  var end: Int32
  init(_ start: Int, _ end: Int) {
    self.start = Int32(truncatingIfNeeded: start)
    self.end = Int32(truncatingIfNeeded: max(start, end))
  }
  init(_ t: Token) { self.init(t.start, t.end) }
}

/// A call argument as written: positional, keyword, `*args` or `**kwargs`.
enum CallArg: Sendable {
  case positional(Expr)
  case keyword(String, Expr)
  case star(Expr)
  case doubleStar(Expr)
}

/// Comparison operators of a chained comparison.
enum CompareOp: String, Sendable {
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", isIn = "in", notIn = "not in"
}

/// An expression.
indirect enum Expr: Sendable {
  case constant(Value)
  case name(String, Span)
  case list([Expr])
  case tuple([Expr])
  case dict([(Expr, Expr)])
  case attribute(Expr, String, Span)
  case item(Expr, Expr, Span)
  case slice(Expr, Expr?, Expr?, Expr?, Span)
  case call(Expr, [CallArg], Span)
  case filter(Expr, String, [CallArg], Span)
  case test(Expr, String, [CallArg], negated: Bool, Span)
  case binary(BinaryOp, Expr, Expr, Span)
  case negate(Expr, Span)
  case plus(Expr, Span)
  case not(Expr)
  case and(Expr, Expr)
  case or(Expr, Expr)
  case compare(Expr, [(CompareOp, Expr)], Span)
  case concat([Expr], Span)
  case conditional(then: Expr, test: Expr, otherwise: Expr?, Span)

  var span: Span? {
    switch self {
    case .name(_, let s), .attribute(_, _, let s), .item(_, _, let s), .slice(_, _, _, _, let s),
      .call(_, _, let s), .filter(_, _, _, let s), .test(_, _, _, _, let s),
      .binary(_, _, _, let s), .negate(_, let s), .plus(_, let s), .compare(_, _, let s),
      .concat(_, let s), .conditional(_, _, _, let s):
      return s
    case .not(let e): return e.span
    case .and(let a, _), .or(let a, _): return a.span
    default: return nil
    }
  }
}

/// The left side of an assignment: a name, a tuple of targets, or `ns.attr`.
indirect enum AssignTarget: Sendable {
  case name(String)
  case tuple([AssignTarget])
  case attribute(String, String, Span)

  var names: [String] {
    switch self {
    case .name(let n): return [n]
    case .tuple(let t): return t.flatMap(\.names)
    case .attribute: return []
    }
  }
}

/// A filter application in a `{% filter %}` or `{% set x | f %}` block.
struct FilterCall: Sendable {
  var name: String
  var args: [CallArg]
  var span: Span
}

/// A macro parameter with an optional default.
struct MacroParam: Sendable {
  var name: String
  var defaultValue: Expr?
}

/// A macro definition (also used for call-block bodies and dbt `test`/`materialization` blocks).
final class MacroDef: Sendable {
  let name: String
  let params: [MacroParam]
  let body: [Stmt]
  let usesVarargs: Bool
  let usesKwargs: Bool
  let usesCaller: Bool
  let span: Span
  let template: TemplateSource

  init(
    name: String, params: [MacroParam], body: [Stmt], usesVarargs: Bool, usesKwargs: Bool,
    usesCaller: Bool, span: Span, template: TemplateSource
  ) {
    self.name = name
    self.params = params
    self.body = body
    self.usesVarargs = usesVarargs
    self.usesKwargs = usesKwargs
    self.usesCaller = usesCaller
    self.span = span
    self.template = template
  }
}

/// A `for` loop.
struct ForLoop: Sendable {
  var target: AssignTarget
  var iterable: Expr
  var condition: Expr?
  var body: [Stmt]
  var otherwise: [Stmt]
  var recursive: Bool
  var span: Span
}

/// dbt's block tags, kept as definitions the host collects.
public enum BlockKind: String, Sendable {
  case macro, test, materialization, docs, snapshot
}

/// A statement (or text) of a template body.
indirect enum Stmt: Sendable {
  case text(String)
  case output(Expr, Span)
  case ifChain([(Expr, [Stmt])], otherwise: [Stmt]?)
  case forLoop(ForLoop)
  case set(AssignTarget, Expr, Span)
  case setBlock(AssignTarget, [Stmt], [FilterCall], Span)
  case macro(MacroDef)
  case callBlock(MacroDef, Expr, Span)
  case filterBlock([FilterCall], [Stmt], Span)
  case with([(AssignTarget, Expr)], [Stmt])
  case doExpr(Expr, Span)
  case breakLoop, continueLoop
  /// A dbt block (`docs`, `snapshot`, `test`, `materialization`) that renders nothing in place.
  case definition(BlockKind, MacroDef)
}
