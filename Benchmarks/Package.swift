// swift-tools-version: 6.1
// The benchmark package of newsclean: a separate package, so that `swift test` of the main package never builds
// ordo-one/benchmark. Run from this folder (see README.md):
//   ./check.sh      threshold check (what CI calls)
//   ./compare.sh    newsclean against Python regex/re, GNU sed and Perl on the same generated corpus
import PackageDescription

let package = Package(
    name: "newsclean-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newsclean", path: ".."),
        // On Swift 6.3 the malloc statistics come from the malloc interposer; name the trait explicitly.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic workload generator (seeded RNG, no Foundation randomness): news-like documents with site
        // furniture, and rule sets of N rules of realistic shapes. Shared by the benchmarks and generate-workload.
        .target(
            name: "Workloads",
            dependencies: [
                .product(name: "Newsclean", package: "newsclean"),
                .product(name: "NewscleanRules", package: "newsclean"),
            ],
            path: "Sources/Workloads"
        ),
        // Benchmark configurations and threshold tolerances shared by the benchmark targets.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "benchmark")],
            path: "Sources/BenchmarkSupport"
        ),
        // Writes the comparison corpus (JSONL and plain text) and the rules in each peer's dialect.
        .executableTarget(
            name: "generate-workload",
            dependencies: ["Workloads", .product(name: "Newsclean", package: "newsclean")],
            path: "Sources/generate-workload"
        ),
    ]
)

// One benchmark executable per area, discovered by the plugin under Benchmarks/<Name>/.
for name in ["Cleaning", "RealPages", "Prefilter", "Compile"] {
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: [
                "Workloads",
                "BenchmarkSupport",
                .product(name: "Newsclean", package: "newsclean"),
                .product(name: "NewscleanRules", package: "newsclean"),
                .product(name: "NewscleanBatch", package: "newsclean"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
