internal import CSQLite

extension SQLiteConnection {
  /// Starts a transaction with `BEGIN IMMEDIATE`.
  ///
  /// Kiln's transactions always write; taking the write lock up front means a competing
  /// connection waits in the busy timeout instead of failing with SQLITE_BUSY when a deferred
  /// transaction tries to upgrade (sqlite.org/lang_transaction.html).
  public func begin() throws { try execute("BEGIN IMMEDIATE") }

  /// Commits the open transaction.
  public func commit() throws { try execute("COMMIT") }

  /// Rolls back the open transaction.
  public func rollback() throws { try execute("ROLLBACK") }

  /// True while a transaction is open (`sqlite3_get_autocommit` is off).
  public var isInTransaction: Bool { sqlite3_get_autocommit(db) == 0 }

  /// Runs `body` in a transaction and commits; rolls back and rethrows if it throws.
  ///
  /// Inside an open transaction this uses a savepoint, so an inner failure undoes only the
  /// inner work and the outer transaction can go on.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    if isInTransaction {
      savepointDepth += 1
      defer { savepointDepth -= 1 }
      return try withSavepoint(depth: savepointDepth, execute: { try execute($0) }, body)
    }
    try begin()
    do {
      let result = try body()
      try commit()
      return result
    } catch {
      // A failed COMMIT or an error SQLite already rolled back leaves no transaction to end.
      if isInTransaction { try? rollback() }
      throw error
    }
  }

  /// Runs `body` with `PRAGMA legacy_alter_table=ON`, restoring the previous setting after.
  ///
  /// Since SQLite 3.26, `ALTER TABLE … RENAME` also rewrites references in views and triggers
  /// (sqlite.org/lang_altertable.html, "compatibility notes"). A dbt-style swap — rename the
  /// old table to `__dbt_backup`, rename the new one into place, drop the backup — would then
  /// leave dependent views pointing at the backup. Legacy mode renames only the table, so views
  /// keep referring to the name and see the new table.
  public func withLegacyAlterTable<T>(_ body: () throws -> T) throws -> T {
    let previous = try internalQuery("PRAGMA legacy_alter_table").first?.first?.integerValue ?? 0
    try execute("PRAGMA legacy_alter_table=ON")
    defer { try? execute("PRAGMA legacy_alter_table=\(previous == 0 ? "OFF" : "ON")") }
    return try body()
  }
}
