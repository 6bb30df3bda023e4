public import Benchmark

/// Benchmark configurations and the tolerances of the static threshold check (`check.sh`).
///
/// Every benchmark measures wall clock, throughput and malloc count. The check compares the p90 of a run with the
/// committed p90 in Thresholds/ (values per iteration, unscaled):
/// - wall clock: timings on the shared 2-core machines drift by +-50% from run to run (more when other builds run), so
///   it fails only beyond 4x the committed p90 (relative tolerance 300%), and check.sh runs a failing benchmark twice
///   more before it calls it a regression. Losing the prefilter (8x at 200 rules) or a quadratic path still shows;
/// - malloc count: deterministic per iteration, so a small absolute tolerance;
/// - throughput is the inverse of wall clock, and the tool stores it as whole iterations per second (1 to 3 for the
///   slow benchmarks), too coarse to check: check.sh and the threshold update leave it out (`--metric`). Its
///   tolerance here (a quarter of the committed value) only matters if someone records and checks it anyway.
public enum Settings {
    public static var metrics: [BenchmarkMetric] { [.wallClock, .throughput, .mallocCountTotal] }

    static func thresholds(mallocs: Int) -> [BenchmarkMetric: BenchmarkThresholds] {
        [
            .wallClock: BenchmarkThresholds(relative: [.p90: 300.0]),
            .throughput: BenchmarkThresholds(relative: [.p90: 75.0]),
            .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: mallocs]),
        ]
    }

    /// 1,000 documents per iteration (`.kilo`): figures read per document, throughput in documents per second.
    public static var perDocument: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: metrics,
            warmupIterations: 1,
            scalingFactor: .kilo,
            maxDuration: .seconds(2),
            maxIterations: 15,
            // Mallocs are counted per iteration of 1,000 documents: 50 is 0.05 per document.
            thresholds: thresholds(mallocs: 50)
        )
    }

    /// One call per iteration (compiling a cleaner, the pathological document); `mallocs` is the absolute tolerance
    /// on the malloc count of one call.
    public static func perCall(mallocs: Int) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: metrics,
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(1),
            maxIterations: 50,
            thresholds: thresholds(mallocs: mallocs)
        )
    }
}
