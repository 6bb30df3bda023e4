// The workload users run: the bundled rule packs over real news pages (the repository's dev corpus, 116 pages,
// repeated in order to 1,000 documents per iteration), through the library, the plain-text path and the JSONL batch
// pipeline on one core and on all of them.
//
// `real.bundled` is per document (scalingFactor .kilo, as the generated benchmarks): wall clock and mallocs per
// document, throughput in documents per second; MB/s = documents/s x the mean text size that setup prints. The others
// do one call per iteration over the same 1,000 documents (their text bytes printed by setup too).
import Benchmark
import BenchmarkSupport
import Foundation
import Newsclean
import NewscleanBatch
import Workloads

struct Pages: @unchecked Sendable {
    let cleaner: Cleaner
    let documents: [(url: String?, bytes: [UInt8])]
}

struct OneText: @unchecked Sendable {
    let cleaner: Cleaner
    let text: [UInt8]
}

struct JSONLFile: @unchecked Sendable {
    let batch: BatchCleaner
    let path: String
    let sink: OutputSink
}

/// A cleaner over the bundled packs, and the 1,000 documents; checks that rules fire on them.
func realSetup() -> (Cleaner, [RealPages.Page]) {
    let cleaner = try! Cleaner(packs: RealPages.bundledPacks())
    let documents = RealPages.documents(count: BenchmarkCorpus.documentCount)
    let removals = documents.prefix(RealPages.pages.count).reduce(0) { $0 + cleaner.clean($1.text, url: $1.url).removals.count }
    precondition(removals > 0, "the bundled packs removed nothing from the dev corpus")
    return (cleaner, documents)
}

/// Cleans each of the benchmark's documents with the byte API into one reused buffer.
func cleanEach(_ pages: Pages, _ benchmark: Benchmark) {
        var output: [UInt8] = []
        output.reserveCapacity(1 << 16)
        for index in benchmark.scaledIterations {
            output.removeAll(keepingCapacity: true)
            let document = pages.documents[index]
            let result = document.bytes.withUnsafeBufferPointer { bytes in
                pages.cleaner.clean(utf8: bytes, url: document.url, appendingTo: &output)
            }
            blackHole(result)
            blackHole(output.count)
        }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Settings.perDocument

    // The library: `clean(utf8:url:appendingTo:)` on each document, its URL picking the publisher pack.
    Benchmark("real.bundled") { (benchmark: Benchmark, pages: Pages) in
        cleanEach(pages, benchmark)
    } setup: {
        let (cleaner, documents) = realSetup()
        let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        print("real.bundled: \(documents.count) documents, \(bytes) bytes of text")
        return Pages(cleaner: cleaner, documents: documents.map { ($0.url, Array($0.text.utf8)) })
    }

    // The same without the context rules (delete-run, delete-list, delete-thread): real.bundled / this is what the
    // context phase costs.
    Benchmark("real.bundled-no-context") { (benchmark: Benchmark, pages: Pages) in
        cleanEach(pages, benchmark)
    } setup: {
        let packs = RealPages.bundledPacks().map { pack in
            var lexical = pack
            lexical.rules.removeAll { $0.action.isContext }
            return lexical
        }
        let cleaner = try! Cleaner(packs: packs)
        let documents = RealPages.documents(count: BenchmarkCorpus.documentCount)
        return Pages(cleaner: cleaner, documents: documents.map { ($0.url, Array($0.text.utf8)) })
    }

    // The plain-text path (`newsclean < file`): the same texts as one document, the generic packs only.
    Benchmark("real.bundled-one-text", configuration: Settings.perCall(mallocs: 20)) {
        (benchmark: Benchmark, workload: OneText) in
        var output: [UInt8] = []
        for _ in benchmark.scaledIterations {
            output.removeAll(keepingCapacity: true)
            blackHole(workload.text.withUnsafeBufferPointer { workload.cleaner.clean(utf8: $0, appendingTo: &output) })
            blackHole(output.count)
        }
    } setup: {
        let (cleaner, documents) = realSetup()
        return OneText(cleaner: cleaner, text: RealPages.plainText(documents))
    }

    // The JSONL pipeline (`newsclean --jsonl --jobs N`): records read from a file, cleaned, written to /dev/null.
    for jobs in [1, 0] {
        let name = jobs == 1 ? "real.jsonl-jobs-1" : "real.jsonl-all-cores"
        // Thread scheduling moves a few allocations of the batch pipeline between runs, more with several threads;
        // an allocation per line would still add tens of thousands.
        Benchmark(name, configuration: Settings.perCall(mallocs: jobs == 1 ? 200 : 1_000)) { (benchmark: Benchmark, file: JSONLFile) in
            for _ in benchmark.scaledIterations {
                let input = try! InputSource(path: file.path)
                blackHole(try! file.batch.run(inputs: [input], output: file.sink, report: { _ in }))
            }
        } setup: {
            let (cleaner, documents) = realSetup()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("newsclean-real-pages.jsonl").path
            guard FileManager.default.createFile(atPath: path, contents: Data(RealPages.jsonl(documents))) else {
                fatalError("cannot write \(path)")
            }
            var options = BatchOptions()
            if jobs > 0 { options.jobs = jobs }
            let sink = OutputSink(descriptor: open("/dev/null", O_WRONLY))
            return JSONLFile(batch: BatchCleaner(cleaner: cleaner, options: options), path: path, sink: sink)
        }
    }
}
