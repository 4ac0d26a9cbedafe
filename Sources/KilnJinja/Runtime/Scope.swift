/// A frame of variables. `for` bodies, macros and `with` blocks get their own frame, so a
/// `set` inside them does not leak out (jinja2 scoping); `if` blocks share their parent's.
final class Scope {
  var vars: [String: Value] = [:]
  let parent: Scope?

  init(parent: Scope?) { self.parent = parent }

  func lookup(_ name: String) -> Value? {
    var s: Scope? = self
    while let cur = s {
      if let v = cur.vars[name] { return v }
      s = cur.parent
    }
    return nil
  }
}

/// Thrown by dbt's `return(value)`; the enclosing macro call returns `value`.
public struct MacroReturn: Error, @unchecked Sendable {
  // @unchecked: carries a Value out of one render; never crosses threads.
  /// The returned value.
  public var value: Value
  /// Creates the signal.
  public init(_ value: Value) { self.value = value }
}

/// Loop control flow out of a statement list.
enum Flow {
  case normal, breakLoop, continueLoop
}
