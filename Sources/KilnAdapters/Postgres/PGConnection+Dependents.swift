import Foundation

extension PGConnection {
  /// The advisory lock that serializes changes to dependent views: a plan that drops and
  /// recreates them takes it (`pg_advisory_xact_lock`) first, and reading them takes it shared,
  /// so two builds never rebuild the same view at once (a seed and a view both under
  /// `stg_events`, say) and a read never sees a view another build is replacing.
  public static let dependentViewsLockKey: Int64 = 0x6B69_6C6E  // "kiln"

  /// Every view that reads `schema.name`, directly or through other views, ordered by depth
  /// (deepest reference path) then name, with its definition from `pg_get_viewdef`.
  ///
  /// Postgres binds views to a table's OID, so after the table is renamed aside they would
  /// read the old copy, and dropping it would need `cascade`; the planner drops these views
  /// first and recreates them from these definitions instead.
  public func dependentViews(schema: String, name: String) throws -> [DependentView] {
    let lock = isInTransaction ? nil : Self.dependentViewsLockKey
    if let lock { _ = try internalQuery("select pg_catalog.pg_advisory_lock_shared(\(lock))") }
    defer { if let lock { _ = try? internalQuery("select pg_catalog.pg_advisory_unlock_shared(\(lock))") } }
    let rows = try internalQuery(
      """
      with recursive target as (
        select c.oid from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2
      ), deps(oid, depth) as (
        select r.ev_class, 1
        from pg_catalog.pg_depend d
        join pg_catalog.pg_rewrite r on r.oid = d.objid
        join target t on d.refobjid = t.oid
        where d.classid = 'pg_catalog.pg_rewrite'::regclass
          and d.refclassid = 'pg_catalog.pg_class'::regclass and r.ev_class <> t.oid
        union all
        select r.ev_class, deps.depth + 1
        from deps
        join pg_catalog.pg_depend d on d.refobjid = deps.oid
        join pg_catalog.pg_rewrite r on r.oid = d.objid
        where d.classid = 'pg_catalog.pg_rewrite'::regclass
          and d.refclassid = 'pg_catalog.pg_class'::regclass and r.ev_class <> deps.oid
      )
      select n.nspname::text, c.relname::text, pg_catalog.pg_get_viewdef(c.oid),
        coalesce(pg_catalog.array_to_string(c.reloptions, ','), ''), max(deps.depth), c.relkind::text,
        coalesce((select string_agg(i.indexdef, E'\n' order by i.indexname) from pg_catalog.pg_indexes i
          where i.schemaname = n.nspname and i.tablename = c.relname), '')
      from deps
      join pg_catalog.pg_class c on c.oid = deps.oid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('v', 'm')
      group by c.oid, n.nspname, c.relname, c.relkind
      order by max(deps.depth), n.nspname collate "C", c.relname collate "C"
      """, [.text(schema), .text(name)])
    return rows.map { row in
      var definition = (row[2].textValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      if definition.hasSuffix(";") { definition.removeLast() }
      let options = (row[3].textValue ?? "").split(separator: ",").map(String.init)
      var view = DependentView(
        schema: row[0].textValue ?? "", name: row[1].textValue ?? "", definition: definition,
        options: options, depth: Int(row[4].integerValue ?? 1))
      view.materialized = row[5].textValue == "m"
      view.indexes = (row[6].textValue ?? "").split(separator: "\n").map(String.init)
      return view
    }
  }
}
