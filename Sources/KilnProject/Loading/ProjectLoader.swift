import Foundation
import KilnBase
import OrderedCollections

/// Loads a dbt project folder: `dbt_project.yml`, SQL files, seeds and properties files.
///
/// ```swift
/// let project = try ProjectLoader.load(root: "/path/to/project", renderer: render)
/// project.nodes["model.shop.stg_orders"]?.config.materialized   // "view"
/// ```
public enum ProjectLoader {
  /// Reads the project at `root`. On failure throws every diagnostic found in all files
  /// (errors and warnings, in the order found); on success warnings are in
  /// `Project.diagnostics`.
  public static func load(
    root: String, renderer: YAMLStringRenderer? = nil,
    cliVars: OrderedDictionary<String, ConfigValue> = [:]
  ) throws(DiagnosticList) -> Project {
    var session = LoadSession(root: FileDiscovery.normalizeRoot(root), renderer: renderer)
    let project = session.run(cliVars: cliVars)
    let errors = session.diagnostics.filter { $0.severity == .error }
    guard let project, errors.isEmpty else {
      throw DiagnosticList(session.diagnostics)
    }
    return project
  }

  /// Parses `--vars` text (a YAML mapping such as `{x: 1, day: '2024-01-01'}`).
  public static func parseVars(_ yaml: String) throws(Diagnostic) -> OrderedDictionary<
    String, ConfigValue
  > {
    let file = SourceFile(path: "--vars", text: yaml)
    guard let value = try YAMLDocument.parse(file) else { return [:] }
    guard let m = value.mapping else {
      throw Diagnostic(
        code: "P0106", "--vars must be a YAML mapping, found \(value.kindName)", span: value.span)
    }
    return m.entries.mapValues(\.configValue)
  }
}

extension FileDiscovery {
  /// The root without a trailing slash.
  static func normalizeRoot(_ root: String) -> String {
    var r = root
    while r.count > 1, r.hasSuffix("/") { r.removeLast() }
    return r
  }
}

/// The mutable state of one `ProjectLoader.load` call.
struct LoadSession {
  let root: String
  let renderer: YAMLStringRenderer?
  var diagnostics: [Diagnostic] = []

  init(root: String, renderer: YAMLStringRenderer?) {
    self.root = root
    self.renderer = renderer
  }

  /// Reads a file as a `SourceFile` whose path is relative to the root, or records P0105.
  mutating func read(_ absolute: String, relative: String) -> SourceFile? {
    switch Self.readFile(absolute, relative: relative) {
    case .success(let file): return file
    case .failure(let d):
      diagnostics.append(d)
      return nil
    }
  }

  /// Reads a file as a `SourceFile` whose path is relative to the root; safe to call from
  /// several threads.
  static func readFile(_ absolute: String, relative: String) -> Result<SourceFile, Diagnostic> {
    guard let data = FileManager.default.contents(atPath: absolute) else {
      return .failure(Diagnostic(code: "P0105", "cannot read file", path: relative))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(Diagnostic(code: "P0105", "file is not valid UTF-8", path: relative))
    }
    return .success(SourceFile(path: relative, text: text))
  }

  mutating func run(cliVars: OrderedDictionary<String, ConfigValue>) -> Project? {
    let projectPath = "\(root)/dbt_project.yml"
    guard FileManager.default.fileExists(atPath: projectPath) else {
      diagnostics.append(
        Diagnostic(
          code: "P0110", "no dbt_project.yml found in `\(root)`", path: projectPath,
          hint: "run kiln from the project folder or pass --project-dir"))
      return nil
    }
    guard let file = read(projectPath, relative: "dbt_project.yml") else { return nil }
    let (parsed, projectDiagnostics) = ProjectFileParser.parse(file, renderer: renderer)
    diagnostics += projectDiagnostics
    guard let parsed else { return nil }
    return buildProject(parsed, cliVars: cliVars)
  }
}
