import KilnCompiler
import OrderedCollections

/// Compiles selected nodes with a warehouse lookup for `is_incremental()`.
enum KilnCompilerFacade {
  static func compile(_ inv: Invocation, ids: [String]) throws -> OrderedDictionary<String, CompiledNode> {
    try Compiler(parsed: inv.parsed, lookup: inv.relationLookup()).compileAll(ids: ids)
  }
}
