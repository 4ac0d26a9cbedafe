import KilnAdapters
import KilnProject

/// How an incremental model's columns differ from its existing table, and what
/// `on_schema_change` makes of it (GP `incremental/on_schema_change.sql`).
///
/// Names compare exactly, as dbt's `diff_columns` does; a type counts as changed when the
/// names differ and the model's type is not a shorter string the table's type can hold
/// (dbt's `Column.can_expand_to`).
struct SchemaChange: Equatable {
  /// Model columns the table lacks, in model order.
  var added: [DatabaseColumn]
  /// Table columns the model no longer yields, in table order.
  var removed: [DatabaseColumn]
  /// Model columns whose type differs from the table's (the new type is the model's).
  var retyped: [DatabaseColumn]

  var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }

  init(target: [DatabaseColumn], source: [DatabaseColumn]) {
    let targetNames = Set(target.map(\.name))
    let sourceNames = Set(source.map(\.name))
    added = source.filter { !targetNames.contains($0.name) }
    removed = target.filter { !sourceNames.contains($0.name) }
    let byName = Dictionary(target.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    retyped = source.filter { s in
      guard let t = byName[s.name] else { return false }
      return s.type != t.type && !Self.canExpand(s.type, into: t.type)
    }
  }

  /// dbt: a string column fits a target string column that is longer (`text` is unbounded).
  static func canExpand(_ source: String, into target: String) -> Bool {
    guard let s = stringSize(source), let t = stringSize(target) else { return false }
    return t > s
  }

  static func stringSize(_ type: String) -> Int? {
    let t = type.lowercased()
    if t == "text" { return 10_485_760 }  // dbt-postgres' size of an unbounded text
    for prefix in ["character varying", "varchar", "character", "char"] where t.hasPrefix(prefix) {
      let rest = t.dropFirst(prefix.count)
      if rest.isEmpty { return prefix.hasPrefix("char") && !prefix.contains("var") ? 1 : 10_485_760 }
      if rest.hasPrefix("("), rest.hasSuffix(")") { return Int(rest.dropFirst().dropLast()) }
    }
    return nil
  }

  /// dbt prints column lists as Python reprs of its Column objects; Kiln names them.
  func describe(_ cols: [DatabaseColumn]) -> String {
    "[" + cols.map { "'\($0.name)' \($0.type)" }.joined(separator: ", ") + "]"
  }
}

extension ExistingRelation {
  /// The columns the strategy inserts, after applying `on_schema_change` (dbt's
  /// `process_schema_changes`): the table's columns for `ignore` or no change; otherwise the
  /// model's. `fail` throws dbt's message with the differences. Returns the change to apply.
  func schemaChange(for p: ParsedNode) throws -> (columns: [String], change: SchemaChange?) {
    let mode = p.config.onSchemaChange ?? "ignore"
    guard mode != "ignore", let source = modelColumns else { return (columns, nil) }
    guard ["fail", "append_new_columns", "sync_all_columns"].contains(mode) else {
      throw PlanError(
        message: "on_schema_change '\(mode)' is not one of ignore, fail, append_new_columns, sync_all_columns",
        hint: "dbt falls back to 'ignore' for unknown values; Kiln asks you to spell it")
    }
    let change = SchemaChange(target: typedColumns, source: source)
    guard !change.isEmpty else { return (source.map(\.name), nil) }
    if mode == "fail" {
      throw PlanError(
        message: """
          The source and target schemas on this incremental model are out of sync!
          Source columns not in target: \(change.describe(change.added))
          Target columns not in source: \(change.describe(change.removed))
          New column types: \(change.describe(change.retyped))
          """,
        hint: "set on_schema_change to append_new_columns or sync_all_columns, or rebuild with --full-refresh")
    }
    var effective = change
    if mode == "append_new_columns" {
      effective.removed = []
      effective.retyped = []
    }
    return (source.map(\.name), effective)
  }
}
