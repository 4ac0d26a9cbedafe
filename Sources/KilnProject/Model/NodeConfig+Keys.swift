import Foundation

extension NodeConfig {
  /// Config keys Kiln types in `NodeConfig`, in dbt's spelling.
  public static let typedKeys: [String] = [
    "materialized", "schema", "alias", "database", "tags", "enabled", "pre_hook", "post_hook",
    "unique_key", "incremental_strategy", "on_schema_change", "meta", "docs", "persist_docs",
    "full_refresh", "column_types", "delimiter", "quote_columns", "grants", "contract",
    "severity", "where", "store_failures", "store_failures_as", "limit", "warn_if", "error_if",
    "fail_calc", "strategy", "updated_at", "check_cols", "target_schema", "target_database",
  ]

  /// Config keys dbt (core, postgres, sqlite) knows that Kiln keeps untyped in `extra`.
  public static let untypedKnownKeys: [String] = [
    "quoting", "group", "access", "docs", "sql_header", "incremental_predicates",
    "merge_update_columns", "merge_exclude_columns", "indexes", "unlogged",
    "on_configuration_change",
    "batch_size", "event_time", "lookback", "begin", "concurrent_batches", "packages",
    "snapshot_meta_column_names", "hard_deletes", "invalidate_hard_deletes", "dbt_valid_to_current",
    "static_analysis", "freshness", "loaded_at_field", "loaded_at_query", "column_name",
    "labels", "python_version", "submission_method", "transient", "copy_grants", "file_format",
    "location_root", "partition_by", "cluster_by", "sort", "dist", "bind", "catalog",
    "catalog_name", "table_format", "schema_name",
  ]

  /// Every config key that does not trigger an "unknown config key" warning.
  public static let knownKeys: Set<String> = Set(typedKeys + untypedKnownKeys)

  /// Known configs whose value is a mapping; written without `+` in `dbt_project.yml` they are
  /// still configs when no subfolder of that name exists.
  static let mappingKeys: Set<String> = [
    "meta", "docs", "persist_docs", "grants", "column_types", "contract", "quoting",
    "snapshot_meta_column_names", "freshness",
  ]

  /// dbt's spelling of a key: `+` stripped, `pre-hook`/`post-hook` as `pre_hook`/`post_hook`.
  public static func canonicalKey(_ key: String) -> String {
    var k = key.hasPrefix("+") ? String(key.dropFirst()) : key
    k = k.trimmingCharacters(in: .whitespaces)
    switch k {
    case "pre-hook": return "pre_hook"
    case "post-hook": return "post_hook"
    case "data-type": return "data_type"
    default: return k
    }
  }
}
