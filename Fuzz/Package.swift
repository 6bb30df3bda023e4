// swift-tools-version: 6.1
// libFuzzer targets for newsclean. A separate package so that `swift build` and `swift test` of the main package
// never build them. Build and run with ../Scripts/fuzz.sh.
import PackageDescription

import class Foundation.ProcessInfo

// Every target is compiled with coverage and ASan instrumentation (../Scripts/fuzz.sh passes
// `-sanitize=address -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp`); only the fuzz targets link libFuzzer, and without its
// `main`, which would clash with the @main of the package's executables and build tools.

/// libFuzzer without its `main`, from the toolchain's clang runtime (Scripts/fuzz.sh exports its path).
let fuzzerLibrary = ProcessInfo.processInfo.environment["NEWSCLEAN_FUZZER_LIB"]
    ?? "/opt/swift/usr/lib/clang/21/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a"
let fuzzerLinking: [LinkerSetting] = [
    .unsafeFlags([
        "-sanitize=address", "-Xlinker", "--whole-archive", "-Xlinker", fuzzerLibrary, "-Xlinker", "--no-whole-archive",
        "-lstdc++",
    ])
]

let fuzzTargets: [Target] = [
        .target(name: "FuzzSupport"),
        // Parses arbitrary bytes as a rule file and, when they parse, compiles and lints the pack.
        .executableTarget(
            name: "FuzzRuleFile",
            dependencies: ["FuzzSupport", .product(name: "NewscleanRules", package: "newsclean"),
                           .product(name: "Newsclean", package: "newsclean")],
            linkerSettings: fuzzerLinking
        ),
        // Cleans arbitrary bytes with the bundled packs and checks the engine's invariants.
        .executableTarget(
            name: "FuzzClean",
            dependencies: ["FuzzSupport", .product(name: "NewscleanRules", package: "newsclean"),
                           .product(name: "Newsclean", package: "newsclean")],
            linkerSettings: fuzzerLinking
        ),
        // Reads arbitrary bytes as a JSON line and checks the reader's invariants.
        .executableTarget(
            name: "FuzzJSONL",
            dependencies: ["FuzzSupport", .product(name: "NewscleanBatch", package: "newsclean")],
            linkerSettings: fuzzerLinking
        ),
    ]

let package = Package(
    name: "newsclean-fuzz",
    dependencies: [.package(name: "newsclean", path: "..")],
    targets: fuzzTargets
)
