import KilnBase
import OrderedCollections
import Testing

@testable import KilnProject

@Suite struct ProjectLoaderTests {
  @Test func pathsAndFqnOfNestedModels() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML("model-paths: [src/models]\ntest-paths: [data-tests]\n"),
      "src/models/staging/stripe/stg_payments.sql": "select 1 as id\n",
      "src/models/root_model.sql": "select 2",
      "src/models/.hidden/skip.sql": "select 3",
      "data-tests/assert_positive.sql": "select 1 where false",
      "data-tests/generic/is_even.sql":
        "{% test is_even(model, column_name) %}select 1{% endtest %}",
      "macros/cents.sql": "{% macro cents(x) %}{{ x }} / 100{% endmacro %}",
      "snapshots/orders_snap.sql": "{% snapshot orders_snapshot %}select 1{% endsnapshot %}",
      "analyses/explore.sql": "select 4",
    ])
    let p = try fx.load()
    let n = try #require(p.nodes["model.shop.stg_payments"])
    #expect(n.path == "staging/stripe/stg_payments.sql")
    #expect(n.originalFilePath == "src/models/staging/stripe/stg_payments.sql")
    #expect(n.fqn == ["shop", "staging", "stripe", "stg_payments"])
    #expect(n.rawCode == "select 1 as id\n")
    #expect(n.file.path == "src/models/staging/stripe/stg_payments.sql")
    #expect(n.checksum == SHA256Digest.hex("select 1 as id\n"))
    #expect(p.nodes["model.shop.root_model"]?.fqn == ["shop", "root_model"])
    #expect(p.nodes["model.shop.skip"] == nil)
    #expect(p.singularTests.map(\.uniqueID) == ["test.shop.assert_positive"])
    #expect(
      p.macroFiles.map(\.originalFilePath) == [
        "macros/cents.sql", "data-tests/generic/is_even.sql",
      ])
    let snap = try #require(p.nodes["snapshot.shop.orders_snapshot"])
    #expect(snap.fqn == ["shop", "orders_snap", "orders_snapshot"])
    #expect(snap.config.materialized == "snapshot")
    #expect(p.nodes["analysis.shop.explore"]?.resourceType == .analysis)
    #expect(p.config.modelPaths == ["src/models"])
    #expect(p.config.seedPaths == ["seeds"])
    #expect(p.config.targetPath == "target")
    #expect(p.config.cleanTargets == ["target"])
    #expect(Array(p.nodes.keys) == p.nodes.keys.sorted())
  }

  @Test func duplicateModelNamesNameBothFiles() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/a/orders.sql": "select 1",
      "models/b/orders.sql": "select 2",
    ])
    let errors = fx.loadErrors()
    let d = try #require(errors.first { $0.code == "P0201" })
    #expect(d.message.contains("models/a/orders.sql"))
    #expect(d.message.contains("models/b/orders.sql"))
  }

  @Test func duplicateNameAllowedWhenOneIsDisabled() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML("models:\n  shop:\n    b:\n      +enabled: false\n"),
      "models/a/orders.sql": "select 1",
      "models/b/orders.sql": "select 2",
    ])
    let p = try fx.load()
    #expect(p.model(named: "orders")?.originalFilePath == "models/a/orders.sql")
    #expect(p.disabled.map(\.originalFilePath) == ["models/b/orders.sql"])
  }

  @Test func sourceDefaults() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/staging/sources.yml": """
      version: 2
      sources:
        - name: raw_shop
          description: the shop app
          loader: fivetran
          tables:
            - name: orders
              columns:
                - name: id
                  data_tests: [unique]
            - name: customers
              identifier: tbl_customers
        - name: erp
          database: warehouse
          schema: erp_prod
          tags: [erp]
          tables:
            - name: invoices
              tags: [finance]
              loaded_at_field: synced_at
      """,
    ])
    let p = try fx.load()
    let orders = try #require(p.sources["source.shop.raw_shop.orders"])
    #expect(orders.schema == "raw_shop")
    #expect(orders.identifier == "orders")
    #expect(orders.database == nil)
    #expect(orders.loader == "fivetran")
    #expect(orders.fqn == ["shop", "staging", "raw_shop", "orders"])
    #expect(p.sources["source.shop.raw_shop.customers"]?.identifier == "tbl_customers")
    let inv = try #require(p.sources["source.shop.erp.invoices"])
    #expect(inv.schema == "erp_prod")
    #expect(inv.database == "warehouse")
    #expect(inv.tags == ["erp", "finance"])
    #expect(inv.loadedAtField == "synced_at")
    let t = try #require(p.testSpecs.first)
    #expect(
      t.attachedTo
        == TestTarget(resourceType: .source, name: "orders", sourceName: "raw_shop", column: "id"))
  }

  @Test func propertiesForMissingModelWarnWithDidYouMean() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/stg_orders.sql": "select 1",
      "models/schema.yml":
        "models:\n  - name: stg_order\n    columns:\n      - name: id\n        tests: [unique]\n",
    ])
    let p = try fx.load()
    let w = try #require(p.diagnostics.first { $0.code == "P0210" })
    #expect(w.severity == .warning)
    #expect(w.hint == "did you mean `stg_orders`?")
    #expect(loc(w.span) == [2, 11])
    #expect(p.testSpecs.isEmpty)  // tests on a missing model are dropped
  }

  @Test func collectsErrorsFromEveryFile() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/a.sql": "select 1",
      "models/one.yml": "models:\n  - name: a\n    description: [unclosed\n",
      "models/two.yml": "models:\n  - name: a\n  - name: a\n",
      "seeds/props.yml": "seeds: {a: 1}\n  bad indent: 2\n",
    ])
    let errors = fx.loadErrors()
    let byFile = Dictionary(grouping: errors, by: { $0.span?.file.path ?? $0.path ?? "" })
    #expect(byFile["models/one.yml"]?.first?.code == "P0101")
    #expect(byFile["models/one.yml"]?.first?.span?.location.line == 3)  // the open `[`
    #expect(byFile["seeds/props.yml"]?.first?.code == "P0101")
    #expect(errors.contains { $0.code == "P0212" })
  }

  @Test func missingProjectFile() throws {
    let fx = try ProjectFixture(["models/a.sql": "select 1"])
    let errors = fx.loadErrors()
    #expect(errors.map(\.code) == ["P0110"])
  }

  @Test func varsPrecedence() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        """
        vars:
          start: '2020-01-01'
          limit: 10
          region: eu
          shop:
            limit: 20
          other_pkg:
            region: us
        """),
      "models/a.sql": "select 1",
    ])
    let p = try fx.load(cliVars: ["start": "2024-06-01"])
    #expect(p.var(name: "start") == "2024-06-01")  // CLI wins
    #expect(p.var(name: "limit") == 20)  // package-scoped beats global
    #expect(p.var(name: "region") == "eu")
    #expect(p.var(name: "region", package: "other_pkg") == "us")
    #expect(p.var(name: "limit", package: "other_pkg") == 10)
    #expect(p.var(name: "missing") == nil)
  }

  @Test func parseCLIVars() throws {
    let vars = try ProjectLoader.parseVars("{day: '2024-01-02', n: 3}")
    #expect(vars == ["day": "2024-01-02", "n": 3])
    #expect(throws: Diagnostic.self) { try ProjectLoader.parseVars("[1, 2]") }
  }
}

@Suite struct ProjectTreesForTestsAndSourcesTests {
  @Test func testTreeAppliesToGenericTestsAndSourceTreeCanDisable() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(
        """
        data_tests:
          shop:
            staging:
              +severity: warn
              +store_failures: true
        sources:
          shop:
            staging:
              legacy_crm:
                +enabled: false
        """),
      "models/staging/stg_orders.sql": "select 1",
      "models/staging/schema.yml": """
      models:
        - name: stg_orders
          columns:
            - name: id
              data_tests:
                - unique
                - not_null:
                    config: {severity: error}
      sources:
        - name: legacy_crm
          tables: [{name: contacts}]
        - name: app
          tables: [{name: users}]
      """,
    ])
    let p = try fx.load()
    #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
    let unique = try #require(p.testSpecs.first { $0.name == "unique" })
    #expect(unique.fqnPrefix == ["shop", "staging"])
    let uc = p.config(forTest: unique, testName: "unique_stg_orders_id")
    #expect(uc.severity == "warn")
    #expect(uc.storeFailures == true)
    #expect(uc.schema == "dbt_test__audit")
    let notNull = try #require(p.testSpecs.first { $0.name == "not_null" })
    #expect(p.config(forTest: notNull, testName: "not_null_stg_orders_id").severity == "error")
    #expect(Array(p.sources.keys) == ["source.shop.app.users"])
  }
}
