import KilnBase
import KilnProject

extension ManifestWriter {
  /// `unit_tests` of manifest.json: one entry per enabled unit test, keyed
  /// `unit_test.<project>.<model>.<name>`, with dbt's main fields (model, given, expect,
  /// overrides, depends_on, fqn, config).
  static func unitTests(_ project: Project) -> JSON {
    .object(
      project.unitTestSpecs.map { spec in
        let id = "unit_test.\(project.name).\(spec.model).\(spec.name)"
        func rows(_ r: UnitTestSpec.Rows) -> [(String, JSON)] {
          switch r {
          case .dict(let list):
            return [("rows", .array(list.map { row in .object(row.map { ($0.key, config($0.value)) }) })), ("format", .string("dict"))]
          case .csv(let text): return [("rows", .string(text)), ("format", .string("csv"))]
          case .sql(let text): return [("rows", .string(text)), ("format", .string("sql"))]
          }
        }
        let given: [JSON] = spec.given.map { .object([("input", .string($0.input))] + rows($0.rows) + [("fixture", .null)]) }
        return (
          id,
          .object([
            ("model", .string(spec.model)), ("given", .array(given)), ("expect", .object(rows(spec.expect) + [("fixture", .null)])),
            ("name", .string(spec.name)), ("resource_type", .string("unit_test")), ("package_name", .string(project.name)),
            ("path", .string(spec.originalFilePath)), ("original_file_path", .string(spec.originalFilePath)),
            ("unique_id", .string(id)), ("fqn", .array([project.name, spec.model, spec.name].map { .string($0) })),
            ("description", .string(spec.description)),
            (
              "overrides",
              spec.vars.isEmpty && spec.macros.isEmpty
                ? .null
                : .object([
                  ("macros", .object(spec.macros.map { ($0.key, config($0.value)) })),
                  ("vars", .object(spec.vars.map { ($0.key, config($0.value)) })), ("env_vars", .object([])),
                ])
            ),
            ("depends_on", .object([("macros", .array([])), ("nodes", .array([.string("model.\(project.name).\(spec.model)")]))])),
            ("config", .object([("tags", .array(spec.tags.map { .string($0) })), ("meta", .object([])), ("enabled", .bool(spec.enabled))])),
          ])
        )
      })
  }
}
