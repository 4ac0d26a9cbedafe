import Foundation
import KilnBase
import OrderedCollections

/// Finds `profiles.yml` and resolves one profile's target, as dbt does.
public enum ProfileLoader {
  /// Loads `profileName`'s target from the first `profiles.yml` found in: `profilesDir`
  /// (`--profiles-dir`), `$DBT_PROFILES_DIR`, `projectDir`, then `~/.dbt`.
  ///
  /// Strings containing `{{`/`{%` in the chosen output are rendered with `renderer` (for
  /// `env_var`). Errors: P0301 no profiles.yml (lists where it looked), P0302 unknown profile
  /// (lists the profiles), P0303 unknown target (lists the targets), P0304 invalid settings.
  /// `profileSpan` is where `profile:` is written in dbt_project.yml, for P0302's caret.
  public static func load(
    profileName: String, target: String? = nil, profilesDir: String? = nil, projectDir: String?,
    renderer: YAMLStringRenderer? = nil, profileSpan: SourceSpan? = nil,
    homeDirectory: String = NSHomeDirectory(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(Diagnostic) -> ResolvedProfile {
    let file = try locate(
      profilesDir: profilesDir, projectDir: projectDir, homeDirectory: homeDirectory,
      environment: environment)
    guard let root = try YAMLDocument.parse(file), let top = root.mapping else {
      throw Diagnostic(
        code: "P0304", "profiles.yml must be a mapping of profile names", path: file.path)
    }
    let profiles = top.keys.filter { $0 != "config" }
    guard let profileNode = top[profileName], profileName != "config" else {
      throw Diagnostic(
        code: "P0302", "profile `\(profileName)` not found in \(file.path)", span: profileSpan,
        path: profileSpan == nil ? file.path : nil,
        notes: [.init("profiles in \(file.path): " + list(profiles))],
        hint: Suggest.hint(for: profileName, in: profiles))
    }
    guard let profile = profileNode.mapping else {
      throw Diagnostic(
        code: "P0304", "profile `\(profileName)` must be a mapping, found \(profileNode.kindName)",
        span: profileNode.span)
    }
    guard let outputsNode = profile["outputs"], let outputs = outputsNode.mapping else {
      throw Diagnostic(
        code: "P0304", "profile `\(profileName)` has no `outputs:` mapping",
        span: profile.keySpans["outputs"] ?? profileNode.span)
    }
    let targetNode = try profile["target"]?.rendered(with: renderer)
    let targetName = target ?? targetNode?.configValue.scalarText ?? "default"
    guard let outputNode = outputs[targetName] else {
      let span = target == nil ? targetNode?.span : profile.keySpans["outputs"]
      throw Diagnostic(
        code: "P0303", "target `\(targetName)` not found in profile `\(profileName)`",
        span: span ?? profileNode.span,
        notes: [.init("targets of `\(profileName)`: " + list(outputs.keys))],
        hint: Suggest.hint(for: targetName, in: outputs.keys))
    }
    let rendered = try outputNode.rendered(with: renderer)
    guard let output = rendered.mapping else {
      throw Diagnostic(
        code: "P0304", "target `\(targetName)` must be a mapping, found \(rendered.kindName)",
        span: rendered.span)
    }
    return try resolve(
      output, span: rendered.span, profileName: profileName, targetName: targetName,
      path: file.path)
  }

  /// The first profiles.yml in the search order, or P0301 listing every place tried.
  static func locate(
    profilesDir: String?, projectDir: String?, homeDirectory: String,
    environment: [String: String]
  ) throws(Diagnostic) -> SourceFile {
    var candidates: [String] = []
    if let profilesDir {
      candidates.append(profilesDir)
    } else {
      if let env = environment["DBT_PROFILES_DIR"], !env.isEmpty { candidates.append(env) }
      if let projectDir { candidates.append(projectDir) }
      candidates.append("\(homeDirectory)/.dbt")
    }
    for dir in candidates {
      let path = "\(FileDiscovery.normalizeRoot(dir))/profiles.yml"
      guard FileManager.default.fileExists(atPath: path) else { continue }
      guard let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else {
        throw Diagnostic(code: "P0301", "cannot read \(path)", path: path)
      }
      return SourceFile(path: path, text: text)
    }
    throw Diagnostic(
      code: "P0301", "profiles.yml not found",
      notes: candidates.map { .init("looked in \(FileDiscovery.normalizeRoot($0))") },
      hint: "create profiles.yml in the project folder or ~/.dbt, or pass --profiles-dir")
  }

  static func list(_ names: some Sequence<String>) -> String {
    let all = names.map { "`\($0)`" }
    return all.isEmpty ? "(none)" : all.joined(separator: ", ")
  }
}
