import Dispatch
import Foundation
import NewscleanAuthoring
import NewscleanBatch

/// Reads JSONL crawls into a ``CrawlLearner`` on all cores: this thread reads batches of records, the workers
/// decode them and prepare their pages (``CrawlLearner/prepare(text:url:)``, most of the work), and this thread
/// counts the prepared pages in input order while the workers prepare the next batch. Two batches are in flight at
/// most, of at most ``batchRecords`` records or ``batchBytes`` bytes each.
struct CrawlReading {
    /// Worker threads; 1 does all the work on this thread.
    var jobs: Int
    /// Called about twice a second with the counts so far.
    var progress: ((BatchStats) -> Void)?

    private static let textField = Array("text".utf8)
    private static let urlField = Array("url".utf8)
    static let batchRecords = 4096
    static let batchBytes = 4 << 20

    /// One batch of raw JSONL lines.
    private struct Batch: Sendable {
        var bytes: [UInt8] = []
        var lines: [Range<Int>] = []
    }

    /// What a worker made of one line.
    private enum Prepared: Sendable {
        case page(CrawlLearner.PreparedPage)
        case noHost
        case bad
        case empty
    }

    /// The results of one batch, written by the workers at disjoint indices.
    private final class Results: @unchecked Sendable {
        // Sendable: each index is written by one worker, and read only after the batch's group has finished.
        let slots: UnsafeMutableBufferPointer<Prepared>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: .empty)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
    }

    /// Learns from every record of `sources`; returns the records read, their bytes and the lines that were not
    /// records with a text.
    func learn(_ sources: [InputSource], into learner: CrawlLearner) throws(BatchError) -> BatchStats {
        let started = DispatchTime.now().uptimeNanoseconds
        var stats = BatchStats()
        var lastProgress = started
        var inFlight: (results: Results, count: Int, group: DispatchGroup?)?

        func count(_ results: Results, _ lineCount: Int, _ group: DispatchGroup?) {
            group?.wait()
            for index in 0..<lineCount {
                switch results.slots[index] {
                case .page(let page): learner.add(page)
                case .noHost: learner.addRecordWithoutHost()
                case .bad: stats.badRecords += 1
                case .empty: stats.emptyLines += 1
                }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if let progress, now - lastProgress >= 500_000_000 {
                lastProgress = now
                stats.seconds = Double(now - started) / 1e9
                progress(stats)
            }
        }

        func submit(_ batch: Batch) {
            let results = Results(count: batch.lines.count)
            var group: DispatchGroup?
            if jobs == 1 {
                Self.prepare(batch, part: 0, of: 1, into: results)
            } else {
                let parts = jobs
                group = DispatchGroup()
                DispatchQueue.global().async(group: group) {
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        Self.prepare(batch, part: part, of: parts, into: results)
                    }
                }
            }
            if let previous = inFlight { count(previous.results, previous.count, previous.group) }
            inFlight = (results, batch.lines.count, group)
        }

        var buffer: [UInt8] = []
        var batch = Batch()
        for source in sources {
            buffer.removeAll(keepingCapacity: true)
            var start = 0
            while true {
                let read = try source.read(into: &buffer, capacity: 1 << 20)
                stats.bytesIn += read
                var searchFrom = buffer.count - read
                while let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                    Self.append(buffer[start..<newline], to: &batch)
                    start = newline + 1
                    searchFrom = start
                    if batch.lines.count >= Self.batchRecords || batch.bytes.count >= Self.batchBytes {
                        stats.records += batch.lines.count
                        submit(batch)
                        batch = Batch()
                    }
                }
                if read == 0 {
                    if start < buffer.count { Self.append(buffer[start...], to: &batch) }
                    break
                }
                buffer.removeSubrange(..<start)
                start = 0
            }
        }
        stats.records += batch.lines.count
        submit(batch)
        if let last = inFlight { count(last.results, last.count, last.group) }
        stats.records -= stats.emptyLines
        stats.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return stats
    }

    private static func append(_ line: ArraySlice<UInt8>, to batch: inout Batch) {
        let from = batch.bytes.count
        batch.bytes.append(contentsOf: line)
        batch.lines.append(from..<batch.bytes.count)
    }

    /// Decodes and prepares the `part`-th of `parts` slices of `batch`.
    private static func prepare(_ batch: Batch, part: Int, of parts: Int, into results: Results) {
        let lines = batch.lines
        let from = lines.count * part / parts
        let to = lines.count * (part + 1) / parts
        var text: [UInt8] = []
        var url: [UInt8] = []
        batch.bytes.withUnsafeBufferPointer { bytes in
            for index in from..<to {
                let line = UnsafeBufferPointer(rebasing: bytes[lines[index]])
                results.slots[index] = prepare(line, text: &text, url: &url)
            }
        }
    }

    private static func prepare(_ line: UnsafeBufferPointer<UInt8>, text: inout [UInt8], url: inout [UInt8]) -> Prepared {
        guard !line.isEmpty else { return .empty }
        guard case .success(let fields) = JSONLine.scan(line, textField: textField, urlField: urlField)
        else { return .bad }
        text.removeAll(keepingCapacity: true)
        url.removeAll(keepingCapacity: true)
        guard JSONLine.decodeString(line, token: fields.text, into: &text, validate: false) else { return .bad }
        var urlString: String?
        if let token = fields.url, JSONLine.decodeString(line, token: token, into: &url, validate: false) {
            urlString = String(decoding: url, as: UTF8.self)
        }
        guard let page = CrawlLearner.prepare(text: String(decoding: text, as: UTF8.self), url: urlString) else {
            return .noHost
        }
        return .page(page)
    }
}
