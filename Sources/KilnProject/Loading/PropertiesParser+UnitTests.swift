import KilnBase
import OrderedCollections

extension PropertiesParser {
  static let unitTestKeys = ["name", "model", "description", "given", "expect", "overrides", "config", "versions"]

  /// The `unit_tests:` entries of a file.
  mutating func unitTests(_ v: YAMLValue?) -> [UnitTestSpec] {
    var out: [UnitTestSpec] = []
    for entry in reader.sequence(v, "`unit_tests`") {
      guard let m = reader.mapping(entry, "a unit test entry") else { continue }
      guard let name = reader.string(m["name"], "unit test `name`") else {
        diagnostics.append(Diagnostic(code: "P0104", "unit test entry has no `name:`", span: entry.span))
        continue
      }
      guard let model = reader.string(m["model"], "unit test `model`"), let modelNode = m["model"] else {
        diagnostics.append(
          Diagnostic(code: "P0104", "unit test `\(name)` has no `model:`", span: entry.span,
            hint: "name the model under test: `model: my_model`"))
        continue
      }
      for key in m.keys where !Self.unitTestKeys.contains(key) {
        diagnostics.append(
          Diagnostic(
            .warning, code: "P0211", "unknown property `\(key)` for unit test `\(name)`",
            span: m.keySpans[key], hint: Suggest.hint(for: key, in: Self.unitTestKeys)))
      }
      var given: [UnitTestSpec.Input] = []
      for g in reader.sequence(m["given"], "`given`") {
        guard let gm = reader.mapping(g, "a `given` entry") else { continue }
        guard let input = reader.string(gm["input"], "`input`") else {
          diagnostics.append(
            Diagnostic(code: "P0104", "a `given` entry of unit test `\(name)` has no `input:`", span: g.span,
              hint: "write `input: ref('model_name')` or `input: source('source', 'table')`"))
          continue
        }
        guard let rows = rows(gm, what: "input \(input) of unit test `\(name)`") else { continue }
        given.append(.init(input: input, rows: rows, span: g.span))
      }
      guard let em = reader.mapping(m["expect"], "`expect`"),
        let expect = rows(em, what: "`expect` of unit test `\(name)`")
      else {
        diagnostics.append(
          Diagnostic(code: "P0104", "unit test `\(name)` has no `expect:` rows", span: entry.span,
            hint: "add `expect: {rows: [{column: value}]}`"))
        continue
      }
      let overrides = reader.mapping(m["overrides"], "`overrides`")
      let config = reader.mapping(m["config"], "`config`")
      var spec =
        UnitTestSpec(
          name: name, model: model, description: reader.string(m["description"], "`description`") ?? "",
          given: given, expect: expect, vars: reader.dict(overrides?["vars"], "`overrides.vars`"),
          macros: reader.dict(overrides?["macros"], "`overrides.macros`"),
          tags: reader.strings(config?["tags"], "`tags`") ?? [],
          enabled: reader.bool(config?["enabled"], "`enabled`") ?? true, originalFilePath: originalFilePath,
          span: entry.span, modelSpan: modelNode.span)
      spec.envVars = reader.dict(overrides?["env_vars"], "`overrides.env_vars`")
      out.append(spec)
    }
    return out
  }

  /// `rows:` with `format:` dict (default), csv or sql.
  private mutating func rows(_ m: YAMLMapping, what: String) -> UnitTestSpec.Rows? {
    let format = reader.string(m["format"], "`format`") ?? "dict"
    switch format {
    case "dict":
      if m["rows"] == nil || m["rows"]?.isNull == true { return .dict([]) }
      var rows: [OrderedDictionary<String, ConfigValue>] = []
      for r in reader.sequence(m["rows"], "`rows`") {
        guard let rm = reader.mapping(r, "a row") else { continue }
        rows.append(rm.entries.mapValues(\.configValue))
      }
      return .dict(rows)
    case "csv", "sql":
      guard let text = reader.string(m["rows"], "`rows`") else {
        diagnostics.append(
          Diagnostic(code: "P0104", "\(what): format \(format) needs `rows:` as text", span: m.keySpans["format"],
            hint: "write the rows as a block: `rows: |`"))
        return nil
      }
      return format == "csv" ? .csv(text) : .sql(text)
    default:
      diagnostics.append(
        Diagnostic(code: "P0104", "\(what): unknown format `\(format)`", span: m["format"]?.span,
          hint: "use dict, csv or sql"))
      return nil
    }
  }
}
