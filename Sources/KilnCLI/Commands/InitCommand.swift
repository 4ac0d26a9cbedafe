import ArgumentParser
import Foundation

struct InitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "init", abstract: "Scaffold a new project.")

  @Argument(help: "The project name (a folder of that name is created).")
  var name: String

  func run() async throws {
    guard name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
      Invocation.report(
        KilnBaseError("project name '\(name)' must start with a letter or _ and contain only letters, digits and _"))
      throw ExitStatus.badInput
    }
    let fm = FileManager.default
    let root = fm.currentDirectoryPath + "/" + name
    guard !fm.fileExists(atPath: root) else {
      Invocation.report(KilnBaseError("'\(name)' already exists; choose another name"))
      throw ExitStatus.badInput
    }
    let files: [(String, String)] = [
      (
        "dbt_project.yml",
        """
        name: \(name)
        version: "1.0.0"
        config-version: 2
        profile: \(name)

        model-paths: ["models"]
        seed-paths: ["seeds"]
        macro-paths: ["macros"]
        test-paths: ["tests"]
        snapshot-paths: ["snapshots"]
        target-path: "target"
        clean-targets: ["target"]

        models:
          \(name):
            +materialized: view

        """
      ),
      (
        "profiles.yml",
        """
        \(name):
          target: dev
          outputs:
            dev:
              type: sqlite
              threads: 1
              database: database
              schema: main
              schemas_and_paths:
                main: target/\(name).db
              schema_directory: target

        """
      ),
      ("models/example/my_first_model.sql", "{{ config(materialized='table') }}\n\nselect 1 as id\nunion all\nselect 2 as id\n"),
      ("models/example/my_second_model.sql", "select * from {{ ref('my_first_model') }} where id = 1\n"),
      (
        "models/example/schema.yml",
        """
        version: 2

        models:
          - name: my_first_model
            description: "A starter table"
            columns:
              - name: id
                data_tests: [unique, not_null]

        """
      ),
      ("seeds/.gitkeep", ""), ("macros/.gitkeep", ""), ("tests/.gitkeep", ""), ("snapshots/.gitkeep", ""),
      (".gitignore", "target/\nlogs/\n*.db\n"),
    ]
    for (path, text) in files {
      let full = root + "/" + path
      try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    Terminal.shared.line("Created project \(name) in ./\(name). Next: cd \(name) && kiln build")
  }
}

/// A plain error for CLI-level bad input.
struct KilnBaseError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}
