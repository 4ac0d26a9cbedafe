import KilnBase
import KilnJinja
import OrderedCollections

/// dbt's names for generic tests (dbt-core `parser/generic_test_builders.py` and
/// `schema_generic_tests.py`), checked against dbt 1.10's output for the example project.
public enum GenericTestName {
  /// Names at or above this length are shortened for the alias and compiled file name.
  public static let maxLength = 64

  /// `(short, full)` names. `full` = `<testType>_<target>_<flattened args>`: arguments sorted by
  /// key (`model` left out), a dict contributing its values and a list its elements, each part
  /// as Python's `str()`, runs of non-`[0-9a-zA-Z_]` replaced by `_`, parts joined by `__`.
  /// When `full` has 64 or more characters, `short` = the first 30 characters of
  /// `<testType>_<target>` + `_` + md5(full); otherwise `short == full`.
  public static func synthesize(
    testType: String, target: String, arguments: OrderedDictionary<String, Value>
  ) -> (short: String, full: String) {
    var parts: [String] = []
    for key in arguments.keys.sorted(by: pythonLess) where key != "model" {
      switch arguments[key]! {
      case .dict(let d): parts += d.items.values.map(\.pythonStr)
      case .list(let l): parts += l.items.map(\.pythonStr)
      case .tuple(let t): parts += t.map(\.pythonStr)
      case let v: parts.append(v.pythonStr)
      }
    }
    let unique = parts.map(clean).joined(separator: "__")
    let identifier = "\(testType)_\(target)"
    let full = "\(identifier)_\(unique)"
    guard full.unicodeScalars.count >= maxLength else { return (full, full) }
    let head = String(String.UnicodeScalarView(identifier.unicodeScalars.prefix(30)))
    return ("\(head)_\(Hashing.md5Hex(full))", full)
  }

  /// The 10-hex suffix of a generic test's unique id: the last 10 hex digits of
  /// md5(name + repr(metadata)), where the metadata `{namespace, name, kwargs}` has every dict
  /// sorted by key and every scalar turned into its `str()` (dbt's `get_hashable_md`).
  public static func hash(name: String, namespace: String?, testName: String, kwargs: OrderedDictionary<String, Value>) -> String {
    let metadata: Value = .dict([
      ("namespace", namespace.map { .string($0) } ?? Value.none),
      ("name", .string(testName)),
      ("kwargs", .dict(kwargs.map { ($0.key, $0.value) })),
    ])
    return String(Hashing.md5Hex(name + hashable(metadata).pythonRepr).suffix(10))
  }

  /// dbt's `get_hashable_md`: dicts sorted by key, lists kept, scalars as `str()`.
  static func hashable(_ v: Value) -> Value {
    switch v {
    case .dict(let d):
      let sorted = d.items.sorted { pythonLess($0.key.pythonStr, $1.key.pythonStr) }
      return .dict(sorted.map { ($0.key.pythonStr, hashable($0.value)) })
    case .list(let l): return .list(l.items.map(hashable))
    default: return .string(v.pythonStr)
    }
  }

  /// Python's `re.sub("[^0-9a-zA-Z_]+", "_", s)`.
  static func clean(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var inRun = false
    for u in s.unicodeScalars {
      let keep = (u >= "0" && u <= "9") || (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || u == "_"
      if keep {
        out.append(u)
        inRun = false
      } else if !inRun {
        out.append("_")
        inRun = true
      }
    }
    return String(out)
  }

  /// Python's string order (by code point).
  static func pythonLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }
}
