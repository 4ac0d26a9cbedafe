import KilnAdapters
import KilnTestSupport
import Testing

@Suite(.enabled(if: PostgresServer.isEnabled)) struct PostgresSchemaTests {
  @Test func relationTypesIncludeMaterializedViewsAsViews() throws {
    try withPostgresSchema { db, schema in
      try db.execute(
        """
        create table orders (id int); create view v_orders as select * from orders;
        create materialized view m_orders as select * from orders;
        """)
      #expect(try db.relationType(schema: schema, name: "orders") == .table)
      #expect(try db.relationType(schema: schema, name: "v_orders") == .view)
      #expect(try db.relationType(schema: schema, name: "m_orders") == .view)
      #expect(try db.relationType(schema: schema, name: "nope") == nil)
      #expect(try db.relationType(schema: "no_such_schema", name: "orders") == nil)
    }
  }

  @Test func listRelationsIsSortedAndSkipsIndexesAndSequences() throws {
    try withPostgresSchema { db, schema in
      try db.execute(
        """
        create table "b" (id serial primary key); create view "a" as select 1 as x;
        create table "C" (y int); create index b_idx on "b" (id);
        """)
      let database = try PostgresServer.shared().dbname
      #expect(
        try db.listRelations(schema: schema) == [
          Relation(database: database, schema: schema, identifier: "C", type: .table),
          Relation(database: database, schema: schema, identifier: "a", type: .view),
          Relation(database: database, schema: schema, identifier: "b", type: .table),
        ])
      #expect(try db.listRelations(schema: "no_such_schema") == [])
    }
  }

  @Test func columnsUseFormatTypeNamesInTableOrder() throws {
    try withPostgresSchema { db, schema in
      try db.execute(
        """
        create table t (id integer, gone int, name text, amount numeric, at timestamp,
          code varchar(20), price numeric(10, 2));
        alter table t drop column gone;
        create view v as select name, id from t;
        """)
      #expect(
        try db.columns(schema: schema, name: "t") == [
          DatabaseColumn(name: "id", type: "integer", position: 1),
          DatabaseColumn(name: "name", type: "text", position: 2),
          DatabaseColumn(name: "amount", type: "numeric", position: 3),
          DatabaseColumn(name: "at", type: "timestamp without time zone", position: 4),
          DatabaseColumn(name: "code", type: "character varying(20)", position: 5),
          DatabaseColumn(name: "price", type: "numeric(10,2)", position: 6),
        ])
      #expect(try db.columns(schema: schema, name: "v").map(\.name) == ["name", "id"])
      #expect(try db.columns(schema: schema, name: "nope") == [])
    }
  }

  @Test func ensureSchemaCreatesOnceAndQuotes() throws {
    try withPostgresSchema { db, _ in
      let name = uniqueName("Kiln Schema")
      defer { try? db.execute("drop schema \(db.quote(name)) cascade") }
      try db.ensureSchema(name)
      try db.ensureSchema(name)
      let found = try db.query(
        "select count(*) from pg_namespace where nspname = $1", [.text(name)]
      ).scalar
      #expect(found == 1)
      #expect(db.notices.isEmpty)
      #expect(db.quote("a\"b") == "\"a\"\"b\"")
    }
  }
}
