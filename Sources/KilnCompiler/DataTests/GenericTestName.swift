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
    // repr(get_hashable_md(metadata)) written directly: the metadata's keys in sorted order
    // (kwargs, name, namespace), without building the sorted copy as values first.
    var text = name
    text.reserveCapacity(name.utf8.count + 160)
    text += "{'kwargs': "
    writeHashable(kwargs.lazy.map { (Value.string($0.key), $0.value) }, into: &text)
    text += ", 'name': "
    text += Value.string(testName).pythonRepr
    text += ", 'namespace': "
    text += Value.string(namespace ?? "None").pythonRepr
    text += "}"
    return String(Hashing.md5Hex(text).suffix(10))
  }

  /// Writes `repr(hashable(v))`: dicts sorted by key, lists kept, scalars as `str()`.
  static func writeHashable(_ v: Value, into out: inout String) {
    switch v {
    case .dict(let d): writeHashable(d.items.lazy.map { ($0.key, $0.value) }, into: &out)
    case .list(let l):
      out += "["
      for (i, item) in l.items.enumerated() {
        if i > 0 { out += ", " }
        writeHashable(item, into: &out)
      }
      out += "]"
    default: out += Value.string(v.pythonStr).pythonRepr
    }
  }

  private static func writeHashable(
    _ items: some Sequence<(Value, Value)>, into out: inout String
  ) {
    let sorted = items.map { ($0.0.pythonStr, $0.1) }.sorted { pythonLess($0.0, $1.0) }
    out += "{"
    for (i, (k, v)) in sorted.enumerated() {
      if i > 0 { out += ", " }
      out += Value.string(k).pythonRepr
      out += ": "
      writeHashable(v, into: &out)
    }
    out += "}"
  }

  /// Python's `re.sub("[^0-9a-zA-Z_]+", "_", s)`.
  static func clean(_ s: String) -> String {
    // Most arguments are ASCII: clean the bytes (the same rule; a non-ASCII scalar is one run).
    if s.utf8.allSatisfy({ $0 < 0x80 }) {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(s.utf8.count)
      var inRun = false
      for b in s.utf8 {
        let keep =
          (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
        if keep {
          bytes.append(b)
          inRun = false
        } else if !inRun {
          bytes.append(0x5F)
          inRun = true
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
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
