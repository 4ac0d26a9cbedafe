extension SQLParser {
  mutating func select() throws(SQLSyntaxError) -> Select {
    try expect("SELECT")
    var s = Select()
    if accept("DISTINCT") {
      if accept("ON") {
        try expectSymbol("(")
        s.distinctOn = try exprList()
        try expectSymbol(")")
      }
    } else {
      _ = accept("ALL")
    }
    repeat { s.items.append(try selectItem()) } while acceptSymbol(",")
    if accept("FROM") {
      repeat { s.from.append(try joinedTable()) } while acceptSymbol(",")
    }
    if accept("WHERE") { s.filter = try expr() }
    if accept("GROUP") {
      try expect("BY")
      repeat {
        let after = ahead(1)
        if current.kind == .number, let n = Int(current.text),
          after.isSymbol(",") || after.isSymbol(")") || after.isSymbol(";") || after.kind == .word || after.kind == .end
        {
          p += 1
          s.groupByPositions.append(n)
        } else {
          s.groupBy.append(try expr())
        }
      } while acceptSymbol(",")
    }
    if accept("HAVING") { s.having = try expr() }
    if accept("WINDOW") {
      repeat {
        let name = try identifier("a window name")
        try expect("AS")
        try expectSymbol("(")
        s.windows[name.lowercased()] = try windowSpec()
      } while acceptSymbol(",")
    }
    if accept("QUALIFY") {
      let q = try expr()
      s.having = s.having.map { .op("and", [$0, q]) } ?? q
    }
    return s
  }

  mutating func selectItem() throws(SQLSyntaxError) -> SelectItem {
    let start = current.range.lowerBound
    if acceptSymbol("*") {
      return SelectItem(expr: .star(qualifier: nil), alias: nil, text: "*", range: start..<lastEnd)
    }
    let e = try expr()
    let end = lastEnd
    var alias: String?
    if accept("AS") {
      if current.kind == .string {
        alias = advance().text
      } else {
        alias = try aliasName()
      }
    } else if atName {
      alias = try identifier()
    } else if current.kind == .string && dialect == .sqlite {
      alias = advance().text
    }
    return SelectItem(expr: e, alias: alias, text: text(start..<end), range: start..<lastEnd)
  }

  /// After `as` any word is a name, reserved or not (`as from` is legal in PostgreSQL).
  mutating func aliasName() throws(SQLSyntaxError) -> String {
    if current.kind == .word {
      return fold(advance().text)
    }
    return try identifier("an alias")
  }

  mutating func tableAlias() throws(SQLSyntaxError) -> (String?, [String]) {
    var alias: String?
    if accept("AS") {
      alias = try aliasName()
    } else if atName {
      alias = try identifier()
    }
    var cols: [String] = []
    if alias != nil && current.isSymbol("(") {
      p += 1
      repeat { cols.append(try identifier("a column name")) } while acceptSymbol(",")
      try expectSymbol(")")
    }
    return (alias, cols)
  }

  mutating func joinedTable() throws(SQLSyntaxError) -> TableRef {
    try enter()
    defer { depth -= 1 }
    var left = try tablePrimary()
    while true {
      let natural = accept("NATURAL")
      var kind: JoinKind
      if accept("JOIN") {
        kind = .inner
      } else if accept("INNER") {
        kind = .inner
        try expect("JOIN")
      } else if accept("LEFT") {
        kind = .left
        _ = accept("OUTER")
        try expect("JOIN")
      } else if accept("RIGHT") {
        kind = .right
        _ = accept("OUTER")
        try expect("JOIN")
      } else if accept("FULL") {
        kind = .full
        _ = accept("OUTER")
        try expect("JOIN")
      } else if accept("CROSS") {
        kind = .cross
        try expect("JOIN")
      } else {
        if natural { throw unexpected("`join`") }
        return left
      }
      let right = try tablePrimary()
      var on: Expr?
      var using: [String] = []
      if accept("ON") {
        on = try expr()
      } else if accept("USING") {
        try expectSymbol("(")
        repeat { using.append(try identifier("a column name")) } while acceptSymbol(",")
        try expectSymbol(")")
      }
      left = .join(kind, left, right, on: on, using: using)
    }
  }

  mutating func tablePrimary() throws(SQLSyntaxError) -> TableRef {
    _ = accept("LATERAL")
    if current.isSymbol("(") {
      let next = ahead(1)
      if next.isWord("SELECT") || next.isWord("WITH") || next.isWord("VALUES") || next.isSymbol("(") {
        // `((select …) union (select …)) as x` and `((a join b))` both start with `((`: try a
        // query first, then a parenthesised join.
        let save = p
        p += 1
        if let q = try? query(), acceptSymbol(")") {
          let (alias, cols) = try tableAlias()
          return .derived(q, alias: alias, columnAliases: cols)
        }
        p = save
      }
      p += 1
      let inner = try joinedTable()
      try expectSymbol(")")
      return inner
    }
    let name = try qualifiedName()
    if acceptSymbol("(") {
      var args: [Expr] = []
      if !current.isSymbol(")") { args = try exprList() }
      try expectSymbol(")")
      _ = accept("WITH") && accept("ORDINALITY")
      let (alias, cols) = try tableAlias()
      return .function(name: name.parts.joined(separator: "."), args: args, alias: alias, columnAliases: cols)
    }
    let (alias, cols) = try tableAlias()
    // SQLite's `indexed by i` / `not indexed` hints.
    if accept("INDEXED") {
      try expect("BY")
      _ = try identifier()
    } else if current.isWord("NOT") && ahead(1).isWord("INDEXED") {
      p += 2
    }
    return .table(name, alias: alias, columnAliases: cols)
  }

  mutating func qualifiedName() throws(SQLSyntaxError) -> QualifiedName {
    let start = current.range.lowerBound
    var parts = [try identifier("a table name")]
    while current.isSymbol(".") {
      p += 1
      parts.append(try aliasName())
    }
    return QualifiedName(parts: parts, range: start..<lastEnd)
  }
}
