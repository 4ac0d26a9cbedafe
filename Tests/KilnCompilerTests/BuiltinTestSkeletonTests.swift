import Foundation
import KilnCompiler
import KilnTestSupport
import Testing

/// Built-in generic tests compile through skeletons (one render per test macro, holes filled
/// per test). These tests compile the same projects with skeletons and with a full Jinja render
/// per test and require identical SQL for every shape of argument.
@Suite struct BuiltinTestSkeletonTests {
  static let profile = """
    skel:
      target: dev
      outputs:
        dev:
          type: sqlite
          threads: 1
          database: database
          schema: main
          schemas_and_paths:
            main: "{{ env_var('KILN_FIXTURE_DB_DIR', 'target') }}/skel.db"
          schema_directory: "{{ env_var('KILN_FIXTURE_DB_DIR', 'target') }}"
    """

  static let schema = """
    version: 2
    sources:
      - name: raw
        schema: main
        tables:
          - name: people
            columns:
              - name: id
                data_tests: [unique, not_null]
    models:
      - name: eph
        columns:
          - name: id
            data_tests: [not_null]
      - name: people
        columns:
          - name: id
            data_tests:
              - unique
              - not_null:
                  config: {where: "id > 0", severity: warn}
          - name: status
            data_tests:
              - accepted_values:
                  values: ['active', "it's", 'gone']
              - accepted_values:
                  arguments: {values: [1, 2, 3], quote: false}
              - accepted_values:
                  name: status_templated
                  values: ["{{ var('first_status', 'active') }}", 'gone']
          - name: lower(email)
            data_tests: [not_null]
          - name: team_id
            data_tests:
              - relationships: {to: ref('teams'), field: id}
              - relationships: {to: "source('raw', 'people')", field: "id", name: rel_source}
              - relationships: {to: teams, field: id, name: rel_plain}
              - relationships: {to: ref('eph'), field: id, name: rel_ephemeral}
      - name: teams
        columns:
          - name: id
            data_tests: [unique]
    """

  static func project(extraMacros: String? = nil) throws -> TempDirectory {
    let dir = try TempDirectory(prefix: "kiln-skeleton")
    try dir.write(
      "dbt_project.yml",
      "name: skel\nversion: '1.0'\nconfig-version: 2\nprofile: skel\nmodels:\n  skel:\n    eph:\n      +materialized: ephemeral\n")
    try dir.write("profiles.yml", profile)
    try dir.write("models/people.sql", "select 1 as id, 'active' as status, 'a@b' as email, 1 as team_id")
    try dir.write("models/teams.sql", "select 1 as id")
    try dir.write("models/eph.sql", "select id from {{ source('raw', 'people') }}")
    try dir.write("models/schema.yml", schema)
    if let extraMacros { try dir.write("macros/tests.sql", extraMacros) }
    return dir
  }

  /// Compiled SQL of every test, with and without skeletons.
  static func compileBothWays(_ dir: TempDirectory) throws -> (fast: [String: String], full: [String: String], skeletons: Set<String>) {
    var env = ProcessInfo.processInfo.environment
    env["KILN_FIXTURE_DB_DIR"] = dir.path
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: env)
    var compiler = Compiler(parsed: w.parsed, lookup: nil)
    func tests(_ c: Compiler) throws -> [String: String] {
      var out: [String: String] = [:]
      for (id, node) in try c.compileAll() where node.parsed.node.resourceType == .test { out[id] = node.sql }
      return out
    }
    let fast = try tests(compiler)
    compiler.usesTestSkeletons = false
    return (fast, try tests(compiler), compiler.skeletonTests)
  }

  @Test func everyArgumentShapeCompilesAsTheFullRender() throws {
    let dir = try Self.project()
    defer { dir.remove() }
    let (fast, full, skeletons) = try Self.compileBothWays(dir)
    #expect(skeletons == ["unique", "not_null", "accepted_values", "relationships"])
    #expect(fast.count == 14)
    #expect(fast.keys.sorted() == full.keys.sorted())
    for (id, sql) in full {
      #expect(fast[id] == sql, "\(id) differs between skeleton and full render")
    }
    // The shapes really are in there.
    let all = fast.values.joined(separator: "\n")
    #expect(all.contains("(select * from main.\"people\" where id > 0) dbt_subquery"))
    #expect(all.contains("'active','it's','gone'"))
    #expect(all.contains("1,2,3"))
    #expect(all.contains("from main.\"people\"\n"))
    #expect(all.contains("__dbt__cte__eph"))
  }

  @Test func anOverriddenTestMacroIsRenderedNotFilled() throws {
    let dir = try Self.project(
      extraMacros: """
        {% macro default__test_unique(model, column_name) %}
        select {{ column_name }} from {{ model }} group by 1 having count(*) > 1 -- project's own
        {% endmacro %}
        """)
    defer { dir.remove() }
    let (fast, full, skeletons) = try Self.compileBothWays(dir)
    #expect(!skeletons.contains("unique"))
    #expect(skeletons.contains("not_null"))
    for (id, sql) in full { #expect(fast[id] == sql, "\(id)") }
    let unique = fast.filter { $0.key.hasPrefix("test.skel.unique_") }.values
    #expect(unique.count == 2)  // people.id and teams.id (the source test is `source_unique_...`)
    #expect(unique.allSatisfy { $0.contains("-- project's own") })
  }
}
