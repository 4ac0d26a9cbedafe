import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject
import OrderedCollections

/// A column as the warehouse describes it.
public struct CatalogColumn: Sendable, Hashable {
  /// Its name.
  public var name: String
  /// Its type as the database spells it (`INTEGER`, `character varying(20)`).
  public var type: String
  /// 1-based position.
  public var index: Int
  /// The column comment, if the database has one.
  public var comment: String?
}

/// One relation of the warehouse that a node or source maps to.
public struct CatalogEntry: Sendable, Hashable {
  /// The node or source unique id.
  public var uniqueID: String
  /// dbt's `metadata.type`: `table`/`view` on SQLite, `BASE TABLE`/`VIEW` on PostgreSQL.
  public var type: String
  /// The database (nil on SQLite).
  public var database: String?
  /// The schema.
  public var schema: String
  /// The relation name.
  public var name: String
  /// The relation comment.
  public var comment: String?
  /// The owner (PostgreSQL).
  public var owner: String?
  /// Columns in order.
  public var columns: [CatalogColumn]
  /// Row count, where the database knows it cheaply.
  public var rowCount: Int?
}

/// What `catalog.json` holds: every built relation of the project and its sources.
public struct Catalog: Sendable {
  /// Model, seed and snapshot relations by unique id.
  public var nodes: OrderedDictionary<String, CatalogEntry> = [:]
  /// Source tables by unique id.
  public var sources: OrderedDictionary<String, CatalogEntry> = [:]
  /// Errors met while reading (a relation that could not be described).
  public var errors: [String] = []

  /// Creates an empty catalog.
  public init() {}

  /// The column names of a node or source, when the warehouse has its relation.
  public func columns(of id: String) -> [String]? {
    (nodes[id] ?? sources[id]).map { $0.columns.map(\.name) }
  }
}

/// Reads the catalog from the warehouse: `pragma_table_info` on SQLite, `pg_catalog` on
/// PostgreSQL (one query for all schemas, with comments, owners and `reltuples`).
public enum CatalogReader {
  /// The relations a catalog describes: unique id, schema, name, is-source.
  struct Wanted {
    var id: String
    var database: String?
    var schema: String
    var name: String
    var isSource: Bool
  }

  static func wanted(_ parsed: ParsedProject) -> [Wanted] {
    var out: [Wanted] = []
    for p in parsed.nodes.values {
      let t = p.node.resourceType
      guard t == .model || t == .seed || t == .snapshot, p.materialized != "ephemeral" else { continue }
      out.append(Wanted(id: p.id, database: p.database, schema: p.schema, name: p.alias, isSource: false))
    }
    for (id, s) in parsed.project.sources {
      out.append(
        Wanted(id: id, database: s.database ?? parsed.session.profile.database, schema: s.schema, name: s.identifier, isSource: true))
    }
    return out
  }

  /// How many relations the project expects in the warehouse.
  public static func relationCount(_ parsed: ParsedProject) -> Int { wanted(parsed).count }

  /// Describes every relation of the project found in the warehouse; missing ones are left out.
  public static func read(_ parsed: ParsedProject, connection: any DatabaseConnection) -> Catalog {
    let wanted = wanted(parsed)
    var catalog = Catalog()
    let found: [String: CatalogEntry]
    do {
      switch connection.adapterType {
      case .sqlite: found = try sqlite(wanted, connection)
      case .postgres: found = try postgres(wanted, connection, database: parsed.session.profile.database)
      }
    } catch {
      catalog.errors.append("\(error)")
      return catalog
    }
    for w in wanted {
      guard let e = found[w.id] else { continue }
      if w.isSource { catalog.sources[w.id] = e } else { catalog.nodes[w.id] = e }
    }
    return catalog
  }

  static func sqlite(_ wanted: [Wanted], _ db: any DatabaseConnection) throws -> [String: CatalogEntry] {
    var out: [String: CatalogEntry] = [:]
    var types: [String: [String: String]] = [:]
    for w in wanted {
      let schemaKey = w.schema.lowercased()
      if types[schemaKey] == nil {
        // One read of the schema's sqlite_master; a schema that is not attached has nothing.
        let rows = (try? db.query("select lower(name), type from \(db.quote(w.schema)).sqlite_master where type in ('table', 'view')").rows) ?? []
        types[schemaKey] = Dictionary(rows.map { ($0[0].textValue ?? "", $0[1].textValue ?? "") }, uniquingKeysWith: { a, _ in a })
      }
      guard let type = types[schemaKey]?[w.name.lowercased()] else { continue }
      let cols = try db.query("select name, type, cid from pragma_table_info(?, ?) order by cid", [.text(w.name), .text(w.schema)])
        .rows.map { r in
          CatalogColumn(name: r[0].textValue ?? "", type: r[1].textValue ?? "", index: Int(r[2].integerValue ?? 0) + 1, comment: nil)
        }
      var rows: Int?
      if type == "table" {
        // A table's count walks its b-tree once: cheap at the sizes SQLite warehouses have.
        rows = try db.query("select count(*) from \(db.quote(w.schema)).\(db.quote(w.name))").scalar?.integerValue.map { Int($0) }
      }
      out[w.id] = CatalogEntry(
        uniqueID: w.id, type: type, database: nil, schema: w.schema, name: w.name, comment: nil, owner: nil,
        columns: cols, rowCount: rows)
    }
    return out
  }

  static func postgres(_ wanted: [Wanted], _ db: any DatabaseConnection, database: String?) throws -> [String: CatalogEntry] {
    let schemas = Array(Set(wanted.map(\.schema))).sorted()
    let array = "{" + schemas.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
    let result = try db.query(
      """
      select n.nspname::text, c.relname::text,
        case c.relkind when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW' else 'BASE TABLE' end,
        pg_catalog.obj_description(c.oid, 'pg_class'), pg_catalog.pg_get_userbyid(c.relowner)::text,
        c.reltuples::bigint, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnum::int,
        pg_catalog.col_description(c.oid, a.attnum)
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = any($1::text[]) and c.relkind in ('r', 'v', 'm', 'p', 'f')
      order by n.nspname, c.relname, a.attnum
      """, [.text(array)])
    var byName: [String: CatalogEntry] = [:]
    for r in result.rows {
      let schema = r[0].textValue ?? "", name = r[1].textValue ?? ""
      let key = schema + "\u{0}" + name
      var e = byName[key] ?? CatalogEntry(
        uniqueID: "", type: r[2].textValue ?? "BASE TABLE", database: database, schema: schema, name: name,
        comment: r[3].textValue, owner: r[4].textValue, columns: [],
        // reltuples is -1 (or 0) until the table is first vacuumed or analysed.
        rowCount: (r[2].textValue == "VIEW") ? nil : r[5].integerValue.flatMap { $0 >= 0 ? Int($0) : nil })
      e.columns.append(
        CatalogColumn(name: r[6].textValue ?? "", type: r[7].textValue ?? "", index: Int(r[8].integerValue ?? 0), comment: r[9].textValue))
      byName[key] = e
    }
    var out: [String: CatalogEntry] = [:]
    for w in wanted {
      // Unquoted names fold to lower case in PostgreSQL; Kiln's relation names are as written.
      guard var e = byName[w.schema + "\u{0}" + w.name] ?? byName[w.schema.lowercased() + "\u{0}" + w.name.lowercased()] else { continue }
      e.uniqueID = w.id
      out[w.id] = e
    }
    return out
  }
}

/// Writes `target/catalog.json` in dbt's v1 layout.
public enum CatalogWriter {
  /// The catalog document.
  public static func json(_ catalog: Catalog, parsed: ParsedProject, generatedAt: Date = Date()) -> JSON {
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    func entry(_ e: CatalogEntry) -> JSON {
      var stats: [(String, JSON)] = []
      if let n = e.rowCount {
        stats.append(
          ("row_count", .object([
            ("id", .string("row_count")), ("label", .string("Row Count")), ("value", .int(n)), ("include", .bool(true)),
            ("description", .string(parsed.session.adapterType == .postgres ? "Approximate count of rows in this table" : "Number of rows in this table")),
          ])))
      }
      stats.append(
        ("has_stats", .object([
          ("id", .string("has_stats")), ("label", .string("Has Stats?")), ("value", .bool(!stats.isEmpty)),
          ("include", .bool(false)), ("description", .string("Indicates whether there are statistics for this table")),
        ])))
      return .object([
        (
          "metadata",
          .object([
            ("type", .string(e.type)), ("schema", .string(e.schema)), ("name", .string(e.name)),
            ("database", .opt(e.database)), ("comment", .opt(e.comment)), ("owner", .opt(e.owner)),
          ])
        ),
        (
          "columns",
          .object(e.columns.map { c in
            (c.name, .object([("type", .string(c.type)), ("index", .int(c.index)), ("name", .string(c.name)), ("comment", .opt(c.comment))]))
          })
        ),
        ("stats", .object(stats)), ("unique_id", .string(e.uniqueID)),
      ])
    }
    return .object([
      (
        "metadata",
        .object([
          ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/catalog/v1.json")),
          ("dbt_version", .string("1.10.0")), ("generated_at", .string(iso.string(from: generatedAt))),
          ("invocation_id", .string(parsed.session.invocationID)),
          ("invocation_started_at", .string(iso.string(from: parsed.session.runStartedAt))), ("env", .object([])),
        ])
      ),
      ("nodes", .object(catalog.nodes.map { ($0.key, entry($0.value)) })),
      ("sources", .object(catalog.sources.map { ($0.key, entry($0.value)) })),
      ("errors", catalog.errors.isEmpty ? .null : .array(catalog.errors.map { .string($0) })),
    ])
  }
}
