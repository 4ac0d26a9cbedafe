import Dispatch
import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// A PostgreSQL server killed in the middle of a build (its own throwaway server, not the
/// shared one): the running node fails with a message naming the lost connection, its
/// descendants are skipped, the relations built before stay as they were, nothing half-built
/// remains after the restart, and the next build succeeds.
@Suite(.enabled(if: PostgresServer.isEnabled), .serialized) struct PostgresFaultTests {
  static let models: [String: String] = [
    "base": "{{ config(materialized='table') }}\nselect {{ var('n', 1) }} as id",
    "slow": "{{ config(materialized='table') }}\nselect id, pg_sleep({{ var('sleep', 0) }}) is null as slept from {{ ref('base') }}",
    "child": "select * from {{ ref('slow') }}",
  ]

  @Test func killedServerFailsTheRunningNodeAndLeavesNothingHalfBuilt() throws {
    let server = try PostgresServer.start(dbname: "fault")
    defer { server.stop() }
    let dir = try TempDirectory(prefix: "kiln-fault")
    defer { dir.remove() }
    try dir.write("dbt_project.yml", "name: f\nversion: '1'\nconfig-version: 2\nprofile: f\n")
    try dir.write(
      "profiles.yml",
      """
      f:
        target: pg
        outputs:
          pg:
            type: postgres
            threads: 1
            host: 127.0.0.1
            port: \(server.port)
            user: \(server.user)
            password: ''
            dbname: fault
            schema: analytics
      """)
    for (name, sql) in Self.models { try dir.write("models/\(name).sql", sql) }
    func connect() throws -> PGConnection {
      try PGConnection(PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: "fault", schema: "analytics"))
    }

    // A first, complete build.
    let first = try KilnBinary.run(["run"], in: dir.path)
    #expect(first.status == 0, "\(first.output)")

    // The second build changes `base` and sleeps in `slow`; the server dies meanwhile.
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var second: KilnBinary.Result?
    DispatchQueue.global().async {
      second = try? KilnBinary.run(["run", "--vars", "{n: 2, sleep: 30}"], in: dir.path)
      done.signal()
    }
    // Wait until `slow` is running on the server, then kill it.
    let watcher = try connect()
    var sleeping = false
    for _ in 0..<200 where !sleeping {
      let n = try watcher.query("select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()")
      sleeping = (n.scalar?.integerValue ?? 0) > 0
      if !sleeping { usleep(50_000) }
    }
    #expect(sleeping, "the slow model never started")
    try server.kill()
    #expect(done.wait(timeout: .now() + 60) == .success, "kiln did not finish after the server died")
    let r = try #require(second)
    #expect(r.status == 1)
    #expect(r.output.contains("ERROR creating sql table model analytics.slow"))
    #expect(r.output.contains("the connection to the database was lost while building model.f.slow"))
    #expect(r.output.contains("SKIP relation analytics.child"))
    #expect(r.output.contains("PASS=1 WARN=0 ERROR=1 SKIP=1"))

    // After the restart: `base` has the new row (it committed before the kill), `slow` and
    // `child` are the first build's, and no temporary or backup relation is left.
    try server.restart()
    let db = try connect()
    #expect(try db.query("select id from analytics.base").scalar == .integer(2))
    #expect(try db.query("select id from analytics.slow").scalar == .integer(1))
    #expect(try db.relationType(schema: "analytics", name: "child") == .view)
    #expect(try db.listRelations(schema: "analytics").map(\.identifier) == ["base", "child", "slow"])

    // And the next build recovers.
    let third = try KilnBinary.run(["run", "--vars", "{n: 3}"], in: dir.path)
    #expect(third.status == 0, "\(third.output)")
    #expect(try db.query("select id from analytics.child").scalar == .integer(3))
  }
}
