import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Incremental strategies, `incremental_predicates` and `on_schema_change`, built twice with
/// the `kiln` binary on each adapter: the first build creates the table from rows 1 and 2, the
/// second (`--vars '{v: 2}'`) loads rows 2 and 3 in the model's second shape.
@Suite struct IncrementalStrategyTests {
  /// A model whose shape changes with `var('v')`; `config` is the config call's arguments.
  static func model(_ config: String, second: String = "select 2 as id, 'B' as name union all select 3 as id, 'c' as name") -> String {
    """
    {{ config(materialized='incremental', \(config)) }}
    {% if var('v', 1) == 1 %}
    select 1 as id, 'a' as name union all select 2 as id, 'b' as name
    {% else %}
    \(second)
    {% endif %}
    """
  }

  /// A post-hook creating a unique index on `id` (the key SQLite's upsert needs).
  static let uniqueIndex = """
    post_hook="{% if target.type == 'sqlite' %}create unique index if not exists {{ this.schema }}.m_id on {{ this.identifier }} (id){% else %}create unique index if not exists m_id on {{ this }} (id){% endif %}"
    """

  func twice(_ kind: BothAdaptersProject.Kind, _ model: String) throws -> (BothAdaptersProject, KilnBinary.Result) {
    let p = try BothAdaptersProject(kind, models: ["m": model])
    let first = try p.kiln(["run"])
    #expect(first.status == 0, "first run failed:\n\(first.output)")
    return (p, try p.kiln(["run", "--vars", "{v: 2}"]))
  }

  func runSQL(_ p: BothAdaptersProject) throws -> String {
    try String(contentsOfFile: p.dir.path + "/target/run/b/models/m.sql", encoding: .utf8)
  }

  @Test(arguments: BothAdaptersProject.Kind.available) func mergeUpdatesMatchedRowsAndInsertsNewOnes(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("incremental_strategy='merge', unique_key='id', " + Self.uniqueIndex))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("m") == [["1", "a"], ["2", "B"], ["3", "c"]])
    let sql = try runSQL(p)
    #expect(sql.contains(kind == .sqlite ? "on conflict (\"id\") do update set\n  \"name\" = excluded.\"name\"" : "merge into"))
  }

  @Test func sqliteMergeWithoutAUniqueIndexDeletesAndInserts() throws {
    let (p, second) = try twice(.sqlite, Self.model("incremental_strategy='merge', unique_key='id'"))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("m") == [["1", "a"], ["2", "B"], ["3", "c"]])
    let sql = try runSQL(p)
    #expect(sql.contains("delete from main.\"m\"\nwhere (\"id\") in ("))
    #expect(!sql.contains("on conflict"))
  }

  /// A predicate that excludes every existing row from the delete keeps the old row 2 too.
  @Test(arguments: BothAdaptersProject.Kind.available) func predicatesNarrowTheDelete(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(
      kind, Self.model("unique_key='id', incremental_predicates=['DBT_INTERNAL_DEST.id > 5']"))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("m", order: "1, 2") == [["1", "a"], ["2", "B"], ["2", "b"], ["3", "c"]])
  }

  /// Merge predicates guard the update: row 2 (id > 5 is false) keeps its old name.
  @Test func sqliteMergePredicatesGuardTheUpdate() throws {
    let (p, second) = try twice(
      .sqlite,
      Self.model("incremental_strategy='merge', unique_key='id', incremental_predicates=['DBT_INTERNAL_SOURCE.id > 5'], " + Self.uniqueIndex))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("m") == [["1", "a"], ["2", "b"], ["3", "c"]])
    #expect(try runSQL(p).contains("where (excluded.id > 5)"))
  }

  static let widened = "select 2 as id, 'B' as name, 20 as extra union all select 3 as id, 'c' as name, 30 as extra"
  static let reshaped = "select 2 as id, 20 as extra union all select 3 as id, 30 as extra"

  @Test(arguments: BothAdaptersProject.Kind.available) func ignoreKeepsTheTableColumns(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("unique_key='id', on_schema_change='ignore'", second: Self.widened))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.columns("m") == ["id", "name"])
    #expect(try p.rows("m") == [["1", "a"], ["2", "B"], ["3", "c"]])
  }

  @Test(arguments: BothAdaptersProject.Kind.available) func appendNewColumnsAddsThem(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("unique_key='id', on_schema_change='append_new_columns'", second: Self.widened))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.columns("m") == ["id", "name", "extra"])
    #expect(try p.rows("m") == [["1", "a", "NULL"], ["2", "B", "20"], ["3", "c", "30"]])
  }

  @Test(arguments: BothAdaptersProject.Kind.available) func syncAllColumnsAddsAndRemoves(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("unique_key='id', on_schema_change='sync_all_columns'", second: Self.reshaped))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.columns("m") == ["id", "extra"])
    #expect(try p.rows("m") == [["1", "NULL"], ["2", "20"], ["3", "30"]])
  }

  /// A type change: `id` becomes text; sync_all_columns retypes it and keeps the rows.
  @Test(arguments: BothAdaptersProject.Kind.available) func syncAllColumnsChangesTypes(_ kind: BothAdaptersProject.Kind) throws {
    let second = "select cast(2 as \(kind == .sqlite ? "text" : "varchar(5)")) as id, 'B' as name"
    let (p, run) = try twice(kind, Self.model("unique_key='id', on_schema_change='sync_all_columns'", second: second))
    defer { p.remove() }
    #expect(run.status == 0, "\(run.output)")
    let db = try p.connect()
    let id = try db.columns(schema: p.schema, name: "m").first { $0.name == "id" }
    #expect(id?.type == (kind == .sqlite ? "TEXT" : "character varying(5)"))
    // dbt's alter_column_type moves the column last.
    #expect(try p.columns("m") == ["name", "id"])
    #expect(try p.rows("m", "id, name", order: "id") == [["1", "a"], ["2", "B"]])
  }

  @Test(arguments: BothAdaptersProject.Kind.available) func failStopsAndLeavesTheTable(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("unique_key='id', on_schema_change='fail'", second: Self.reshaped))
    defer { p.remove() }
    #expect(second.status == 1)
    #expect(second.output.contains("The source and target schemas on this incremental model are out of sync!"))
    #expect(second.output.contains("Source columns not in target: ['extra'"))
    #expect(second.output.contains("Target columns not in source: ['name'"))
    #expect(try p.columns("m") == ["id", "name"])
    #expect(try p.rows("m") == [["1", "a"], ["2", "b"]])
  }

  /// No change in shape: `fail` lets the load through.
  @Test(arguments: BothAdaptersProject.Kind.available) func failPassesWhenNothingChanged(_ kind: BothAdaptersProject.Kind) throws {
    let (p, second) = try twice(kind, Self.model("unique_key='id', on_schema_change='fail'"))
    defer { p.remove() }
    #expect(second.status == 0, "\(second.output)")
    #expect(try p.rows("m") == [["1", "a"], ["2", "B"], ["3", "c"]])
  }
}
