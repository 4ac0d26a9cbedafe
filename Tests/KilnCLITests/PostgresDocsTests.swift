import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// `kiln docs generate --target pg` on the example: catalog.json from pg_catalog agrees with
/// information_schema (names, order), carries column and table comments and owners, row counts
/// after `analyze`, and column lineage reads PostgreSQL's three-part relation names.
@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresDocsTests {
  @Test func catalogAndLineageOnPostgres() throws {
    let server = try PostgresServer.shared()
    let schema = "kiln_docs_" + UUID().uuidString.prefix(8).lowercased()
    let env = [
      "KILN_PG_HOST": server.host, "KILN_PG_PORT": String(server.port), "KILN_PG_USER": server.user,
      "KILN_PG_DBNAME": server.dbname, "KILN_PG_SCHEMA": schema,
    ]
    let project = try ExampleProject.copy()
    defer { project.remove() }
    let db = try PGConnection(
      PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: schema))
    defer { try? db.execute("drop schema if exists \(db.quote(schema)) cascade") }
    let build = try KilnBinary.run(["build", "--target", "pg"], in: project.path, environment: env)
    #expect(build.status == 0, "\(build.output)")
    try db.execute(
      """
      comment on table \(db.quote(schema)).customer_churn_features is 'one row per customer';
      comment on column \(db.quote(schema)).customer_churn_features.tenure_days is 'days since signup';
      analyze \(db.quote(schema)).customer_churn_features
      """)
    let docs = try KilnBinary.run(["docs", "generate", "--target", "pg"], in: project.path, environment: env)
    #expect(docs.status == 0, "\(docs.output)")
    #expect(docs.stdout.contains("Wrote target/catalog.json (14 nodes, 1 sources)"), "\(docs.stdout)")
    #expect(docs.stdout.contains("column lineage for 10 of 10 nodes)"), "\(docs.stdout)")
    let catalog = try DocsGenerateTests.json(project.path + "/target/catalog.json")
    let nodes = catalog["nodes"] as? [String: [String: Any]] ?? [:]
    #expect(nodes.count == 14)
    for (id, entry) in nodes {
      let m = entry["metadata"] as? [String: Any] ?? [:]
      #expect(m["schema"] as? String == schema)
      #expect(m["database"] as? String == server.dbname)
      #expect(m["owner"] as? String == server.user)
      let name = m["name"] as? String ?? ""
      let want = try db.query(
        "select column_name::text from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position",
        [.text(schema), .text(name)]
      ).rows.map { $0[0].textValue ?? "" }
      let cols = (entry["columns"] as? [String: [String: Any]] ?? [:]).values.sorted { ($0["index"] as? Int ?? 0) < ($1["index"] as? Int ?? 0) }
      #expect(cols.map { $0["name"] as? String ?? "" } == want, "\(id)")
      let kind = try db.query("select table_type::text from information_schema.tables where table_schema = $1 and table_name = $2", [.text(schema), .text(name)]).scalar?.textValue
      #expect(m["type"] as? String == kind, "\(id)")
    }
    let churn = nodes["model.kiln_example.customer_churn_features"]
    #expect((churn?["metadata"] as? [String: Any])?["comment"] as? String == "one row per customer")
    let tenure = (churn?["columns"] as? [String: [String: Any]])?["tenure_days"]
    #expect(tenure?["comment"] as? String == "days since signup")
    #expect(tenure?["type"] as? String == "integer")
    let rows = try db.query("select count(*) from \(db.quote(schema)).customer_churn_features").scalar?.integerValue
    let stats = churn?["stats"] as? [String: [String: Any]]
    #expect((stats?["row_count"]?["value"] as? Int).map(Int64.init) == rows)

    let lineage = try DocsGenerateTests.json(project.path + "/target/lineage.json")["nodes"] as? [String: [String: Any]] ?? [:]
    let cols = lineage["model.kiln_example.customer_churn_features"]?["columns"] as? [String: [[String: String]]] ?? [:]
    #expect(cols["email"]?.contains { $0["node"] == "model.kiln_example.stg_customers" && $0["derivation"] == "copy" } == true)
  }
}
