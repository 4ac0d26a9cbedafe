import KilnAdapters
import KilnCompiler
import KilnProject
import Testing

/// Where write-audit-publish cuts a plan: the staged relation the audits read, the steps before
/// and after the cut, and what is dropped when an audit fails.
@Test func postgresPlanStagesForTablesAndIncrementals() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  let t = try f.model("t")
  let table = try pgPlanner.plan(model: t, existing: ExistingRelation(type: .table, columns: ["id", "name"]), fullRefresh: false)
  let s = try #require(table.stages(for: t.parsed, adapter: .postgres))
  #expect(s.staged.renderedText == "\"warehouse\".\"analytics\".\"t__dbt_tmp\"")
  #expect(s.stage.last?.purpose == .setup, "the backup drop is staged; the renames are not")
  #expect(s.publish.first == .sql(.swap, "alter table \"warehouse\".\"analytics\".\"t\" rename to \"t__dbt_backup\""))
  #expect(s.stage.count + s.publish.count == table.steps.count)
  #expect(s.discard == ["drop table if exists \"warehouse\".\"analytics\".\"t__dbt_tmp\""])

  let inc = try f.model("inc_key")
  let load = try pgPlanner.plan(model: inc, existing: ExistingRelation(type: .table, columns: ["id", "n"]), fullRefresh: false)
  let l = try #require(load.stages(for: inc.parsed, adapter: .postgres))
  #expect(l.staged.renderedText == "\"inc_key__dbt_tmp120000000000\"", "the temp table of new rows")
  #expect(l.stage.count == 1)
  #expect(l.publish.first?.purpose == .main)

  let first = try pgPlanner.plan(model: inc, existing: nil, fullRefresh: false)
  let fresh = try #require(first.stages(for: inc.parsed, adapter: .postgres))
  #expect(fresh.staged.renderedText == "\"warehouse\".\"analytics\".\"inc_key\"", "a first build stages the target itself")
  #expect(fresh.stage.last?.purpose == .main)

  let v = try f.model("v")
  #expect(try pgPlanner.plan(model: v, existing: nil, fullRefresh: false).stages(for: v.parsed, adapter: .postgres) == nil)
}

@Test func sqlitePlanStagesForTablesAndIncrementals() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  let planner = SQLitePlanner()
  let t = try f.model("t")
  let plan = try planner.plan(model: t, existing: nil, fullRefresh: false)
  let s = try #require(plan.stages(for: t.parsed, adapter: .sqlite))
  #expect(s.staged.schema == "analytics")
  #expect(s.staged.identifier == "t__dbt_tmp")
  #expect(s.publish.map(\.purpose) == [.swap])
  let inc = try f.model("inc_key")
  let load = try planner.plan(model: inc, existing: ExistingRelation(type: .table, columns: ["id", "n"]), fullRefresh: false)
  let l = try #require(load.stages(for: inc.parsed, adapter: .sqlite))
  #expect(l.staged.schema == "temp")
  #expect(l.staged.identifier == "inc_key__dbt_tmp")
  #expect(l.stage.map(\.purpose) == [.setup, .setup])
  #expect(l.discard == ["drop table if exists temp.\"inc_key__dbt_tmp\""])
}
