import KilnBase
import OrderedCollections

/// A YAML node with the place it came from, so later errors can point into the file.
public struct YAMLValue: Sendable, Hashable {
  /// The shape and content of a node.
  public indirect enum Kind: Sendable, Hashable {
    /// `null`, `~` or an empty value.
    case null
    /// A plain boolean (`true`, `yes`...).
    case bool(Bool)
    /// A plain integer.
    case int(Int)
    /// A plain float.
    case double(Double)
    /// A quoted scalar, or a plain one that is not a bool, number or null.
    case string(String)
    /// A list.
    case sequence([YAMLValue])
    /// A mapping.
    case mapping(YAMLMapping)
  }

  /// What the node holds.
  public var kind: Kind
  /// Where the node is in its file.
  public var span: SourceSpan

  /// Creates a node.
  public init(_ kind: Kind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }

  /// The mapping, when this node is one.
  public var mapping: YAMLMapping? {
    if case .mapping(let m) = kind { return m }
    return nil
  }

  /// The elements, when this node is a sequence.
  public var sequence: [YAMLValue]? {
    if case .sequence(let s) = kind { return s }
    return nil
  }

  /// The string, when this node is a string scalar.
  public var string: String? {
    if case .string(let s) = kind { return s }
    return nil
  }

  /// Whether this node is YAML null (`~`, `null` or empty).
  public var isNull: Bool {
    if case .null = kind { return true }
    return false
  }

  /// Looks a key up when this node is a mapping.
  public subscript(key: String) -> YAMLValue? { mapping?[key] }

  /// The node as a plain configuration value (spans dropped).
  public var configValue: ConfigValue {
    switch kind {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    case .sequence(let items): return .list(items.map(\.configValue))
    case .mapping(let m): return .dict(m.entries.mapValues(\.configValue))
    }
  }

  /// A short name of the node's kind for error messages.
  public var kindName: String { configValue.kindName }
}

/// A YAML mapping with string keys in file order, and the span of every key.
public struct YAMLMapping: Sendable, Hashable {
  /// Values by key, in file order.
  public var entries: OrderedDictionary<String, YAMLValue>
  /// Where each key is written.
  public var keySpans: [String: SourceSpan]

  /// Creates a mapping.
  public init(
    entries: OrderedDictionary<String, YAMLValue> = [:], keySpans: [String: SourceSpan] = [:]
  ) {
    self.entries = entries
    self.keySpans = keySpans
  }

  /// The value for a key.
  public subscript(key: String) -> YAMLValue? { entries[key] }

  /// The keys in file order.
  public var keys: [String] { Array(entries.keys) }
}
