import KilnAdapters
import KilnBase
import KilnProject

/// Configs that shape Postgres DDL beyond the materialization (DBT-SEMANTICS §4.4 step 4, 6):
/// `indexes`, `grants`, `persist_docs` and `contract: {enforced: true}`.
extension PostgresPlanner {
  /// Statements after the relation is in place: indexes when it was (re)built, grants, and
  /// comments.
  func configSteps(_ c: CompiledNode, existing: ExistingRelation?, rebuilt: Bool) -> [PlanStep] {
    let p = c.parsed
    let target = rel(p, p.alias)
    var steps: [PlanStep] = []
    if rebuilt, p.materialized != "view" { steps += indexSteps(p, target: target) }
    steps += grantSteps(p, target: target, existing: rebuilt ? nil : existing)
    steps += docSteps(c, target: target)
    return steps
  }

  /// dbt-postgres' `get_create_index_sql`: `create [unique] index if not exists "<md5>" on
  /// <relation> [using <type>] (<columns>)`, the name an md5 of the columns, relation,
  /// uniqueness, type and a time (here the planner's temp suffix, so plans stay testable).
  func indexSteps(_ p: ParsedNode, target: String) -> [PlanStep] {
    guard case .list(let items)? = p.config.extra["indexes"] else { return [] }
    return items.compactMap { item -> PlanStep? in
      guard case .dict(let d) = item, let columns = d["columns"]?.stringList, !columns.isEmpty else { return nil }
      let unique = d["unique"]?.boolValue ?? false
      let type = d["type"]?.stringValue
      let name = Hashing.md5Hex(
        (columns + [target, unique ? "True" : "False", type ?? "None", tempSuffix()]).joined(separator: "_"))
      let using = type.map { " using \($0)" } ?? ""
      return .sql(
        .config, "create \(unique ? "unique " : "")index if not exists \"\(name)\" on \(target)\(using) (\(columns.joined(separator: ", ")))")
    }
  }

  /// dbt's `apply_grants`: grant what the config lists; on a relation kept from before (an
  /// incremental load), also revoke what it no longer lists (`grants: {}` revokes nothing, as dbt).
  func grantSteps(_ p: ParsedNode, target: String, existing: ExistingRelation?) -> [PlanStep] {
    let wanted = p.config.grants
    guard !wanted.isEmpty else { return [] }
    var steps: [PlanStep] = []
    let current = existing?.grants ?? [:]
    for (privilege, grantees) in current.sorted(by: { $0.key < $1.key }) {
      let keep = Set((wanted[privilege] ?? []).map { $0.lowercased() })
      let stale = grantees.filter { !keep.contains($0.lowercased()) }
      if !stale.isEmpty { steps.append(.sql(.config, "revoke \(privilege) on \(target) from \(stale.joined(separator: ", "))")) }
    }
    for (privilege, grantees) in wanted where !grantees.isEmpty {
      let have = Set((current[privilege] ?? []).map { $0.lowercased() })
      let missing = grantees.filter { !have.contains($0.lowercased()) }
      if !missing.isEmpty { steps.append(.sql(.config, "grant \(privilege) on \(target) to \(missing.joined(separator: ", "))")) }
    }
    return steps
  }

  /// `persist_docs`: `comment on <kind> … is $dbt_comment_literal_block$…$dbt_comment_literal_block$`
  /// for the model, and for each documented column the model yields (dbt skips the others).
  func docSteps(_ c: CompiledNode, target: String) -> [PlanStep] {
    let p = c.parsed
    guard let docs = p.config.persistDocs else { return [] }
    let magic = "$dbt_comment_literal_block$"
    func literal(_ s: String) -> String { magic + s + magic }
    var steps: [PlanStep] = []
    let kind = p.materialized == "view" ? "view" : p.materialized == "materialized_view" ? "materialized view" : "table"
    if docs.relation == true, !p.node.description.isEmpty {
      steps.append(.sql(.config, "comment on \(kind) \(target) is \(literal(p.node.description))"))
    }
    if docs.columns == true {
      let present = c.describedColumns.map { Set($0.map(\.name)) }
      for (name, col) in p.node.columns where !col.description.isEmpty {
        if let present, !present.contains(name) { continue }
        let column = col.quote == true ? q(name) : name
        steps.append(.sql(.config, "comment on column \(target).\(column) is \(literal(col.description))"))
      }
    }
    return steps
  }

  /// An enforced contract: the model's columns must match the declared ones (names in order,
  /// types as Postgres spells them); the table is created with the declared columns and
  /// constraints, then filled (dbt-postgres' `create_table_as` with a contract).
  func contractedCreate(_ c: CompiledNode, relation: String) throws -> [PlanStep]? {
    let p = c.parsed
    guard p.config.contract?.enforced == true else { return nil }
    let declared = Array(p.node.columns.values)
    if let described = c.describedColumns, let typed = c.contractColumns {
      try Self.checkContract(model: described, contract: typed, node: p)
    }
    let defs = declared.map { col -> String in
      var d = "\(q(col.name)) \(col.dataType ?? "text")"
      for constraint in col.constraints { if let r = Self.constraintSQL(constraint) { d += " " + r } }
      return d
    }
    let names = declared.map { q($0.name) }.joined(separator: ", ")
    return [
      .sql(.main, "\(createTable(p)) \(relation) (\n    \(defs.joined(separator: ",\n    "))\n)"),
      .sql(.main, "insert into \(relation) (\(names))\n(\n  select \(names)\n  from (\n\(c.sql)\n  ) as model_subq\n)"),
    ]
  }

  /// dbt's column constraints: not_null, unique, primary_key, check (`expression`),
  /// foreign_key (`expression` such as `other_table (id)`).
  static func constraintSQL(_ v: ConfigValue) -> String? {
    guard case .dict(let d) = v, let type = d["type"]?.stringValue else { return nil }
    let expression = d["expression"]?.stringValue ?? ""
    switch type {
    case "not_null": return "not null"
    case "unique": return "unique"
    case "primary_key": return "primary key"
    case "check": return "check (\(expression))"
    case "foreign_key": return expression.isEmpty ? nil : "references \(expression)"
    default: return nil
    }
  }

  /// dbt's `assert_columns_equivalent`: a column-by-column table of what differs.
  static func checkContract(model: [DatabaseColumn], contract: [DatabaseColumn], node p: ParsedNode) throws {
    var rows: [(String, String, String, String)] = []
    let modelByName = Dictionary(model.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    let contractNames = Set(contract.map { $0.name.lowercased() })
    for col in contract {
      guard let m = modelByName[col.name.lowercased()] else {
        rows.append((col.name, "", col.type, "missing in definition"))
        continue
      }
      if m.type != col.type { rows.append((col.name, m.type, col.type, "data type mismatch")) }
    }
    for m in model where !contractNames.contains(m.name.lowercased()) {
      rows.append((m.name, m.type, "", "missing in contract"))
    }
    guard !rows.isEmpty else { return }
    let header = ("column_name", "definition_type", "contract_type", "mismatch_reason")
    let all = [header] + rows
    let w = (
      all.map(\.0.count).max() ?? 0, all.map(\.1.count).max() ?? 0, all.map(\.2.count).max() ?? 0,
      all.map(\.3.count).max() ?? 0
    )
    func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
    func line(_ r: (String, String, String, String)) -> String {
      "| \(pad(r.0, w.0)) | \(pad(r.1, w.1)) | \(pad(r.2, w.2)) | \(pad(r.3, w.3)) |"
    }
    let rule = "| \(String(repeating: "-", count: w.0)) | \(String(repeating: "-", count: w.1)) | \(String(repeating: "-", count: w.2)) | \(String(repeating: "-", count: w.3)) |"
    let table = ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    throw PlanError(
      message: """
        This model has an enforced contract that failed.
        Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.

        \(table)
        """,
      hint: "change the model or its `columns:` in the properties file so they agree")
  }
}
