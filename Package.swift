// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
  name: "Kiln",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "kiln", targets: ["KilnCLI"]),
    .library(name: "KilnJinja", targets: ["KilnJinja"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
  ],
  targets: [
    .target(name: "KilnBase", swiftSettings: strict),
    .target(
      name: "KilnJinja",
      dependencies: ["KilnBase", .product(name: "OrderedCollections", package: "swift-collections")],
      swiftSettings: strict),
    .target(name: "KilnSQL", dependencies: ["KilnBase"], swiftSettings: strict),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .target(
      name: "KilnAdapters", dependencies: ["KilnBase", "CSQLite", "CPostgres"],
      swiftSettings: strict),
    .target(
      name: "KilnProject",
      dependencies: [
        "KilnBase", .product(name: "Yams", package: "Yams"),
        .product(name: "OrderedCollections", package: "swift-collections"),
      ],
      swiftSettings: strict),
    .target(
      name: "KilnCompiler",
      dependencies: [
        "KilnBase", "KilnJinja", "KilnProject", "KilnAdapters", "KilnSQL",
        .product(name: "OrderedCollections", package: "swift-collections"),
      ],
      swiftSettings: strict),
    .target(
      name: "KilnRunner", dependencies: ["KilnCompiler", "KilnAdapters", "KilnProject", "KilnBase"],
      swiftSettings: strict),
    .target(
      name: "KilnDocs",
      dependencies: [
        "KilnCompiler", "KilnProject", "KilnBase", "KilnSQL", "KilnAdapters",
        .product(name: "OrderedCollections", package: "swift-collections"),
        .product(name: "FlyingFox", package: "FlyingFox"),
      ], swiftSettings: strict),
    .executableTarget(
      name: "KilnCLI",
      dependencies: [
        "KilnRunner", "KilnDocs", "KilnCompiler", "KilnProject",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),
    .target(name: "KilnTestSupport", dependencies: ["KilnBase"], swiftSettings: strict),
    .executableTarget(
      name: "kiln-bench", dependencies: ["KilnJinja", "KilnBase"], path: "Benchmarks/KilnBench",
      swiftSettings: strict),
    .testTarget(
      name: "KilnBaseTests", dependencies: ["KilnBase"], swiftSettings: strict),
    .testTarget(
      name: "KilnJinjaTests", dependencies: ["KilnJinja", "KilnBase", "KilnTestSupport"],
      exclude: ["Inputs", "Expected"], swiftSettings: strict),
    .testTarget(
      name: "KilnProjectTests",
      dependencies: ["KilnProject", "KilnBase", "KilnTestSupport", "KilnAdapters", "KilnCompiler"],
      swiftSettings: strict),
    .testTarget(
      name: "KilnAdaptersTests", dependencies: ["KilnAdapters", "KilnBase", "KilnTestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "KilnCompilerTests",
      dependencies: ["KilnCompiler", "KilnProject", "KilnJinja", "KilnBase", "KilnTestSupport"],
      exclude: ["Fixtures"], swiftSettings: strict),
    .testTarget(
      name: "KilnSQLTests", dependencies: ["KilnSQL", "KilnAdapters", "KilnTestSupport"],
      exclude: ["Inputs", "Expected"], swiftSettings: strict),
    .testTarget(
      name: "KilnRunnerTests", dependencies: ["KilnRunner", "KilnProject"],
      swiftSettings: strict),
    .testTarget(
      name: "KilnCLITests",
      dependencies: [
        "KilnCLI", "KilnRunner", "KilnAdapters", "KilnBase", "KilnTestSupport", "KilnCompiler", "KilnDocs",
      ],
      exclude: ["Fixtures"], swiftSettings: strict),
  ]
)
