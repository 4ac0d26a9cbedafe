import KilnBase
import OrderedCollections

/// The mutable state of one render: output buffer, globals, call stack. Not `Sendable`; it
/// stays on the thread that renders. Host functions receive it to call macros or read
/// `hostData`.
public final class RenderState {
  /// The environment (filters, tests, builtins).
  public let environment: Environment
  /// Per-render globals (dbt's context for one node).
  public var globals: [String: Value]
  /// Globals shared by many renders (a project's macros), looked up after `globals`.
  public var shared: [String: Value] = [:]
  /// Anything the host wants its functions to reach.
  public var hostData: (any Sendable)?
  /// The text rendered so far into the current buffer.
  @exclusivity(unchecked) public internal(set) var output = ""
  var source: TemplateSource
  @exclusivity(unchecked) var callDepth = 0
  @exclusivity(unchecked) var loopIterations = 0
  /// Where the host function being called was called from (template file and span).
  public internal(set) var currentCallSite: SourceSpan?

  init(environment: Environment, globals: [String: Value], source: TemplateSource) {
    self.environment = environment
    self.globals = globals
    self.source = source
  }

  /// Looks a name up in globals, shared values and builtins (not template variables).
  public func global(_ name: String) -> Value? {
    globals[name] ?? shared[name] ?? environment.globals[name]
  }

  /// Calls a callable value (macro, host function) with arguments, as a template would.
  public func call(_ callee: Value, _ args: Arguments) throws -> Value {
    try callValue(callee, args, span: nil)
  }

  func spanOf(_ s: Span) -> SourceSpan {
    SourceSpan(file: source.file, range: Int(s.start)..<Int(s.end))
  }

  /// Attaches the place of the failing node to an error that has none yet.
  func locate(_ error: any Error, _ span: Span?) -> any Error {
    if var j = error as? JinjaError {
      if j.span == nil, let span { j.span = spanOf(span) }
      return j
    }
    return error
  }

  // MARK: - statements

  func exec(_ body: [Stmt], _ scope: Scope) throws {
    _ = try execBlock(body, scope)
  }

  func execBlock(_ body: [Stmt], _ scope: Scope) throws -> Flow {
    if StackGuard.isLow { throw StackGuard.error }
    for stmt in body {
      let f = try execStmt(stmt, scope)
      if case .normal = f { continue }
      return f
    }
    return .normal
  }

  func write(_ s: String) throws {
    output += s
    if output.utf8.count > environment.maxOutputBytes {
      throw JinjaError.runtime("rendered output exceeds \(environment.maxOutputBytes) bytes")
    }
  }

  func execStmt(_ stmt: Stmt, _ scope: Scope) throws -> Flow {
    switch stmt {
    case .text(let t):
      output += t
    case .output(let e, let span):
      let v = try eval(e, scope)
      do {
        try write(try renderValue(v))
      } catch { throw locate(error, e.span ?? span) }
    case .ifChain(let branches, let otherwise):
      for (test, body) in branches {
        if try eval(test, scope).isTruthy { return try execBlock(body, scope) }
      }
      if let otherwise { return try execBlock(otherwise, scope) }
    case .forLoop(let loop):
      return try execFor(loop, scope)
    case .set(let target, let e, let span):
      let v = try eval(e, scope)
      do { try assign(target, v, scope) } catch { throw locate(error, span) }
    case .setBlock(let target, let body, let filters, let span):
      // A `break` inside the block leaves the enclosing loop before the assignment, as in jinja2.
      var flow = Flow.normal
      var v = Value.string(try capture { flow = try execBlock(body, Scope(parent: scope)) })
      if case .normal = flow {} else { return flow }
      do {
        for f in filters { v = try applyFilter(f.name, v, f.args, scope, f.span) }
        try assign(target, v, scope)
      } catch { throw locate(error, span) }
    case .macro(let def):
      scope.vars[def.name] = .callable(MacroValue(def: def, closure: scope))
    case .definition(let kind, let def):
      if kind == .test || kind == .materialization {
        scope.vars[def.name] = .callable(MacroValue(def: def, closure: scope))
      }
    case .callBlock(let def, let call, let span):
      guard case .call(let callee, let args, let cspan) = call else { return .normal }
      let caller = Value.callable(MacroValue(def: def, closure: scope))
      let fn = try eval(callee, scope)
      var evaluated = try evalArgs(args, scope)
      evaluated.keyword["caller"] = caller
      let v: Value
      do { v = try callValue(fn, evaluated, span: cspan) } catch { throw locate(error, span) }
      try write(try renderValue(v))
    case .filterBlock(let filters, let body, let span):
      var flow = Flow.normal
      var v = Value.string(try capture { flow = try execBlock(body, scope) })
      if case .normal = flow {} else { return flow }
      do {
        for f in filters { v = try applyFilter(f.name, v, f.args, scope, f.span) }
      } catch { throw locate(error, span) }
      try write(try renderValue(v))
    case .with(let assigns, let body):
      let inner = Scope(parent: scope)
      for (t, e) in assigns { try assign(t, try eval(e, scope), inner) }
      return try execBlock(body, inner)
    case .doExpr(let e, _):
      _ = try eval(e, scope)
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    }
    return .normal
  }

  /// Renders `body` into a fresh buffer and returns it.
  func capture(_ body: () throws -> Void) throws -> String {
    let saved = output
    output = ""
    defer { output = saved }
    try body()
    return output
  }

  /// `str()` of a value for output; undefined renders empty, as jinja2's default Undefined.
  func renderValue(_ v: Value) throws -> String {
    switch v {
    case .string(let s), .markup(let s): return s
    case .undefined(let u):
      if u.security { throw JinjaError.security(u.message) }
      return ""
    default: return v.pythonStr
    }
  }

  func assign(_ target: AssignTarget, _ value: Value, _ scope: Scope) throws {
    switch target {
    case .name(let n):
      scope.vars[n] = value
    case .tuple(let targets):
      guard let items = value.iterationItems() else {
        throw JinjaError.type("cannot unpack non-iterable \(value.typeName) object")
      }
      if items.count != targets.count {
        if items.count > targets.count {
          throw JinjaError.type("too many values to unpack (expected \(targets.count))")
        }
        throw JinjaError.type(
          "not enough values to unpack (expected \(targets.count), got \(items.count))")
      }
      for (t, v) in zip(targets, items) { try assign(t, v, scope) }
    case .attribute(let ns, let attr, _):
      guard case .object(let o)? = scope.lookup(ns) ?? global(ns), let n = o as? Namespace else {
        throw JinjaError.runtime("cannot assign attribute on non-namespace object")
      }
      n.values[attr] = value
    }
  }

  // MARK: - for loops

  /// Runs a loop; the flow is that of its `else` block (a `break` there leaves the outer loop).
  func execFor(_ loop: ForLoop, _ scope: Scope) throws -> Flow {
    let iterValue = try eval(loop.iterable, scope)
    guard var items = iterValue.iterationItems() else {
      throw locate(
        JinjaError.type("'\(iterValue.typeName)' object is not iterable"), loop.iterable.span ?? loop.span)
    }
    if let cond = loop.condition {
      var kept: [Value] = []
      for item in items {
        let s = Scope(parent: scope)
        try assign(loop.target, item, s)
        if try eval(cond, s).isTruthy { kept.append(item) }
      }
      items = kept
    }
    return try runLoop(loop, items, scope, depth: 1)
  }

  func runLoop(_ loop: ForLoop, _ items: [Value], _ scope: Scope, depth: Int) throws -> Flow {
    if items.isEmpty {
      if !loop.otherwise.isEmpty { return try execBlock(loop.otherwise, Scope(parent: scope)) }
      return .normal
    }
    if depth > environment.maxCallDepth {
      throw JinjaError.runtime("maximum recursion depth exceeded in recursive loop")
    }
    let info = LoopObject(items: items, depth: depth)
    if loop.recursive {
      info.recurse = { [self] children in
        try self.capture { _ = try self.runLoop(loop, children, scope, depth: depth + 1) }
      }
    }
    // jinja2 clears its else-flag at the end of a body that ran to completion, so `else` also
    // runs when every iteration ended in `break` or `continue` before finishing.
    var completed = false
    // One frame per iteration, as in jinja2; it is recycled when nothing (a macro defined in
    // the body) kept a reference to the previous one.
    var s = Scope(parent: scope)
    for (i, item) in items.enumerated() {
      loopIterations += 1
      if loopIterations > environment.maxLoopIterations {
        throw locate(
          JinjaError.runtime("loop iterations exceed \(environment.maxLoopIterations)"), loop.span)
      }
      info.index0 = i
      if i > 0 {
        if isKnownUniquelyReferenced(&s) {
          s.vars.removeAll(keepingCapacity: true)
        } else {
          s = Scope(parent: scope)
        }
      }
      try assign(loop.target, item, s)
      s.vars["loop"] = .object(info)
      let f = try execBlock(loop.body, s)
      if case .breakLoop = f { break }
      if case .normal = f { completed = true }
    }
    if !completed && !loop.otherwise.isEmpty { return try execBlock(loop.otherwise, Scope(parent: scope)) }
    return .normal
  }
}

/// jinja2's `namespace()` object: attributes assignable with `{% set ns.x = ... %}`.
final class Namespace: JinjaObject, @unchecked Sendable {
  // @unchecked: mutated only inside one render.
  var values: OrderedDictionary<String, Value>
  init(_ values: OrderedDictionary<String, Value>) { self.values = values }
  func attribute(_ name: String) -> Value? { values[name] }
  var renderedText: String { "<Namespace \(Value.dict(.init(uniqueKeysWithValues: values.map { (Value.string($0.key), $0.value) })).pythonRepr)>" }
  var typeName: String { "Namespace" }
}
