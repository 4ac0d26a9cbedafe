import KilnAdapters
import KilnJinja
import OrderedCollections

/// dbt's context functions that reach the warehouse: `run_query`, `statement` blocks with
/// `load_result`, `adapter.execute`, `adapter.get_columns_in_relation`, `load_relation`, and
/// `api.Relation.create`. While parsing (`execute` false) they do what dbt's do then: nothing
/// runs, `run_query` and `load_result` return none, and relation lookups find nothing.
enum DatabaseFunctions {
  static func make(_ session: CompileSession) -> [String: Value] {
    let policy = session.policy
    var g: [String: Value] = [:]
    g["run_query"] = .function("run_query") { a, state in
      let args = try a.bind(["sql"], function: "run_query")
      return try run(args[0].pythonStr, fetch: true, state: state)?.table ?? Value.none
    }
    g["statement"] = .function("statement") { a, state in
      // `{% call statement('name', fetch_result=True) %}sql{% endcall %}` (GP `etc/statement.sql`).
      var bare = a
      bare.keyword.removeValue(forKey: "caller")
      let args = try bare.bind(
        ["name", "fetch_result", "auto_begin", "language"],
        defaults: ["name": .none, "fetch_result": .bool(false), "auto_begin": .bool(true), "language": .string("sql")],
        function: "statement")
      // As dbt's, the body renders only when `execute` is true.
      guard let caller = a.keyword["caller"], let host = state.hostData as? RenderHost, host.phase == .compile else {
        return .string("")
      }
      let sql = try state.call(caller, Arguments()).pythonStr
      let fetch = args[1].isTruthy
      guard let result = try run(sql, fetch: fetch, state: state) else { return .string("") }
      if let name = args[0].stringValue {
        host.statementResults[name] = StatementResult(
          response: result.response, table: fetch ? result.table : .object(QueryTable(QueryResult(columns: [], declaredTypes: [], rows: [])))
        ).value
      }
      return .string("")
    }
    g["load_result"] = .function("load_result") { a, state in
      guard let name = a.positional.first?.stringValue, let host = state.hostData as? RenderHost else { return .none }
      return host.statementResults[name] ?? Value.none
    }
    g["load_relation"] = .function("load_relation") { a, state in
      guard case .object(let o)? = a.positional.first, let r = o as? RelationValue else { return .none }
      return lookupRelation(database: r.database, schema: r.schema, identifier: r.identifier, policy: policy, state: state)
    }
    g["api"] = .dict([
      ("Column", columnAPI),
      (
        "Relation",
        .dict([
          (
            "create",
            .function("create") { a, _ in
              let args = try a.bind(
                ["database", "schema", "identifier", "type"],
                defaults: ["database": .none, "schema": .none, "identifier": .none, "type": .none], function: "create")
              return .object(
                RelationValue(
                  database: args[0].stringValue, schema: args[1].stringValue ?? "", identifier: args[2].stringValue ?? "",
                  type: args[3].stringValue, policy: policy))
            }
          )
        ])
      )
    ])
    return g
  }

  /// dbt's `api.Column` class methods (`adapters/base/column.py`): `translate_type` maps only
  /// `string` (to `TEXT`), `numeric_type` and `string_type` spell parameterised types.
  static let columnAPI: Value = .dict([
    (
      "translate_type",
      .function("translate_type") { a, _ in
        let t = a.positional.first?.pythonStr ?? ""
        return .string(t.uppercased() == "STRING" ? "TEXT" : t)
      }
    ),
    (
      "numeric_type",
      .function("numeric_type") { a, _ in
        let args = try a.bind(["dtype", "precision", "scale"], function: "numeric_type")
        if args[1].isNone || args[2].isNone { return .string(args[0].pythonStr) }
        return .string("\(args[0].pythonStr)(\(args[1].pythonStr),\(args[2].pythonStr))")
      }
    ),
    (
      "string_type",
      .function("string_type") { a, _ in .string("character varying(\(a.positional.first?.pythonStr ?? ""))") }
    ),
  ])

  /// What a statement returned: dbt's adapter response and the rows as a table.
  struct Ran {
    var response: Value
    var table: Value
  }

  /// Runs `sql` on the render's connection when `execute` is true; nil while parsing or when
  /// there is no connection. In the deferred pre-run compile a failure marks the node to render
  /// again at run time and yields an empty table.
  static func run(_ sql: String, fetch: Bool, state: RenderState) throws -> Ran? {
    guard let host = state.hostData as? RenderHost, host.phase == .compile else { return nil }
    guard let db = host.database else {
      throw JinjaError.runtime("this node queries the warehouse, but no connection is open")
    }
    if db.deferred { host.recorder.usedDatabase = true }
    let result: QueryResult
    do {
      result = try db.run(sql, fetch: fetch)
    } catch {
      if db.deferred {
        result = QueryResult(columns: [], declaredTypes: [], rows: [])
      } else {
        let reason = (error as? AdapterError)?.message ?? "\(error)"
        var e = JinjaError.runtime("Database Error: \(reason)\n  while running:\n\(sql)")
        e.hint = "the query ran because `execute` is true; guard it with {% if execute %} if it reads a relation built later"
        throw e
      }
    }
    let code = sql.split(whereSeparator: \.isWhitespace).first.map { $0.uppercased() } ?? "OK"
    let response: Value = .dict([
      ("_message", .string("\(code) \(result.rows.count)")), ("code", .string(code)),
      ("rows_affected", .int(result.rows.count)),
    ])
    return Ran(response: response, table: .object(QueryTable(result)))
  }

  static func lookupRelation(database: String?, schema: String, identifier: String, policy: QuotePolicy, state: RenderState)
    -> Value
  {
    guard let host = state.hostData as? RenderHost, host.phase == .compile else { return .none }
    if host.database?.deferred == true { host.recorder.usedDatabase = true }
    let type = host.database?.relationType(schema: schema, name: identifier) ?? host.lookup?(schema, identifier)
    guard let type else { return .none }
    return .object(RelationValue(database: database, schema: schema, identifier: identifier, type: type.rawValue, policy: policy))
  }

  /// `adapter.get_columns_in_relation(relation)`: dbt's Column objects, in table order.
  static func columns(of relation: Value, state: RenderState) throws -> Value {
    guard let host = state.hostData as? RenderHost, host.phase == .compile else { return .list([]) }
    guard case .object(let o) = relation, let r = o as? RelationValue else {
      throw JinjaError.type("get_columns_in_relation() takes a relation")
    }
    guard let db = host.database else { return .list([]) }
    if db.deferred { host.recorder.usedDatabase = true }
    let cols = (try? db.columns(schema: r.schema, name: r.identifier)) ?? []
    return .list(cols.map { .object(ColumnValue(name: $0.name, type: $0.type, adapter: db.adapterType)) })
  }
}

/// `load_result(name)`: dbt's dict of `response`, `data` (rows as tuples) and `table`.
struct StatementResult {
  var response: Value
  var table: Value
  var value: Value {
    var data: [Value] = []
    if case .object(let o) = table, let t = o as? QueryTable { data = t.rows.map { .tuple($0) } }
    return .dict([("response", response), ("data", .list(data)), ("table", table)])
  }
}

extension SQLValue {
  /// The template value of a cell: ints, floats, strings, none.
  var jinjaValue: Value {
    switch self {
    case .null: .none
    case .integer(let i): .int(Int(i))
    case .real(let d): .float(d)
    case .text(let s): .string(s)
    case .blob(let b): .string(String(decoding: b, as: UTF8.self))
    }
  }
}

/// An agate table as dbt hands it to templates: `rows`, `columns` (by index or name, each with
/// `values()`), `column_names`; iterating it gives its rows.
final class QueryTable: JinjaObject {
  let names: [String]
  let rows: [[Value]]

  init(_ r: QueryResult) {
    names = r.columns
    rows = r.rows.map { $0.map(\.jinjaValue) }
  }

  var renderedText: String { "<agate.table.Table object>" }
  var typeName: String { "Table" }
  func iterate() -> [Value]? { rowValues }
  var rowValues: [Value] { rows.map { .object(QueryRow(names: names, values: $0)) } }

  func attribute(_ name: String) -> Value? {
    switch name {
    case "rows": return .list(rowValues)
    case "column_names": return .tuple(names.map { .string($0) })
    case "columns":
      return .object(QueryColumns(names: names, columns: names.indices.map { i in rows.map { $0[i] } }))
    case "print_table": return .function("print_table") { _, _ in .none }
    default: return nil
    }
  }

  func item(_ key: Value) -> Value? {
    if case .int(let i) = key { return rowValues.indices.contains(i) ? rowValues[i] : nil }
    if case .string(let s) = key { return attribute(s) }
    return nil
  }
}

/// `table.columns`: columns by position or name; a column's `values()` is a tuple.
final class QueryColumns: JinjaObject {
  let names: [String]
  let columns: [[Value]]
  init(names: [String], columns: [[Value]]) {
    self.names = names
    self.columns = columns
  }
  var renderedText: String { "<agate.mapped_sequence.MappedSequence: (\(names.map { "'\($0)'" }.joined(separator: ", ")))>" }
  func attribute(_ name: String) -> Value? { item(.string(name)) }
  func iterate() -> [Value]? { names.indices.map { column($0) } }
  func column(_ i: Int) -> Value { .object(QueryColumn(name: names[i], values: columns[i])) }
  func item(_ key: Value) -> Value? {
    switch key {
    case .int(let i):
      let j = i < 0 ? names.count + i : i
      return names.indices.contains(j) ? column(j) : nil
    case .string(let s):
      if let j = names.firstIndex(of: s) { return column(j) }
      if s == "keys" { return .function("keys") { [names] _, _ in .tuple(names.map { .string($0) }) } }
      return nil
    default: return nil
    }
  }
}

/// An agate column: `name`, `values()`, iteration over its values.
final class QueryColumn: JinjaObject {
  let name: String
  let values: [Value]
  init(name: String, values: [Value]) {
    self.name = name
    self.values = values
  }
  var renderedText: String { "<agate.Column: (\(values.map(\.pythonRepr).joined(separator: ", ")))>" }
  var typeName: String { "Column" }
  func iterate() -> [Value]? { values }
  func attribute(_ attr: String) -> Value? {
    switch attr {
    case "name": return .string(name)
    case "values", "values_distinct":
      return .function(attr) { [values] _, _ in
        var seen = Set<Value>()
        return .tuple(attr == "values" ? values : values.filter { seen.insert($0).inserted })
      }
    default: return nil
    }
  }
  func item(_ key: Value) -> Value? {
    guard case .int(let i) = key else { return nil }
    let j = i < 0 ? values.count + i : i
    return values.indices.contains(j) ? values[j] : nil
  }
}

/// An agate row: `row[0]`, `row['name']`, `row.name`, iteration over its values, `keys()`,
/// `values()`, `dict()`.
final class QueryRow: JinjaObject {
  let names: [String]
  let values: [Value]
  init(names: [String], values: [Value]) {
    self.names = names
    self.values = values
  }
  var renderedText: String { "<agate.Row: (\(values.map(\.pythonRepr).joined(separator: ", ")))>" }
  var typeName: String { "Row" }
  func iterate() -> [Value]? { values }
  func attribute(_ name: String) -> Value? {
    switch name {
    case "keys": return .function("keys") { [names] _, _ in .tuple(names.map { .string($0) }) }
    case "values": return .function("values") { [values] _, _ in .tuple(values) }
    case "items":
      return .function("items") { [names, values] _, _ in .list(zip(names, values).map { .tuple([.string($0), $1]) }) }
    case "dict":
      return .function("dict") { [names, values] _, _ in .dict(zip(names, values).map { ($0, $1) }) }
    default: return names.firstIndex(of: name).map { values[$0] }
    }
  }
  func item(_ key: Value) -> Value? {
    switch key {
    case .int(let i):
      let j = i < 0 ? values.count + i : i
      return values.indices.contains(j) ? values[j] : nil
    case .string(let s): return names.firstIndex(of: s).map { values[$0] }
    default: return nil
    }
  }
}

/// dbt's `Column` (`adapters/base/column.py`): `name`, `column`, `quoted`, `data_type`,
/// `dtype`, `char_size` and the `is_*` predicates.
final class ColumnValue: JinjaObject {
  let name: String
  let type: String
  let adapter: AdapterType
  init(name: String, type: String, adapter: AdapterType) {
    self.name = name
    self.type = type
    self.adapter = adapter
  }
  var renderedText: String { "<Column \(name) (\(type))>" }
  var typeName: String { "Column" }
  var base: String { type.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "" }
  var isString: Bool { ["text", "character varying", "varchar", "character", "char", "string"].contains(base) }
  var isInteger: Bool { ["int", "integer", "bigint", "smallint", "tinyint", "serial", "bigserial", "int2", "int4", "int8"].contains(base) }
  var isFloat: Bool { ["real", "float", "float4", "float8", "double precision", "double"].contains(base) }
  var isNumeric: Bool { ["numeric", "decimal", "num"].contains(base) }

  func attribute(_ attr: String) -> Value? {
    let predicate: (Bool) -> Value = { v in .function(attr) { _, _ in .bool(v) } }
    switch attr {
    case "name", "column": return .string(name)
    case "quoted": return .string("\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    case "data_type": return .string(type)
    case "dtype": return .string(type.split(separator: "(").first.map(String.init) ?? type)
    case "char_size":
      return SchemaChange.stringSize(type).flatMap { $0 == 10_485_760 ? nil : Value.int($0) } ?? Value.none
    case "is_string": return predicate(isString)
    case "is_integer": return predicate(isInteger)
    case "is_float": return predicate(isFloat)
    case "is_numeric": return predicate(isNumeric)
    case "is_number": return predicate(isInteger || isFloat || isNumeric)
    case "string_size": return .function(attr) { [type] _, _ in .int(SchemaChange.stringSize(type) ?? 256) }
    default: return nil
    }
  }
}
