import KilnAdapters
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresDependentViewsTests {
  /// Views through other views are found once, at their deepest depth, with their options;
  /// recreating them from the definitions gives working views again.
  @Test func dependentViewsAreTransitiveAndRecreatable() throws {
    try withPostgresSchema { db, s in
      let t = PostgresDialect.render(schema: s, name: "t")
      try db.execute(
        """
        create table \(t) (id int);
        insert into \(t) values (1), (2);
        create view \(PostgresDialect.render(schema: s, name: "a")) as select id from \(t);
        create view \(PostgresDialect.render(schema: s, name: "b")) with (security_barrier = true) as
          select a.id from \(PostgresDialect.render(schema: s, name: "a")) a join \(t) using (id);
        create table \(PostgresDialect.render(schema: s, name: "other")) (id int);
        """)
      let deps = try db.dependentViews(schema: s, name: "t")
      #expect(deps.map(\.name) == ["a", "b"])
      #expect(deps.map(\.depth) == [1, 2])
      #expect(deps[1].options == ["security_barrier=true"])
      #expect(!deps[0].definition.hasSuffix(";"))
      #expect(try db.dependentViews(schema: s, name: "other").isEmpty)
      #expect(try db.dependentViews(schema: s, name: "missing").isEmpty)
      for d in deps.reversed() { try db.execute("drop view \(PostgresDialect.render(schema: d.schema, name: d.name))") }
      try db.execute("drop table \(t) ; create table \(t) (id bigint); insert into \(t) values (7)")
      for d in deps {
        let with = d.options.isEmpty ? "" : " with (\(d.options.joined(separator: ", ")))"
        try db.execute("create view \(PostgresDialect.render(schema: d.schema, name: d.name))\(with) as \(d.definition)")
      }
      #expect(try db.query("select id from \(PostgresDialect.render(schema: s, name: "b"))").scalar == .integer(7))
    }
  }
}
