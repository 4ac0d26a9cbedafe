import KilnBase
import OrderedCollections

/// A macro as a value: its definition plus the scope it closes over.
///
/// A macro collected from a macro file (`BlockDefinition.macro`) has no closure, so its free
/// names resolve in the globals of whichever render calls it: that is how dbt binds project
/// macros to the calling model's context.
final class MacroValue: JinjaCallable, @unchecked Sendable {
  // @unchecked: `closure` is only set for macros defined during one render and never leaves it;
  // closure-free macros (the ones shared across threads) hold only immutable data.
  let def: MacroDef
  let closure: Scope?

  init(def: MacroDef, closure: Scope?) {
    self.def = def
    self.closure = closure
  }

  var name: String { def.name }

  /// jinja2's macro attributes (`name`, `arguments`, `catch_varargs`...).
  func attribute(_ attr: String) -> Value? {
    switch attr {
    case "name": return .string(def.name)
    case "arguments": return .tuple(def.params.map { .string($0.name) })
    case "catch_varargs": return .bool(def.usesVarargs)
    case "catch_kwargs": return .bool(def.usesKwargs)
    case "caller": return .bool(def.usesCaller)
    default: return nil
    }
  }

  func call(_ args: Arguments, _ state: RenderState) throws -> Value {
    let params = def.params
    var kwargs = args.keyword
    if args.positional.count > params.count && !def.usesVarargs {
      throw JinjaError.type("macro '\(def.name)' takes not more than \(params.count) argument(s)")
    }
    if state.callDepth >= state.environment.maxCallDepth {
      throw JinjaError.runtime(
        "maximum macro call depth (\(state.environment.maxCallDepth)) exceeded in '\(def.name)'")
    }
    let scope = Scope(parent: closure)
    // Defaults may refer to earlier parameters, so bind in order within the macro's scope.
    let savedSource = state.source
    state.source = def.template
    state.callDepth += 1
    defer {
      state.callDepth -= 1
      state.source = savedSource
    }
    var foundCaller = false
    for (i, p) in params.enumerated() {
      if i < args.positional.count {
        scope.vars[p.name] = args.positional[i]
        if kwargs[p.name] != nil {
          throw JinjaError.type("macro '\(def.name)' got multiple values for argument '\(p.name)'")
        }
      } else if let v = kwargs.removeValue(forKey: p.name) {
        scope.vars[p.name] = v
      } else if let d = p.defaultValue {
        scope.vars[p.name] = try state.eval(d, scope)
      } else {
        scope.vars[p.name] = .undefined(UndefinedInfo(custom: "parameter '\(p.name)' was not provided"))
      }
      if p.name == "caller" { foundCaller = true }
    }
    if def.usesCaller && !foundCaller {
      scope.vars["caller"] =
        kwargs.removeValue(forKey: "caller")
        ?? .undefined(UndefinedInfo(name: "caller", custom: "No caller defined"))
    }
    if def.usesKwargs {
      var d = OrderedDictionary<Value, Value>()
      for (k, v) in kwargs { d[.string(k)] = v }
      scope.vars["kwargs"] = .dict(d)
    } else if let extra = kwargs.keys.first {
      if extra == "caller" {
        throw JinjaError.type(
          "macro '\(def.name)' was invoked with two values for the special caller argument. This is most likely a bug."
        )
      }
      throw JinjaError.type("macro '\(def.name)' takes no keyword argument '\(extra)'")
    }
    if def.usesVarargs {
      scope.vars["varargs"] = .tuple(Array(args.positional.dropFirst(params.count)))
    }
    do {
      let text = try state.capture { try state.exec(def.body, scope) }
      return .string(text)
    } catch let r as MacroReturn {
      return r.value
    }
  }
}
