// Building a cleaner: `Cleaner(packs:)` compiles (and JIT-compiles) every pattern, derives the prefilter literals
// and builds the scanner's automaton. One cleaner per iteration.
import Benchmark
import BenchmarkSupport
import Newsclean
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Settings.perCall

    Benchmark("compile.200-rules") { benchmark, packs in
        for _ in benchmark.scaledIterations {
            blackHole(try? Cleaner(packs: packs))
        }
    } setup: {
        [RuleSets.pack(count: 200)]
    }
}
