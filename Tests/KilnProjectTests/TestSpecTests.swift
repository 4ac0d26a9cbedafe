import KilnBase
import Testing

@testable import KilnProject

@Suite struct TestSpecTests {
  let schema = """
    version: 2
    models:
      - name: orders
        data_tests:
          - dbt_utils.expression_is_true:
              expression: "amount >= 0"
        columns:
          - name: id
            data_tests:
              - unique
              - not_null:
                  config:
                    severity: warn
          - name: status
            tests:
              - accepted_values:
                  values: [placed, shipped]
                  quote: false
                  severity: warn
                  where: "status is not null"
          - name: kind
            data_tests:
              - accepted_values:
                  arguments:
                    values: [a, b]
                  config:
                    limit: 5
                    store_failures: true
              - name: kind_in_lookup
                test_name: relationships
                to: ref('kinds')
                field: code
    """

  func load() throws -> Project {
    try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/orders.sql": "select 1",
      "models/schema.yml": schema,
    ]).load()
  }

  @Test func specsWithAndWithoutArguments() throws {
    let p = try load()
    let specs = p.testSpecs
    #expect(
      specs.map(\.name) == [
        "dbt_utils.expression_is_true", "unique", "not_null", "accepted_values", "accepted_values",
        "relationships",
      ])
    let expr = specs[0]
    #expect(expr.namespace == "dbt_utils")
    #expect(expr.testName == "expression_is_true")
    #expect(expr.attachedTo == TestTarget(resourceType: .model, name: "orders"))
    #expect(expr.arguments["expression"]?.configValue == "amount >= 0")

    #expect(specs[1].attachedTo.column == "id")
    #expect(specs[1].arguments.isEmpty)
    #expect(specs[2].config.severity == "warn")

    let topLevel = specs[3]
    #expect(Array(topLevel.arguments.keys) == ["values", "quote"])
    #expect(topLevel.arguments["values"]?.configValue == ["placed", "shipped"])
    #expect(topLevel.config.severity == "warn")
    #expect(topLevel.config.where == "status is not null")
    #expect(topLevel.span.location.line == 16)  // the `- accepted_values:` item

    let nested = specs[4]
    #expect(Array(nested.arguments.keys) == ["values"])
    #expect(nested.arguments["values"]?.configValue == ["a", "b"])
    #expect(nested.config.limit == 5)
    #expect(nested.config.storeFailures == true)
    #expect(nested.attachedTo.column == "kind")

    let rel = specs[5]
    #expect(rel.customName == "kind_in_lookup")
    #expect(rel.arguments["to"]?.configValue == "ref('kinds')")
    #expect(rel.arguments["field"]?.configValue == "code")
  }

  @Test func malformedTestEntryIsAnError() throws {
    let fx = try ProjectFixture([
      "dbt_project.yml": projectYML(),
      "models/orders.sql": "select 1",
      "models/schema.yml":
        "models:\n  - name: orders\n    columns:\n      - name: id\n        tests:\n          - unique: 1\n",
    ])
    let errors = fx.loadErrors()
    #expect(errors.map(\.code) == ["P0104"])
    #expect(loc(errors.first?.span) == [6, 21])
  }
}
