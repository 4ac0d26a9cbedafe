import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// The cross-database macros evaluate to the same values on SQLite as on PostgreSQL (the
/// oracle), built with the `kiln` binary; this covers the macros whose SQLite SQL is Kiln's
/// (dateadd, datediff, last_day, hash, listagg) and the SQLite functions Kiln registers
/// (date_trunc, split_part, md5).
@Suite struct CrossDatabaseValueTests {
  static let model = """
    {{ config(materialized='table') }}
    {% set as_date = 'date' if target.type == 'postgres' else 'text' %}
    with src as (
      select '2024-01-30' as d, '2024-01-15' as d15, '2024-03-01 10:20:30' as ts, 'ann@example.com' as email, 'abc' as s
    )
    select
      cast({{ dbt.dateadd('day', 3, "cast(d as date)" if target.type == 'postgres' else 'd') }} as {{ 'date' if target.type == 'postgres' else 'text' }}) as add_day,
      cast({{ dbt.dateadd('month', -1, "cast(d15 as date)" if target.type == 'postgres' else 'd15') }} as {{ as_date }}) as add_month,
      {{ dbt.datediff("cast(d as timestamp)" if target.type == 'postgres' else 'd', "cast(ts as timestamp)" if target.type == 'postgres' else 'ts', 'day') }} as diff_day,
      {{ dbt.datediff("cast(d as timestamp)" if target.type == 'postgres' else 'd', "cast(ts as timestamp)" if target.type == 'postgres' else 'ts', 'month') }} as diff_month,
      {{ dbt.datediff("cast(d as timestamp)" if target.type == 'postgres' else 'd', "cast(ts as timestamp)" if target.type == 'postgres' else 'ts', 'week') }} as diff_week,
      {{ dbt.datediff("cast(d as timestamp)" if target.type == 'postgres' else 'd', "cast(ts as timestamp)" if target.type == 'postgres' else 'ts', 'hour') }} as diff_hour,
      {{ dbt.datediff("cast(d as timestamp)" if target.type == 'postgres' else 'd', "cast(ts as timestamp)" if target.type == 'postgres' else 'ts', 'year') }} as diff_year,
      cast({{ dbt.date_trunc('month', "cast(d as date)" if target.type == 'postgres' else 'd') }} as {{ as_date }}) as trunc_month,
      cast({{ dbt.date_trunc('week', "cast(d as date)" if target.type == 'postgres' else 'd') }} as {{ as_date }}) as trunc_week,
      cast({{ dbt.last_day("cast(d as date)" if target.type == 'postgres' else 'd', 'month') }} as {{ 'date' if target.type == 'postgres' else 'text' }}) as last_of_month,
      {{ dbt.hash('s') }} as hashed,
      {{ dbt.split_part('email', "'@'", 2) }} as domain,
      {{ dbt.split_part('email', "'.'", -1) }} as tld,
      {{ dbt.concat(['s', "'-'", 's']) }} as joined,
      {{ dbt.right('email', 3) }} as right3,
      {{ dbt.length('email') }} as len,
      {{ dbt.position("'@'", 'email') }} as at_pos,
      {{ dbt.replace('email', "'example'", "'test'") }} as replaced,
      {{ dbt.safe_cast("'42'", dbt.type_int()) }} as cast_int,
      {{ dbt.string_literal(dbt.escape_single_quotes("it's")) }} as quoted,
      (select {{ dbt.listagg('s', "','") }} from src) as agg,
      (select {{ dbt.any_value('s') }} from src) as anyv
    from src
    """

  @Test(.enabled(if: PostgresServer.isEnabled)) func sqliteGivesPostgresValues() throws {
    var values: [BothAdaptersProject.Kind: [[String]]] = [:]
    for kind in [BothAdaptersProject.Kind.sqlite, .postgres] {
      let p = try BothAdaptersProject(kind, models: ["vals": Self.model])
      defer { p.remove() }
      let r = try p.kiln(["run"])
      #expect(r.status == 0, "\(kind): \(r.output)")
      values[kind] = try p.rows("vals", "cast(add_day as text), cast(add_month as text), cast(diff_day as int), cast(diff_month as int), cast(diff_week as int), cast(diff_hour as int), cast(diff_year as int), cast(trunc_month as text), cast(trunc_week as text), cast(last_of_month as text), hashed, domain, tld, joined, right3, len, at_pos, replaced, cast_int, quoted, agg, anyv")
    }
    let pg = try #require(values[.postgres]?.first)
    #expect(
      pg == [
        "2024-02-02", "2023-12-15", "31", "2", "4", "754", "0", "2024-01-01", "2024-01-29", "2024-01-31",
        "900150983cd24fb0d6963f7d28e17f72", "example.com", "com", "abc-abc", "com", "15", "4", "ann@test.com", "42",
        "it's", "abc", "abc",
      ])
    #expect(values[.sqlite]?.first == pg)
  }
}
