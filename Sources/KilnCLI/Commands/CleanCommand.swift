import ArgumentParser
import Foundation
import KilnProject

struct CleanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clean", abstract: "Remove target/ and the other clean-targets.")
  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let dir = Invocation.absolute(global.projectDir ?? FileManager.default.currentDirectoryPath)
    let project: Project
    do { project = try ProjectLoader.load(root: dir) } catch {
      Invocation.report(error)
      throw ExitStatus.badInput
    }
    for target in project.config.cleanTargets {
      let path = ((dir + "/" + target) as NSString).standardizingPath
      // Never delete outside the project.
      guard path.hasPrefix(dir + "/"), path != dir else {
        Terminal.shared.line("Skipping \(target): outside the project directory")
        continue
      }
      if FileManager.default.fileExists(atPath: path) {
        try? FileManager.default.removeItem(atPath: path)
        Terminal.shared.line("Cleaned \(target)/")
      }
    }
    Terminal.shared.line("Finished cleaning all paths.")
  }
}
