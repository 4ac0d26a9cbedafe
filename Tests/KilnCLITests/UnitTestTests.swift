import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Unit tests (`unit_tests:`) on SQLite and Postgres: given rows in dict, csv and sql format,
/// overrides of vars and `is_incremental`, a wrong expectation failing with a row diff and
/// skipping the model in `build`.
enum UnitTestFixture {
  static let files: [String: String] = [
    "seeds/raw_orders.csv": "order_id,customer_id,amount,ordered_at\n1,1,10,2024-01-01\n2,1,5,2024-02-01\n3,2,7,2024-03-01\n",
    "models/customer_totals.sql": """
      {{ config(materialized='table') }}
      select customer_id, count(*) as orders, sum(amount) as total,
        sum(case when amount >= {{ var('big_order', 100) }} then 1 else 0 end) as big_orders,
        '{{ env_var('KILN_UT_REGION', 'eu') }}' as region
      from {{ ref('raw_orders') }}
      group by customer_id

      """,
    "models/orders_inc.sql": """
      {{ config(materialized='incremental', unique_key='order_id') }}
      select order_id, amount from {{ ref('raw_orders') }}
      {% if is_incremental() %} where order_id > (select max(order_id) from {{ this }}) {% endif %}

      """,
    "models/after_totals.sql": "select count(*) as n from {{ ref('customer_totals') }}\n",
    "models/unit.yml": """
      unit_tests:
        - name: totals_per_customer
          model: customer_totals
          overrides:
            vars: {big_order: 8}
            env_vars: {KILN_UT_REGION: us}
          given:
            - input: ref('raw_orders')
              rows:
                - {order_id: 1, customer_id: 1, amount: 10}
                - {order_id: 2, customer_id: 1, amount: 5}
                - {order_id: 3, customer_id: 2, amount: 7}
          expect:
            rows:
              - {customer_id: 1, orders: 2, total: 15, big_orders: 1, region: us}
              - {customer_id: 2, orders: 1, total: 7, big_orders: 0, region: us}
        - name: totals_from_csv
          model: customer_totals
          given:
            - input: ref('raw_orders')
              format: csv
              rows: |
                order_id,customer_id,amount
                1,3,4
          expect:
            format: sql
            rows: |
              select 3 as customer_id, 1 as orders, 4 as total
        - name: only_new_orders
          model: orders_inc
          overrides:
            macros: {is_incremental: true}
          given:
            - input: ref('raw_orders')
              rows:
                - {order_id: 1, amount: 10}
                - {order_id: 5, amount: 3}
            - input: this
              rows:
                - {order_id: 4, amount: 1}
          expect:
            rows:
              - {order_id: 5, amount: 3}

      """,
  ]

  static let wrong = """
      - name: deliberately_wrong
        model: customer_totals
        given:
          - input: ref('raw_orders')
            rows:
              - {order_id: 1, customer_id: 1, amount: 10}
              - {order_id: 2, customer_id: 2, amount: 5}
              - {order_id: 3, customer_id: 4, amount: 2}
        expect:
          rows:
            - {customer_id: 1, total: 10}
            - {customer_id: 2, total: 6}
            - {customer_id: 3, total: 1}

    """
}

@Test(arguments: TestAdapter.all) func unitTestsPassOnGivenRows(_ adapter: TestAdapter) throws {
  let p = try AdapterProject(adapter, files: UnitTestFixture.files)
  defer { p.remove() }
  let r = try p.kiln("build")
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stdout.contains("START unit_test customer_totals::totals_per_customer"))
  #expect(r.stdout.contains("PASS customer_totals::totals_per_customer"))
  #expect(r.stdout.contains("PASS customer_totals::totals_from_csv"))
  #expect(r.stdout.contains("PASS orders_inc::only_new_orders"))
  let results = try p.results()
  #expect(results["unit_test.proj.customer_totals.totals_per_customer"]?.status == "pass")
  let manifest = try String(contentsOfFile: p.dir.path + "/target/manifest.json", encoding: .utf8)
  #expect(manifest.contains("\"unit_test.proj.orders_inc.only_new_orders\": {\"model\": \"orders_inc\""), "\(manifest.suffix(600))")
  #expect(results["unit_test.proj.orders_inc.only_new_orders"]?.failures == 0)
  // `kiln test` runs them too, and selecting the model brings its unit tests.
  let t = try p.kiln("test", "--select", "orders_inc")
  #expect(t.status == 0)
  #expect(t.stdout.contains("PASS orders_inc::only_new_orders"))
  #expect(!t.stdout.contains("customer_totals::"))
  // By name or kind, and excluded by kind.
  let byName = try p.kiln("test", "--select", "totals_from_csv")
  #expect(byName.stdout.contains("Done. PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1"), "\(byName.stdout)")
  let units = try p.kiln("test", "--select", "test_type:unit")
  #expect(units.stdout.contains("TOTAL=3"), "\(units.stdout)")
  let none = try p.kiln("test", "--exclude", "test_type:unit")
  #expect(!none.stdout.contains("::"))
}

@Test(arguments: TestAdapter.all) func wrongExpectationShowsTheRowDiffAndSkipsTheModel(_ adapter: TestAdapter) throws {
  var files = UnitTestFixture.files
  files["models/unit.yml", default: ""] += UnitTestFixture.wrong
  let p = try AdapterProject(adapter, files: files)
  defer { p.remove() }
  let r = try p.kiln("build")
  #expect(r.status == 1)
  #expect(r.stdout.contains("FAIL 1 customer_totals::deliberately_wrong"))
  #expect(r.stdout.contains("Failure in unit_test deliberately_wrong (models/unit.yml)"))
  #expect(r.stdout.contains("actual differs from expected:"))
  // Customer 2's total differs (expected 6, got 5): one changed row, as dbt's daff shows it.
  #expect(r.stdout.contains("@@  | customer_id | total"), "\(r.stdout)")
  #expect(r.stdout.contains("→   | 2           | 6→5"))
  #expect(r.stdout.contains("+++ | 4           | 2"), "only in the output")
  #expect(r.stdout.contains("--- | 3           | 1"), "only expected")
  #expect(!r.stdout.contains("| 1           | 10"), "matching rows are not part of the diff")
  #expect(r.stdout.contains("SKIP relation \(p.schema).customer_totals"))
  #expect(r.stdout.contains("SKIP relation \(p.schema).after_totals"))
  let results = try p.results()
  #expect(results["unit_test.proj.customer_totals.deliberately_wrong"]?.status == "fail")
  #expect(results["unit_test.proj.customer_totals.deliberately_wrong"]?.failures == 1)
  #expect(results["model.proj.customer_totals"]?.status == "skipped")
  // The statements it ran, where dbt writes a unit test's files.
  let run = try String(
    contentsOfFile: p.dir.path + "/target/run/proj/models/unit.yml/models/deliberately_wrong.sql", encoding: .utf8)
  #expect(run.contains("__dbt__cte__raw_orders as ("))
  let compiled = try String(
    contentsOfFile: p.dir.path + "/target/compiled/proj/models/unit.yml/models/deliberately_wrong.sql", encoding: .utf8)
  // On Postgres each value is cast to the seed's column type.
  let first = adapter == .sqlite ? "select 1 as \"order_id\"" : "select cast(1 as integer) as \"order_id\""
  #expect(compiled.contains("__dbt__cte__raw_orders as (\n" + first), "\(compiled)")
  #expect(compiled.contains("from __dbt__cte__raw_orders"))
  #expect(try p.type("customer_totals") == nil)
}

@Test func unitTestOfAMissingModelIsBadInput() throws {
  var files = UnitTestFixture.files
  files["models/unit.yml"] = "unit_tests:\n  - name: t\n    model: customer_total\n    given: []\n    expect: {rows: []}\n"
  let p = try AdapterProject(.sqlite, files: files)
  defer { p.remove() }
  let r = try p.kiln("test")
  #expect(r.status == 2)
  #expect(r.stderr.contains("unit test `t` tests `customer_total`, which is not a model"), "\(r.stderr)")
  #expect(r.stderr.contains("models/unit.yml:3:12"))
  #expect(r.stderr.contains("did you mean `customer_totals`?"))
}
