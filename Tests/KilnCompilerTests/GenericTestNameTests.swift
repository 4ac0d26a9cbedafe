import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections
import Testing

@testable import KilnCompiler

/// dbt's generic-test names and unique-id hashes; the expected values are dbt 1.10's own
/// (Fixtures of KilnCLITests) or computed with Python's hashlib from dbt's rules.
@Suite struct GenericTestNameTests {
  func args(_ pairs: [(String, Value)]) -> OrderedDictionary<String, Value> {
    OrderedDictionary(uniqueKeysWithValues: pairs)
  }

  @Test func argumentsSortedFlattenedAndCleaned() {
    let n = GenericTestName.synthesize(
      testType: "relationships", target: "stg_events",
      arguments: args([
        ("to", .string("ref('stg_customers')")), ("field", .string("customer_id")),
        ("column_name", .string("customer_id")), ("model", .string("{{ ignored }}")),
      ]))
    #expect(n.full == "relationships_stg_events_customer_id__customer_id__ref_stg_customers_")
    #expect(n.short == "relationships_stg_events_c3ccd56cd94bdbdd92a2082d81be1770")
  }

  @Test func pythonStrOfBoolsAndNumbersAndDictValues() {
    let n = GenericTestName.synthesize(
      testType: "accepted_values", target: "customer_churn_features",
      arguments: args([
        ("values", .list([.int(0), .int(1)])), ("quote", .bool(false)), ("column_name", .string("is_churned")),
      ]))
    #expect(n.full == "accepted_values_customer_churn_features_is_churned__False__0__1")
    #expect(n.short == n.full)
    let d = GenericTestName.synthesize(
      testType: "expr", target: "t",
      arguments: args([("m", .dict([("a", .string("x > 1")), ("b", .float(2.5))]))]))
    #expect(d.full == "expr_t_x_1__2_5")
  }

  @Test func hashedShortNameFromSixtyFourCharacters() {
    // 63 characters: kept; 64: first 30 characters of `<test>_<target>` + md5 of the full name.
    let base = "not_null_t_"
    let at63 = GenericTestName.synthesize(
      testType: "not_null", target: "t", arguments: args([("column_name", .string(String(repeating: "c", count: 63 - base.count)))]))
    #expect(at63.full.count == 63)
    #expect(at63.short == at63.full)
    let at64 = GenericTestName.synthesize(
      testType: "not_null", target: "t", arguments: args([("column_name", .string(String(repeating: "c", count: 64 - base.count)))]))
    #expect(at64.full.count == 64)
    #expect(at64.short == "not_null_t_" + Hashing.md5Hex(at64.full))
    let long = GenericTestName.synthesize(
      testType: "accepted_values", target: "stg_people",
      arguments: args([
        ("values", .list([.string("active"), .string("gone"), .string("a_rather_long_value_that_makes_the_name_long")])),
        ("column_name", .string("status")),
      ]))
    // The identifier is `<test>_<model>` (the column is an argument): here all 26 characters.
    #expect(long.short == "accepted_values_stg_people_fe0ac6a586967220e39ed2438ac08bc1")
    let cut = GenericTestName.synthesize(
      testType: "accepted_values", target: "stg_subscriptions",
      arguments: args([
        ("values", .list([.string("active"), .string("trialing"), .string("past_due"), .string("cancelled")])),
        ("column_name", .string("status")),
      ]))
    #expect(cut.short == "accepted_values_stg_subscripti_780de2712077d4ae04659352ecc46907")
  }

  @Test func uniqueIDHashesMatchDbt() {
    let unique = GenericTestName.hash(
      name: "unique_stg_customers_customer_id", namespace: nil, testName: "unique",
      kwargs: args([
        ("column_name", .string("customer_id")), ("model", .string("{{ get_where_subquery(ref('stg_customers')) }}")),
      ]))
    #expect(unique == "c7614daada")
    let source = GenericTestName.hash(
      name: "source_not_null_billing_invoices_invoice_id", namespace: nil, testName: "not_null",
      kwargs: args([
        ("column_name", .string("invoice_id")),
        ("model", .string("{{ get_where_subquery(source('billing', 'invoices')) }}")),
      ]))
    #expect(source == "f1e988fa5b")
    // Values are hashed as `str()`, so `quote: false` is the string 'False'.
    let accepted = GenericTestName.hash(
      name: "accepted_values_customer_churn_features_is_churned__False__0__1", namespace: nil,
      testName: "accepted_values",
      kwargs: args([
        ("values", .list([.int(0), .int(1)])), ("quote", .bool(false)), ("column_name", .string("is_churned")),
        ("model", .string("{{ get_where_subquery(ref('customer_churn_features')) }}")),
      ]))
    #expect(accepted == "d03797f548")
    // Nested dicts sort at every level and every scalar hashes as its str(); the expected
    // suffix is dbt's get_hashable_md + md5, computed with Python.
    let nested = GenericTestName.hash(
      name: "accepted_values_m_x__1__a__True__2_5", namespace: nil, testName: "accepted_values",
      kwargs: args([
        ("values", .list([.int(1), .string("a"), .bool(true), .float(2.5)])), ("column_name", .string("x")),
        (
          "opts",
          .dict([
            ("z", .list([.int(1), .dict([("b", Value.none), ("a", .string("it's"))])])), ("a", .bool(false)),
          ])
        ),
        ("model", .string("{{ get_where_subquery(ref('m')) }}")),
      ]))
    #expect(nested == "4f9332e80b")
  }

  @Test func bareFunctionArgumentsAreTemplates() {
    #expect(GenericTestInfo.template(for: "ref('customers')") == "{{ ref('customers') }}")
    #expect(GenericTestInfo.template(for: " source ('a', 'b') ") == "{{ source ('a', 'b') }}")
    #expect(GenericTestInfo.template(for: "{{ var('x') }}") == "{{ var('x') }}")
    #expect(GenericTestInfo.template(for: "customer_id") == nil)
    #expect(GenericTestInfo.template(for: "reference()") == nil)
  }

  @Test func wrapperCarriesFailCalcThresholdsAndLimit() {
    var c = NodeConfig.defaults(for: .test)
    c.failCalc = "sum(n)"
    c.warnIf = "> 1"
    c.errorIf = ">= 10"
    c.limit = 7
    let sql = TestQuery.wrapper("select 1 as n -- trailing comment", config: c)
    #expect(sql.contains("sum(n) as failures,"))
    #expect(sql.contains("sum(n) > 1 as should_warn,"))
    #expect(sql.contains("sum(n) >= 10 as should_error"))
    // The limit and the closing parenthesis sit on their own lines, after any comment.
    #expect(sql.contains("select 1 as n -- trailing comment\n      limit 7\n    ) dbt_internal_test"))
    #expect(!TestQuery.wrapper("select 1", config: .defaults(for: .test)).contains("limit"))
    #expect(TestQuery.preview("select 1", config: c).hasSuffix("limit 5"))
  }
}
