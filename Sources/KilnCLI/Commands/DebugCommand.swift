import ArgumentParser
import Foundation
import KilnRunner

struct DebugCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "debug", abstract: "Check the project, the profile and the connection.")
  @OptionGroup var global: GlobalOptions

  func run() async throws {
    let inv = try Invocation.load(global)
    let t = inv.terminal
    t.line("kiln version: \(Kiln.version)", time: false)
    t.line("project: \(inv.project.name) (\(inv.projectDir)/dbt_project.yml) [\(t.green("OK found and valid"))]", time: false)
    t.line("profile: \(inv.profile.profileName), target: \(inv.profile.targetName) (\(inv.profile.profilesPath)) [\(t.green("OK found and valid"))]", time: false)
    t.line("  \(inv.profile.description)", time: false)
    do {
      let c = try ConnectionFactory(profile: inv.profile, projectDir: inv.projectDir).open()
      _ = try c.query("select 1", [])
      t.line("Connection test: [\(t.green("OK connection ok"))]", time: false)
      t.line(t.green("All checks passed!"), time: false)
    } catch {
      t.line("Connection test: [\(t.red("ERROR"))]", time: false)
      Invocation.report(error)
      throw ExitStatus.failure
    }
  }
}
