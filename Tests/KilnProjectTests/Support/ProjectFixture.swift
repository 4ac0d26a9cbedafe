import KilnBase
import KilnProject
import KilnTestSupport
import OrderedCollections

/// A temporary project folder built from `path: text` pairs.
struct ProjectFixture {
  let dir: TempDirectory

  init(_ files: [String: String]) throws {
    dir = try TempDirectory(prefix: "kiln-project")
    for (path, text) in files { try dir.write(path, text) }
  }

  func load(
    env: [String: String] = [:], cliVars: OrderedDictionary<String, ConfigValue> = [:]
  ) throws(DiagnosticList) -> Project {
    try ProjectLoader.load(root: dir.path, renderer: fakeEnvVarRenderer(env), cliVars: cliVars)
  }

  /// Loads, expecting failure, and returns the thrown errors (warnings left out).
  func loadErrors() -> [Diagnostic] {
    do {
      _ = try load()
      return []
    } catch {
      return error.diagnostics.filter { $0.severity == .error }
    }
  }
}

/// A minimal dbt_project.yml for project `shop`, with extra lines appended.
func projectYML(_ extra: String = "") -> String {
  "name: shop\nversion: '1.0'\nprofile: shop\nconfig-version: 2\n" + extra
}

/// `[line, column]` of a span's start, for comparing in `#expect`.
func loc(_ span: SourceSpan?) -> [Int]? {
  span.map { [$0.location.line, $0.location.column] }
}
