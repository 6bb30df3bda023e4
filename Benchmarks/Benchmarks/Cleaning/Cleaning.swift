// The whole cleaning pipeline (`Cleaner.clean`) over generated news documents.
//
// Every per-document benchmark cleans the same 1,000 documents (12.6 MB) per iteration (scalingFactor .kilo): the
// scaled figures are per document (wall clock, mallocs) and documents per second (throughput); MB/s = documents/s x
// the mean document size (`generate-workload stats`). The corpus and the cleaner are built in the setup closure, so
// only cleaning is measured.
//
// The benchmarks call `Cleaner.clean(utf8:appendingTo:)`, the byte API that the command line and batch mode use (no
// `String` of the text is built); `clean.200-rules-string` measures the `String` convenience API, which adds building
// and validating the cleaned `String`.
import Benchmark
import BenchmarkSupport
import Newsclean
import Workloads

struct Workload: @unchecked Sendable {
    let cleaner: Cleaner
    let documents: [String]
    let bytes: [[UInt8]]
}

/// Which public entry point a benchmark calls.
enum API {
    /// `clean(_:)`: a `String` in, a `CleanResult` with the cleaned `String` out.
    case string
    /// `clean(utf8:appendingTo:)`: bytes in, bytes appended to a reused buffer.
    case utf8
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Settings.perDocument

    /// Cleans each of the 1,000 documents of `corpus` once per iteration.
    func cleaning(
        _ name: String,
        packs: @escaping @Sendable () -> [RulePack],
        options: Cleaner.Options = Cleaner.Options(),
        corpus: @escaping @Sendable () -> [String] = { BenchmarkCorpus.documents },
        expectRemovals: Bool = true,
        expectWarnings: Bool = false,
        api: API = .utf8
    ) {
        Benchmark(name) { (benchmark: Benchmark, workload: Workload) in
            switch api {
            case .string:
                for index in benchmark.scaledIterations {
                    blackHole(workload.cleaner.clean(workload.documents[index]))
                }
            case .utf8:
                var output: [UInt8] = []
                output.reserveCapacity(1 << 16)
                for index in benchmark.scaledIterations {
                    output.removeAll(keepingCapacity: true)
                    let result = workload.bytes[index].withUnsafeBufferPointer { bytes in
                        workload.cleaner.clean(utf8: bytes, appendingTo: &output)
                    }
                    blackHole(result)
                    blackHole(output.count)
                }
            }
        } setup: {
            let cleaner = try Cleaner(packs: packs(), options: options)
            let documents = corpus()
            precondition(documents.count == BenchmarkCorpus.documentCount)
            let removals = documents.reduce(0) { $0 + cleaner.clean($1).removals.count }
            precondition((removals > 0) == expectRemovals, "\(name): \(removals) removals")
            // The pathological rule hits the match limit, and the cleaner reports it; no other rule should.
            let warnings = cleaner.clean(documents[0]).warnings.count
            precondition((warnings > 0) == expectWarnings, "\(name): \(warnings) warnings")
            return Workload(cleaner: cleaner, documents: documents, bytes: documents.map { Array($0.utf8) })
        }
    }

    // One rule with a literal (`^Read more: .{5,120}$`): a scan, then one PCRE2 pass on the documents that have it.
    cleaning("clean.1-rule", packs: { [RuleSets.pack(count: 1)] })
    // One rule from which no literal can be derived (`^\p{Lu}{3,} [0-9]+$`): it runs on every document.
    cleaning(
        "clean.1-rule-no-literal", packs: { [RuleSets.pack([RuleSets.noLiteral], id: "bench.no-literal")] },
        expectRemovals: false)
    // The whole pipeline with 10, 200 and 1,000 rules.
    cleaning("clean.10-rules", packs: { [RuleSets.pack(count: 10)] })
    cleaning("clean.200-rules", packs: { [RuleSets.pack(count: 200)] })
    cleaning("clean.1000-rules", packs: { [RuleSets.pack(count: 1000)] })
    // The same 200 rules through the `String` API: adds building (and validating) the cleaned `String`.
    cleaning("clean.200-rules-string", packs: { [RuleSets.pack(count: 200)] }, api: .string)
    // The naive engine: every rule over every document, no prefilter. Same output, byte for byte.
    cleaning(
        "clean.200-rules-naive", packs: { [RuleSets.pack(count: 200)] },
        options: { var options = Cleaner.Options(); options.usesPrefilter = false; return options }())
    // Clean text, where no rule fires (some literals still occur, so a few rules run and match nothing).
    cleaning(
        "clean.200-rules-clean-text", packs: { [RuleSets.pack(count: 200)] },
        corpus: { BenchmarkCorpus.cleanDocuments }, expectRemovals: false)

    // `(a+)+$` on a run of 4,096 a's: each attempt hits the match limit, the rule is skipped for the document with
    // a warning, and cleaning finishes. The same document 1,000 times per iteration (about 1.5 s: long iterations
    // keep preemption on the shared machine from dominating the p90), so figures are per cleaning.
    cleaning(
        "clean.pathological", packs: { [RuleSets.pack([RuleSets.pathological], id: "bench.pathological")] },
        corpus: { Array(repeating: Corpus.pathologicalDocument(runLength: 4_096), count: 1_000) },
        expectRemovals: false, expectWarnings: true)
}
