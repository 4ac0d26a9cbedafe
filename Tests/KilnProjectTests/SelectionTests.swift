import KilnBase
import KilnProject
import Testing

@Test func spacesUnionCommasIntersectAndExcludeSubtracts() throws {
  let e = try SelectorParser.parse(select: ["a b,tag:x", "c"], exclude: ["d"])
  let a = SelectionExpression.atom(Criterion(method: .fqn, value: "a"))
  let b = SelectionExpression.atom(Criterion(method: .fqn, value: "b"))
  let tag = SelectionExpression.atom(Criterion(method: .tag, value: "x"))
  let c = SelectionExpression.atom(Criterion(method: .fqn, value: "c"))
  let d = SelectionExpression.atom(Criterion(method: .fqn, value: "d"))
  #expect(e == .exclude(.union([a, .intersection([b, tag]), c]), d))
  #expect(e.description == "(fqn:a fqn:b,tag:x fqn:c) --exclude (fqn:d)")
}

@Test func noSelectMeansEveryNode() throws {
  #expect(try SelectorParser.parse(select: [], exclude: []) == .all)
  #expect(try SelectorParser.parse(select: ["  "]) == .all)
  #expect(SelectionExpression.all.description.hasPrefix("fqn:* source:* exposure:*"))
}

@Test func graphOperatorsParse() throws {
  let c = try SelectorParser.criterion("2+tag:nightly+3")
  #expect(
    c
      == Criterion(
        method: .tag, value: "nightly", includeParents: true, parentsDepth: 2,
        includeChildren: true, childrenDepth: 3))
  let up = try SelectorParser.criterion("+orders")
  #expect(up.includeParents && up.parentsDepth == nil && !up.includeChildren)
  let at = try SelectorParser.criterion("@orders")
  #expect(at.childrensParents && at.value == "orders")
  // Digits without `+` belong to the name.
  #expect(try SelectorParser.criterion("2020_orders").value == "2020_orders")
  #expect(try SelectorParser.criterion("config.meta.owner:ana").methodArgs == ["meta", "owner"])
}

@Test func bareWordsPickPathFileOrFQN() throws {
  #expect(try SelectorParser.criterion("models/staging").method == .path)
  #expect(try SelectorParser.criterion("models\\staging").method == .path)
  #expect(try SelectorParser.criterion("stg_orders.SQL").method == .file)
  #expect(try SelectorParser.criterion("seed_data.csv").method == .file)
  #expect(try SelectorParser.criterion("shop.staging").method == .fqn)
  #expect(try SelectorParser.criterion("stg_orders").method == .fqn)
}

/// Parses `raw` and returns the P0501 diagnostic it throws.
private func parseError(_ raw: String) -> Diagnostic? {
  do {
    _ = try SelectorParser.parse(select: [raw])
    return nil
  } catch {
    return error
  }
}

@Test func unknownMethodSuggestsTheClosest() throws {
  let d = try #require(parseError("tga:nightly"))
  #expect(d.code == "P0501")
  #expect(d.message == "unknown selector method `tga` in `tga:nightly`")
  #expect(d.hint == "did you mean `tag`?")
  #expect(parseError("resource_tipe:model")?.hint == "did you mean `resource_type`?")
}

@Test func unsupportedDbtMethodIsNamedAsSuch() {
  #expect(
    parseError("state:modified")?.message
      == "selector method `state` in `state:modified` is not supported by kiln yet")
}

@Test func malformedDepthsAreErrors() {
  for raw in ["orders+x", "x+orders", "++orders", "orders++", "99999999999999999999+orders"] {
    let d = parseError(raw)
    #expect(d?.code == "P0501", "\(raw)")
    #expect(d?.message == "malformed graph operator in `\(raw)`", "\(raw)")
  }
  // dbt: `"@" prefix and "+" suffix are incompatible`.
  #expect(
    parseError("@orders+")?.message == "`@` and a `+` suffix cannot be combined in `@orders+`")
}

@Test func otherSyntaxErrors() {
  #expect(parseError("tag:")?.message == "selection criterion `tag:` has no value to match")
  #expect(parseError("+")?.message == "selection criterion `+` has no value to match")
  #expect(parseError("a,,b")?.message == "empty selection criterion in `a,,b`")
  #expect(parseError("config:view")?.hint == "name the config, as in `config.materialized:view`")
  #expect(parseError("tag.x:y")?.code == "P0501")
  #expect(parseError("source:a.b.c.d")?.message == "too many parts in `source:a.b.c.d`")
  #expect(parseError("resource_type:modle")?.hint == "did you mean `model`?")
  #expect(parseError("test_type:generc")?.hint == "did you mean `generic`?")
}

@Test func criterionDescriptionRoundTrips() throws {
  for raw in ["2+tag:nightly+3", "@fqn:orders", "+path:models/a+", "config.materialized:view"] {
    let c = try SelectorParser.criterion(raw)
    #expect(c.description == raw)
    #expect(try SelectorParser.criterion(c.description) == c)
  }
}

@Test func listIsSortedByUniqueIDAndFiltersResourceTypes() throws {
  let all = Shop.selector.list(.all)
  #expect(all.map(\.uniqueID) == all.map(\.uniqueID).sorted())
  #expect(all.first?.uniqueID == "model.shop.orders")
  #expect(all.count == Shop.nodes.count)
  let sources = Shop.selector.list(.all, resourceTypes: ["source"])
  #expect(sources.map(\.uniqueID) == ["source.shop.raw.customers", "source.shop.raw.orders"])
}

@Test func wildcardClassesAndQuestionMarks() throws {
  #expect(
    try Shop.names(["file:stg_[co]*.sql"]).filter { $0.hasPrefix("stg") } == [
      "stg_customers", "stg_orders",
    ])
  #expect(try Shop.names(["file:stg_[!o]*"]).filter { $0.hasPrefix("stg") } == ["stg_customers"])
  #expect(try Shop.names(["file:stg_[a-d]*"]).filter { $0.hasPrefix("stg") } == ["stg_customers"])
  #expect(try Shop.names(["tag:n?ghtly"]).contains("stg_customers"))
  #expect(try Shop.names(["tag:n?ght"]).isEmpty)
}

@Test func unitTestsAndNamedResourceMethods() throws {
  var nodes = Shop.nodes
  nodes.append(
    TestNode(
      uniqueID: "unit_test.shop.orders.t1", name: "t1", resourceType: "unit_test",
      fqn: ["shop", "marts", "orders", "t1"], originalFilePath: "models/marts/unit.yml"))
  nodes.append(
    TestNode(
      uniqueID: "exposure.shop.kpis", name: "kpis", resourceType: "exposure",
      fqn: ["shop", "kpis"], originalFilePath: "models/exposures.yml"))
  var g = Shop.graph
  g.addEdge(from: "model.shop.orders", to: "unit_test.shop.orders.t1")
  g.addEdge(from: "model.shop.summary", to: "exposure.shop.kpis")
  let s = NodeSelector(nodes: nodes, graph: g)
  let ids = { (raw: String) in s.select(try SelectorParser.parse(select: [raw])) }
  #expect(try ids("test_type:unit") == ["unit_test.shop.orders.t1"])
  #expect(try ids("unit_test:t*") == ["unit_test.shop.orders.t1"])
  // A unit test is pulled in by its model like a data test.
  #expect(try ids("orders").contains("unit_test.shop.orders.t1"))
  #expect(try ids("+exposure:kpis").contains("model.shop.stg_orders"))
  // fqn never matches exposures, so they need their own method.
  #expect(try !ids("kpis").contains("exposure.shop.kpis"))
  #expect(try ids("test_type:data").allSatisfy { $0.hasPrefix("test.") })
}

@Test func selectingInALargeChainIsCorrect() throws {
  var g = DependencyGraph<String>()
  var nodes: [TestNode] = []
  let n = 10_000
  for i in 0..<n {
    let name = "m\(i)"
    nodes.append(
      TestNode(
        uniqueID: "model.p.\(name)", name: name, resourceType: "model", fqn: ["p", name],
        originalFilePath: "models/\(name).sql"))
    if i > 0 { g.addEdge(from: "model.p.m\(i - 1)", to: "model.p.\(name)") }
  }
  let s = NodeSelector(nodes: nodes, graph: g)
  #expect(s.select(try SelectorParser.parse(select: ["+m9999"])).count == n)
  #expect(s.select(try SelectorParser.parse(select: ["3+m5000+2"])).count == 6)
  #expect(s.select(try SelectorParser.parse(select: ["m5000+"], exclude: ["m6000+"])).count == 1000)
}

@Test func criteriaMatchingNothingWarnWithANearName() throws {
  let expr = try SelectorParser.parse(select: ["stg_ordrs tag:nightly"], exclude: ["tag:nope"])
  let warnings = Shop.selector.unmatchedCriteria(in: expr)
  #expect(warnings.map(\.code) == ["P0502", "P0502"])
  #expect(warnings.map(\.severity) == [.warning, .warning])
  #expect(
    warnings.first?.message
      == "the selection criterion `fqn:stg_ordrs` does not match any enabled nodes")
  #expect(warnings.first?.hint == "did you mean `stg_orders`?")
  #expect(warnings.last?.hint == nil)
  #expect(Shop.selector.unmatchedCriteria(in: .all).isEmpty)
  let onlyExclude = try SelectorParser.parse(select: [], exclude: ["tag:nope"])
  #expect(Shop.selector.unmatchedCriteria(in: onlyExclude).count == 1)
}
