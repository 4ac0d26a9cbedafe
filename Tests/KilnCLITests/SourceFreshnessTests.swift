import Foundation
import KilnAdapters
import KilnBase
import KilnTestSupport
import Testing

/// `kiln source freshness` on both adapters, with loaded-at times fixed far enough from any
/// clock (year 2999, 2000 and 1900) that pass, warn and error do not depend on when it runs.
@Suite struct SourceFreshnessTests {
  static let sources = """
    sources:
      - name: raw
        schema: "{{ target.schema }}"
        loaded_at_field: loaded_at
        freshness:
          warn_after: {count: 1, period: day}
          error_after: {count: 36500, period: day}
        tables:
          - name: fresh
          - name: aging
          - name: ancient
          - name: filtered
            freshness:
              error_after: {count: 1, period: day}
              filter: "id = 2"
          - name: unchecked
            freshness: null
          - name: configured
            config:
              freshness:
                error_after: {count: 1, period: day}

    """

  func scenario(_ adapter: AdapterType) throws {
    let p = try SnapshotProject(adapter)
    defer { p.remove() }
    try p.dir.write("models/sources.yml", Self.sources)
    try p.dir.write("models/current_customers.sql", "select * from {{ source('raw', 'fresh') }}\n")
    try p.dir.write("snapshots/customers.sql", "")
    try p.dir.write("snapshots/more.yml", "version: 2\n")
    let ts = adapter == .postgres ? "timestamp" : "text"
    for (table, rows) in [
      ("fresh", "(1, '2999-01-01 00:00:00')"), ("aging", "(1, '2000-01-01 00:00:00')"),
      ("ancient", "(1, '1900-01-01 00:00:00')"), ("filtered", "(1, '2999-01-01 00:00:00'), (2, '2000-01-01 00:00:00')"),
      ("unchecked", "(1, '1900-01-01 00:00:00')"), ("configured", "(1, '2000-01-01 00:00:00')"),
    ] {
      try p.db.execute("create table \(p.rel(table)) (id integer, loaded_at \(ts)); insert into \(p.rel(table)) values \(rows)")
    }

    let all = try p.kiln(["source", "freshness"])
    #expect(all.status == 1, "an error-stale source fails the command:\n\(all.output)")
    #expect(all.stdout.contains("PASS freshness of raw.fresh"))
    #expect(all.stdout.contains("WARN freshness of raw.aging"))
    #expect(all.stdout.contains("ERROR STALE freshness of raw.ancient"))
    #expect(all.stdout.contains("ERROR STALE freshness of raw.filtered"))
    #expect(!all.stdout.contains("raw.unchecked"))
    #expect(all.stdout.contains("ERROR STALE freshness of raw.configured"))
    #expect(all.stdout.contains("Done. PASS=1 WARN=1 ERROR=3 TOTAL=5"))

    let text = try String(contentsOfFile: p.dir.path + "/target/sources.json", encoding: .utf8)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let meta = try #require(doc["metadata"] as? [String: Any])
    #expect(meta["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/sources/v3.json")
    let results = try #require(doc["results"] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: results.map { (($0["unique_id"] as? String) ?? "", $0) })
    #expect(
      byID.keys.sorted() == [
        "source.snap.raw.aging", "source.snap.raw.ancient", "source.snap.raw.configured", "source.snap.raw.filtered",
        "source.snap.raw.fresh",
      ])
    #expect(byID["source.snap.raw.fresh"]?["status"] as? String == "pass")
    #expect(byID["source.snap.raw.aging"]?["status"] as? String == "warn")
    #expect(byID["source.snap.raw.ancient"]?["status"] as? String == "error")
    let filtered = try #require(byID["source.snap.raw.filtered"])
    #expect(filtered["status"] as? String == "error")
    #expect(filtered["max_loaded_at"] as? String == "2000-01-01T00:00:00.000000+00:00")
    let criteria = try #require(filtered["criteria"] as? [String: Any])
    #expect(criteria["filter"] as? String == "id = 2")
    // The table's error_after overrides the source's; warn_after is inherited.
    #expect((criteria["error_after"] as? [String: Any])?["count"] as? Int == 1)
    #expect((criteria["warn_after"] as? [String: Any])?["period"] as? String == "day")
    // config: freshness (dbt 1.9+) wins over the inherited top-level property.
    let configured = try #require(byID["source.snap.raw.configured"]?["criteria"] as? [String: Any])
    #expect((configured["warn_after"] as? [String: Any])?["count"] is NSNull)
    let age = try #require(byID["source.snap.raw.aging"]?["max_loaded_at_time_ago_in_s"] as? Double)
    #expect(age > 24 * 365 * 86_400)

    let one = try p.kiln(["source", "freshness", "--select", "source:raw.fresh"])
    #expect(one.status == 0, "\(one.output)")
    #expect(one.stdout.contains("Done. PASS=1 WARN=0 ERROR=0 TOTAL=1"))

    // `source:raw+` in build selects what reads the sources.
    let build = try p.kiln(["build", "--select", "source:raw+"])
    #expect(build.status == 0, "\(build.output)")
    #expect(build.stdout.contains("current_customers"))
  }

  @Test func freshnessPassWarnErrorOnSQLite() throws { try scenario(.sqlite) }

  @Test(.enabled(if: PostgresServer.isEnabled)) func freshnessPassWarnErrorOnPostgres() throws {
    try scenario(.postgres)
  }
}
