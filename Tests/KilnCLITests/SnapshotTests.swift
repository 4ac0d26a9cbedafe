import Foundation
import KilnAdapters
import KilnBase
import KilnTestSupport
import Testing

/// `kiln snapshot` end to end on both adapters: seven snapshots of one source table (both
/// strategies × the three `hard_deletes` modes, and a two-column key) run, the source changes (an update with a new
/// `updated_at`, one without, a delete, an insert, a new column), they run again, and every
/// history row is checked; a third run with unchanged data changes nothing; a duplicated or
/// NULL key, or a table already holding two current rows for a key, fails and changes nothing.
struct SnapshotProject {
  let dir: TempDirectory
  let adapter: AdapterType
  let schema: String
  let env: [String: String]
  let db: any DatabaseConnection

  static let snapshots = """
    {% snapshot ts_ignore %}
    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    {% snapshot ts_invalidate %}
    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate',
              dbt_valid_to_current="'9999-12-31'") }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    {% snapshot ts_new_record %}
    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='new_record',
              dbt_valid_to_current="'9999-12-31'") }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    {% snapshot ts_composite %}
    {{ config(unique_key=['id', 'tier'], strategy='timestamp', updated_at='updated_at') }}
    select *, 1 as tier from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    {% snapshot check_ignore %}
    {{ config(unique_key='id', strategy='check', check_cols=['plan', 'mrr']) }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    {% snapshot check_new_record %}
    {{ config(unique_key='id', strategy='check', check_cols=['plan', 'mrr'], hard_deletes='new_record') }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}

    """

  /// The YAML-defined snapshot (dbt 1.9+), with the legacy `invalidate_hard_deletes`.
  static let yaml = """
    snapshots:
      - name: check_invalidate
        relation: source('raw', 'customers')
        config:
          unique_key: id
          strategy: check
          check_cols: [plan, mrr]
          invalidate_hard_deletes: true

    """

  init(_ adapter: AdapterType) throws {
    self.adapter = adapter
    dir = try TempDirectory(prefix: "kiln-snap")
    try dir.write("dbt_project.yml", "name: snap\nprofile: snap\n")
    try dir.write("snapshots/customers.sql", Self.snapshots)
    try dir.write("snapshots/more.yml", Self.yaml)
    try dir.write(
      "models/sources.yml",
      "sources:\n  - name: raw\n    schema: \"{{ target.schema }}\"\n    tables:\n      - name: customers\n")
    try dir.write("models/current_customers.sql", "select id, plan from {{ ref('ts_ignore') }} where dbt_valid_to is null\n")
    if adapter == .postgres {
      let server = try PostgresServer.shared()
      schema = "snap_" + UUID().uuidString.prefix(8).lowercased()
      env = [
        "KILN_PG_HOST": server.host, "KILN_PG_PORT": String(server.port), "KILN_PG_USER": server.user,
        "KILN_PG_DBNAME": server.dbname, "KILN_PG_SCHEMA": schema,
      ]
      try dir.write(
        "profiles.yml",
        """
        snap:
          target: pg
          outputs:
            pg:
              type: postgres
              host: "{{ env_var('KILN_PG_HOST') }}"
              port: "{{ env_var('KILN_PG_PORT') | as_number }}"
              user: "{{ env_var('KILN_PG_USER') }}"
              password: ""
              dbname: "{{ env_var('KILN_PG_DBNAME') }}"
              schema: "{{ env_var('KILN_PG_SCHEMA') }}"
              threads: 2
        """)
      let pg = try PGConnection(
        PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: schema))
      try pg.execute("create schema \(pg.quote(schema))")
      db = pg
    } else {
      schema = "main"
      env = [:]
      try dir.write(
        "profiles.yml",
        "snap:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      threads: 1\n      schema: main\n      path: warehouse.db\n")
      db = try SQLiteConnection(path: dir.path + "/warehouse.db")
    }
    let ts = adapter == .postgres ? "timestamp" : "text"
    try db.execute("create table \(rel("customers")) (id integer, plan text, mrr integer, updated_at \(ts))")
    try db.execute(
      """
      insert into \(rel("customers")) values
        (1, 'basic', 10, '2024-01-01 10:00:00'), (2, 'pro', 20, '2024-01-01 10:00:00'),
        (3, 'pro', 30, '2024-01-01 10:00:00')
      """)
  }

  func remove() {
    if adapter == .postgres { try? db.execute("drop schema if exists \(db.quote(schema)) cascade") }
    dir.remove()
  }

  func rel(_ name: String) -> String {
    adapter == .postgres ? PostgresDialect.render(schema: schema, name: name) : "main.\(db.quote(name))"
  }

  func kiln(_ args: [String]) throws -> KilnBinary.Result {
    try KilnBinary.run(args, in: dir.path, environment: env)
  }

  /// The table's rows as text cells, in history order.
  func rows(_ table: String, deleted: Bool = false) throws -> [[String]] {
    let cols = ["id", "plan", "mrr", "updated_at", "region", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id"]
      + (deleted ? ["dbt_is_deleted"] : [])
    let have = Set(try db.columns(schema: schema, name: table).map(\.name))
    let select = cols.map { have.contains($0) ? $0 : "null as \($0)" }.joined(separator: ", ")
    let order = "id, dbt_valid_from" + (deleted ? ", dbt_is_deleted" : "")
    return try db.query("select \(select) from \(rel(table)) order by \(order)").rows.map { $0.map(Self.cell) }
  }

  static func cell(_ v: SQLValue) -> String {
    switch v {
    case .null: return "NULL"
    case .integer(let i): return String(i)
    case .real(let d): return String(d)
    case .text(let s): return s
    case .blob: return "<blob>"
    }
  }

  /// dbt's `dbt_scd_id` of `parts` (md5 of the `|`-joined text; upper-case hex on SQLite, as
  /// dbt-sqlite's `hex(md5(...))`).
  func scd(_ parts: String...) -> String {
    let h = Hashing.md5Hex(parts.joined(separator: "|"))
    return adapter == .sqlite ? h.uppercased() : h
  }
}

@Suite struct SnapshotTests {
  static let u0 = "2024-01-01 10:00:00"
  static let u1 = "2024-02-01 10:00:00"

  /// The snapshot times a table holds: its times other than the data's `updated_at` values
  /// (and the `dbt_valid_to_current` of `ts_invalidate`).
  static func runTimes(_ rows: [[String]]) -> [String] {
    let data: Set<String> = [u0, u1, "NULL", "9999-12-31", "9999-12-31 00:00:00"]
    return Set(rows.flatMap { [$0[5], $0[6], $0[7]] }).subtracting(data).sorted()
  }

  func scenario(_ adapter: AdapterType) throws {
    let p = try SnapshotProject(adapter)
    defer { p.remove() }
    let (u0, u1) = (Self.u0, Self.u1)

    let first = try p.kiln(["snapshot"])
    #expect(first.status == 0, "first snapshot failed:\n\(first.output)")
    #expect(first.stdout.contains("OK snapshotted \(p.schema).ts_ignore"))
    #expect(first.stdout.contains("Done. PASS=7 WARN=0 ERROR=0 SKIP=0"))
    // dbt-postgres 1.9 wrote this dbt_scd_id for id 1 at 2024-01-01 10:00:00 (timestamp strategy).
    let pinned = adapter == .postgres ? "4f5746d2de2c81b300d78040e8c6008e" : "4F5746D2DE2C81B300D78040E8C6008E"
    #expect(try p.rows("ts_ignore").first?[8] == pinned)
    let t1 = try #require(Self.runTimes(try p.rows("check_ignore")).first)

    try p.db.execute(
      """
      update \(p.rel("customers")) set plan = 'pro', updated_at = '\(u1)' where id = 1;
      update \(p.rel("customers")) set mrr = 25 where id = 2;
      delete from \(p.rel("customers")) where id = 3;
      insert into \(p.rel("customers")) values (4, 'basic', 5, '\(u1)');
      alter table \(p.rel("customers")) add column region text;
      update \(p.rel("customers")) set region = 'eu';
      """)
    let second = try p.kiln(["snapshot"])
    #expect(second.status == 0, "second snapshot failed:\n\(second.output)")

    // Timestamp strategy: id 2 changed without a new updated_at, so it keeps one version.
    let ignore = try p.rows("ts_ignore")
    #expect(Self.runTimes(ignore).isEmpty)
    #expect(
      ignore == [
        ["1", "basic", "10", u0, "NULL", u0, u0, u1, p.scd("1", u0)],
        ["1", "pro", "10", u1, "eu", u1, u1, "NULL", p.scd("1", u1)],
        ["2", "pro", "20", u0, "NULL", u0, u0, "NULL", p.scd("2", u0)],
        ["3", "pro", "30", u0, "NULL", u0, u0, "NULL", p.scd("3", u0)],
        ["4", "basic", "5", u1, "eu", u1, u1, "NULL", p.scd("4", u1)],
      ])
    // A two-column key keeps the same history; dbt_scd_id hashes both key columns.
    let composite = try p.rows("ts_composite")
    #expect(composite.map { Array($0.prefix(8)) } == ignore.map { Array($0.prefix(8)) })
    #expect(composite.map { $0[8] } == ignore.map { p.scd($0[0], "1", $0[3]) })
    let invalidate = try p.rows("ts_invalidate")
    let tDel = try #require(Self.runTimes(invalidate).first)
    #expect(Self.runTimes(invalidate).count == 1)
    // Current rows hold dbt_valid_to_current instead of NULL.
    let current = adapter == .postgres ? "9999-12-31 00:00:00" : "9999-12-31"
    #expect(invalidate.map { $0[7] } == [u1, current, current, tDel, current])
    #expect(invalidate.map { Array($0.prefix(7)) } == ignore.map { Array($0.prefix(7)) })

    // new_record with dbt_valid_to_current: the deletion row is current from the run's time
    // (and, unlike dbt, is not re-added on every later run: see the unchanged rerun below).
    let newRecord = try p.rows("ts_new_record", deleted: true)
    let tNew = try #require(Self.runTimes(newRecord).first)
    #expect(
      newRecord == [
        ["1", "basic", "10", u0, "NULL", u0, u0, u1, p.scd("1", u0), "False"],
        ["1", "pro", "10", u1, "eu", u1, u1, current, p.scd("1", u1), "False"],
        ["2", "pro", "20", u0, "NULL", u0, u0, current, p.scd("2", u0), "False"],
        ["3", "pro", "30", u0, "NULL", u0, u0, tNew, p.scd("3", u0), "False"],
        ["3", "pro", "30", u0, "NULL", tNew, tNew, current, p.scd(p.scd("3", u0), tNew), "True"],
        ["4", "basic", "5", u1, "eu", u1, u1, current, p.scd("4", u1), "False"],
      ])

    // Check strategy: updated_at is the snapshot time, so every row of a run shares one.
    let check = try p.rows("check_ignore")
    let times = Self.runTimes(check)
    #expect(times.count == 2 && times.first == t1)
    let t2 = times.last ?? ""
    #expect(
      check == [
        ["1", "basic", "10", u0, "NULL", t1, t1, t2, p.scd("1", t1)],
        ["1", "pro", "10", u1, "eu", t2, t2, "NULL", p.scd("1", t2)],
        ["2", "pro", "20", u0, "NULL", t1, t1, t2, p.scd("2", t1)],
        ["2", "pro", "25", u0, "eu", t2, t2, "NULL", p.scd("2", t2)],
        ["3", "pro", "30", u0, "NULL", t1, t1, "NULL", p.scd("3", t1)],
        ["4", "basic", "5", u1, "eu", t2, t2, "NULL", p.scd("4", t2)],
      ])
    let checkInvalidate = try p.rows("check_invalidate")
    let ci = Self.runTimes(checkInvalidate)
    #expect(ci.count == 2)
    #expect(checkInvalidate.map { $0[7] } == [ci.last, "NULL", ci.last, "NULL", ci.last, "NULL"])
    let checkNew = try p.rows("check_new_record", deleted: true)
    let cn = Self.runTimes(checkNew)
    let (c1, c2) = (cn.first ?? "", cn.last ?? "")
    #expect(cn.count == 2)
    #expect(
      checkNew.filter { $0[0] == "3" } == [
        ["3", "pro", "30", u0, "NULL", c1, c1, c2, p.scd("3", c1), "False"],
        ["3", "pro", "30", u0, "NULL", c2, c2, "NULL", p.scd(p.scd("3", c1), c2), "True"],
      ])
    #expect(checkNew.count == 7)

    // Unchanged data: a third run inserts nothing and closes nothing.
    var before: [String: [[String]]] = [:]
    for t in ["ts_ignore", "ts_invalidate", "ts_composite", "check_ignore", "check_invalidate"] { before[t] = try p.rows(t) }
    for t in ["ts_new_record", "check_new_record"] { before[t] = try p.rows(t, deleted: true) }
    let third = try p.kiln(["snapshot"])
    #expect(third.status == 0, "third snapshot failed:\n\(third.output)")
    for (t, rows) in before {
      #expect(try p.rows(t, deleted: t.hasSuffix("new_record")) == rows, "\(t) changed on an unchanged rerun")
    }
    #expect(third.stdout.components(separatedBy: "[INSERT 0 in").count - 1 == 7)

    // A duplicated key (and a NULL key) fail the snapshot and leave every table unchanged.
    try p.db.execute("insert into \(p.rel("customers")) values (4, 'pro', 6, '\(u1)', 'us'), (null, 'pro', 1, '\(u1)', 'us')")
    let dup = try p.kiln(["snapshot", "--select", "ts_ignore"])
    #expect(dup.status == 1)
    #expect(dup.output.contains("R0401"))
    #expect(dup.output.contains("unique_key `id` is not unique or is null in the snapshot query"))
    #expect(dup.output.contains("4 (2 rows)") && dup.output.contains("NULL (1 row)"))
    #expect(try p.rows("ts_ignore") == before["ts_ignore"])
    try p.db.execute("delete from \(p.rel("customers")) where mrr in (6, 1)")

    // A table that already holds two current rows for a key is refused, not made worse.
    try p.db.execute(
      "insert into \(p.rel("check_ignore")) (id, plan, mrr, updated_at, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to) select id, plan, mrr, updated_at, 'x', dbt_updated_at, dbt_valid_from, dbt_valid_to from \(p.rel("check_ignore")) where id = 4"
    )
    let corrupt = try p.db.query("select count(*) from \(p.rel("check_ignore"))").scalar
    try p.db.execute("update \(p.rel("customers")) set mrr = 7 where id = 4")
    let twice = try p.kiln(["snapshot", "--select", "check_ignore"])
    #expect(twice.status == 1)
    #expect(twice.output.contains("R0402") && twice.output.contains("two current rows"))
    #expect(try p.db.query("select count(*) from \(p.rel("check_ignore"))").scalar == corrupt)

    // ref() to a snapshot works, and build runs snapshots before what reads them.
    let build = try p.kiln(["build", "--select", "ts_ignore+"])
    #expect(build.status == 0, "build failed:\n\(build.output)")
    let lines = build.stdout.split(separator: "\n")
    let snapAt = lines.firstIndex { $0.contains("OK snapshotted \(p.schema).ts_ignore") }
    let modelAt = lines.firstIndex { $0.contains("current_customers") && $0.contains("OK created") }
    #expect(snapAt != nil && modelAt != nil && (snapAt ?? 0) < (modelAt ?? 0))
    #expect(try p.db.query("select count(*) from \(p.rel("current_customers"))").scalar == .integer(4))
  }

  @Test func snapshotsKeepHistoryOnSQLite() throws { try scenario(.sqlite) }

  @Test(.enabled(if: PostgresServer.isEnabled)) func snapshotsKeepHistoryOnPostgres() throws {
    try scenario(.postgres)
  }
}
