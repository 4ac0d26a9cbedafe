import ArgumentParser
import KilnProject

/// Flags shared by every command (DESIGN §1).
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "The project directory (default: the current directory).")
  var projectDir: String?

  @Option(name: .long, help: "Where profiles.yml is (default: the project dir if it has one, else ~/.dbt).")
  var profilesDir: String?

  @Option(name: [.customShort("t"), .long], help: "The target to use (default: the profile's target).")
  var target: String?

  @Option(name: .long, help: "Variables as a YAML dict, e.g. '{key: value}'.")
  var vars: String?

  @Flag(name: .long, help: "Never use colour.")
  var noColor = false
}

/// Selection and execution flags of the commands that run nodes.
struct RunOptions: ParsableArguments {
  func validate() throws {
    guard IndirectSelection(rawValue: indirectSelection) != nil else {
      throw ValidationError("--indirect-selection must be eager, cautious, buildable or empty, not '\(indirectSelection)'")
    }
  }

  /// `--indirect-selection` as a mode.
  var indirect: IndirectSelection { IndirectSelection(rawValue: indirectSelection) ?? .eager }

  @Option(name: [.customShort("s"), .long], parsing: .upToNextOption, help: "Nodes to include.")
  var select: [String] = []

  @Option(name: .long, parsing: .upToNextOption, help: "Nodes to exclude.")
  var exclude: [String] = []

  @Option(name: .long, help: "Number of worker threads (default: the profile's threads).")
  var threads: Int?

  @Flag(name: .long, help: "Rebuild incremental models and reload seeds from scratch.")
  var fullRefresh = false

  @Flag(name: [.customShort("x"), .long], help: "Stop at the first failure.")
  var failFast = false

  @Option(name: .long, help: "A folder with artifacts of an earlier run (for state: selectors).")
  var state: String?

  @Option(
    name: .long,
    help: "Which tests a selected model brings: eager (any parent selected), cautious (all), buildable, empty.")
  var indirectSelection = "eager"

  @Flag(name: .long, help: "Store every test's failing rows in <target schema>_dbt_test__audit.")
  var storeFailures = false

  @Flag(name: .long, help: "Treat warnings as errors: a test that would warn fails.")
  var warnError = false

  @Flag(
    name: .long,
    help: "build: publish each table before testing it, as dbt does (default: test the staged build first).")
  var noAuditBeforePublish = false
}
