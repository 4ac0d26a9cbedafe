import KilnBase
import OrderedCollections
import Testing

@testable import KilnProject

@Suite struct NodeConfigTests {
  func layer(_ values: [String: ConfigValue]) throws -> NodeConfig {
    try NodeConfig.fromInFile(values)
  }

  @Test func scalarsClobberTagsUnionMetaMergesHooksAppend() throws {
    let project = try layer([
      "materialized": "table", "tags": ["a", "b"], "meta": ["owner": "x", "tier": 1],
      "pre_hook": "select 1",
    ])
    let yml = try layer([
      "materialized": "incremental", "tags": "b", "meta": ["tier": 2],
      "post-hook": ["select 2", "select 3"], "pre_hook": "select 4",
    ])
    let inFile = try layer(["tags": ["c"], "unique_key": ["id", "day"]])
    let c = NodeConfig.merging([.defaults(for: .model), project, yml, inFile])
    #expect(c.materialized == "incremental")
    #expect(c.tags == ["a", "b", "c"])
    #expect(c.meta == ["owner": "x", "tier": 2])
    #expect(c.preHook.map(\.sql) == ["select 1", "select 4"])
    #expect(c.postHook.map(\.sql) == ["select 2", "select 3"])
    #expect(c.uniqueKey == ["id", "day"])
    #expect(c.onSchemaChange == "ignore")
  }

  @Test func defaultsPerResourceType() {
    #expect(NodeConfig.defaults(for: .model).materialized == "view")
    #expect(NodeConfig.defaults(for: .seed).materialized == "seed")
    let test = NodeConfig.defaults(for: .test)
    #expect(test.severity?.lowercased() == "error")
    #expect(test.schema == "dbt_test__audit")
  }

  @Test func grantsWithPlusAddGrantees() throws {
    let base = try layer(["grants": ["select": ["reporter"]]])
    let add = try layer(["grants": ["+select": ["bi"]]])
    let replace = try layer(["grants": ["select": ["only"]]])
    #expect(base.merged(with: add).grants["select"] == ["reporter", "bi"])
    #expect(base.merged(with: replace).grants["select"] == ["only"])
  }

  @Test func hookMappingsKeepTransactionFlag() throws {
    let c = try layer(["post_hook": [["sql": "vacuum", "transaction": false]]])
    #expect(c.postHook == [Hook(sql: "vacuum", transaction: false)])
  }

  @Test func wrongTypesAreErrors() {
    #expect(throws: DiagnosticList.self) { try NodeConfig.fromInFile(["materialized": ["table"]]) }
    do {
      _ = try NodeConfig.fromInFile(["enabled": ["x": 1]])
      Issue.record("expected an error")
    } catch {
      #expect(error.diagnostics.map(\.code) == ["P0203"])
    }
  }

  @Test func inFileUnknownKeysGoToExtraWithoutWarning() throws {
    let c = try layer(["my_custom": "x", "indexes": [["columns": ["id"]]]])
    #expect(c.extra["my_custom"] == "x")
    #expect(c.extra["indexes"] != nil)
  }

  @Test func sha256MatchesKnownVectors() {
    #expect(
      SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    let long = String(repeating: "a", count: 1000)
    #expect(
      SHA256Digest.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  @Test func sha256AroundBlockBoundaries() {
    // hashlib.sha256(b"a" * n): the padding spills into a second block from n = 56.
    let expected: [Int: String] = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
      65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
      200: "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5",
    ]
    for (n, hex) in expected {
      #expect(SHA256Digest.hex(String(repeating: "a", count: n)) == hex, "\(n)")
      #expect(SHA256Digest.hex(Array(repeating: UInt8(ascii: "a"), count: n)) == hex, "\(n)")
    }
    #expect(
      SHA256Digest.hex(String(repeating: "é", count: 40))
        == "84fe2e03d50dd3a18b630669d7d5e361117ac6af9cbb487c284c8e6c91a9758a")
  }
}
