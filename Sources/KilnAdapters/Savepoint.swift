/// Runs `body` inside the savepoint `kiln_savepoint_<depth>`: released on success, rolled back
/// to (and released) when `body` throws, so an inner failure undoes only the inner work and
/// the enclosing transaction can go on. Shared by the SQLite and Postgres connections; the
/// `SAVEPOINT` / `RELEASE SAVEPOINT` / `ROLLBACK TO SAVEPOINT` forms are valid in both.
func withSavepoint<T>(depth: Int, execute: (String) throws -> Void, _ body: () throws -> T) throws -> T {
  let name = "kiln_savepoint_\(depth)"
  try execute("SAVEPOINT \(name)")
  do {
    let result = try body()
    try execute("RELEASE SAVEPOINT \(name)")
    return result
  } catch {
    try? execute("ROLLBACK TO SAVEPOINT \(name)")
    try? execute("RELEASE SAVEPOINT \(name)")
    throw error
  }
}
