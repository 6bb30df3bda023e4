// The prefilter's literal scan alone (`Cleaner.scanLiterals`, SPI): one Aho-Corasick pass per document over the
// literals of the rule set. 1,000 documents (12.6 MB) per iteration; MB/s = documents/s x the mean document size.
import Benchmark
import BenchmarkSupport
@_spi(Benchmarks) import Newsclean
import Workloads

struct Workload: @unchecked Sendable {
    let cleaner: Cleaner
    let documents: [[UInt8]]
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Settings.perDocument

    for ruleCount in [200, 1000] {
        Benchmark("prefilter.scan-\(ruleCount)-rules") { (benchmark: Benchmark, workload: Workload) in
            for index in benchmark.scaledIterations {
                workload.documents[index].withUnsafeBufferPointer { bytes in
                    blackHole(workload.cleaner.scanLiterals(bytes))
                }
            }
        } setup: {
            let cleaner = try Cleaner(packs: [RuleSets.pack(count: ruleCount)])
            precondition(cleaner.prefilterLiteralCount > 0)
            return Workload(cleaner: cleaner, documents: BenchmarkCorpus.documentBytes)
        }
    }
}
