/// Keyword tables, as data, shared by both dialects.
enum Keywords {
  /// Words that end an expression or a clause, so they are never a bare alias or column name.
  static let reserved: Set<String> = [
    "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CROSS", "DESC", "DISTINCT", "ELSE", "END",
    "ESCAPE", "EXCEPT", "EXISTS", "FETCH", "FOR", "FROM", "FULL", "GLOB", "GROUP", "HAVING",
    "ILIKE", "IN", "INNER", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LATERAL", "LEFT", "LIKE",
    "LIMIT", "MATCH", "NATURAL", "NOT", "NOTNULL", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER",
    "OVER", "QUALIFY", "REGEXP", "RETURNING", "RIGHT", "SELECT", "SIMILAR", "THEN", "UNION", "USING",
    "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN", "COLLATE", "INDEXED",
  ]

  /// Reserved words that are also function names when `(` follows: `left(s, 2)`, `right(…)`.
  static let functionKeywords: Set<String> = ["LEFT", "RIGHT", "REPLACE", "FILTER", "GLOB", "LIKE", "MATCH", "REGEXP"]

  /// Predicates that may be preceded by `not`.
  static let negatable: Set<String> = ["BETWEEN", "IN", "LIKE", "ILIKE", "GLOB", "REGEXP", "MATCH", "SIMILAR"]

  /// Words that continue a type name: `double precision`, `timestamp with time zone`.
  static let typeWords: Set<String> = ["PRECISION", "VARYING", "WITH", "WITHOUT", "TIME", "ZONE", "LOCAL"]

  /// Units after an interval literal (`interval '1' day`).
  static let intervalUnits: Set<String> = [
    "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO", "YEARS", "MONTHS", "DAYS", "HOURS",
    "MINUTES", "SECONDS",
  ]

  /// Keywords that separate arguments in `substring(x from a for b)`, `position(a in b)`,
  /// `overlay(x placing y from a for b)`.
  static let argumentSeparators: Set<String> = ["FROM", "FOR", "IN", "PLACING"]

  /// Aggregate functions of SQLite and PostgreSQL (their value summarises rows).
  static let aggregates: Set<String> = [
    "count", "sum", "avg", "min", "max", "total", "group_concat", "string_agg", "array_agg",
    "json_agg", "jsonb_agg", "json_group_array", "json_group_object", "json_object_agg",
    "jsonb_object_agg", "bool_and", "bool_or", "every", "bit_and", "bit_or", "stddev",
    "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "percentile_cont",
    "percentile_disc", "mode", "corr", "covar_pop", "covar_samp", "regr_slope", "median",
  ]
}
