import KilnJinja
import KilnProject

/// dbt's `store_failures` / `store_failures_as` rules (dbt-core `TestConfig.finalize_and_validate`
/// and `should_store_failures`): `store_failures_as` wins over `store_failures` at any level
/// (`ephemeral` means "do not store"); with neither set, `--store-failures` decides. As in dbt,
/// `store_failures: false` does not turn the flag off for one test; `store_failures_as:
/// ephemeral` does not either (dbt only looks at a true config before the flag).
extension NodeConfig {
  /// The derived `store_failures`: from `store_failures_as` when set, else as configured.
  public var derivedStoreFailures: Bool? {
    if let a = storeFailuresAs { return a != "ephemeral" }
    return storeFailures
  }

  /// Whether a test stores its failing rows, given the `--store-failures` flag.
  public func storesFailures(flag: Bool) -> Bool {
    derivedStoreFailures == true || flag
  }

  /// The relation type stored failures are created as (`table` unless `store_failures_as` says
  /// `view`); anything else is reported by the runner as dbt's compiler error.
  public var storeFailuresRelationType: String {
    guard let a = storeFailuresAs, a != "ephemeral" else { return "table" }
    return a
  }
}

enum StoreFailuresFunction {
  /// `should_store_failures()`, which dbt's `not_null` uses to select `*` instead of the column.
  static func value(flag: Bool) -> Value {
    .function("should_store_failures") { _, state in
      .bool((state.hostData as? RenderHost)?.config?.storesFailures(flag: flag) ?? flag)
    }
  }
}
