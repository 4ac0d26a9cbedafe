import KilnBase
import Testing

@testable import KilnProject

/// A large properties file parsed in pieces must give exactly the whole file's tree (values,
/// key order and every span), and anything that could tie pieces together parses whole.
@Suite struct YAMLChunksTests {
  /// A `models:` list of `count` entries with descriptions, columns, tests and one multi-line
  /// block scalar per entry, then a `sources:` block after the list.
  static func schema(models count: Int, extra: (Int) -> String = { _ in "" }) -> String {
    var s = "version: 2\n\n# generated\nmodels:\n"
    for i in 0..<count {
      s += """
          - name: model_\(i)
            description: 'model number \(i), with "quotes" and ünïcode'
            config:
              tags: ['a', "b"]
            columns:
              - name: id
                description: |
                  first line
                  - not an item: \(i)
                data_tests:
                  - unique
                  - accepted_values:
                      arguments:
                        values: ['x', 'y']
            \(extra(i))

        """
    }
    s += "sources:\n  - name: raw\n    tables:\n      - name: t\n"
    return s
  }

  static func whole(_ file: SourceFile) throws -> (value: YAMLValue?, hasJinja: Bool) {
    try YAMLDocument.parseDocument(file)
  }

  static func pieces(_ file: SourceFile) throws -> (chunks: YAMLChunks, joined: (value: YAMLValue?, hasJinja: Bool)) {
    let chunks = try #require(YAMLChunks.cut(file, pieceBytes: 64 * 1024))
    let parts = chunks.texts.indices.map { chunks.parse($0) }
    let joined = try #require(chunks.join(parts))
    return (chunks, joined)
  }

  @Test func piecesGiveTheWholeFilesTree() throws {
    let file = SourceFile(path: "models/schema.yml", text: Self.schema(models: 1200))
    #expect(file.text.utf8.count > YAMLChunks.minimumBytes)
    let (chunks, joined) = try Self.pieces(file)
    #expect(chunks.key == "models")
    #expect(chunks.texts.count > 3)
    let whole = try Self.whole(file)
    // Equal trees: YAMLValue compares kinds, key order and spans all the way down.
    #expect(joined.value == whole.value)
    #expect(joined.hasJinja == whole.hasJinja)
    let models = try #require(joined.value?["models"]?.sequence)
    #expect(models.count == 1200)
    // A span late in the file points at its line in the original file.
    let last = try #require(models.last?["name"])
    #expect(file.lineText(last.span.line).contains("name: model_1199"))
    #expect(joined.value?["sources"]?.sequence?.count == 1)
  }

  @Test func jinjaInALaterPieceIsSeen() throws {
    let text = Self.schema(models: 1200) { i in i == 1100 ? "meta: {owner: \"{{ var('owner') }}\"}" : "" }
    let file = SourceFile(path: "schema.yml", text: text)
    let (_, joined) = try Self.pieces(file)
    #expect(joined.hasJinja)
    #expect(joined.value == (try Self.whole(file)).value)
  }

  @Test func anchorsTagsAndDocumentMarkersParseWhole() {
    let base = Self.schema(models: 1200)
    for tie in ["x: &anchor 1\n", "y: *anchor\n", "z: !!str 1\n", "<<: {a: 1}\n", "---\n", "%YAML 1.1\n"] {
      let file = SourceFile(path: "schema.yml", text: tie + base)
      #expect(YAMLChunks.cut(file, pieceBytes: 64 * 1024) == nil, "should not cut with \(tie)")
    }
    // `select * from` in a description is text, not an alias.
    let star = SourceFile(path: "schema.yml", text: "x: select * from t\n" + base)
    #expect(YAMLChunks.cut(star, pieceBytes: 64 * 1024) != nil)
    // Small files are never cut.
    #expect(YAMLChunks.cut(SourceFile(path: "s.yml", text: Self.schema(models: 3))) == nil)
  }

  @Test func aCutInsideAQuotedScalarFallsBackToTheWholeParse() throws {
    // Each double-quoted description goes on over a line that looks like a list item, so some
    // cuts land inside a scalar: the piece before such a cut does not parse, the pieces do not
    // join, and the loader parses the file whole.
    var text = "version: 2\nseeds:\n"
    for i in 0..<5000 {
      text += "  - name: seed_\(i)\n    description: \"starts here\n  - and goes on \(i)\"\n"
    }
    let file = SourceFile(path: "seeds/schema.yml", text: text)
    let chunks = try #require(YAMLChunks.cut(file, pieceBytes: 16 * 1024))
    #expect(chunks.key == "seeds")
    #expect(chunks.join(chunks.texts.indices.map { chunks.parse($0) }) == nil)
    var parser = PropertiesParser(packageName: "p", originalFilePath: "seeds/schema.yml", folders: [])
    let parsed = parser.parse(file, renderer: nil)
    #expect(parsed.patches.count == 5000)
    #expect(parsed.patches[7].description == "starts here - and goes on 7")
  }

  @Test func loaderGivesTheSameProjectWithAndWithoutPieces() throws {
    // End to end: the loader cuts a large schema.yml; its patches and tests equal those of a
    // one-piece parse of the same file.
    let text = Self.schema(models: 1200)
    let file = SourceFile(path: "models/schema.yml", text: text)
    var one = PropertiesParser(packageName: "p", originalFilePath: "models/schema.yml", folders: [])
    let whole = one.parse(file, renderer: nil)
    let (_, joined) = try Self.pieces(file)
    var split = PropertiesParser(packageName: "p", originalFilePath: "models/schema.yml", folders: [])
    let pieces = split.parse(joined, file: file, renderer: nil)
    #expect(pieces.patches.map(\.name) == whole.patches.map(\.name))
    #expect(pieces.patches.map(\.nameSpan) == whole.patches.map(\.nameSpan))
    #expect(pieces.tests.count == whole.tests.count)
    #expect(pieces.tests.map(\.span) == whole.tests.map(\.span))
    #expect(pieces.sources.map(\.uniqueID) == whole.sources.map(\.uniqueID))
    #expect(whole.tests.count == 2400)
    #expect(one.diagnostics.isEmpty && split.diagnostics.isEmpty)
  }

  /// Through the loader: a project whose `schema.yml` is cut into pieces (discovery runs them as
  /// jobs and joins them) gets every model's description, columns and tests at their places.
  @Test func loaderReadsACutSchemaFile() throws {
    let count = 3000
    let text = Self.schema(models: count)
    var files = ["dbt_project.yml": projectYML(), "models/schema.yml": text]
    for i in 0..<count { files["models/model_\(i).sql"] = "select \(i) as id" }
    let file = SourceFile(path: "models/schema.yml", text: text)
    let chunks = try #require(YAMLChunks.cut(file))
    #expect(chunks.texts.count >= 2)
    let project = try ProjectFixture(files).load()
    let last = try #require(project.nodes["model.shop.model_\(count - 1)"])
    #expect(last.description == "model number \(count - 1), with \"quotes\" and ünïcode")
    #expect(last.columns["id"]?.description == "first line\n- not an item: \(count - 1)\n")
    #expect(project.testSpecs.count == 2 * count)
    // The last test's span is on its own line of the original file.
    let lastTest = try #require(project.testSpecs.last)
    #expect(file.lineText(lastTest.span.line).contains("- accepted_values:"))
    #expect(project.sources.count == 1)
  }

  /// Through the loader: when a cut lands inside a quoted scalar the pieces do not join, and the
  /// file is parsed whole (the descriptions keep their second lines).
  @Test func loaderParsesWholeWhenPiecesDoNotJoin() throws {
    let count = 3000
    let pad = String(repeating: "x", count: 200)
    var text = "version: 2\nmodels:\n"
    var files = ["dbt_project.yml": projectYML()]
    for i in 0..<count {
      text += "  - name: m_\(i)\n    description: \"starts \(pad)\n  - and goes on \(i)\"\n"
      files["models/m_\(i).sql"] = "select 1 as id"
    }
    files["models/schema.yml"] = text
    let file = SourceFile(path: "models/schema.yml", text: text)
    let chunks = try #require(YAMLChunks.cut(file))
    #expect(chunks.join(chunks.texts.indices.map { chunks.parse($0) }) == nil)
    let project = try ProjectFixture(files).load()
    #expect(project.nodes["model.shop.m_2999"]?.description == "starts \(pad) - and goes on 2999")
    #expect(project.nodes["model.shop.m_0"]?.description == "starts \(pad) - and goes on 0")
  }
}
