import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Context functions that query the warehouse, on each adapter through the `kiln` binary.
/// `uses` queries `src`, which does not exist before the first run: as in dbt, `uses` renders
/// when it runs (after `src` is built), not before.
@Suite struct RunQueryTests {
  static let models: [String: String] = [
    "src": "{{ config(materialized='table') }}\nselect 1 as id, 'x' as name union all select 2 as id, 'y' as name",
    "uses": """
      {{ config(materialized='table') }}
      {% set r = run_query("select count(*) as n from " ~ ref('src')) %}
      {% set cols = adapter.get_columns_in_relation(ref('src')) %}
      {% call statement('names', fetch_result=True) %}select name from {{ ref('src') }} order by id{% endcall %}
      {% set rel = adapter.get_relation(database=this.database, schema=this.schema, identifier='src') %}
      {% set made = api.Relation.create(database=this.database, schema=this.schema, identifier='src', type='table') %}
      {% set response, table = adapter.execute("select max(id) as m from " ~ ref('src'), fetch=True) %}
      {% if execute %}
      select {{ r.columns[0].values()[0] }} as n,
        '{{ cols | map(attribute='name') | join(',') }}' as col_names,
        '{{ load_result('names')['table'].columns['name'].values() | join(',') }}' as names,
        '{% for row in load_result('names')['data'] %}{{ row[0] }}{% endfor %}' as data,
        '{{ rel.is_table if rel else 'none' }}' as rel_found,
        {{ table.rows[0]['m'] }} as max_id,
        (select count(*) from {{ made }}) as via_api
      {% else %}
      select 0 as n
      {% endif %}
      """,
  ]

  @Test(arguments: BothAdaptersProject.Kind.available) func queriesRunWhenTheModelRuns(_ kind: BothAdaptersProject.Kind) throws {
    let p = try BothAdaptersProject(kind, models: Self.models)
    defer { p.remove() }
    for round in 1...2 {
      let r = try p.kiln(["run"])
      #expect(r.status == 0, "run \(round) failed:\n\(r.output)")
      #expect(
        try p.rows("uses", "n, col_names, names, data, rel_found, max_id, via_api")
          == [["2", "id,name", "x,y", "xy", "True", "2", "2"]], "run \(round)")
    }
    let compiled = try String(contentsOfFile: p.dir.path + "/target/compiled/b/models/uses.sql", encoding: .utf8)
    #expect(compiled.contains("select 2 as n,"))
    #expect(compiled.contains("'id,name' as col_names"))
  }

  /// Parsing never runs queries (`execute` is false); compiling runs them and reports the
  /// database's error with the query.
  @Test(arguments: BothAdaptersProject.Kind.available) func parseRunsNothingAndCompileReportsTheQuery(_ kind: BothAdaptersProject.Kind) throws {
    let p = try BothAdaptersProject(kind, models: ["bad": "{% do run_query('select * from no_such_table_here') %}\nselect 1 as id"])
    defer { p.remove() }
    let parse = try p.kiln(["parse"])
    #expect(parse.status == 0, "\(parse.output)")
    let compile = try p.kiln(["compile"])
    #expect(compile.status == 2)
    #expect(compile.output.contains("Database Error"))
    #expect(compile.output.contains("no_such_table_here"))
    #expect(compile.output.contains("models/bad.sql"))
    // In a run the node fails on its own, with the same message.
    let run = try p.kiln(["run"])
    #expect(run.status == 1)
    #expect(run.output.contains("no_such_table_here"))
  }
}
