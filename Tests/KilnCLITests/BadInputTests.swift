import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Bad input: a clear diagnostic with file, line and caret, exit status 2, nothing built.
struct BadInputProject {
  let dir: TempDirectory

  init(models: [String: String], project extra: String = "", seeds: [String: String] = [:]) throws {
    dir = try TempDirectory(prefix: "kiln-bad")
    try dir.write("dbt_project.yml", "name: bad\nprofile: bad\n" + extra)
    try dir.write(
      "profiles.yml",
      """
      bad:
        target: dev
        outputs:
          dev:
            type: sqlite
            threads: 1
            schema: main
            path: target/bad.db
          ci:
            type: sqlite
            threads: 1
            schema: main
            path: target/ci.db

      """)
    for (path, text) in models { try dir.write("models/" + path, text) }
    for (path, text) in seeds { try dir.write("seeds/" + path, text) }
  }

  func kiln(_ args: String...) throws -> KilnBinary.Result {
    try KilnBinary.run(args, in: dir.path, environment: ["KILN_TEST_UNSET": ""])
  }

  /// Nothing was written to the warehouse.
  var databaseExists: Bool { FileManager.default.fileExists(atPath: dir.path + "/target/bad.db") }
}

@Test func unknownRefNamesFileLineAndSuggestion() throws {
  let p = try BadInputProject(models: [
    "stg_orders.sql": "select 1 as id\n",
    "orders.sql": "select *\nfrom {{ ref('stg_order') }}\n",
  ])
  defer { p.dir.remove() }
  let r = try p.kiln("build")
  #expect(r.status == 2)
  #expect(r.stderr.contains("depends on a node named 'stg_order' which was not found"))
  #expect(r.stderr.contains("--> models/orders.sql:2:9"))
  #expect(r.stderr.contains("did you mean `stg_orders`?"))
  #expect(!p.databaseExists)
}

@Test func unknownTargetListsTheOnesThatExist() throws {
  let p = try BadInputProject(models: ["a.sql": "select 1\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("run", "--target", "prod")
  #expect(r.status == 2)
  #expect(r.stderr.contains("target `prod` not found in profile `bad`"))
  #expect(r.stderr.contains("`ci`") && r.stderr.contains("`dev`"))
}

@Test func unknownProfileListsTheOnesThatExist() throws {
  let p = try BadInputProject(models: ["a.sql": "select 1\n"])
  defer { p.dir.remove() }
  try p.dir.write("dbt_project.yml", "name: bad\nprofile: bda\n")
  let r = try p.kiln("parse")
  #expect(r.status == 2)
  #expect(r.stderr.contains("bda"))
  #expect(r.stderr.contains("did you mean `bad`?"))
}

@Test func jinjaSyntaxErrorPointsIntoTheModel() throws {
  let p = try BadInputProject(models: ["a.sql": "{% if true %}\nselect 1\n{% endfro %}\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("compile")
  #expect(r.status == 2)
  #expect(r.stderr.contains("Encountered unknown tag 'endfro'"))
  #expect(r.stderr.contains("--> models/a.sql:3:4"))
  #expect(r.stderr.contains("3 | {% endfro %}"))
}

@Test func jinjaRuntimeErrorPointsIntoTheModel() throws {
  let p = try BadInputProject(models: ["a.sql": "select\n  {{ nothing.here }} as x\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("run")
  #expect(r.status == 2)
  #expect(r.stderr.contains("'nothing' is undefined"))
  #expect(r.stderr.contains("--> models/a.sql:2:"))
}

@Test func missingEnvVarWithoutDefault() throws {
  let p = try BadInputProject(models: ["a.sql": "select '{{ env_var('KILN_TEST_SURELY_UNSET') }}' as x\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("run")
  #expect(r.status == 2)
  #expect(r.stderr.contains("Env var required but not provided: 'KILN_TEST_SURELY_UNSET'"))
  #expect(r.stderr.contains("models/a.sql:1:"))
  #expect(!p.databaseExists)
}

@Test func refCycleIsPrintedWhole() throws {
  let p = try BadInputProject(models: [
    "a.sql": "select * from {{ ref('c') }}\n", "b.sql": "select * from {{ ref('a') }}\n",
    "c.sql": "select * from {{ ref('b') }}\n",
  ])
  defer { p.dir.remove() }
  let r = try p.kiln("run")
  #expect(r.status == 2)
  #expect(r.stderr.contains("found a cycle: model.bad.a --> model.bad.b --> model.bad.c --> model.bad.a"))
}

@Test func malformedYAMLHasLineAndColumn() throws {
  let p = try BadInputProject(models: [
    "a.sql": "select 1\n", "schema.yml": "version: 2\nmodels:\n  - name: a\n    description: [oops\n",
  ])
  defer { p.dir.remove() }
  let r = try p.kiln("parse")
  #expect(r.status == 2)
  #expect(r.stderr.contains("invalid YAML"))
  #expect(r.stderr.contains("--> models/schema.yml:4:18"))
}

@Test func unknownConfigKeyIsAWarningWithSuggestion() throws {
  let p = try BadInputProject(
    models: ["a.sql": "select 1 as id\n"], project: "models:\n  bad:\n    +materialised: table\n")
  defer { p.dir.remove() }
  let r = try p.kiln("run")
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stderr.contains("warning[P0202]: unknown config key `materialised`"))
  #expect(r.stderr.contains("did you mean `materialized`?"))
}

@Test func raggedCSVRowFailsTheSeedWithItsLine() throws {
  let p = try BadInputProject(models: [:], seeds: ["people.csv": "id,name\n1,ann\n2,bo,extra\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("seed")
  #expect(r.status == 1)
  #expect(r.stderr.contains("row has 3 fields but the header has 2 columns"))
  #expect(r.stderr.contains("--> seeds/people.csv:3:"))
}

@Test func duplicateModelNamesAreRejected() throws {
  let p = try BadInputProject(models: ["a/x.sql": "select 1\n", "b/x.sql": "select 2\n"])
  defer { p.dir.remove() }
  let r = try p.kiln("parse")
  #expect(r.status == 2)
  #expect(r.stderr.contains("models/a/x.sql") && r.stderr.contains("models/b/x.sql"))
}

@Test func refToDisabledModelIsReported() throws {
  let p = try BadInputProject(models: [
    "off.sql": "{{ config(enabled=false) }}\nselect 1\n", "on.sql": "select * from {{ ref('off') }}\n",
  ])
  defer { p.dir.remove() }
  let r = try p.kiln("run")
  #expect(r.status == 2)
  #expect(r.stderr.contains("depends on a node named 'off' which is disabled"))
}

@Test func badArgumentsExitWithTwo() throws {
  let p = try BadInputProject(models: ["a.sql": "select 1\n"])
  defer { p.dir.remove() }
  #expect(try p.kiln("run", "--threads", "many").status == 2)
  #expect(try p.kiln("frobnicate").status == 2)
  #expect(try p.kiln("--help").status == 0)
}

@Test func brokenViewFailsItsOwnBuildAndKeepsTheOldView() throws {
  let p = try BadInputProject(models: ["a.sql": "select 1 as id\n", "b.sql": "select id from {{ ref('a') }}\n"])
  defer { p.dir.remove() }
  #expect(try p.kiln("run").status == 0)
  try p.dir.write("models/b.sql", "select\n  id,\n  no_such_col\nfrom {{ ref('a') }}\n")
  let r = try p.kiln("run")
  #expect(r.status == 1)
  #expect(r.output.contains("no such column: no_such_col"))
  #expect(r.stdout.contains("ERROR creating sql view model main.b"))
  // The previous definition of the view is still there and readable.
  let db = try SQLiteConnection(path: p.dir.path + "/target/bad.db")
  #expect(try db.query("select id from main.\"b\"", []).rows.count == 1)
}
