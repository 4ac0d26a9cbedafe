/// What the DDL-shaping configs need to read from Postgres before planning: current grants
/// (`grants` revokes what the config no longer lists) and materialized views (refreshed when
/// their definition is unchanged).
extension PGConnection {
  /// Privileges on `schema.name` granted by the current role to others, by privilege
  /// (dbt-postgres' `get_show_grant_sql`: `information_schema.role_table_grants`).
  public func grants(schema: String, name: String) throws -> [String: [String]] {
    let rows = try internalQuery(
      """
      select lower(privilege_type)::text, grantee::text
      from information_schema.role_table_grants
      where grantor = current_role and grantee <> current_role
        and table_schema = $1 and table_name = $2
      order by 1, 2
      """, [.text(schema), .text(name)])
    var out: [String: [String]] = [:]
    for r in rows {
      guard let p = r[0].textValue, let g = r[1].textValue else { continue }
      out[p, default: []].append(g)
    }
    return out
  }

  /// Whether `schema.name` is a materialized view.
  public func isMaterializedView(schema: String, name: String) throws -> Bool {
    try !internalQuery(
      """
      select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and c.relkind = 'm'
      """, [.text(schema), .text(name)]
    ).isEmpty
  }

  /// Whether `sql` defines what the view or materialized view `schema.name` holds: a
  /// temporary view of `sql` is created and both definitions printed by `pg_get_viewdef`
  /// in this session are compared.
  public func hasDefinition(_ sql: String, schema: String, name: String) throws -> Bool {
    try unrecorded {
      let scratch = PostgresDialect.quote("kiln__definition")
      try execute("drop view if exists pg_temp.\(scratch)")
      try execute("create temporary view \(scratch) as\n\(sql)")
      defer { try? execute("drop view if exists pg_temp.\(scratch)") }
      let rows = try internalQuery(
        """
        select pg_catalog.pg_get_viewdef('pg_temp.kiln__definition'::regclass) = pg_catalog.pg_get_viewdef(c.oid)
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2
        """, [.text(schema), .text(name)])
      return rows.first?.first == .integer(1) || rows.first?.first?.textValue == "t"
        || rows.first?.first?.textValue == "true"
    }
  }
}
