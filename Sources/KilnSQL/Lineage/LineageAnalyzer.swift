/// Upstream columns of a value, each with the most direct derivation seen.
typealias Deps = [SourceColumn: Derivation]

extension Dictionary where Key == SourceColumn, Value == Derivation {
  mutating func merge(_ other: Deps) {
    for (k, v) in other {
      if let old = self[k] { if v < old { self[k] = v } } else { self[k] = v }
    }
  }
  /// Every derivation made at least `level` (a copy inside an expression is a transform).
  func at(least level: Derivation) -> Deps { mapValues { Swift.max($0, level) } }
}

/// The output of a query or relation: named columns with their upstream columns.
struct Relation {
  var columns: [(name: String, deps: Deps)] {
    didSet { index = Relation.index(columns) }
  }
  /// Lower-cased name -> first position, so a lookup is one hash.
  private var index: [String: Int]
  init(columns: [(name: String, deps: Deps)]) {
    self.columns = columns
    self.index = Relation.index(columns)
  }
  static func index(_ columns: [(name: String, deps: Deps)]) -> [String: Int] {
    var out: [String: Int] = [:]
    out.reserveCapacity(columns.count)
    for (i, c) in columns.enumerated() where out[c.name.lowercased()] == nil { out[c.name.lowercased()] = i }
    return out
  }
  func find(_ name: String) -> Deps? {
    index[name.lowercased()].map { columns[$0].deps }
  }
}

/// A relation in a `from` clause under the name it is visible by.
struct SourceEntry {
  /// The alias, or the table's own name, lower-cased.
  var name: String
  /// Its columns, when known.
  var relation: Relation?
  /// Its id (for columns of a table with unknown columns).
  var id: String
}

/// One `select` block's names: its `from` entries, visible CTEs and the enclosing scope for
/// correlated references.
final class Scope {
  let parent: Scope?
  var ctes: [String: Relation]
  var sources: [SourceEntry] = []
  init(parent: Scope?, ctes: [String: Relation]) {
    self.parent = parent
    self.ctes = ctes
  }
  func cte(_ name: String) -> Relation? { ctes[name.lowercased()] ?? parent?.cte(name) }
}

/// Maps each output column of a parsed query to the upstream columns it is computed from.
///
/// Scopes follow sqlglot's lineage: every CTE and derived table is analysed once into a
/// `Relation` whose columns carry their upstream columns, and an outer column reference just
/// looks its relation's column up. `where`, `join … on`, `group by` and `having` columns reach
/// every output column of their block as `.filter`.
public struct LineageAnalyzer {
  let resolve: (QualifiedName) -> RelationInfo?
  let dialect: SQLDialect
  var warnings: [LineageWarning] = []
  var relations: Set<String> = []
  /// CTEs that stand for a relation of their own (dbt's ephemeral models, inlined as
  /// `__dbt__cte__<name>`): their columns come from that relation instead of the CTE body.
  public var relationForCTE: (String) -> RelationInfo? = { _ in nil }

  /// Creates an analyzer; `resolve` names the relation a table reference reads (nil when Kiln
  /// does not know it).
  public init(dialect: SQLDialect, resolve: @escaping (QualifiedName) -> RelationInfo?) {
    self.dialect = dialect
    self.resolve = resolve
  }

  /// Parses `sql` and computes its column lineage.
  ///
  /// ```swift
  /// let l = try LineageAnalyzer.lineage(of: "select a + 1 as b from t", dialect: .sqlite) { name in
  ///   RelationInfo(id: "model.p.t", columns: ["a"])
  /// }
  /// // l.columns[0]: b <- model.p.t.a (transform)
  /// ```
  public static func lineage(
    of sql: String, dialect: SQLDialect, resolve: @escaping (QualifiedName) -> RelationInfo?
  ) throws(SQLSyntaxError) -> StatementLineage {
    let query = try SQLParser.parse(sql, dialect: dialect)
    var a = LineageAnalyzer(dialect: dialect, resolve: resolve)
    return a.lineage(of: query)
  }

  /// The lineage of an already parsed query.
  public mutating func lineage(of query: Query) -> StatementLineage {
    let rel = analyze(query, parent: nil)
    let cols = rel.columns.map { c in
      ColumnLineage(
        name: c.name,
        edges: c.deps.sorted { $0.key < $1.key }.map { LineageEdge(source: $0.key, derivation: $0.value) })
    }
    return StatementLineage(columns: cols, relations: relations.sorted(), warnings: warnings)
  }

  // MARK: - queries

  mutating func analyze(_ q: Query, parent: Scope?) -> Relation {
    let scope = Scope(parent: parent, ctes: [:])
    for cte in q.ctes {
      if let info = relationForCTE(cte.name), let cols = info.columns {
        relations.insert(info.id)
        scope.ctes[cte.name.lowercased()] = Relation(
          columns: cols.map { (name: $0, deps: [SourceColumn(relation: info.id, column: $0): .copy]) })
        continue
      }
      if q.recursive, case .setOperation(_, let anchor, _) = cte.query.body {
        // A recursive CTE reads itself: its anchor defines the columns first.
        var seed = Query(body: anchor)
        seed.ctes = cte.query.ctes
        scope.ctes[cte.name.lowercased()] = renamed(analyze(seed, parent: scope), cte.columnAliases)
      }
      scope.ctes[cte.name.lowercased()] = renamed(analyze(cte.query, parent: scope), cte.columnAliases)
    }
    return body(q.body, scope: scope)
  }

  func renamed(_ r: Relation, _ names: [String]) -> Relation {
    guard !names.isEmpty else { return r }
    var out = r
    for (i, n) in names.enumerated() where i < out.columns.count { out.columns[i].name = n }
    return out
  }

  mutating func body(_ b: QueryBody, scope: Scope) -> Relation {
    switch b {
    case .select(let s):
      return select(s, cteScope: scope)
    case .nested(let q):
      return analyze(q, parent: scope)
    case .values(let rows):
      let width = rows.first?.count ?? 0
      var cols: [(name: String, deps: Deps)] = (0..<width).map {
        (name: dialect == .sqlite ? "column\($0 + 1)" : "column\($0 + 1)", deps: [:])
      }
      for row in rows {
        for (i, e) in row.enumerated() where i < width {
          cols[i].deps.merge(expression(e, in: scope).at(least: .transform))
        }
      }
      return Relation(columns: cols)
    case .setOperation(_, let l, let r):
      var left = body(l, scope: scope)
      let right = body(r, scope: scope)
      if left.columns.count != right.columns.count && !left.columns.contains(where: { $0.name == "*" }) {
        warnings.append(LineageWarning("set operation sides have \(left.columns.count) and \(right.columns.count) columns", at: 0))
      }
      for i in 0..<min(left.columns.count, right.columns.count) { left.columns[i].deps.merge(right.columns[i].deps) }
      return left
    }
  }

  mutating func select(_ s: Select, cteScope: Scope) -> Relation {
    let scope = Scope(parent: cteScope, ctes: [:])
    var conditions: [Expr] = []
    var rows: Deps = [:]
    for t in s.from { addSource(t, to: scope, conditions: &conditions, joinDeps: &rows) }
    let windows = s.windows
    var out: [(name: String, deps: Deps)] = []
    for item in s.items {
      switch item.expr {
      case .star(let q):
        out += expandStar(q, in: scope, at: item.range.lowerBound)
      case .column(let name):
        out.append((item.alias ?? name.last, column(name, in: scope)))
      default:
        out.append((item.alias ?? defaultName(item), expression(item.expr, in: scope, windows: windows).at(least: .transform)))
      }
    }
    // Row-deciding columns: `group by` may name a select-list alias or position.
    for c in conditions { rows.merge(expression(c, in: scope)) }
    if let f = s.filter { rows.merge(expression(f, in: scope)) }
    if let h = s.having { rows.merge(expressionWithAliases(h, in: scope, items: s.items, outputs: out)) }
    for n in s.groupByPositions where n >= 1 && n <= out.count { rows.merge(out[n - 1].deps) }
    for g in s.groupBy { rows.merge(expressionWithAliases(g, in: scope, items: s.items, outputs: out)) }
    for d in s.distinctOn { rows.merge(expressionWithAliases(d, in: scope, items: s.items, outputs: out)) }
    if !rows.isEmpty {
      let f = rows.at(least: .filter)
      for i in out.indices { out[i].deps.merge(f) }
    }
    return Relation(columns: out)
  }

  /// PostgreSQL's and SQLite's default name of an unaliased select item.
  func defaultName(_ item: SelectItem) -> String {
    if dialect == .sqlite { return item.text }
    func name(_ e: Expr) -> String {
      switch e {
      case .column(let n): return n.last
      case .call(let f, _, _, _): return String(f.split(separator: ".").last ?? "?column?")
      case .cast(let inner, let type):
        let n = name(inner)
        return n == "?column?" ? String(type.split(separator: "(").first ?? "?column?") : n
      case .caseWhen: return "case"
      default: return "?column?"
      }
    }
    return name(item.expr)
  }

  mutating func expandStar(_ qualifier: QualifiedName?, in scope: Scope, at offset: Int) -> [(name: String, deps: Deps)] {
    var entries = scope.sources
    if let q = qualifier {
      let key = q.last.lowercased()
      entries = scope.sources.filter { $0.name == key }
      if entries.isEmpty {
        warnings.append(LineageWarning("no relation `\(q.parts.joined(separator: "."))` for `\(q.last).*`", at: q.range.lowerBound))
      }
    }
    var out: [(name: String, deps: Deps)] = []
    for e in entries {
      if let r = e.relation {
        out += r.columns
      } else {
        warnings.append(LineageWarning("cannot expand `*`: the columns of `\(e.id)` are unknown", at: offset))
        out.append((name: "*", deps: [SourceColumn(relation: e.id, column: "*"): .copy]))
      }
    }
    return out
  }

  // MARK: - from clause

  mutating func addSource(_ t: TableRef, to scope: Scope, conditions: inout [Expr], joinDeps: inout Deps) {
    switch t {
    case .table(let name, let alias, let colAliases):
      let visible = (alias ?? name.last).lowercased()
      if name.parts.count == 1, let cte = scope.cte(name.last) {
        scope.sources.append(SourceEntry(name: visible, relation: renamed(cte, colAliases), id: name.last))
        return
      }
      let info = resolve(name) ?? RelationInfo(id: name.parts.joined(separator: "."), columns: nil)
      relations.insert(info.id)
      var rel: Relation?
      if let cols = info.columns {
        rel = renamed(
          Relation(columns: cols.map { (name: $0, deps: [SourceColumn(relation: info.id, column: $0): .copy]) }),
          colAliases)
      }
      scope.sources.append(SourceEntry(name: visible, relation: rel, id: info.id))
    case .derived(let q, let alias, let colAliases):
      let rel = renamed(analyze(q, parent: scope), colAliases)
      scope.sources.append(SourceEntry(name: (alias ?? "").lowercased(), relation: rel, id: alias ?? "subquery"))
    case .function(let name, let args, let alias, let colAliases):
      var deps: Deps = [:]
      for a in args { deps.merge(expression(a, in: scope)) }
      deps = deps.at(least: .transform)
      let names = colAliases.isEmpty ? [alias ?? name] : colAliases
      scope.sources.append(
        SourceEntry(name: (alias ?? name).lowercased(), relation: Relation(columns: names.map { ($0, deps) }), id: name))
    case .join(_, let l, let r, let on, let using):
      addSource(l, to: scope, conditions: &conditions, joinDeps: &joinDeps)
      addSource(r, to: scope, conditions: &conditions, joinDeps: &joinDeps)
      if let on { conditions.append(on) }
      for u in using {
        // The column of every joined relation that has it decides the join.
        for e in scope.sources {
          if let d = e.relation?.find(u) { joinDeps.merge(d) }
        }
      }
    }
  }
}

// MARK: - expressions

extension LineageAnalyzer {
  /// The upstream columns `e` reads, with the derivation of a bare column kept (the caller
  /// raises it to `.transform` or `.filter` for the context).
  mutating func expression(_ e: Expr, in scope: Scope, windows: [String: [Expr]] = [:]) -> Deps {
    var deps: Deps = [:]
    switch e {
    case .literal, .star:
      break
    case .column(let name):
      deps = column(name, in: scope)
    case .call(_, let args, let window, let filter):
      for a in args { deps.merge(expression(a, in: scope, windows: windows)) }
      for w in window { deps.merge(expression(w, in: scope, windows: windows)) }
      if let filter { deps.merge(expression(filter, in: scope, windows: windows)) }
      deps = deps.at(least: .transform)
    case .caseWhen(let operand, let branches, let otherwise):
      if let operand { deps.merge(expression(operand, in: scope, windows: windows)) }
      for (w, t) in branches {
        deps.merge(expression(w, in: scope, windows: windows))
        deps.merge(expression(t, in: scope, windows: windows))
      }
      if let otherwise { deps.merge(expression(otherwise, in: scope, windows: windows)) }
      deps = deps.at(least: .transform)
    case .cast(let inner, _):
      deps = expression(inner, in: scope, windows: windows).at(least: .transform)
    case .op("window", let parts):
      // A named window: `over w`.
      if case .column(let n)? = parts.first, let exprs = windows[n.last.lowercased()] {
        for w in exprs { deps.merge(expression(w, in: scope, windows: windows)) }
      }
      deps = deps.at(least: .transform)
    case .op(_, let parts):
      for x in parts { deps.merge(expression(x, in: scope, windows: windows)) }
      deps = deps.at(least: .transform)
    case .subquery(let q):
      let r = analyze(q, parent: scope)
      for c in r.columns { deps.merge(c.deps) }
      deps = deps.at(least: .transform)
    }
    return deps
  }

  /// Like `expression`, but a bare name that is no column of the `from` relations may be a
  /// select-list alias, and a number a select-list position (`group by 1`, `having n > 1`).
  mutating func expressionWithAliases(
    _ e: Expr, in scope: Scope, items: [SelectItem], outputs: [(name: String, deps: Deps)]
  ) -> Deps {
    if case .column(let n) = e, n.parts.count == 1, !scope.sources.contains(where: { $0.relation?.find(n.last) != nil }),
      let o = outputs.first(where: { $0.name.lowercased() == n.last.lowercased() })
    {
      return o.deps
    }
    if case .literal = e { return [:] }
    return expression(e, in: scope)
  }

  /// The upstream columns of a column reference, searched in this scope then enclosing ones.
  mutating func column(_ name: QualifiedName, in scope: Scope) -> Deps {
    let col = name.last
    var s: Scope? = scope
    while let sc = s {
      if name.parts.count >= 2 {
        let table = name.parts[name.parts.count - 2].lowercased()
        if let e = sc.sources.first(where: { $0.name == table }) {
          if let r = e.relation {
            if let d = r.find(col) { return d }
            if let star = r.find("*") { return unknownColumn(star, col) }
            warnings.append(LineageWarning("`\(e.id)` has no column `\(col)`", at: name.range.lowerBound))
            return [:]
          }
          return [SourceColumn(relation: e.id, column: col): .copy]
        }
      } else {
        if let d = sc.sources.lazy.compactMap({ $0.relation?.find(col) }).first { return d }
        let unknown = sc.sources.filter { $0.relation == nil || $0.relation?.find("*") != nil }
        if let e = unknown.first {
          if unknown.count > 1 {
            warnings.append(
              LineageWarning(
                "`\(col)` may come from any of \(unknown.map { "`\($0.id)`" }.joined(separator: ", ")); taking `\(e.id)`",
                at: name.range.lowerBound))
          }
          if let star = e.relation?.find("*") { return unknownColumn(star, col) }
          return [SourceColumn(relation: e.id, column: col): .copy]
        }
      }
      s = sc.parent
    }
    // PostgreSQL and SQLite both accept a double-quoted string where no column matches in
    // some places; for lineage it is simply an unknown name.
    warnings.append(LineageWarning("no relation in scope has a column `\(name.parts.joined(separator: "."))`", at: name.range.lowerBound))
    return [:]
  }

  /// A column read through an unexpanded `*`: the same relation, this column's name.
  func unknownColumn(_ star: Deps, _ col: String) -> Deps {
    var out: Deps = [:]
    for (k, v) in star { out[SourceColumn(relation: k.relation, column: k.column == "*" ? col : k.column)] = v }
    return out
  }
}
