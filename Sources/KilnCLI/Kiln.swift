import ArgumentParser
import Foundation

/// Exit statuses: 0 success, 1 a node or test failed, 2 bad input.
enum ExitStatus {
  static let failure = ExitCode(1)
  static let badInput = ExitCode(2)
}

/// The `kiln` command.
struct Kiln: AsyncParsableCommand {
  static let version = "0.1.0"
  static let configuration = CommandConfiguration(
    commandName: "kiln",
    abstract: "A dbt-compatible SQL transformation compiler.",
    version: version,
    subcommands: [
      InitCommand.self, DebugCommand.self, ParseCommand.self, CompileCommand.self, RunCommand.self,
      SeedCommand.self, TestCommand.self, BuildCommand.self, ListCommand.self, CleanCommand.self,
      DocsCommand.self, LineageCommand.self,
    ])
}

@main
enum KilnMain {
  static func main() async {
    do {
      var command = try Kiln.parseAsRoot()
      if var async = command as? any AsyncParsableCommand {
        try await async.run()
      } else {
        try command.run()
      }
    } catch let code as ExitCode {
      exit(code.rawValue)
    } catch {
      // Help and --version are "errors" with exit code 0 in ArgumentParser.
      let code = Kiln.exitCode(for: error)
      if code == .success {
        print(Kiln.fullMessage(for: error))
        exit(0)
      }
      FileHandle.standardError.write((Kiln.fullMessage(for: error) + "\n").data(using: .utf8) ?? Data())
      exit(ExitStatus.badInput.rawValue)
    }
  }
}
