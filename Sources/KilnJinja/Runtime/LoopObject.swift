/// The `loop` variable inside a `for` block.
final class LoopObject: JinjaObject, JinjaCallable, @unchecked Sendable {
  // @unchecked: lives inside one render.
  let items: [Value]
  let depth: Int
  var index0 = 0
  var lastChanged: [Value]?
  var recurse: ((_ children: [Value]) throws -> String)?

  init(items: [Value], depth: Int) {
    self.items = items
    self.depth = depth
  }

  var name: String { "loop" }
  var renderedText: String { "<LoopContext \(index0 + 1)/\(items.count)>" }
  var typeName: String { "LoopContext" }

  func attribute(_ name: String) -> Value? {
    let n = items.count
    switch name {
    case "index": return .int(index0 + 1)
    case "index0": return .int(index0)
    case "revindex": return .int(n - index0)
    case "revindex0": return .int(n - index0 - 1)
    case "first": return .bool(index0 == 0)
    case "last": return .bool(index0 == n - 1)
    case "length": return .int(n)
    case "depth": return .int(depth)
    case "depth0": return .int(depth - 1)
    case "previtem":
      return index0 > 0 ? items[index0 - 1] : .undefined(UndefinedInfo(custom: "there is no previous item"))
    case "nextitem":
      return index0 + 1 < n ? items[index0 + 1] : .undefined(UndefinedInfo(custom: "there is no next item"))
    case "cycle":
      return .function("cycle") { [self] args, _ in
        guard !args.positional.isEmpty else { throw JinjaError.type("no items for cycling given") }
        return args.positional[self.index0 % args.positional.count]
      }
    case "changed":
      return .function("changed") { [self] args, _ in
        if let last = self.lastChanged, last == args.positional { return .bool(false) }
        self.lastChanged = args.positional
        return .bool(true)
      }
    default: return nil
    }
  }

  func call(_ args: Arguments, _ state: RenderState) throws -> Value {
    guard let recurse else {
      throw JinjaError.type(
        "Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.")
    }
    guard args.positional.count == 1, let children = args.positional[0].iterationItems() else {
      throw JinjaError.type("loop() takes exactly one iterable argument")
    }
    return .string(try recurse(children))
  }
}
