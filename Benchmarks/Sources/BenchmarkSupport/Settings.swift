public import Benchmark

/// Benchmark configurations and the tolerances of the static threshold check (`check.sh`).
///
/// Timings on the shared 2-core machines drift by +-50% from run to run, so wall clock and throughput only fail the
/// check on a gross regression: wall clock more than 3x its committed p90 (relative tolerance 200%), throughput
/// below a third of it (67%). Malloc counts are deterministic per iteration, so they get a small absolute tolerance.
public enum Settings {
    public static let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    static func thresholds(mallocs: Int) -> [BenchmarkMetric: BenchmarkThresholds] {
        [
            .wallClock: BenchmarkThresholds(relative: [.p90: 200.0]),
            .throughput: BenchmarkThresholds(relative: [.p90: 67.0]),
            .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: mallocs]),
        ]
    }

    /// 1,000 documents per iteration (`.kilo`): figures read per document, throughput in documents per second.
    public static let perDocument = Benchmark.Configuration(
        metrics: metrics,
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 15,
        // Mallocs are counted per iteration of 1,000 documents: 50 is 0.05 per document.
        thresholds: thresholds(mallocs: 50)
    )

    /// One call per iteration (compiling a cleaner, the pathological document).
    public static let perCall = Benchmark.Configuration(
        metrics: metrics,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 50,
        thresholds: thresholds(mallocs: 5)
    )
}
