import KilnProject

/// The statements that run a data test: dbt's wrapper (`get_test_sql`), which turns the
/// failing-row query into one row of `failures`, `should_warn`, `should_error`, and the
/// preview query Kiln prints for a failing test.
public enum TestQuery {
  /// Rows of a failing test shown on the console.
  public static let previewRows = 5

  /// `select <fail_calc> as failures, <fail_calc> <warn_if> as should_warn, <fail_calc>
  /// <error_if> as should_error from (<sql> [limit N]) dbt_internal_test`.
  public static func wrapper(_ sql: String, config: NodeConfig) -> String {
    let failCalc = config.failCalc ?? "count(*)"
    let limit = config.limit.map { "\n      limit \($0)" } ?? ""
    return """

          select
            \(failCalc) as failures,
            \(failCalc) \(config.warnIf ?? "!= 0") as should_warn,
            \(failCalc) \(config.errorIf ?? "!= 0") as should_error
          from (
      \(sql)\(limit)
          ) dbt_internal_test
      """
  }

  /// The first failing rows of the test query.
  public static func preview(_ sql: String, config: NodeConfig) -> String {
    let n = min(previewRows, config.limit ?? previewRows)
    return "select * from (\n\(sql)\n) dbt_internal_test limit \(n)"
  }

  /// Whether `severity` is `warn` (case-insensitive): such a test never fails.
  public static func isWarnOnly(_ config: NodeConfig) -> Bool {
    config.severity?.trimmingCharacters(in: .whitespaces).uppercased() == "WARN"
  }
}
