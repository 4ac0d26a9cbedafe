import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

@Test func schemasAndPathsAreAttachedAndResolvedAgainstTheProject() throws {
  let dir = try TempDirectory(prefix: "kiln-schemas")
  defer { dir.remove() }
  let config = try SQLiteTargetConfig(
    schemasAndPaths: ["main": "dev.db", "raw": "data/raw.db"], schemaDirectory: "schemas",
    baseDirectory: dir.path)
  #expect(config.mainPath == dir.path + "/dev.db")
  #expect(config.schemaPaths == ["raw": dir.path + "/data/raw.db"])
  #expect(config.schemaDirectory == dir.path + "/schemas")
  try FileManager.default.createDirectory(
    atPath: dir.path + "/data", withIntermediateDirectories: true)
  let db = try SQLiteConnection.open(config)
  #expect(try db.attachedSchemas() == ["main", "raw"])
  try db.execute("create table raw.orders (id int)")
  #expect(FileManager.default.fileExists(atPath: dir.path + "/data/raw.db"))
  #expect(try db.relationType(schema: "raw", name: "orders") == .table)
  #expect(try db.relationType(schema: "main", name: "orders") == nil)
}

@Test func schemaDirectoryFilesAreAttachedByBaseName() throws {
  let dir = try TempDirectory(prefix: "kiln-schemas")
  defer { dir.remove() }
  do {
    // A previous run created two schema files.
    let first = try SQLiteConnection.open(
      SQLiteTargetConfig(path: "main.db", baseDirectory: dir.path))
    try first.ensureSchema("staging")
    try first.ensureSchema("marts")
    try first.execute("create table staging.s (x int); create view marts.m as select 1 as y")
  }
  let db = try SQLiteConnection.open(SQLiteTargetConfig(path: "main.db", baseDirectory: dir.path))
  #expect(try db.attachedSchemas() == ["main", "marts", "staging"])
  #expect(try db.relationType(schema: "staging", name: "s") == .table)
  #expect(try db.relationType(schema: "marts", name: "m") == .view)
}

@Test func ensureSchemaCreatesTheFileOnce() throws {
  try withTempDatabase { db, dir in
    try db.ensureSchema("analytics")
    try db.ensureSchema("analytics")
    try db.ensureSchema("main")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/analytics.db"))
    #expect(try db.attachedSchemas() == ["main", "analytics"])
  }
}

@Test func profileWithoutMainOrPathIsAConfigurationError() throws {
  let noMain = try #require(throws: AdapterError.self) {
    try SQLiteTargetConfig(schemasAndPaths: ["raw": "raw.db"], baseDirectory: "/p")
  }
  #expect(noMain.kind == .configuration)
  #expect(noMain.diagnostic().code == "A0103")
  #expect(throws: AdapterError.self) { try SQLiteTargetConfig(baseDirectory: "/p") }
  let plain = try SQLiteTargetConfig(path: "~/x/../dev.db", baseDirectory: "/p")
  #expect(plain.mainPath.hasSuffix("/dev.db") && !plain.mainPath.contains(".."))
  #expect(
    try SQLiteTargetConfig(path: "/abs/dev.db", baseDirectory: "/p").schemaDirectory == "/abs")
}

@Test func collidingSchemaDirectoryFileIsAnError() throws {
  let dir = try TempDirectory(prefix: "kiln-schemas")
  defer { dir.remove() }
  try FileManager.default.createDirectory(
    atPath: dir.path + "/elsewhere", withIntermediateDirectories: true)
  _ = try SQLiteConnection(path: dir.path + "/raw.db")  // creates the file
  let config = try SQLiteTargetConfig(
    schemasAndPaths: ["main": "main.db", "raw": "elsewhere/raw.db"], schemaDirectory: ".",
    baseDirectory: dir.path)
  let error = try #require(throws: AdapterError.self) { try SQLiteConnection.open(config) }
  #expect(error.kind == .connection)
  #expect(error.message.contains("already defined in schemas_and_paths"))
}

@Test func listRelationsAndColumns() throws {
  try withTempDatabase { db, _ in
    try db.execute(
      """
      create table b_orders (id INTEGER primary key, amount REAL, note);
      create view a_big as select id, amount * 2 as doubled from b_orders;
      create index i on b_orders(amount);
      """)
    #expect(
      try db.listRelations(schema: "main") == [
        Relation(schema: "main", identifier: "a_big", type: .view),
        Relation(schema: "main", identifier: "b_orders", type: .table),
      ])
    #expect(
      try db.columns(schema: "main", name: "b_orders") == [
        DatabaseColumn(name: "id", type: "INTEGER", position: 1),
        DatabaseColumn(name: "amount", type: "REAL", position: 2),
        DatabaseColumn(name: "note", type: "", position: 3),
      ])
    #expect(try db.columns(schema: "main", name: "a_big").map(\.name) == ["id", "doubled"])
    #expect(try db.columns(schema: "main", name: "missing") == [])
    #expect(try db.listRelations(schema: "not_attached") == [])
    #expect(try db.relationType(schema: "not_attached", name: "x") == nil)
  }
}
