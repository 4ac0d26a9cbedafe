import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// `on-run-start` / `on-run-end` and model `pre_hook` / `post_hook`, on each adapter through
/// the `kiln` binary.
@Suite struct ProjectHookTests {
  static let project = """
    on-run-start:
      - "create table if not exists {{ target.schema }}.hook_log (seq int, phase text, n int)"
      - "insert into {{ target.schema }}.hook_log values (1, 'start', 0)"
    on-run-end:
      - "insert into {{ target.schema }}.hook_log values (4, 'end', {{ results | length }})"
      - "{% for r in results %}insert into {{ target.schema }}.hook_log values (5, '{{ r.node.name }}:{{ r.status }}', {{ schemas | length }});{% endfor %}"

    """
  static let model = """
    {{ config(materialized='table',
      pre_hook="insert into {{ target.schema }}.hook_log values (2, 'pre', 0)",
      post_hook="insert into {{ target.schema }}.hook_log values (3, 'post', (select count(*) from {{ this }}))") }}
    select 1 as id union all select 2 as id
    """

  @Test(arguments: BothAdaptersProject.Kind.available) func hooksRunInDbtOrder(_ kind: BothAdaptersProject.Kind) throws {
    let p = try BothAdaptersProject(kind, models: ["a": Self.model], projectExtra: Self.project)
    defer { p.remove() }
    let r = try p.kiln(["run"])
    #expect(r.status == 0, "\(r.output)")
    #expect(r.stdout.contains("1 of 2 OK hook: b.on-run-start.0"))
    #expect(r.stdout.contains("2 of 2 OK hook: b.on-run-end.1"))
    #expect(r.stdout.contains("Finished running 4 project hooks, 1 table model"))
    #expect(r.stdout.contains("Done. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5"))
    #expect(
      try p.rows("hook_log", "seq, phase, n") == [["1", "start", "0"], ["2", "pre", "0"], ["3", "post", "2"], ["4", "end", "1"], ["5", "a:success", "1"]])
    let results = try String(contentsOfFile: p.dir.path + "/target/run_results.json", encoding: .utf8)
    #expect(results.contains("\"operation.b.b-on-run-start-0\""))
    #expect(results.contains("\"operation.b.b-on-run-end-1\""))
  }

  /// A failing `on-run-start` hook: the error names the hook and the database's message, the
  /// later start hooks and every model are skipped, `on-run-end` still runs.
  @Test(arguments: BothAdaptersProject.Kind.available) func failingStartHookSkipsTheNodes(_ kind: BothAdaptersProject.Kind) throws {
    let project = """
      on-run-start:
        - "create table if not exists {{ target.schema }}.hook_log (seq int, phase text, n int)"
        - "insert into no_such_table_for_hooks values (1)"
        - "insert into {{ target.schema }}.hook_log values (1, 'never', 0)"
      on-run-end:
        - "insert into {{ target.schema }}.hook_log values (4, 'end', {{ results | length }})"

      """
    let p = try BothAdaptersProject(kind, models: ["a": "select 1 as id"], projectExtra: project)
    defer { p.remove() }
    let r = try p.kiln(["run"])
    #expect(r.status == 1)
    #expect(r.output.contains("ERROR hook: b.on-run-start.1"))
    #expect(r.output.contains("no_such_table_for_hooks"))
    #expect(r.output.contains("in on-run-start hook 2 of dbt_project.yml"))
    #expect(r.output.contains("Done. PASS=2 WARN=0 ERROR=1 SKIP=2 NO-OP=0 TOTAL=5"))
    #expect(try p.rows("hook_log", "seq, phase, n") == [["4", "end", "1"]])
    #expect(try p.connect().relationType(schema: p.schema, name: "a") == nil)
  }

  /// A template error in a hook points into the hook's own text.
  @Test func jinjaErrorInAHookPointsAtTheHook() throws {
    let p = try BothAdaptersProject(.sqlite, models: ["a": "select 1 as id"], projectExtra: "on-run-end:\n  - \"select {{ 1 + }}\"\n")
    defer { p.remove() }
    let r = try p.kiln(["run"])
    #expect(r.status == 1)
    #expect(r.output.contains("--> dbt_project.yml (on-run-end 1):1:"))
    #expect(r.output.contains("select {{ 1 + }}"))
  }

  /// A failing model hook names the hook, points into its text, and rolls the build back.
  @Test(arguments: BothAdaptersProject.Kind.available) func failingPostHookNamesTheHook(_ kind: BothAdaptersProject.Kind) throws {
    let model = """
      {{ config(materialized='table', post_hook=["select 1", "update {{ this }} set no_such_column = 1"]) }}
      select 1 as id
      """
    let p = try BothAdaptersProject(kind, models: ["m": model])
    defer { p.remove() }
    let r = try p.kiln(["run"])
    #expect(r.status == 1)
    #expect(r.output.contains("while running post-hook 2 of model.b.m"))
    #expect(r.output.contains("--> models/m.sql (post-hook 2)"))
    #expect(r.output.contains("no_such_column"))
    #expect(r.output.contains("set no_such_column = 1"))
    #expect(try p.connect().relationType(schema: p.schema, name: "m") == nil)
  }
}
