import KilnJinja

/// Compiles dbt's four built-in generic tests without a Jinja render per test.
///
/// A 10,000-model project has tens of thousands of `unique` / `not_null` / `accepted_values` /
/// `relationships` tests, and rendering each through `test_<name>` → `adapter.dispatch` →
/// `default__test_<name>` was most of `kiln compile`. Their SQL depends on the arguments only
/// by printing them, so each test macro is rendered once per session with placeholder
/// arguments into a *skeleton* — literal text with holes — and every test fills the holes.
/// The skeleton comes from the very same macros, so the text is byte for byte what the full
/// render gives (`BuiltinTestSkeletonTests` compares both on every shape).
///
/// Only used when nothing can change the result: the project defines none of `test_<name>`,
/// `default__test_<name>`, `<adapter>__test_<name>`, and every argument is a plain string (or
/// a relation); anything else takes the full render.
struct BuiltinTestSkeleton: Sendable {
  enum Piece: Sendable, Equatable {
    case text(String)
    case hole(String)
  }

  let pieces: [Piece]

  /// Fills the holes; nil when an argument the skeleton prints is missing.
  func fill(_ args: [String: String]) -> String? {
    var out = ""
    for piece in pieces {
      switch piece {
      case .text(let t): out += t
      case .hole(let name):
        guard let v = args[name] else { return nil }
        out += v
      }
    }
    return out
  }

  /// The arguments each built-in test macro receives besides `model`.
  static let arguments: [String: [String]] = [
    "unique": ["column_name"],
    "not_null": ["column_name"],
    "accepted_values": ["column_name", "values"],
    "relationships": ["column_name", "to", "field"],
  ]

  private static let mark: Character = "\u{1}"

  /// Renders the skeletons of the built-in tests the project does not override.
  static func make(_ session: CompileSession) -> [String: BuiltinTestSkeleton] {
    var out: [String: BuiltinTestSkeleton] = [:]
    for (name, args) in arguments {
      let overridden = ["test_\(name)", "default__test_\(name)", "\(session.adapterType.rawValue)__test_\(name)"]
        .contains { session.macros[$0] != nil }
      if overridden { continue }
      var kwargs: [(String, Value)] = [("model", .string("\(mark)model\(mark)"))]
      for a in args {
        // `values` renders through the macro's loop; with one item and `quote=False` the loop
        // prints that item alone, and `fillValues` rebuilds the whole list the way the loop does.
        kwargs.append((a, a == "values" ? .list([.string("\(mark)values\(mark)")]) : .string("\(mark)\(a)\(mark)")))
      }
      if name == "accepted_values" { kwargs.append(("quote", .bool(false))) }
      let globals: [String: Value] = ["kw": .dict(kwargs), "adapter": .object(AdapterObject(session: session))]
      guard
        let t = try? session.environment.parse("{{ test_\(name)(**kw) }}", name: "<skeleton \(name)>"),
        let text = try? t.render(globals, shared: session.sharedGlobals, hostData: nil),
        let skeleton = parse(text, holes: Set(["model"] + args))
      else { continue }
      out[name] = skeleton
    }
    return out
  }

  /// Splits rendered text at `\u{1}name\u{1}` marks; nil when the text is not made of exactly
  /// such marks and literal text (e.g. a project's text contains the mark character).
  static func parse(_ text: String, holes: Set<String>) -> BuiltinTestSkeleton? {
    let parts = text.split(separator: mark, omittingEmptySubsequences: false)
    // Literal, hole, literal, hole, ..., literal.
    guard parts.count % 2 == 1 else { return nil }
    var pieces: [Piece] = []
    for (i, part) in parts.enumerated() {
      if i % 2 == 0 {
        if !part.isEmpty { pieces.append(.text(String(part))) }
      } else {
        guard holes.contains(String(part)) else { return nil }
        pieces.append(.hole(String(part)))
      }
    }
    return BuiltinTestSkeleton(pieces: pieces)
  }

  /// The text of `default__test_accepted_values`' loop: each value as `str()`, in single
  /// quotes when `quote`, joined by `,`. Nil for values that are not strings or integers.
  static func fillValues(_ values: Value, quote: Bool) -> String? {
    guard case .list(let l) = values else { return nil }
    var items: [String] = []
    for v in l.items {
      switch v {
      case .string(let s): items.append(quote ? "'" + s + "'" : s)
      case .int(let i): items.append(quote ? "'\(i)'" : "\(i)")
      default: return nil
      }
    }
    return items.joined(separator: ",")
  }
}
