import KilnCompiler
import KilnRunner

extension Invocation {
  /// A compiler whose renders reach the warehouse through one connection (`is_incremental()`,
  /// `run_query`...); without a connection it compiles as if nothing existed yet.
  ///
  /// `deferred` is the compile before a run: nodes whose queries fail are rendered again on
  /// their worker (see `DatabaseAccess`).
  func compiler(deferred: Bool) -> Compiler {
    var c = Compiler(parsed: parsed, lookup: nil)
    if let conn = try? ConnectionFactory(profile: profile, projectDir: projectDir).open() {
      let db = DatabaseAccess(conn, deferred: deferred)
      c.lookup = db.lookup
      c.database = db
    }
    return c
  }
}
