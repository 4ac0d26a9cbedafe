import Foundation
import KilnTestSupport
import Testing

/// Headless Chromium, if installed (Debian's `chromium` package).
enum Chromium {
  static let path: String? = {
    if let p = ProcessInfo.processInfo.environment["KILN_CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
    return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }()

  /// Runs Chromium headless on `url` with `flags`; returns stdout.
  static func run(_ url: String, _ flags: [String]) throws -> String {
    guard let path else { return "" }
    let profile = try TempDirectory(prefix: "kiln-chromium")
    defer { profile.remove() }
    let p = Process()
    // `timeout` bounds a browser that never exits.
    p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    p.arguments = [
      "120", path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000",
    ] + flags + [url]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}

/// Opens the example's index.html in headless Chromium: every model is in the list and the
/// graph, and choosing a column highlights its upstream columns' nodes. Leaves a screenshot in
/// the repository's target/docs-lineage.png.
@Suite(.serialized, .enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install chromium); skipping the browser test"))
struct DocsBrowserTests {
  /// The `<g>` element of a graph node in the dumped DOM, or nil.
  static func graphNode(_ dom: String, _ id: String) -> String? {
    guard let r = dom.range(of: "<g class=\"[^\"]*\" data-id=\"\(NSRegularExpression.escapedPattern(for: id))\"", options: .regularExpression) else { return nil }
    return String(dom[r])
  }

  @Test func everyModelIsOnThePageAndAColumnHighlightsItsLineage() throws {
    let dir = try DocsGenerateTests.built.get().path
    let page = "file://" + dir + "/target/index.html"
    let focus = "#!/model.kiln_example.customer_churn_features/tenure_days"
    let dom = try Chromium.run(page + focus, ["--dump-dom"])
    #expect(dom.contains("id=\"node-list\""), "no DOM dumped: \(dom.prefix(300))")
    let manifest = try DocsGenerateTests.json(dir + "/target/manifest.json")
    let models = (manifest["nodes"] as? [String: [String: Any]] ?? [:]).filter { $0.value["resource_type"] as? String == "model" }
    #expect(models.count == 9)
    for id in models.keys {
      #expect(dom.contains("<li data-id=\"\(id)\""), "\(id) missing from the node list")
      #expect(Self.graphNode(dom, id) != nil, "\(id) missing from the graph")
    }
    // tenure_days is computed from stg_customers.signup_date and stg_subscriptions.started_at.
    #expect(Self.graphNode(dom, "model.kiln_example.customer_churn_features")?.contains("lineage-focus") == true)
    for upstream in ["model.kiln_example.stg_customers", "model.kiln_example.stg_subscriptions", "seed.kiln_example.raw_customers"] {
      #expect(Self.graphNode(dom, upstream)?.contains("lineage-upstream") == true, "\(upstream) not highlighted")
    }
    #expect(Self.graphNode(dom, "model.kiln_example.stg_support_tickets")?.contains("dim") == true)
    #expect(Self.graphNode(dom, "model.kiln_example.stg_support_tickets")?.contains("lineage-upstream") == false)
    #expect(dom.contains("data-node=\"model.kiln_example.stg_customers\" data-column=\"signup_date\" data-derivation=\"transform\""))
    #expect(dom.contains("class=\"edge lineage-edge\" data-edge=\"model.kiln_example.stg_customers&gt;model.kiln_example.customer_churn_features\"")
      || dom.contains("class=\"edge lineage-edge\" data-edge=\"model.kiln_example.stg_customers>model.kiln_example.customer_churn_features\""))
    #expect(dom.contains("<tr data-column=\"tenure_days\" class=\"chosen\">"))

    let shot = dir + "/target/docs-lineage.png"
    _ = try Chromium.run(page + focus, ["--screenshot=\(shot)", "--window-size=1400,1000", "--hide-scrollbars"])
    let png = try Data(contentsOf: URL(fileURLWithPath: shot))
    #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    let keep = ExampleProject.repositoryRoot + "/target"
    try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: keep + "/docs-lineage.png")
    try? FileManager.default.copyItem(atPath: shot, toPath: keep + "/docs-lineage.png")
  }
}
