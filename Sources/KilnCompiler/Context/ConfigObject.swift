import KilnJinja
import KilnProject
import OrderedCollections

/// dbt's `config` in a model: `config(materialized='table')` records in-file config while
/// parsing; `config.get('key', default)` and `config.require('key')` read the final config.
final class ConfigObject: JinjaObject, JinjaCallable {
  let recorder: RenderRecorder
  let final: NodeConfig?
  let phase: RenderPhase

  init(recorder: RenderRecorder, final: NodeConfig?, phase: RenderPhase) {
    self.recorder = recorder
    self.final = final
    self.phase = phase
  }

  var name: String { "config" }
  var renderedText: String { "" }
  var typeName: String { "Config" }

  static func dict(_ c: NodeConfig) -> Value { ConfigValue.dict(c.exported).jinjaValue }

  func current(_ key: String) -> Value? {
    let canonical = key.replacingOccurrences(of: "-", with: "_")
    if phase == .parse, let v = recorder.config[canonical] ?? recorder.config[key] { return v.jinjaValue }
    guard let final else { return nil }
    let d = final.exported
    let v = d[key] ?? d[canonical] ?? d[key.replacingOccurrences(of: "_", with: "-")]
    if let v, !v.isNull { return v.jinjaValue }
    return nil
  }

  func attribute(_ name: String) -> Value? {
    switch name {
    case "get":
      return .function("get") { [self] a, _ in
        guard let key = a.positional.first?.stringValue else {
          throw JinjaError.runtime("config.get() takes a key")
        }
        return self.current(key) ?? (a.positional.count > 1 ? a.positional[1] : a.keyword["default"] ?? Value.none)
      }
    case "require":
      return .function("require") { [self] a, _ in
        guard let key = a.positional.first?.stringValue else {
          throw JinjaError.runtime("config.require() takes a key")
        }
        if let v = self.current(key) { return v }
        if self.phase == .parse { return .none }
        throw JinjaError.runtime("Required config key '\(key)' not found")
      }
    case "set":
      return .function("set") { [self] a, _ in
        if let k = a.positional.first?.stringValue, a.positional.count > 1 {
          self.recorder.setConfig(k, a.positional[1].configValue)
        }
        return .string("")
      }
    default: return nil
    }
  }

  func call(_ args: Arguments, _ state: RenderState) throws -> Value {
    // `config(materialized='table')` or `config({'materialized': 'table'})`.
    if case .dict(let d)? = args.positional.first {
      for (k, v) in d.items { recorder.setConfig(k.pythonStr, v.configValue) }
    }
    for (k, v) in args.keyword { recorder.setConfig(k, v.configValue) }
    return .string("")
  }
}
