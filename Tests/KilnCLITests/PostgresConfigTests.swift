import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Configs that shape Postgres DDL (`indexes`, `grants`, `persist_docs`, `contract`) and the
/// `materialized_view` materialization, built with the `kiln` binary on the test server.
@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresConfigTests {
  @Test func indexesGrantsAndDocs() throws {
    let reader = "kiln_reader_" + UUID().uuidString.prefix(6).lowercased()
    let writer = "kiln_writer_" + UUID().uuidString.prefix(6).lowercased()
    let p = try BothAdaptersProject(
      .postgres,
      models: [
        "t": """
          {{ config(materialized='table', indexes=[{'columns': ['id'], 'unique': True}, {'columns': ['name'], 'type': 'hash'}],
            grants={'select': ['\(reader)']}, persist_docs={'relation': true, 'columns': true}) }}
          select 1 as id, 'a' as name
          """,
        "inc": """
          {{ config(materialized='incremental', grants={'select': var('grantees')}) }}
          select 1 as id
          """,
      ],
      extraFiles: [
        "models/schema.yml": """
          version: 2
          models:
            - name: t
              description: "Customers' table"
              columns:
                - name: id
                  description: the key
                - name: gone
                  description: not in the model, so not commented
          """
      ])
    let db = try p.connect()
    try db.execute("create role \(reader); create role \(writer)")
    defer {
      p.remove()
      try? db.execute("drop role if exists \(reader); drop role if exists \(writer)")
    }
    let first = try p.kiln(["run", "--vars", "{grantees: [\(reader), \(writer)]}"])
    #expect(first.status == 0, "\(first.output)")
    let indexes = try db.query(
      "select indexdef from pg_indexes where schemaname = '\(p.schema)' and tablename = 't' order by indexdef"
    ).rows.compactMap { $0[0].textValue }
    #expect(indexes.count == 2)
    #expect(indexes.contains { $0.contains("CREATE UNIQUE INDEX") && $0.hasSuffix("USING btree (id)") })
    #expect(indexes.contains { $0.hasSuffix("USING hash (name)") })
    func grantees(_ table: String) throws -> [String] {
      try db.query(
        "select grantee::text from information_schema.role_table_grants where table_schema = '\(p.schema)' and table_name = '\(table)' and privilege_type = 'SELECT' and grantee <> current_role order by 1"
      ).rows.compactMap { $0[0].textValue }
    }
    #expect(try grantees("t") == [reader])
    #expect(try grantees("inc") == [reader, writer].sorted())
    let comment = try db.query("select obj_description('\(p.schema).t'::regclass, 'pg_class')").scalar?.textValue
    #expect(comment == "Customers' table")
    let idComment = try db.query("select col_description('\(p.schema).t'::regclass, 1)").scalar?.textValue
    #expect(idComment == "the key")

    // A second run keeps the incremental table: the grant no longer listed is revoked.
    let second = try p.kiln(["run", "--vars", "{grantees: [\(reader)]}"])
    #expect(second.status == 0, "\(second.output)")
    #expect(try grantees("inc") == [reader])
    let run = try String(contentsOfFile: p.dir.path + "/target/run/b/models/inc.sql", encoding: .utf8)
    #expect(run.contains("revoke select on \(p.relation("inc").replacingOccurrences(of: "\"\(p.schema)\"", with: "\"\(p.schema)\"")) from \(writer)") || run.contains("revoke select on") && run.contains("from \(writer)"))
  }

  @Test func contractsCreateTypedTablesAndReportMismatches() throws {
    let p = try BothAdaptersProject(
      .postgres,
      models: [
        "c": "{{ config(materialized='table', contract={'enforced': true}) }}\nselect 1 as id, 'a'::text as name",
        "c_bad": "{{ config(materialized='table', contract={'enforced': true}) }}\nselect 1 as id, 2 as extra",
      ],
      extraFiles: [
        "models/schema.yml": """
          version: 2
          models:
            - name: c
              columns:
                - name: id
                  data_type: int
                  constraints:
                    - type: not_null
                    - type: primary_key
                - name: name
                  data_type: text
                  constraints:
                    - type: check
                      expression: "name <> ''"
            - name: c_bad
              columns:
                - name: id
                  data_type: text
          """
      ])
    defer { p.remove() }
    let r = try p.kiln(["run"])
    #expect(r.status == 1)
    #expect(try p.rows("c") == [["1", "a"]])
    let db = try p.connect()
    let constraints = try db.query(
      "select contype::text from pg_constraint where conrelid = '\(p.schema).c'::regclass order by 1"
    ).rows.compactMap { $0[0].textValue }
    #expect(constraints == ["c", "p"])
    #expect(r.output.contains("This model has an enforced contract that failed."))
    #expect(r.output.contains("| id          | integer         | text          | data type mismatch  |"))
    #expect(r.output.contains("| extra       | integer         |               | missing in contract |"))
    #expect(try db.relationType(schema: p.schema, name: "c_bad") == nil)
  }

  @Test func materializedViewsRefreshOrRebuild() throws {
    let p = try BothAdaptersProject(
      .postgres,
      models: [
        "src": "{{ config(materialized='table') }}\nselect {{ var('n', 1) }} as id",
        "mv": "{{ config(materialized='materialized_view', indexes=[{'columns': ['id']}]) }}\nselect id{{ var('extra', '') }} from {{ ref('src') }}",
        "reader": "select * from {{ ref('mv') }}",
      ])
    defer { p.remove() }
    let first = try p.kiln(["run"])
    #expect(first.status == 0, "\(first.output)")
    #expect(try p.rows("mv") == [["1"]])
    let runFile = p.dir.path + "/target/run/b/models/mv.sql"
    #expect(try String(contentsOfFile: runFile, encoding: .utf8).contains("create materialized view"))

    // Same SQL: refreshed in place (the new row in src shows up), readers untouched.
    let second = try p.kiln(["run", "--vars", "{n: 2}"])
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("mv") == [["2"]])
    let refreshed = try String(contentsOfFile: runFile, encoding: .utf8)
    #expect(refreshed.contains("refresh materialized view"))
    #expect(!refreshed.contains("create materialized view"))

    // Changed SQL: rebuilt beside and swapped in; the view reading it is recreated.
    let third = try p.kiln(["run", "--vars", "{n: 3, extra: ', id * 10 as tens'}"])
    #expect(third.status == 0, "\(third.output)")
    #expect(try p.rows("mv") == [["3", "30"]])
    #expect(try String(contentsOfFile: runFile, encoding: .utf8).contains("rename to \"mv\""))
    #expect(try p.rows("reader", "id") == [["3"]])
    let db = try p.connect()
    #expect(try db.query("select count(*) from pg_indexes where schemaname = '\(p.schema)' and tablename = 'mv'").scalar == .integer(1))
  }
}
