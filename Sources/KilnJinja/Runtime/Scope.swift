/// A frame of variables. `for` bodies, macros and `with` blocks get their own frame, so a
/// `set` inside them does not leak out (jinja2 scoping); `if` blocks share their parent's.
final class Scope {
  @exclusivity(unchecked) var vars = VarTable()  // one render, one thread
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

/// The variables of one frame. Frames are small (a loop target and `loop`, a macro's
/// parameters), so names are searched linearly, which is much cheaper than hashing them; a
/// hash index is built only once a frame grows large.
struct VarTable {
  private var names: [String] = []
  private var values: [Value] = []
  private var index: [String: Int]?
  private static let indexThreshold = 16

  private func slot(_ name: String) -> Int? {
    if let index { return index[name] }
    var i = 0
    while i < names.count {
      if names[i] == name { return i }
      i += 1
    }
    return nil
  }

  subscript(name: String) -> Value? {
    get { slot(name).map { values[$0] } }
    set {
      if let i = slot(name) {
        if let newValue { values[i] = newValue } else { remove(at: i) }
        return
      }
      guard let newValue else { return }
      names.append(name)
      values.append(newValue)
      if index != nil {
        index![name] = names.count - 1
      } else if names.count > VarTable.indexThreshold {
        index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
      }
    }
  }

  private mutating func remove(at i: Int) {
    names.remove(at: i)
    values.remove(at: i)
    if index != nil { index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }) }
  }

  mutating func removeAll(keepingCapacity keep: Bool) {
    names.removeAll(keepingCapacity: keep)
    values.removeAll(keepingCapacity: keep)
    index = nil
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
