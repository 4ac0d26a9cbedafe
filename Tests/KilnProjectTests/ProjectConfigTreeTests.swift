import KilnBase
import Testing

@testable import KilnProject

@Suite struct ProjectConfigTreeTests {
  @Test func treeInheritanceWithAndWithoutPlus() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        """
        models:
          +tags: [all]
          shop:
            +materialized: table
            staging:
              materialized: view
              schema: stg
              +tags: staging
              legacy:
                +enabled: false
            marts:
              +meta: {owner: finance}
              finance:
                +materialized: incremental
                unique_key: id
        """),
      "models/top.sql": "select 1",
      "models/staging/stg_orders.sql": "select 2",
      "models/staging/legacy/old.sql": "select 3",
      "models/marts/finance/revenue.sql": "select 4",
      "models/marts/finance/costs.sql": "select 5",
    ])
    let p = try fx.load()
    let top = try #require(p.model(named: "top"))
    #expect(top.config.materialized == "table")
    #expect(top.config.tags == ["all"])
    let stg = try #require(p.model(named: "stg_orders"))
    #expect(stg.config.materialized == "view")
    #expect(stg.config.schema == "stg")
    #expect(stg.config.tags == ["all", "staging"])
    let revenue = try #require(p.model(named: "revenue"))
    #expect(revenue.config.materialized == "incremental")
    #expect(revenue.config.uniqueKey == ["id"])
    #expect(revenue.config.meta == ["owner": "finance"])
    #expect(p.model(named: "old") == nil)
    #expect(p.disabled.map(\.uniqueID) == ["model.shop.old"])
    #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
  }

  @Test func propertiesOverrideTreeAndTagsAccumulate() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        """
        models:
          shop:
            +materialized: table
            +tags: [nightly]
            +meta: {owner: data, tier: 3}
            +pre-hook: "select 'tree'"
        """),
      "models/orders.sql": "select 1",
      "models/schema.yml": """
      version: 2
      models:
        - name: orders
          description: All orders
          tags: [top_level]
          config:
            materialized: view
            tags: [pii]
            meta: {tier: 1}
            pre-hook: "select 'yml'"
          columns:
            - name: id
              description: key
              data_type: integer
      """,
    ])
    let p = try fx.load()
    let n = try #require(p.model(named: "orders"))
    #expect(n.config.materialized == "view")
    #expect(n.config.tags == ["nightly", "top_level", "pii"])
    #expect(n.config.meta == ["owner": "data", "tier": 1])
    #expect(n.config.preHook.map(\.sql) == ["select 'tree'", "select 'yml'"])
    #expect(n.description == "All orders")
    #expect(n.columns["id"]?.dataType == "integer")
    #expect(n.patchPath == "shop://models/schema.yml")

    let final = try p.config(
      forModel: n.uniqueID, inFile: ["materialized": "incremental", "tags": ["in_file"]])
    #expect(final.materialized == "incremental")
    #expect(final.tags == ["nightly", "top_level", "pii", "in_file"])
  }

  @Test func disabledInPropertiesFile() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/a.sql": "select 1",
      "models/b.sql": "select 2",
      "models/props.yml": "models:\n  - name: b\n    config:\n      enabled: false\n",
    ])
    let p = try fx.load()
    #expect(p.nodes.keys.elements == ["model.shop.a"])
    #expect(p.disabled.map(\.name) == ["b"])
  }

  @Test func unknownConfigKeyWarnsWithDidYouMean() throws {
    let text = projectYML(
      """
      models:
        shop:
          +materializd: table
          staging:
            +tgas: [x]
      """)
    let fx = try ProjectFixture([
      "dbt_project.yml": text,
      "models/staging/a.sql": "select 1",
      "models/schema.yml": "models:\n  - name: a\n    config:\n      schemaa: x\n",
    ])
    let p = try fx.load()
    let warnings = p.diagnostics.filter { $0.code == "P0202" }
    #expect(warnings.count == 3)
    #expect(warnings.allSatisfy { $0.severity == .warning })
    let first = try #require(warnings.first { $0.message.contains("materializd") })
    #expect(first.hint == "did you mean `materialized`?")
    #expect(loc(first.span) == [7, 5])
    #expect(warnings.contains { $0.hint == "did you mean `tags`?" })
    #expect(
      warnings.contains {
        $0.hint == "did you mean `schema`?" && $0.span?.file.path == "models/schema.yml"
      })
    // The unknown key is still kept, as dbt keeps arbitrary config.
    #expect(p.model(named: "a")?.config.extra["materializd"] == "table")
  }

  @Test func unusedConfigPathWarns() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML("models:\n  shop:\n    stagin:\n      +schema: stg\n"),
      "models/staging/a.sql": "select 1",
    ])
    let p = try fx.load()
    let w = try #require(p.diagnostics.first { $0.code == "P0205" })
    #expect(w.message.contains("models.shop.stagin"))
    #expect(w.hint == "did you mean `staging`?")
    #expect(p.model(named: "a")?.config.schema == nil)
  }

  @Test func seedTreeAndSeedProperties() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        "seeds:\n  shop:\n    +schema: raw\n    lookups:\n      +quote_columns: false\n"),
      "seeds/lookups/countries.csv": "code,name\nDE,Germany\n",
      "seeds/seeds.yml": """
      seeds:
        - name: countries
          config:
            delimiter: ";"
            column_types: {code: varchar(2)}
      """,
    ])
    let p = try fx.load()
    let s = try #require(p.seeds.first)
    #expect(s.uniqueID == "seed.shop.countries")
    #expect(s.fqn == ["shop", "lookups", "countries"])
    #expect(s.config.materialized == "seed")
    #expect(s.config.schema == "raw")
    #expect(s.config.quoteColumns == false)
    #expect(s.config.delimiter == ";")
    #expect(s.config.columnTypes == ["code": "varchar(2)"])
  }

  @Test func envVarRenderedInProjectFileButNotInHooksOrVars() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        """
        vars:
          day: "{{ env_var('DAY', '2024-01-01') }}"
        models:
          shop:
            +schema: "{{ env_var('CUSTOM_SCHEMA', 'analytics') }}"
            +post-hook: "grant select on {{ this }} to {{ env_var('ROLE') }}"
        """),
      "models/a.sql": "select 1",
    ])
    let p = try fx.load(env: ["CUSTOM_SCHEMA": "sales"])
    let a = try #require(p.model(named: "a"))
    #expect(a.config.schema == "sales")
    #expect(a.config.postHook.map(\.sql) == ["grant select on {{ this }} to {{ env_var('ROLE') }}"])
    #expect(p.var(name: "day") == "{{ env_var('DAY', '2024-01-01') }}")
  }
}
