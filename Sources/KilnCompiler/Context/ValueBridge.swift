import KilnJinja
import KilnProject
import OrderedCollections

extension ConfigValue {
  /// The config value as a template value.
  var jinjaValue: KilnJinja.Value {
    switch self {
    case .null: return .none
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .float(d)
    case .string(let s): return .string(s)
    case .list(let l): return .list(l.map(\.jinjaValue))
    case .dict(let d):
      var out = OrderedDictionary<KilnJinja.Value, KilnJinja.Value>()
      for (k, v) in d { out[.string(k)] = v.jinjaValue }
      return .dict(out)
    }
  }
}

extension Value {
  /// The template value as a config value (for `config(...)` calls); objects become strings.
  var configValue: ConfigValue {
    switch self {
    case .none, .undefined: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let d): return .double(d)
    case .string(let s), .markup(let s): return .string(s)
    case .list(let l): return .list(l.items.map(\.configValue))
    case .tuple(let t): return .list(t.map(\.configValue))
    case .dict(let d):
      var out = OrderedDictionary<String, ConfigValue>()
      for (k, v) in d.items { out[k.pythonStr] = v.configValue }
      return .dict(out)
    case .object(let o):
      if let items = o.iterate() { return .list(items.map(\.configValue)) }
      return .string(o.renderedText)
    case .callable(let c): return .string(c.name)
    }
  }
}
