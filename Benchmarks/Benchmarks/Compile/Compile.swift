// Building a cleaner: `Cleaner(packs:)` compiles (and JIT-compiles) every pattern, derives the prefilter literals
// and builds the scanner's automaton. One cleaner per iteration.
//
// `compile.bundled-packs` is what `newsclean` does at startup before it reads any input: parse the bundled rule files
// (which validates every pattern) and build a cleaner over them.
import Benchmark
import BenchmarkSupport
import Newsclean
import Workloads

let benchmarks: @Sendable () -> Void = {
    // 71,000 mallocs per compile of 200 rules; allow 0.15% drift.
    Benchmark.defaultConfiguration = Settings.perCall(mallocs: 100)

    Benchmark("compile.200-rules") { (benchmark: Benchmark, packs: [RulePack]) in
        for _ in benchmark.scaledIterations {
            blackHole(try? Cleaner(packs: packs))
        }
    } setup: {
        [RuleSets.pack(count: 200)]
    }

    Benchmark("compile.bundled-packs", configuration: Settings.perCall(mallocs: 500)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? Cleaner(packs: RealPages.bundledPacks()))
        }
    }
}
