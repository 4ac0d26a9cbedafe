import KilnAdapters
import KilnCompiler
import KilnProject
import Testing

/// Plans are pure: given a compiled node and the existing relation they are a fixed list of
/// statements. These pin the SQLite ones (build beside, swap in a transaction).
@Test func sqlitePlansForEachMaterialization() throws {
  let dir = GoldenProjects.root + "/ephemeral_inlining"
  let w = try Workspace.load(projectDir: dir, profilesDir: dir, environment: ["KILN_FIXTURE_DB_DIR": "/tmp"])
  let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
  let planner = SQLitePlanner()
  guard let final = compiled["model.ephemeral_inlining.final_numbers"],
    let view = compiled["model.ephemeral_inlining.plain_select"],
    let eph = compiled["model.ephemeral_inlining.eph_doubled"]
  else {
    Issue.record("fixture nodes missing: \(Array(compiled.keys))")
    return
  }
  let fresh = try planner.plan(model: final, existing: nil, fullRefresh: false)
  #expect(
    fresh.text == """
      -- schemas: main
      -- legacy_alter_table: on
      -- setup
      drop table if exists main."final_numbers__dbt_tmp";
      -- main
      create table main."final_numbers__dbt_tmp" as
      \(final.sql);
      -- swap
      alter table main."final_numbers__dbt_tmp" rename to "final_numbers";

      """)
  let swap = try planner.plan(model: final, existing: ExistingRelation(type: .table, columns: ["n"]), fullRefresh: false)
  #expect(swap.text.contains("alter table main.\"final_numbers\" rename to \"final_numbers__dbt_backup\";"))
  #expect(swap.text.hasSuffix("-- cleanup\ndrop table if exists main.\"final_numbers__dbt_backup\";\n"))
  let replaceView = try planner.plan(model: view, existing: ExistingRelation(type: .view, columns: []), fullRefresh: false)
  #expect(replaceView.text.contains("-- setup\ndrop view if exists main.\"plain_select\";\n-- main\ncreate view main.\"plain_select\" as\n"))
  #expect(try planner.plan(model: eph, existing: nil, fullRefresh: false).steps.isEmpty)
}
