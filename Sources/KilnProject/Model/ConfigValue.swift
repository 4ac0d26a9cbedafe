import Foundation
import OrderedCollections

/// A plain configuration value as it appears in YAML or a `config(...)` call.
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
  /// YAML `null`/`~` or Python `None`.
  case null
  /// A boolean.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A floating-point number.
  case double(Double)
  /// A string.
  case string(String)
  /// A list.
  case list([ConfigValue])
  /// A mapping, in insertion order.
  case dict(OrderedDictionary<String, ConfigValue>)

  /// The string, when this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The boolean; also accepts the strings `true`/`false` (any case), as rendered YAML yields.
  public var boolValue: Bool? {
    switch self {
    case .bool(let b): return b
    case .string(let s):
      switch s.lowercased() {
      case "true": return true
      case "false": return false
      default: return nil
      }
    default: return nil
    }
  }

  /// The integer; also accepts a string of digits, as rendered YAML yields.
  public var intValue: Int? {
    switch self {
    case .int(let i): return i
    case .string(let s): return Int(s.trimmingCharacters(in: .whitespaces))
    default: return nil
    }
  }

  /// The number as a double (ints widen).
  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    case .string(let s): return Double(s)
    default: return nil
    }
  }

  /// The elements, when this is a list.
  public var listValue: [ConfigValue]? {
    if case .list(let l) = self { return l }
    return nil
  }

  /// The entries, when this is a dict.
  public var dictValue: OrderedDictionary<String, ConfigValue>? {
    if case .dict(let d) = self { return d }
    return nil
  }

  /// Whether this is `.null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// A string or a list of strings, as dbt accepts for `tags`, hooks and `unique_key`.
  public var stringList: [String]? {
    switch self {
    case .string(let s): return [s]
    case .list(let items):
      var out: [String] = []
      for item in items {
        guard let s = item.scalarText else { return nil }
        out.append(s)
      }
      return out
    default: return nil
    }
  }

  /// Text of a scalar (strings verbatim, numbers and booleans formatted), nil for containers.
  public var scalarText: String? {
    switch self {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .bool(let b): return b ? "true" : "false"
    case .null, .list, .dict: return nil
    }
  }

  /// A short name of the value's kind for error messages ("a string", "a list").
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .double: return "a number"
    case .string: return "a string"
    case .list: return "a list"
    case .dict: return "a mapping"
    }
  }

  /// YAML-like text of the value (strings quoted).
  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .string(let s): return "\"\(s)\""
    case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
    case .dict(let d):
      return "{" + d.map { "\($0.key): \($0.value.description)" }.joined(separator: ", ") + "}"
    }
  }
}

extension ConfigValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
  /// A string value.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An integer value.
  public init(integerLiteral value: Int) { self = .int(value) }
  /// A boolean value.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// A double value.
  public init(floatLiteral value: Double) { self = .double(value) }
  /// A list value.
  public init(arrayLiteral elements: ConfigValue...) { self = .list(elements) }
  /// A dict value, keeping the literal's order.
  public init(dictionaryLiteral elements: (String, ConfigValue)...) {
    self = .dict(OrderedDictionary(elements, uniquingKeysWith: { _, b in b }))
  }
  /// The null value.
  public init(nilLiteral: ()) { self = .null }
}
