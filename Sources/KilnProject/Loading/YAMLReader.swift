import KilnBase
import OrderedCollections

/// Reads typed values out of `YAMLValue`s, recording P0104 for values of the wrong shape.
struct YAMLReader {
  var diagnostics: [Diagnostic] = []

  mutating func mismatch(_ v: YAMLValue, _ what: String, _ expected: String) {
    diagnostics.append(
      Diagnostic(code: "P0104", "\(what) must be \(expected), found \(v.kindName)", span: v.span))
  }

  mutating func mapping(_ v: YAMLValue?, _ what: String) -> YAMLMapping? {
    guard let v, !v.isNull else { return nil }
    if let m = v.mapping { return m }
    mismatch(v, what, "a mapping")
    return nil
  }

  mutating func sequence(_ v: YAMLValue?, _ what: String) -> [YAMLValue] {
    guard let v, !v.isNull else { return [] }
    if let s = v.sequence { return s }
    mismatch(v, what, "a list")
    return []
  }

  mutating func string(_ v: YAMLValue?, _ what: String) -> String? {
    guard let v, !v.isNull else { return nil }
    if let s = v.configValue.scalarText { return s }
    mismatch(v, what, "a string")
    return nil
  }

  mutating func bool(_ v: YAMLValue?, _ what: String) -> Bool? {
    guard let v, !v.isNull else { return nil }
    if let b = v.configValue.boolValue { return b }
    mismatch(v, what, "a boolean")
    return nil
  }

  mutating func int(_ v: YAMLValue?, _ what: String) -> Int? {
    guard let v, !v.isNull else { return nil }
    if let i = v.configValue.intValue { return i }
    mismatch(v, what, "an integer")
    return nil
  }

  /// A string or a list of strings.
  mutating func strings(_ v: YAMLValue?, _ what: String) -> [String]? {
    guard let v, !v.isNull else { return nil }
    if let l = v.configValue.stringList { return l }
    mismatch(v, what, "a string or a list of strings")
    return nil
  }

  mutating func dict(_ v: YAMLValue?, _ what: String) -> OrderedDictionary<String, ConfigValue> {
    guard let m = mapping(v, what) else { return [:] }
    return m.entries.mapValues(\.configValue)
  }
}
