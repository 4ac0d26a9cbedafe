internal import CPostgres

extension PGConnection {
  /// Starts a transaction.
  public func begin() throws { try execute("BEGIN") }

  /// Commits the open transaction (after an error in it, the server rolls back instead).
  public func commit() throws { try execute("COMMIT") }

  /// Rolls back the open transaction.
  public func rollback() throws { try execute("ROLLBACK") }

  /// True while a transaction is open, including one a failed statement has aborted.
  public var isInTransaction: Bool {
    let status = PQtransactionStatus(conn)
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
  }

  /// Runs `body` in a transaction and commits; rolls back and rethrows if it throws.
  ///
  /// Inside an open transaction this uses a savepoint, so an inner failure undoes only the
  /// inner work and the outer transaction can go on: rolling back to the savepoint also
  /// clears the "current transaction is aborted" state a failed statement leaves.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    if isInTransaction {
      savepointDepth += 1
      defer { savepointDepth -= 1 }
      return try withSavepoint(depth: savepointDepth, execute: { try execute($0) }, body)
    }
    try begin()
    do {
      let result = try body()
      // COMMIT of an aborted transaction succeeds but rolls back; report that as a failure.
      if PQtransactionStatus(conn) == PQTRANS_INERROR {
        try rollback()
        throw AdapterError(
          .statement, adapter: .postgres,
          message: "the transaction was aborted by an earlier error and has been rolled back",
          sqlState: "25P02")
      }
      try commit()
      return result
    } catch {
      if isInTransaction { try? rollback() }
      throw error
    }
  }
}
