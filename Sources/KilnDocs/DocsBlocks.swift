import Foundation
import KilnBase
import KilnCompiler
import KilnJinja
import KilnProject

/// dbt's `{% docs name %}…{% enddocs %}` blocks from the project's `.md` files, and
/// `{{ doc('name') }}` references in descriptions resolved to their text.
public struct DocsBlocks: Sendable {
  /// One docs block.
  public struct Block: Sendable {
    /// Its name.
    public var name: String
    /// `doc.<project>.<name>`.
    public var uniqueID: String
    /// Path relative to the docs path it was found under (dbt's `path`).
    public var path: String
    /// Path relative to the project root.
    public var originalFilePath: String
    /// The rendered body.
    public var contents: String
  }
  /// Blocks by name.
  public var blocks: [String: Block] = [:]
  /// Problems reading the files (a bad template), as warnings.
  public var diagnostics: [Diagnostic] = []

  /// No blocks.
  public static let empty = DocsBlocks()

  /// Reads every `.md` file under the project's source paths (dbt's default `docs-paths`).
  public static func load(_ parsed: ParsedProject) -> DocsBlocks {
    var out = DocsBlocks()
    let project = parsed.project
    // The markdown files were found and read with the rest of the project (one walk).
    for f in project.docFiles where f.file.text.contains("{%") {
      let rel = f.originalFilePath
      do {
        let t = try parsed.session.environment.parse(f.file.text, name: rel)
        for d in t.definitions where d.kind == .docs {
          let body = (try? d.renderBody(parsed.session.environment, globals: [:])) ?? ""
          out.blocks[d.name] = Block(
            name: d.name, uniqueID: "doc.\(project.name).\(d.name)", path: f.path, originalFilePath: rel,
            contents: body.trimmingCharacters(in: .whitespacesAndNewlines))
        }
      } catch let e as JinjaError {
        var d = e.diagnostic
        d.severity = .warning
        out.diagnostics.append(d)
      } catch {
        out.diagnostics.append(Diagnostic(.warning, code: "K0321", "cannot read docs file: \(error)", path: rel))
      }
    }
    return out
  }

  /// `text` with every `{{ doc('name') }}` replaced by that block's contents (unknown names
  /// are left as written). Cheap when the text has no `doc(`.
  public func resolve(_ text: String) -> String {
    guard !blocks.isEmpty, text.contains("doc(") else { return text }
    var out = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      guard let close = rest[open.upperBound...].range(of: "}}") else { break }
      let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
      out += rest[..<open.lowerBound]
      if let name = DocsBlocks.docName(inner), let b = blocks[name] {
        out += b.contents
      } else {
        out += rest[open.lowerBound..<close.upperBound]
      }
      rest = rest[close.upperBound...]
    }
    return out + rest
  }

  /// `doc('name')` or `doc("name")` (or `doc('package', 'name')`) -> name.
  static func docName(_ call: String) -> String? {
    guard call.hasPrefix("doc("), call.hasSuffix(")") else { return nil }
    let args = call.dropFirst(4).dropLast().split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }
    return args.last
  }
}

extension ManifestWriter {
  /// The manifest's `docs` section.
  static func docsBlocks(_ docs: DocsBlocks, project: String) -> [(String, JSON)] {
    docs.blocks.values.sorted { $0.uniqueID < $1.uniqueID }.map { b in
      (
        b.uniqueID,
        .object([
          ("name", .string(b.name)), ("resource_type", .string("doc")), ("package_name", .string(project)),
          ("path", .string(b.path)), ("original_file_path", .string(b.originalFilePath)), ("unique_id", .string(b.uniqueID)),
          ("block_contents", .string(b.contents)),
        ])
      )
    }
  }
}
