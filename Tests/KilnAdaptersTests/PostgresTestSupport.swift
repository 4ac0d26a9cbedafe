import Foundation
import KilnAdapters
import KilnTestSupport

/// The shared test server as a Kiln target.
func testServerConfig(schema: String = "public") throws -> PostgresTargetConfig {
  let server = try PostgresServer.shared()
  return PostgresTargetConfig(
    host: server.host, port: server.port, user: server.user, dbname: server.dbname,
    schema: schema, connectTimeout: 10)
}

/// A random lower-case identifier, so tests sharing the server stay independent.
func uniqueName(_ prefix: String) -> String {
  prefix + "_" + UUID().uuidString.prefix(8).lowercased()
}

/// A connection whose `search_path` is a fresh schema, dropped afterwards.
func withPostgresSchema<T>(_ body: (PGConnection, String) throws -> T) throws -> T {
  let schema = uniqueName("kiln_test")
  let db = try PGConnection(testServerConfig(schema: schema))
  try db.ensureSchema(schema)
  try db.execute("set search_path to \(db.quote(schema))")
  defer {
    db.recorder = nil
    if db.isInTransaction { try? db.rollback() }
    try? db.execute("drop schema \(db.quote(schema)) cascade")
  }
  return try body(db, schema)
}

/// Runs `body` with file descriptor 2 redirected to a temp file and returns what was written.
///
/// Other tests running meanwhile may write there too; callers look for their own marker only.
func captureStandardError(_ body: () throws -> Void) throws -> String {
  let dir = try TempDirectory(prefix: "kiln-stderr")
  defer { dir.remove() }
  let path = dir.path + "/stderr.txt"
  FileManager.default.createFile(atPath: path, contents: nil)
  let file = open(path, O_WRONLY)
  let saved = dup(2)
  fflush(nil)
  dup2(file, 2)
  defer {
    fflush(nil)
    dup2(saved, 2)
    close(saved)
    close(file)
  }
  try body()
  fflush(nil)
  return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
