import KilnBase
import KilnTestSupport
import Testing

@testable import KilnProject

@Suite struct ProfileLoaderTests {
  let profiles = """
    config:
      send_anonymous_usage_stats: false
    shop:
      target: "{{ env_var('SHOP_TARGET', 'dev') }}"
      outputs:
        dev:
          type: sqlite
          threads: 1
          schema: main
          schemas_and_paths:
            main: ./dev.db
          schema_directory: ./
        prod:
          type: postgres
          host: localhost
          port: "{{ env_var('PG_PORT', '5432') }}"
          user: kiln
          password: "{{ env_var('PG_PASSWORD') }}"
          dbname: analytics
          schema: public
          threads: 4
          keepalives_idle: 30
    warehouse:
      outputs:
        default: {type: sqlite, path: w.db}
    """

  func dirs() throws -> (project: TempDirectory, explicit: TempDirectory, home: TempDirectory) {
    (try TempDirectory(), try TempDirectory(), try TempDirectory())
  }

  func failure(_ body: () throws -> ResolvedProfile) -> Diagnostic? {
    do {
      _ = try body()
      return nil
    } catch let d as Diagnostic {
      return d
    } catch {
      return nil
    }
  }

  @Test func searchOrder() throws {
    let (project, explicit, home) = try dirs()
    try home.write(
      ".dbt/profiles.yml", "shop:\n  outputs:\n    default: {type: sqlite, path: home.db}\n")
    func load(_ profilesDir: String?) throws -> ResolvedProfile {
      try ProfileLoader.load(
        profileName: "shop", profilesDir: profilesDir, projectDir: project.path,
        homeDirectory: home.path, environment: [:])
    }
    #expect(try load(nil).sqlite?.mainPath == "home.db")
    try project.write(
      "profiles.yml", "shop:\n  outputs:\n    default: {type: sqlite, path: project.db}\n")
    #expect(try load(nil).sqlite?.mainPath == "project.db")
    try explicit.write(
      "profiles.yml", "shop:\n  outputs:\n    default: {type: sqlite, path: explicit.db}\n")
    #expect(try load(explicit.path).sqlite?.mainPath == "explicit.db")
    let env = try ProfileLoader.load(
      profileName: "shop", projectDir: project.path, homeDirectory: home.path,
      environment: ["DBT_PROFILES_DIR": explicit.path])
    #expect(env.sqlite?.mainPath == "explicit.db")
  }

  @Test func missingProfilesListsWhereItLooked() throws {
    let (project, _, home) = try dirs()
    let d = try #require(
      failure {
        try ProfileLoader.load(
          profileName: "shop", projectDir: project.path, homeDirectory: home.path, environment: [:])
      })
    #expect(d.code == "P0301")
    #expect(d.notes.map(\.message) == ["looked in \(project.path)", "looked in \(home.path)/.dbt"])
  }

  @Test func resolvesTargetsAndRendersEnvVars() throws {
    let (project, _, home) = try dirs()
    try project.write("profiles.yml", profiles)
    let dev = try ProfileLoader.load(
      profileName: "shop", projectDir: project.path, renderer: fakeEnvVarRenderer(),
      homeDirectory: home.path, environment: [:])
    #expect(dev.targetName == "dev")
    #expect(dev.type == "sqlite")
    #expect(dev.schema == "main")
    #expect(dev.sqlite?.schemasAndPaths == ["main": "./dev.db"])
    #expect(dev.sqlite?.schemaDirectory == "./")

    let prod = try ProfileLoader.load(
      profileName: "shop", target: "prod", projectDir: project.path,
      renderer: fakeEnvVarRenderer(["PG_PASSWORD": "s3cret", "PG_PORT": "6543"]),
      homeDirectory: home.path, environment: [:])
    let pg = try #require(prod.postgres)
    #expect(pg.port == 6543)
    #expect(pg.password == "s3cret")
    #expect(pg.dbname == "analytics")
    #expect(pg.keepalivesIdle == 30)
    #expect(prod.threads == 4)
    #expect(prod.database == "analytics")
    #expect(!prod.description.contains("s3cret"))
    #expect(prod.description.contains("password=****"))

    let byEnvTarget = try ProfileLoader.load(
      profileName: "warehouse", projectDir: project.path, homeDirectory: home.path,
      environment: [:])
    #expect(byEnvTarget.targetName == "default")
    #expect(byEnvTarget.schema == "main")
  }

  @Test func unknownProfileListsProfilesAndSuggests() throws {
    let (project, _, home) = try dirs()
    try project.write("profiles.yml", profiles)
    let projectFile = SourceFile(path: "dbt_project.yml", text: "name: shop\nprofile: shpo\n")
    let span = SourceSpan(file: projectFile, range: 20..<24)
    let d = try #require(
      failure {
        try ProfileLoader.load(
          profileName: "shpo", projectDir: project.path, profileSpan: span,
          homeDirectory: home.path, environment: [:])
      })
    #expect(d.code == "P0302")
    #expect(d.notes.first?.message.hasSuffix("`shop`, `warehouse`") == true)
    #expect(d.hint == "did you mean `shop`?")
    #expect(loc(d.span) == [2, 10])
  }

  @Test func unknownTargetListsTargets() throws {
    let (project, _, home) = try dirs()
    try project.write("profiles.yml", profiles)
    let d = try #require(
      failure {
        try ProfileLoader.load(
          profileName: "shop", projectDir: project.path,
          renderer: fakeEnvVarRenderer(["SHOP_TARGET": "prd"]), homeDirectory: home.path,
          environment: [:])
      })
    #expect(d.code == "P0303")
    #expect(d.message.contains("`prd`"))
    #expect(d.notes.first?.message == "targets of `shop`: `dev`, `prod`")
    #expect(d.hint == "did you mean `prod`?")
    #expect(loc(d.span) == [4, 11])  // the profile's `target:` value
    let cli = try #require(
      failure {
        try ProfileLoader.load(
          profileName: "shop", target: "qa", projectDir: project.path, homeDirectory: home.path,
          environment: [:])
      })
    #expect(cli.code == "P0303")
    #expect(loc(cli.span) == [5, 3])  // `outputs:`
  }

  @Test func unsupportedAdapterType() throws {
    let (project, _, home) = try dirs()
    try project.write("profiles.yml", "shop:\n  outputs:\n    default: {type: snowflake}\n")
    let d = try #require(
      failure {
        try ProfileLoader.load(
          profileName: "shop", projectDir: project.path, homeDirectory: home.path,
          environment: [:])
      })
    #expect(d.code == "P0304")
    #expect(d.span?.location.line == 3)
  }
}
