import ArgumentParser

/// `kiln snapshot`: runs the selected snapshots (type-2 history tables) in DAG order.
struct SnapshotCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot", abstract: "Run snapshots: type-2 history of their queries.")
  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: RunOptions
  func run() async throws {
    try await NodeRun.execute(global, options, types: [.snapshot], command: "snapshot")
  }
}
