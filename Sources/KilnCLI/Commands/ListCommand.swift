import ArgumentParser
import Foundation
import KilnBase

struct ListCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "ls", abstract: "List selected nodes.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions

  @Option(name: .long, help: "selector (default), name, path or json.")
  var output = "selector"

  @Option(name: .long, parsing: .upToNextOption, help: "Only these resource types.")
  var resourceType: [String] = []

  func run() async throws {
    let inv = try Invocation.load(global)
    let ids: Set<String>
    do { ids = try inv.parsed.select(options.select, exclude: options.exclude) } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    let nodes = inv.parsed.selectionNodes.filter { ids.contains($0.uniqueID) }
      .filter { resourceType.isEmpty || resourceType.contains($0.resourceType) }
      .sorted { $0.uniqueID < $1.uniqueID }
    for n in nodes {
      switch output {
      case "name": print(n.name)
      case "path": print(n.originalFilePath)
      case "json":
        print(
          JSON.object([
            ("name", .string(n.name)), ("resource_type", .string(n.resourceType)),
            ("package_name", .string(n.packageName)), ("original_file_path", .string(n.originalFilePath)),
            ("unique_id", .string(n.uniqueID)), ("alias", .string(inv.parsed.nodes[n.uniqueID]?.alias ?? n.name)),
            ("tags", .array(n.tags.map { .string($0) })),
          ]).text())
      default:
        if n.resourceType == "source" {
          print("source:" + n.fqn.joined(separator: "."))
        } else {
          print(n.fqn.joined(separator: "."))
        }
      }
    }
  }
}
