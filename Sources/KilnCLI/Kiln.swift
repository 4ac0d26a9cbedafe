import ArgumentParser
import Foundation

#if canImport(Glibc)
  // glibc's `int mallopt(int param, int value)` from <malloc.h>, which the Glibc module does
  // not export; M_TOP_PAD is -2 there.
  @_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
  private let glibcMTopPad: Int32 = -2
#endif

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
      SeedCommand.self, SnapshotCommand.self, TestCommand.self, BuildCommand.self, SourceCommand.self,
      ListCommand.self, CleanCommand.self, DocsCommand.self, LineageCommand.self,
    ])
}

@main
enum KilnMain {
  static func main() async {
    #if canImport(Glibc)
      // Grow malloc's heaps 32 MB at a time instead of 128 KB: parsing a large project
      // allocates hundreds of megabytes from worker threads, and each small growth of a
      // thread's arena was an mprotect call (several percent of a 10,000-model compile).
      // Untouched pages cost no memory.
      _ = glibcMallopt(glibcMTopPad, 32 << 20)
    #endif
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
