// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "newsclean",
    products: [
        // The cleaning core: rules built in code, compiled once, applied to text. No file I/O.
        .library(name: "Newsclean", targets: ["Newsclean"]),
        // The YAML rule-file format, its diagnostics, and the bundled rule packs.
        .library(name: "NewscleanRules", targets: ["NewscleanRules"]),
        // JSON Lines batches: the one-field JSON reader and the parallel, in-order pipeline.
        .library(name: "NewscleanBatch", targets: ["NewscleanBatch"]),
        .executable(name: "newsclean", targets: ["newsclean"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation` (the DocC catalogs under Sources/*/*.docc); no code of it is linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // PCRE2 from the system (Debian: libpcre2-dev). Only NewscleanRegex imports it.
        .systemLibrary(
            name: "CNewscleanPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // zlib from the system (Debian: zlib1g-dev), for reading .gz input. Only NewscleanBatch imports it.
        .systemLibrary(name: "CNewscleanZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "NewscleanRegex", dependencies: ["CNewscleanPCRE2"]),
        .target(name: "Newsclean", dependencies: ["NewscleanRegex"]),
        .target(
            name: "NewscleanRules",
            dependencies: ["Newsclean", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedRules"]
        ),
        // Batch cleaning: JSONL records on all cores, in order, nothing lost.
        .target(name: "NewscleanBatch", dependencies: ["Newsclean", "NewscleanRegex", "CNewscleanZlib"]),
        // Rule authoring: pack tests, lint checks, explanations, corpus evaluation, pack scaffolding.
        .target(name: "NewscleanAuthoring", dependencies: ["Newsclean", "NewscleanRules", "NewscleanRegex"]),
        .executableTarget(
            name: "newsclean",
            dependencies: [
                "Newsclean",
                "NewscleanRules",
                "NewscleanAuthoring",
                "NewscleanBatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-time tool and plugin that compile Rules/**/*.yaml into the NewscleanRules module, so the bundled
        // packs travel inside every binary that links it.
        .executableTarget(name: "newsclean-embed-rules"),
        .plugin(
            name: "EmbedRules",
            capability: .buildTool(),
            dependencies: ["newsclean-embed-rules"]
        ),
        .target(
            name: "_NewscleanTestSupport",
            dependencies: ["Newsclean", "NewscleanRules"],
            path: "Tests/_NewscleanTestSupport"
        ),
        .testTarget(name: "NewscleanRegexTests", dependencies: ["NewscleanRegex"]),
        .testTarget(name: "NewscleanTests", dependencies: ["Newsclean", "NewscleanRegex", "_NewscleanTestSupport"]),
        .testTarget(
            name: "NewscleanRulesTests",
            dependencies: ["NewscleanRules", "Newsclean", "NewscleanRegex", "NewscleanAuthoring", "_NewscleanTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "NewscleanAuthoringTests",
            dependencies: ["NewscleanAuthoring", "NewscleanRegex", "_NewscleanTestSupport"]
        ),
        .testTarget(name: "NewscleanBatchTests", dependencies: ["NewscleanBatch", "_NewscleanTestSupport"]),
        .testTarget(name: "NewscleanCLITests", dependencies: ["_NewscleanTestSupport"]),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    // CI builds once with every warning an error (.ci/run).
    if ProcessInfo.processInfo.environment["NEWSCLEAN_WARNINGS_AS_ERRORS"] != nil {
        settings.append(.unsafeFlags(["-warnings-as-errors"]))
    }
    target.swiftSettings = settings
}
