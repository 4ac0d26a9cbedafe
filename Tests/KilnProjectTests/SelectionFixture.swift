import KilnProject

/// A minimal node for selection tests.
struct TestNode: SelectableNode {
  var uniqueID: String
  var name: String
  var resourceType: String
  var packageName = "shop"
  var fqn: [String]
  var originalFilePath: String
  var tags: [String] = []
  var materialized: String?
  var sourceName: String?
  var testType: String?
  var testName: String?
}

/// The project used as the oracle: the same files were loaded by dbt-core 1.10 (dbt-sqlite),
/// and the expected selections in `SelectionTests` are what `dbt ls --output name` printed.
///
/// ```
/// source raw.orders    -> stg_orders ----\
/// source raw.customers -> stg_customers --> orders -> summary
/// tests: unique_stg_orders_id, not_null_stg_orders_id (on stg_orders),
///        relationships_orders_customer_id__id__ref_stg_customers_ (orders, stg_customers),
///        source_unique_raw_customers_id (raw.customers), assert_summary (summary, orders)
/// ```
enum Shop {
  static let nodes: [TestNode] = [
    model("stg_orders", "staging"),
    model("stg_customers", "staging", tags: ["nightly"]),
    model("orders", "marts", materialized: "table"),
    model("summary", "marts"),
    source("orders"),
    source("customers"),
    test("unique_stg_orders_id", "models/schema.yml", type: "generic", testName: "unique"),
    test("not_null_stg_orders_id", "models/schema.yml", type: "generic", testName: "not_null"),
    test(
      "relationships_orders_customer_id__id__ref_stg_customers_", "models/schema.yml",
      type: "generic", testName: "relationships"),
    test(
      "source_unique_raw_customers_id", "models/staging/sources.yml", folder: ["staging"],
      type: "generic", testName: "unique"),
    test("assert_summary", "tests/assert_summary.sql", type: "singular"),
  ]

  static let graph: DependencyGraph<String> = {
    var g = DependencyGraph<String>()
    let edges = [
      ("source.shop.raw.orders", "model.shop.stg_orders"),
      ("source.shop.raw.customers", "model.shop.stg_customers"),
      ("model.shop.stg_orders", "model.shop.orders"),
      ("model.shop.stg_customers", "model.shop.orders"),
      ("model.shop.orders", "model.shop.summary"),
      ("model.shop.stg_orders", "test.shop.unique_stg_orders_id"),
      ("model.shop.stg_orders", "test.shop.not_null_stg_orders_id"),
      ("model.shop.orders", "test.shop.relationships_orders_customer_id__id__ref_stg_customers_"),
      (
        "model.shop.stg_customers",
        "test.shop.relationships_orders_customer_id__id__ref_stg_customers_"
      ),
      ("source.shop.raw.customers", "test.shop.source_unique_raw_customers_id"),
      ("model.shop.summary", "test.shop.assert_summary"),
      ("model.shop.orders", "test.shop.assert_summary"),
    ]
    for (p, c) in edges { g.addEdge(from: p, to: c) }
    return g
  }()

  static let selector = NodeSelector(nodes: nodes, graph: graph, rootPackage: "shop")

  /// The names `dbt ls --output name` prints for the selection, sorted.
  static func names(
    _ select: [String], exclude: [String] = [], indirect: IndirectSelection = .eager
  ) throws -> [String] {
    let expr = try SelectorParser.parse(select: select, exclude: exclude)
    return selector.list(expr, indirect: indirect).map(displayName).sorted()
  }

  /// dbt prints a source as `source_name.table`.
  static func displayName(_ n: TestNode) -> String {
    n.sourceName.map { "\($0).\(n.name)" } ?? n.name
  }

  private static func model(
    _ name: String, _ folder: String, tags: [String] = [], materialized: String = "view"
  ) -> TestNode {
    TestNode(
      uniqueID: "model.shop.\(name)", name: name, resourceType: "model",
      fqn: ["shop", folder, name], originalFilePath: "models/\(folder)/\(name).sql", tags: tags,
      materialized: materialized)
  }

  private static func source(_ table: String) -> TestNode {
    TestNode(
      uniqueID: "source.shop.raw.\(table)", name: table, resourceType: "source",
      fqn: ["shop", "staging", "raw", table], originalFilePath: "models/staging/sources.yml",
      sourceName: "raw")
  }

  private static func test(
    _ name: String, _ path: String, folder: [String] = [], type: String, testName: String? = nil
  ) -> TestNode {
    TestNode(
      uniqueID: "test.shop.\(name)", name: name, resourceType: "test",
      fqn: ["shop"] + folder + [name], originalFilePath: path, materialized: "test",
      testType: type, testName: testName)
  }
}
