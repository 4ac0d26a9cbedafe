/// A name as written: its parts (`schema.table` has two) and whether each was quoted.
public struct QualifiedName: Sendable, Hashable {
  /// The parts, unescaped.
  public var parts: [String]
  /// Byte range of the whole name.
  public var range: Range<Int>
  /// Creates a name.
  public init(parts: [String], range: Range<Int>) {
    self.parts = parts
    self.range = range
  }
  /// The last part.
  public var last: String { parts.last ?? "" }
}

/// A scalar expression, reduced to what lineage needs: which columns it reads, through which
/// sub-queries, and whether it is a bare column.
public indirect enum Expr: Sendable {
  /// A column reference `c`, `t.c` or `s.t.c`.
  case column(QualifiedName)
  /// `*` or `t.*` (only in a select list or `count(*)`).
  case star(qualifier: QualifiedName?)
  /// A literal or parameter (no column is read).
  case literal
  /// A function call; `window` holds its `over (partition by … order by …)` expressions.
  case call(name: String, args: [Expr], window: [Expr], filter: Expr?)
  /// `case [operand] when … then … else … end`.
  case caseWhen(operand: Expr?, branches: [(Expr, Expr)], otherwise: Expr?)
  /// `cast(x as t)` or `x::t`.
  case cast(Expr, type: String)
  /// Any operator applied to operands (`a + b`, `not a`, `a between b and c`, `a in (…)`).
  case op(String, [Expr])
  /// A scalar sub-query, `exists (…)` or the right side of `in (…)`.
  case subquery(Query)
}

/// One item of a select list.
public struct SelectItem: Sendable {
  /// The expression.
  public var expr: Expr
  /// `as alias` (or a bare alias), unescaped.
  public var alias: String?
  /// The source text of the expression, for the column name of an unaliased expression.
  public var text: String
  /// Byte range of the item.
  public var range: Range<Int>
}

/// How two relations are joined.
public enum JoinKind: String, Sendable, Hashable {
  case inner, left, right, full, cross
}

/// A relation in a `from` clause.
public indirect enum TableRef: Sendable {
  /// A named table, view or CTE, with an optional alias and column aliases.
  case table(QualifiedName, alias: String?, columnAliases: [String])
  /// A derived table `(select …) as alias`.
  case derived(Query, alias: String?, columnAliases: [String])
  /// A table function `generate_series(…) as g(x)`; its arguments may read columns.
  case function(name: String, args: [Expr], alias: String?, columnAliases: [String])
  /// `left join right on … / using (…)`.
  case join(JoinKind, TableRef, TableRef, on: Expr?, using: [String])
}

/// A `select` block.
public struct Select: Sendable {
  /// `distinct` or `distinct on (…)` expressions (empty for plain `distinct`).
  public var distinctOn: [Expr] = []
  /// The select list.
  public var items: [SelectItem] = []
  /// The `from` relations (comma-separated ones are cross joins).
  public var from: [TableRef] = []
  /// `where`.
  public var filter: Expr?
  /// `group by` expressions.
  public var groupBy: [Expr] = []
  /// `group by 1, 2`: 1-based select-list positions.
  public var groupByPositions: [Int] = []
  /// `having`.
  public var having: Expr?
  /// Named windows (`window w as (…)`), their expressions.
  public var windows: [String: [Expr]] = [:]
}

/// A set-operation tree of select blocks.
public indirect enum QueryBody: Sendable {
  /// One `select`.
  case select(Select)
  /// `values (…), (…)`.
  case values([[Expr]])
  /// `left union|intersect|except [all] right`.
  case setOperation(String, QueryBody, QueryBody)
  /// A parenthesised query with its own `with`/`order by`.
  case nested(Query)
}

/// A common table expression.
public struct CTE: Sendable {
  /// Its name, unescaped.
  public var name: String
  /// `name(a, b) as (…)` column names.
  public var columnAliases: [String]
  /// The query.
  public var query: Query
}

/// A full query: `with …`, the body, `order by`/`limit`.
public struct Query: Sendable {
  /// CTEs in order.
  public var ctes: [CTE] = []
  /// Whether `with recursive`.
  public var recursive = false
  /// The body.
  public var body: QueryBody
  /// `order by` expressions (they do not change values).
  public var orderBy: [Expr] = []
}
