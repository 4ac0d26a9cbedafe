import KilnProject
import Testing

/// One `dbt ls` invocation on the `Shop` project and the names dbt-core 1.10 printed (sorted).
struct OracleCase: Sendable, CustomTestStringConvertible {
  var select: [String]
  var exclude: [String] = []
  var indirect: IndirectSelection = .eager
  var expected: [String]
  var testDescription: String {
    "-s \(select) --exclude \(exclude) --indirect-selection \(indirect.rawValue)"
  }
}

private let rel = "relationships_orders_customer_id__id__ref_stg_customers_"
private let srcUnique = "source_unique_raw_customers_id"
private let everything = [
  "orders", "stg_customers", "stg_orders", "summary", "raw.customers", "raw.orders",
  "assert_summary", "not_null_stg_orders_id", rel, srcUnique, "unique_stg_orders_id",
]
private let staging = [
  "stg_customers", "stg_orders", "not_null_stg_orders_id", rel, srcUnique, "unique_stg_orders_id",
]
private let stagingPath = staging + ["raw.customers", "raw.orders"]
private let rawSources = ["raw.customers", "raw.orders", srcUnique]
private let ordersAndTests = ["orders", "assert_summary", rel]
private let marts = ["orders", "summary", "assert_summary", rel]

private let oracleCases: [OracleCase] = [
  // Default selection and bare words (fqn, file and path by shape).
  OracleCase(select: [], expected: everything),
  OracleCase(select: ["*"], expected: everything.filter { !$0.hasPrefix("raw.") }),
  OracleCase(select: ["shop"], expected: everything.filter { !$0.hasPrefix("raw.") }),
  OracleCase(select: ["staging"], expected: staging),
  OracleCase(select: ["*.staging.*"], expected: staging),
  OracleCase(select: ["sta*"], expected: staging),
  OracleCase(select: ["shop.sta*"], expected: staging),
  OracleCase(select: ["shop.stg*"], expected: []),
  OracleCase(select: ["stg_*"], expected: []),
  OracleCase(
    select: ["*.st?_orders"],
    expected: ["stg_orders", "not_null_stg_orders_id", "unique_stg_orders_id"]),
  OracleCase(select: ["marts.*"], expected: marts),
  OracleCase(select: ["*.orders"], expected: ordersAndTests),
  OracleCase(select: ["fqn:shop.staging.raw.orders"], expected: []),
  OracleCase(select: ["orders.sql"], expected: ordersAndTests),
  OracleCase(select: ["models/stag*"], expected: stagingPath),
  OracleCase(select: ["models/staging/"], expected: stagingPath),
  OracleCase(select: ["./models/marts"], expected: marts),
  // Methods.
  OracleCase(select: ["path:models/staging"], expected: stagingPath),
  OracleCase(select: ["path:models/st"], expected: []),
  OracleCase(select: ["path:models/staging/sources.yml"], expected: rawSources),
  OracleCase(
    select: ["path:models/*/stg_orders.sql"],
    expected: ["stg_orders", "not_null_stg_orders_id", "unique_stg_orders_id"]),
  OracleCase(select: ["file:sources.yml"], expected: rawSources),
  OracleCase(select: ["file:orders"], expected: ordersAndTests),
  OracleCase(select: ["file:stg_*"], expected: staging.filter { $0 != srcUnique }),
  OracleCase(select: ["package:shop"], expected: everything),
  OracleCase(select: ["package:sh*"], expected: everything),
  OracleCase(select: ["package:this"], expected: everything),
  OracleCase(select: ["resource_type:source"], expected: rawSources),
  OracleCase(select: ["source:raw"], expected: rawSources),
  OracleCase(select: ["source:ra*"], expected: rawSources),
  OracleCase(select: ["source:shop.raw.*"], expected: rawSources),
  OracleCase(select: ["tag:night*"], expected: ["stg_customers", rel]),
  OracleCase(select: ["config.tags:nightly"], expected: ["stg_customers", rel]),
  OracleCase(select: ["config.materialized:table"], expected: ordersAndTests),
  OracleCase(select: ["config.materialized:t*"], expected: []),
  OracleCase(
    select: ["config.materialized:view"],
    expected: [
      "stg_customers", "stg_orders", "summary", "assert_summary", "not_null_stg_orders_id", rel,
      "unique_stg_orders_id",
    ]),
  OracleCase(select: ["test_name:unique"], expected: [srcUnique, "unique_stg_orders_id"]),
  OracleCase(select: ["test_name:uni*"], expected: [srcUnique, "unique_stg_orders_id"]),
  OracleCase(
    select: ["test_type:generic"],
    expected: ["not_null_stg_orders_id", rel, srcUnique, "unique_stg_orders_id"]),
  // Graph operators.
  OracleCase(select: ["+orders"], expected: everything.filter { $0 != "summary" }),
  OracleCase(select: ["1+summary"], expected: marts),
  OracleCase(
    select: ["2+summary"],
    expected: marts + [
      "stg_customers", "stg_orders", "not_null_stg_orders_id", "unique_stg_orders_id",
    ]),
  OracleCase(select: ["0+orders"], expected: ordersAndTests),
  OracleCase(
    select: ["stg_orders+1"],
    expected: [
      "orders", "stg_orders", "assert_summary", "not_null_stg_orders_id", rel,
      "unique_stg_orders_id",
    ]),
  OracleCase(
    select: ["source:raw.orders+"],
    expected: [
      "orders", "stg_orders", "summary", "raw.orders", "assert_summary", "not_null_stg_orders_id",
      rel, "unique_stg_orders_id",
    ]),
  OracleCase(
    select: ["tag:nightly+"],
    expected: ["orders", "stg_customers", "summary", "assert_summary", rel]),
  OracleCase(select: ["@stg_orders"], expected: everything),
  OracleCase(select: ["@+orders"], expected: everything),
  // Set operators.
  OracleCase(select: ["+summary,marts.*"], expected: marts),
  OracleCase(
    select: ["resource_type:test,stg_orders"],
    expected: ["not_null_stg_orders_id", "unique_stg_orders_id"]),
  OracleCase(select: ["orders,test_type:singular"], expected: ["assert_summary"]),
  OracleCase(
    select: ["orders"], exclude: ["stg_customers"], expected: ["orders", "assert_summary"]),
  OracleCase(
    select: ["stg_orders+"], exclude: ["summary"],
    expected: ["orders", "stg_orders", "not_null_stg_orders_id", rel, "unique_stg_orders_id"]),
  OracleCase(
    select: [], exclude: ["source:*"], expected: everything.filter { !rawSources.contains($0) }),
  OracleCase(
    select: ["@stg_customers"], exclude: ["resource_type:test"],
    expected: ["orders", "stg_customers", "stg_orders", "summary", "raw.customers", "raw.orders"]),
  // Indirect selection modes.
  OracleCase(select: ["orders"], indirect: .cautious, expected: ["orders"]),
  OracleCase(
    select: ["orders stg_customers"], indirect: .cautious,
    expected: ["orders", "stg_customers", rel]),
  OracleCase(
    select: ["orders", "stg_customers"], indirect: .cautious,
    expected: ["orders", "stg_customers", rel]),
  OracleCase(
    select: ["orders stg_customers"], exclude: ["stg_orders"], indirect: .cautious,
    expected: ["orders", "stg_customers", rel]),
  OracleCase(select: ["orders,test_type:singular"], indirect: .cautious, expected: []),
  OracleCase(
    select: ["stg_orders+"], exclude: ["summary"], indirect: .cautious,
    expected: [
      "orders", "stg_orders", "assert_summary", "not_null_stg_orders_id", rel,
      "unique_stg_orders_id",
    ]),
  OracleCase(select: ["orders"], indirect: .buildable, expected: ["orders", rel]),
  OracleCase(select: ["summary"], indirect: .buildable, expected: ["summary", "assert_summary"]),
  OracleCase(
    select: ["stg_customers+"], exclude: ["orders"], indirect: .buildable,
    expected: ["stg_customers", "summary", "assert_summary"]),
  OracleCase(
    select: ["orders+"], exclude: ["summary"], indirect: .buildable, expected: ["orders", rel]),
  OracleCase(select: ["orders"], indirect: .empty, expected: ["orders"]),
  OracleCase(
    select: ["stg_orders+"], exclude: ["summary"], indirect: .empty,
    expected: [
      "orders", "stg_orders", "assert_summary", "not_null_stg_orders_id", rel,
      "unique_stg_orders_id",
    ]),
]

@Test(arguments: oracleCases)
func selectsWhatDbtSelects(_ c: OracleCase) throws {
  #expect(try Shop.names(c.select, exclude: c.exclude, indirect: c.indirect) == c.expected.sorted())
}
