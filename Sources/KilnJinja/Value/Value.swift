import OrderedCollections

/// A Jinja value with Python semantics: `int` and `float` are distinct, dicts keep insertion
/// order, lists and dicts are shared by reference (so `{% do l.append(1) %}` mutates `l`).
public enum Value: @unchecked Sendable {
  // @unchecked: lists and dicts are reference boxes, as in Python. A value handed to several
  // threads as a global must not be mutated while they render; templates never hold mutable
  // values (literals build new boxes on every evaluation).

  /// A missing name or attribute; renders as empty text, fails on attribute access or call.
  indirect case undefined(UndefinedInfo)
  /// Python `None`.
  case none
  /// Python `bool`.
  case bool(Bool)
  /// Python `int` (64-bit here; overflow is an error rather than a bignum).
  case int(Int)
  /// Python `float`.
  case float(Double)
  /// Python `str`.
  case string(String)
  /// A string marked safe (jinja2 `Markup`); renders like a string.
  case markup(String)
  /// Python `list`, shared by reference.
  case list(ListBox)
  /// Python `tuple`.
  case tuple([Value])
  /// Python `dict`, insertion-ordered, shared by reference.
  case dict(DictBox)
  /// A host object with attributes and methods.
  case object(any JinjaObject)
  /// A callable: host function, macro, or bound method.
  case callable(any JinjaCallable)

  /// Makes a list value.
  public static func list(_ items: [Value]) -> Value { .list(ListBox(items)) }
  /// Makes a dict value from ordered pairs.
  public static func dict(_ pairs: OrderedDictionary<Value, Value>) -> Value { .dict(DictBox(pairs)) }
  /// Makes a dict value with string keys.
  public static func dict(_ pairs: [(String, Value)]) -> Value {
    var d = OrderedDictionary<Value, Value>()
    for (k, v) in pairs { d[.string(k)] = v }
    return .dict(DictBox(d))
  }
  /// A plain undefined value for `name`.
  public static func undefined(_ name: String) -> Value { .undefined(UndefinedInfo(name: name)) }
}

/// Why a value is undefined: which name, or which attribute of what.
public struct UndefinedInfo: Sendable {
  /// The missing name or attribute.
  public var name: String?
  /// The type description of the object that lacked the attribute (`dict object`).
  public var owner: String?
  /// A custom message (sandbox violations, "No caller defined").
  public var custom: String?
  /// Using this value is a sandbox violation (`SecurityError`), not a plain undefined.
  public var security = false
  /// Creates the info.
  public init(name: String? = nil, owner: String? = nil, custom: String? = nil, security: Bool = false) {
    self.name = name
    self.owner = owner
    self.custom = custom
    self.security = security
  }
  /// The message jinja2 raises when this undefined is used.
  public var message: String {
    if let custom { return custom }
    if let owner, let name { return "'\(owner)' has no attribute '\(name)'" }
    if let name { return "'\(name)' is undefined" }
    return "undefined value"
  }
}

/// Reference box for a Python list.
public final class ListBox: @unchecked Sendable {
  // @unchecked: see `Value`; mutation happens only inside one render.
  /// The items.
  public var items: [Value]
  /// Creates a box.
  public init(_ items: [Value]) { self.items = items }
}

/// Reference box for a Python dict.
public final class DictBox: @unchecked Sendable {
  // @unchecked: see `Value`; mutation happens only inside one render.
  /// The entries in insertion order.
  public var items: OrderedDictionary<Value, Value>
  /// Creates a box.
  public init(_ items: OrderedDictionary<Value, Value> = [:]) { self.items = items }
}

/// A host object exposed to templates (e.g. a relation that renders as `"schema"."table"`).
public protocol JinjaObject: AnyObject, Sendable {
  /// The value of `obj.name`, or nil when there is no such attribute.
  func attribute(_ name: String) -> Value?
  /// How `{{ obj }}` renders.
  var renderedText: String { get }
  /// The type name used in error messages (`Relation object`).
  var typeName: String { get }
  /// Item access `obj[key]`; defaults to attribute lookup by string key.
  func item(_ key: Value) -> Value?
  /// Truthiness; defaults to true.
  var isTruthy: Bool { get }
  /// Iteration, if the object is iterable.
  func iterate() -> [Value]?
}

extension JinjaObject {
  public func item(_ key: Value) -> Value? {
    if case .string(let s) = key { return attribute(s) }
    return nil
  }
  public var isTruthy: Bool { true }
  public func iterate() -> [Value]? { nil }
  public var typeName: String { "object" }
}

/// Anything callable from a template.
public protocol JinjaCallable: AnyObject, Sendable {
  /// Name shown in errors.
  var name: String { get }
  /// Calls with evaluated arguments inside a render.
  func call(_ args: Arguments, _ state: RenderState) throws -> Value
}

/// Evaluated call arguments: positional then keyword, in call order.
public struct Arguments: Sendable {
  /// Positional arguments.
  public var positional: [Value]
  /// Keyword arguments in call order.
  public var keyword: OrderedDictionary<String, Value>
  /// Creates arguments.
  public init(_ positional: [Value] = [], keyword: OrderedDictionary<String, Value> = [:]) {
    self.positional = positional
    self.keyword = keyword
  }

  /// Binds arguments to parameter names (Python rules), filling defaults; extra arguments are
  /// an error.
  ///
  /// ```swift
  /// let a = try args.bind(["name", "default"], defaults: ["default": .none], function: "var")
  /// ```
  public func bind(
    _ names: [String], defaults: [String: Value] = [:], function: String
  ) throws -> [Value] {
    if positional.count > names.count {
      throw JinjaError.type(
        "\(function)() takes \(names.count) positional arguments but \(positional.count) were given")
    }
    var out = [Value?](repeating: nil, count: names.count)
    for (i, v) in positional.enumerated() { out[i] = v }
    for (k, v) in keyword {
      guard let i = names.firstIndex(of: k) else {
        throw JinjaError.type("\(function)() got an unexpected keyword argument '\(k)'")
      }
      if out[i] != nil {
        throw JinjaError.type("\(function)() got multiple values for argument '\(k)'")
      }
      out[i] = v
    }
    return try names.enumerated().map { i, n in
      if let v = out[i] { return v }
      if let d = defaults[n] { return d }
      throw JinjaError.type("\(function)() missing required argument: '\(n)'")
    }
  }
}

/// A host function callable from templates.
public final class HostFunction: JinjaCallable {
  /// Name shown in errors.
  public let name: String
  private let body: @Sendable (Arguments, RenderState) throws -> Value

  /// Creates a function from a closure receiving the evaluated arguments and the render state.
  public init(_ name: String, _ body: @escaping @Sendable (Arguments, RenderState) throws -> Value)
  {
    self.name = name
    self.body = body
  }

  public func call(_ args: Arguments, _ state: RenderState) throws -> Value {
    try body(args, state)
  }
}

extension Value {
  /// Wraps a Swift closure as a callable value.
  public static func function(
    _ name: String, _ body: @escaping @Sendable (Arguments, RenderState) throws -> Value
  ) -> Value {
    .callable(HostFunction(name, body))
  }
}
