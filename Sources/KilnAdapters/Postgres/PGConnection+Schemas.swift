extension PGConnection {
  /// `table` or `view` for `schema.name` from `pg_class`; nil if absent.
  ///
  /// Partitioned and foreign tables count as tables, materialized views as views (dbt-postgres
  /// lists `m` relations as views too, in `postgres__list_relations_without_caching`).
  public func relationType(schema: String, name: String) throws -> RelationType? {
    let rows = try internalQuery(
      """
      select c.relkind::text from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'f', 'v', 'm')
      """, [.text(schema), .text(name)])
    return rows.first?.first?.textValue.flatMap(Self.relationType(relkind:))
  }

  /// Tables and views in `schema`, sorted by name in byte order (`collate "C"`).
  public func listRelations(schema: String) throws -> [Relation] {
    let rows = try internalQuery(
      """
      select current_database()::text, c.relname::text, c.relkind::text
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm')
      order by c.relname collate "C"
      """, [.text(schema)])
    return rows.compactMap { row in
      guard let name = row[1].textValue,
        let type = row[2].textValue.flatMap(Self.relationType(relkind:))
      else { return nil }
      return Relation(database: row[0].textValue, schema: schema, identifier: name, type: type)
    }
  }

  /// Columns of `schema.name` in table order, typed as `format_type` spells them
  /// (`integer`, `character varying(20)`, `timestamp without time zone`).
  ///
  /// Positions count the live columns from 1, so a dropped column leaves no gap.
  public func columns(schema: String, name: String) throws -> [DatabaseColumn] {
    let rows = try internalQuery(
      """
      select a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
        row_number() over (order by a.attnum)
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
      order by a.attnum
      """, [.text(schema), .text(name)])
    return rows.map { row in
      DatabaseColumn(
        name: row[0].textValue ?? "", type: row[1].textValue ?? "",
        position: Int(row[2].integerValue ?? 0))
    }
  }

  /// Runs `create schema if not exists "name"` (not recorded, like the adapter's other
  /// introspection; the server's "already exists, skipping" notice is dropped).
  ///
  /// Two sessions creating the same schema at once make the slower one fail with a unique
  /// violation (`if not exists` checks before inserting); outside a transaction that only
  /// means the schema exists now, so it counts as success.
  public func ensureSchema(_ name: String) throws {
    let before = notices.count
    defer { dropNotices(after: before) }
    do {
      _ = try exec("create schema if not exists \(PostgresDialect.quote(name))", [])
    } catch let e as AdapterError where !isInTransaction && (e.sqlState == "23505" || e.sqlState == "42P06") {
      return
    }
  }

  private static func relationType(relkind: String) -> RelationType? {
    switch relkind {
    case "r", "p", "f": .table
    case "v", "m": .view
    default: nil
    }
  }
}
