import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Quarantine: rows breaking a quarantined model's row-level tests move to
/// `<model>__quarantine`; the clean rows are published; nothing is lost.
enum QuarantineFixture {
  /// Eight customers: a null id, a bad plan, an unknown region, an example.com address, and one
  /// row breaking two tests (null id and bad plan), so it is quarantined once, under the first.
  static let customers = """
    id,email,plan,region_id
    1,a@x.io,free,1
    2,b@x.io,pro,1
    ,c@x.io,pro,2
    4,d@x.io,gold,2
    5,e@x.io,free,7
    6,f@example.com,free,1
    ,g@x.io,platinum,1
    8,h@x.io,pro,2

    """
  static let files: [String: String] = [
    "dbt_project.yml": "name: proj\nprofile: proj\nmodels:\n  proj:\n    quarantined:\n      +meta: {kiln: {quarantine: true}}\n",
    "seeds/raw_customers.csv": customers,
    "seeds/raw_regions.csv": "id\n1\n2\n",
    "models/quarantined/customers.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('raw_customers') }}\n",
    "models/customers_inc.sql": """
      {{ config(materialized='incremental', meta={'kiln': {'quarantine': true}}) }}
      select * from {{ ref('raw_customers') }}
      {% if is_incremental() %} where coalesce(id, 0) > 8 or email like 'new%' {% endif %}

      """,
    "models/customers_view.sql": "{{ config(meta={'kiln': {'quarantine': true}}) }}\nselect 1 as id\n",
    "macros/no_example_emails.sql": """
      {% test no_example_emails(model, column_name) %}
      select * from {{ model }} where {{ column_name }} like '%@example.com'
      {% endtest %}

      """,
    "models/schema.yml": """
      version: 2
      models:
        - name: customers
          columns: &cols
            - name: id
              data_tests: [not_null]
            - name: email
              data_tests: [unique, no_example_emails]
            - name: plan
              data_tests:
                - accepted_values:
                    arguments: {values: [free, pro]}
            - name: region_id
              data_tests:
                - relationships:
                    arguments: {to: ref('raw_regions'), field: id}
        - name: customers_inc
          columns: *cols

      """,
  ]
}

@Test(arguments: TestAdapter.all) func quarantinedRowsPlusModelRowsEqualTheInput(_ adapter: TestAdapter) throws {
  let p = try AdapterProject(adapter, files: QuarantineFixture.files)
  defer { p.remove() }
  let r = try p.kiln("build", "--exclude", "customers_view")
  #expect(r.status == 0, "\(r.output)")
  let input = try p.count("raw_customers")
  for model in ["customers", "customers_inc"] {
    let kept = try p.count(model)
    let held = try p.count(model + "__quarantine")
    #expect(kept == 3, "\(adapter) \(model)")
    #expect(kept + held == input, "\(adapter) \(model): \(kept) + \(held) != \(input)")
    let byTest = try p.db.query(
      "select kiln_quarantined_by, count(*) from \(p.relation(model + "__quarantine")) group by 1 order by 1"
    ).rows.map { "\($0[0].textValue ?? "") \($0[1].integerValue ?? 0)" }
    #expect(
      byTest == [
        "accepted_values_\(model)_plan__free__pro 2", "no_example_emails_\(model)_email 1", "not_null_\(model)_id 1",
        "relationships_\(model)_region_id__id__ref_raw_regions_ 1",
      ], "\(adapter) \(model): \(byTest)")
    #expect(r.stdout.contains("quarantined 5 rows into \(p.schema).\(model)__quarantine: accepted_values_\(model)_plan__free__pro 2"), "\(r.stdout)")
  }
  // The published tables pass their tests now.
  #expect(r.stdout.contains("PASS not_null_customers_id"))
  #expect(r.stdout.contains("PASS accepted_values_customers_plan__free__pro"))
  #expect(r.stdout.contains("ERROR=0"))
  let columns = try p.db.query("select * from \(p.relation("customers__quarantine")) where 1 = 0").columns
  #expect(columns == ["id", "email", "plan", "region_id", "kiln_quarantined_by", "kiln_quarantined_at", "kiln_invocation_id"])

  // Incremental: the next build quarantines only what arrives, and the sum still holds.
  try p.dir.write(
    "seeds/raw_customers.csv", QuarantineFixture.customers + "9,new1@x.io,free,1\n10,new2@x.io,gold,1\n")
  let second = try p.kiln("build", "--exclude", "customers_view")
  #expect(second.status == 0, "\(second.output)")
  #expect(try p.count("customers_inc") == 4)
  #expect(try p.count("customers_inc") + p.count("customers_inc__quarantine") == p.count("raw_customers"))
  // The table model is rebuilt from all rows; its quarantine keeps every build's rows.
  #expect(try p.count("customers") == 4)
  #expect(try p.count("customers__quarantine") == 11)
}

@Test func quarantineOnAViewIsAClearError() throws {
  let p = try AdapterProject(.sqlite, files: QuarantineFixture.files)
  defer { p.remove() }
  let r = try p.kiln("run", "--select", "customers_view")
  #expect(r.status == 1)
  #expect(r.stderr.contains("quarantine needs a table or incremental model, and customers_view is materialized as view"), "\(r.output)")
  #expect(r.stderr.contains("models/customers_view.sql"))
}
