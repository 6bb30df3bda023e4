public import Newsclean
internal import Dispatch
internal import NewscleanRegex
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What a batch run does with each record.
public struct BatchOptions: Sendable {
    /// The field holding the text to clean.
    public var textField = "text"
    /// The field holding the article's URL (it picks the publisher pack).
    public var urlField = "url"
    /// Worker threads; default: every core.
    public var jobs = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    /// Add a `newsclean` object to each record with its removals and counts.
    public var report = false
    /// Stop at the first bad record instead of passing it through.
    public var strict = false
    /// A publisher pack id or host to apply to every record, whatever its URL.
    public var publisher: String?
    /// A line longer than this is passed through unchanged, streamed rather than held, and reported as bad.
    public var maxLineBytes = 64 << 20
    /// Records are handed to workers in batches of about this many bytes (or `batchRecords` records).
    public var batchBytes = 1 << 20
    public var batchRecords = 1024

    public init() {}
}

/// A record that was passed through unchanged, with where it was and why.
public struct BadRecord: Sendable, Hashable, CustomStringConvertible {
    /// The input's name (a path or `<stdin>`).
    public var input: String
    /// 1-based line number in that input.
    public var line: Int
    public var message: String

    /// `input:line: message`.
    public var description: String { "\(input):\(line): \(message)" }
}

/// Counts of a batch run.
public struct BatchStats: Sendable {
    public var records = 0
    public var emptyLines = 0
    public var bytesIn = 0
    public var bytesOut = 0
    /// Records passed through unchanged because they could not be cleaned.
    public var badRecords = 0
    /// Records in which at least one rule removed or rewrote something.
    public var changedRecords = 0
    /// Removals per qualified rule id.
    public var removalsPerRule: [String: Int] = [:]
    /// Rules skipped on a record because a match limit or the time budget fired.
    public var ruleWarnings = 0
    /// Records passed through unchanged by the over-deletion guard.
    public var guardedRecords = 0
    /// Seconds from the start of the run.
    public var seconds = 0.0

    public init() {}

    mutating func add(_ other: BatchStats) {
        records += other.records
        emptyLines += other.emptyLines
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        badRecords += other.badRecords
        changedRecords += other.changedRecords
        ruleWarnings += other.ruleWarnings
        guardedRecords += other.guardedRecords
        for (rule, count) in other.removalsPerRule { removalsPerRule[rule, default: 0] += count }
    }
}

/// Cleans JSON Lines on every core: one record a line, the text field cleaned, every other byte kept, one line out
/// for every line in, in input order, in bounded memory.
///
/// Nothing is lost: a line that is not valid JSON, a record without the text field or where it is not a string,
/// and text that is not valid UTF-8 are written out unchanged and reported (or, with `strict`, stop the run). An
/// empty line stays an empty line.
///
/// Reading, cleaning and writing overlap: a reader cuts the input into batches, `jobs` workers clean them, and each
/// finished batch is written as soon as every batch before it has been. At most `4 × jobs` batches are in memory.
public final class BatchCleaner: Sendable {
    let cleaner: Cleaner
    let options: BatchOptions
    let textField: [UInt8]
    let urlField: [UInt8]

    public init(cleaner: Cleaner, options: BatchOptions) {
        self.cleaner = cleaner
        self.options = options
        self.textField = Array(options.textField.utf8)
        self.urlField = Array(options.urlField.utf8)
    }

    /// Cleans every input in turn and writes the records to `output`.
    ///
    /// - Parameters:
    ///   - inputs: the files (or standard input) to read, in order.
    ///   - output: where the records go.
    ///   - report: called, in input order, for each bad record and each rule warning.
    ///   - progress: called about twice a second with the counts so far.
    /// - Returns: the counts of the run.
    /// - Throws: ``BatchError`` when an input cannot be read, the output cannot be written, or (strict) a record is
    ///   bad; everything before that point has been written.
    public func run(
        inputs: [InputSource],
        output: OutputSink,
        report: @escaping @Sendable (BadRecord) -> Void,
        progress: (@Sendable (BatchStats) -> Void)? = nil
    ) throws(BatchError) -> BatchStats {
        let state = RunState(jobs: max(1, options.jobs))
        let started = monotonicSeconds()
        var lastProgress = started
        var sequence = 0
        var readError: BatchError?
        reading: for input in inputs {
            var reader = LineBatcher(
                source: input,
                batchBytes: options.batchBytes,
                batchRecords: options.batchRecords,
                maxLineBytes: max(1, options.maxLineBytes)
            )
            while true {
                if state.isStopped { break reading }
                let batch: Batch?
                do {
                    batch = try reader.next(sequence: sequence)
                } catch {
                    readError = error
                    break reading
                }
                guard let batch else { break }
                sequence += 1
                state.slots.wait()
                state.inFlight.wait()
                state.group.enter()
                DispatchQueue.global().async { [self] in
                    let done = self.process(batch)
                    state.slots.signal()
                    state.complete(done, output: output, report: report)
                    state.group.leave()
                }
                if let progress {
                    let now = monotonicSeconds()
                    if now - lastProgress >= 0.5 {
                        lastProgress = now
                        var stats = state.stats
                        stats.seconds = now - started
                        progress(stats)
                    }
                }
            }
        }
        state.group.wait()
        var stats = state.stats
        stats.seconds = monotonicSeconds() - started
        if let error = state.writeError { throw error }
        if let error = readError { throw error }
        if let bad = state.strictFailure {
            throw BatchError(
                message: "\(bad.description) (--strict: stopped here; the lines before it were written)",
                exitCode: 65
            )
        }
        return stats
    }

    // MARK: - Cleaning one batch

    /// A cleaned batch: its output bytes, counts, problems, and (strict) where to stop writing.
    struct Done: Sendable {
        var sequence: Int
        var output: [UInt8]
        var stats: BatchStats
        var bad: [BadRecord]
        var warnings: [BadRecord]
        /// With `strict`: the output length before the first bad record, and that record.
        var strictCut: Int?
        var strictProblem: BadRecord?
    }

    func process(_ batch: Batch) -> Done {
        if let piece = batch.longLine { return passThrough(piece, of: batch) }
        var done = Done(sequence: batch.sequence, output: [], stats: BatchStats(), bad: [], warnings: [])
        done.output.reserveCapacity(batch.bytes.count + batch.lines.count * 16)
        var decoded: [UInt8] = []
        var cleaned: [UInt8] = []
        batch.bytes.withUnsafeBufferPointer { bytes in
            for (offset, range) in batch.lines.enumerated() {
                let lineNumber = batch.firstLine + offset
                let line = UnsafeBufferPointer(rebasing: bytes[range])
                done.stats.bytesIn += line.count + 1
                let before = done.output.count
                defer { done.stats.bytesOut += done.output.count - before }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    done.stats.emptyLines += 1
                    done.output.append(contentsOf: line)
                    done.output.append(0x0A)
                    continue
                }
                done.stats.records += 1
                let problem: String?
                switch JSONLine.scan(line, textField: textField, urlField: urlField) {
                case .failure(let failure):
                    problem = failure.message
                case .success(let fields):
                    decoded.removeAll(keepingCapacity: true)
                    if JSONLine.decodeString(line, token: fields.text, into: &decoded, validate: false) {
                        clean(line: line, fields: fields, decoded: decoded, cleaned: &cleaned, lineNumber: lineNumber,
                              input: batch.input, into: &done)
                        continue
                    }
                    problem = "the '\(options.textField)' field is not valid UTF-8 text"
                }
                if options.strict {
                    if done.strictCut == nil {
                        done.strictCut = done.output.count
                        done.strictProblem = BadRecord(input: batch.input, line: lineNumber, message: problem!)
                    }
                } else {
                    done.bad.append(
                        BadRecord(input: batch.input, line: lineNumber, message: "passed through unchanged: \(problem!)")
                    )
                }
                done.stats.badRecords += 1
                done.output.append(contentsOf: line)
                done.output.append(0x0A)
            }
        }
        return done
    }

    /// A piece of a line longer than `maxLineBytes`: written as it is, and the line reported once, at its end
    /// (with `strict`, at its start, where the run stops).
    private func passThrough(_ piece: Batch.LongLinePiece, of batch: Batch) -> Done {
        var done = Done(sequence: batch.sequence, output: [], stats: BatchStats(), bad: [], warnings: [])
        let limit = "longer than the limit of \(options.maxLineBytes) (--max-line-bytes)"
        if options.strict {
            if piece.isFirst {
                done.strictCut = 0
                done.strictProblem = BadRecord(input: batch.input, line: batch.firstLine, message: "the line is \(limit)")
                done.stats.records += 1
                done.stats.badRecords += 1
            }
            return done
        }
        done.output = batch.bytes
        done.stats.bytesIn += batch.bytes.count
        if let total = piece.totalBytes {
            done.output.append(0x0A)
            done.stats.bytesIn += 1
            done.stats.records += 1
            done.stats.badRecords += 1
            done.bad.append(BadRecord(
                input: batch.input,
                line: batch.firstLine,
                message: "passed through unchanged: the line is \(total) bytes, \(limit)"
            ))
        }
        done.stats.bytesOut += done.output.count
        return done
    }

    private func clean(
        line: UnsafeBufferPointer<UInt8>,
        fields: JSONLine.Fields,
        decoded: [UInt8],
        cleaned: inout [UInt8],
        lineNumber: Int,
        input: String,
        into done: inout Done
    ) {
        var url: String?
        if let token = fields.url {
            var urlBytes: [UInt8] = []
            if JSONLine.decodeString(line, token: token, into: &urlBytes) {
                url = String(decoding: urlBytes, as: UTF8.self)
            }
        }
        cleaned.removeAll(keepingCapacity: true)
        let result = decoded.withUnsafeBufferPointer { text in
            cleaner.clean(utf8: text, url: url, publisher: options.publisher, appendingTo: &cleaned)
        }
        // A text field that did not end with a line break does not get one.
        if decoded.last != 0x0A, decoded.last != 0x0D, cleaned.last == 0x0A || cleaned.last == 0x0D {
            if cleaned.removeLast() == 0x0A, cleaned.last == 0x0D { cleaned.removeLast() }
        }
        if !result.removals.isEmpty { done.stats.changedRecords += 1 }
        for removal in result.removals { done.stats.removalsPerRule[removal.ruleID, default: 0] += 1 }
        if result.overDeletion != nil { done.stats.guardedRecords += 1 }
        for warning in result.warnings {
            // The guard's own warning is counted in guardedRecords; every other one is a rule skipped.
            if result.overDeletion == nil || warning != result.warnings.last { done.stats.ruleWarnings += 1 }
            done.warnings.append(BadRecord(input: input, line: lineNumber, message: "warning: \(warning)"))
        }
        if !options.report, cleaned == decoded {
            // Nothing changed: the line goes out as it came in, escapes and all.
            done.output.append(contentsOf: line)
            done.output.append(0x0A)
            return
        }
        // The line with the text value replaced, and the report object before the closing brace.
        done.output.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<fields.text.lowerBound]))
        cleaned.withUnsafeBufferPointer { JSONLine.encodeString($0, into: &done.output) }
        if options.report {
            done.output.append(contentsOf: UnsafeBufferPointer(rebasing: line[fields.text.upperBound..<fields.closingBrace]))
            appendReport(result, removedBytes: decoded.count - cleaned.count, to: &done.output)
            done.output.append(contentsOf: UnsafeBufferPointer(rebasing: line[fields.closingBrace...]))
        } else {
            done.output.append(contentsOf: UnsafeBufferPointer(rebasing: line[fields.text.upperBound...]))
        }
        done.output.append(0x0A)
    }

    /// The `"newsclean"` object of `--report`: the JSON of ``CleanResult`` without `text` (the record's text field
    /// holds it), plus `removed_bytes`. Written by hand, not with `JSONEncoder`, because it runs once per record; the
    /// tests decode it with `JSONDecoder` and compare it with the library's result.
    private func appendReport(_ result: CleanResult, removedBytes: Int, to output: inout [UInt8]) {
        var json = ",\"newsclean\":{\"publisher_pack\":"
        if let pack = result.publisherPackID { json += Self.jsonString(pack) } else { json += "null" }
        json += ",\"removed_bytes\":\(removedBytes),\"removal_count\":\(result.removals.count),\"removals\":"
        Self.appendRemovals(result.removals, to: &json)
        if let guarded = result.overDeletion {
            json += ",\"over_deletion\":{\"removed_fraction\":\(guarded.removedFraction),"
            json += "\"remaining_bytes\":\(guarded.remainingBytes),\"limit\":\(guarded.limit),\"rules\":["
            json += guarded.topRules.map { "{\"rule\":\(Self.jsonString($0.rule)),\"bytes\":\($0.bytes)}" }
                .joined(separator: ",")
            json += "],\"would_remove\":"
            Self.appendRemovals(guarded.wouldRemove, to: &json)
            json += "}"
        }
        json += ",\"warnings\":["
        json += result.warnings.map {
            "{\"rule\":\(Self.jsonString($0.ruleID)),\"code\":\(Self.jsonString($0.code.rawValue)),"
                + "\"message\":\(Self.jsonString($0.message))}"
        }.joined(separator: ",")
        json += "]}"
        output.append(contentsOf: json.utf8)
    }

    /// ``Removal``s as a JSON array, with the keys of its `Codable` form.
    private static func appendRemovals(_ removals: [Removal], to json: inout String) {
        json += "["
        for (index, removal) in removals.enumerated() {
            if index > 0 { json += "," }
            json += "{\"rule\":\(jsonString(removal.ruleID)),\"pack\":\(jsonString(removal.packID)),"
            json += "\"start\":\(removal.range.lowerBound),\"end\":\(removal.range.upperBound)"
            if let replacement = removal.replacement { json += ",\"replacement\":\(jsonString(replacement))" }
            if let location = removal.ruleLocation {
                json += ",\"rule_location\":{\"file\":\(jsonString(location.file)),\"line\":\(location.line),"
                json += "\"column\":\(location.column)}"
            }
            if !removal.anchors.isEmpty {
                json += ",\"anchors\":["
                json += removal.anchors.map {
                    "{\"rule\":\(jsonString($0.ruleID)),\"start\":\($0.range.lowerBound),\"end\":\($0.range.upperBound)}"
                }.joined(separator: ",")
                json += "]"
            }
            json += "}"
        }
        json += "]"
    }

    static func jsonString(_ text: String) -> String {
        var bytes: [UInt8] = []
        var copy = text
        copy.withUTF8 { JSONLine.encodeString($0, into: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where a batch run writes: a file descriptor (standard output by default).
public final class OutputSink: Sendable {
    let descriptor: Int32

    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(BatchError) {
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw BatchError(message: "cannot write the output: \(String(cString: strerror(errno)))", exitCode: 74)
            }
            written += result
        }
    }
}

/// Shared state of one run: the semaphores that bound work and memory, and the in-order writer.
private final class RunState: Sendable {
    let slots: DispatchSemaphore
    let inFlight: DispatchSemaphore
    let group = DispatchGroup()
    /// Everything the writer changes. (No `Locked<()>` beside separate fields: the thread sanitizer places the
    /// accesses of a zero-sized value at addresses it shares with other memory, and reported races on them.)
    private let fields = Locked(Fields())

    private struct Fields {
        var pending: [Int: BatchCleaner.Done] = [:]
        var nextToWrite = 0
        var stats = BatchStats()
        var stopped = false
        var writeError: BatchError?
        var strictFailure: BadRecord?
    }

    init(jobs: Int) {
        slots = DispatchSemaphore(value: jobs)
        inFlight = DispatchSemaphore(value: 4 * jobs)
    }

    var stats: BatchStats { fields.withLock { $0.stats } }
    var isStopped: Bool { fields.withLock { $0.stopped } }
    var writeError: BatchError? { fields.withLock { $0.writeError } }
    var strictFailure: BadRecord? { fields.withLock { $0.strictFailure } }

    /// Takes a finished batch and writes every batch that is now next in line.
    func complete(
        _ done: BatchCleaner.Done,
        output: OutputSink,
        report: @Sendable (BadRecord) -> Void
    ) {
        fields.withLock { fields in
            fields.pending[done.sequence] = done
            while let next = fields.pending.removeValue(forKey: fields.nextToWrite) {
                fields.nextToWrite += 1
                defer { inFlight.signal() }
                guard !fields.stopped else { continue }
                var bytes = next.output
                if let cut = next.strictCut {
                    bytes.removeSubrange(cut...)
                    fields.stopped = true
                    fields.strictFailure = next.strictProblem
                }
                do throws(BatchError) {
                    try bytes.withUnsafeBufferPointer { pointer throws(BatchError) in try output.write(pointer) }
                } catch {
                    fields.writeError = error
                    fields.stopped = true
                }
                for problem in (next.bad + next.warnings).sorted(by: { $0.line < $1.line }) {
                    if let failure = fields.strictFailure, problem.line > failure.line { break }
                    report(problem)
                }
                fields.stats.add(next.stats)
            }
        }
    }
}

/// A run of whole lines cut from one input.
struct Batch: Sendable {
    var sequence: Int
    var input: String
    /// 1-based number of the first line.
    var firstLine: Int
    var bytes: [UInt8]
    /// Each line's range in `bytes`, without its line break.
    var lines: [Range<Int>]
    /// Set when `bytes` are a piece of one line longer than the limit (line `firstLine`), to be passed through.
    var longLine: LongLinePiece?

    struct LongLinePiece: Sendable {
        var isFirst: Bool
        /// The whole line's length, on its last piece.
        var totalBytes: Int?
    }
}

/// Cuts an input into batches of whole lines.
struct LineBatcher {
    let source: InputSource
    let batchBytes: Int
    let batchRecords: Int
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var nextLine = 1
    private var finished = false
    /// A read error, thrown once the whole lines read before it have been returned.
    private var readError: BatchError?
    let maxLineBytes: Int
    /// While inside a line longer than `maxLineBytes`: how many of its bytes have been handed on.
    private var longLineBytes: Int?

    init(source: InputSource, batchBytes: Int, batchRecords: Int, maxLineBytes: Int = .max) {
        self.source = source
        self.batchBytes = batchBytes
        self.batchRecords = batchRecords
        self.maxLineBytes = maxLineBytes
    }

    private var readCapacity: Int { max(1 << 16, batchBytes / 4) }

    /// The next piece of a line longer than `maxLineBytes`: what is buffered of it, up to its line break.
    private mutating func nextLongLinePiece(sequence: Int, handedOn: Int) throws(BatchError) -> Batch {
        if buffer.isEmpty && !finished {
            let count = try source.read(into: &buffer, capacity: readCapacity)
            if count == 0 { finished = true }
        }
        let newline = buffer.firstIndex(of: 0x0A)
        let pieceEnd = newline ?? buffer.count
        let isLast = newline != nil || finished
        let bytes = Array(buffer[..<pieceEnd])
        buffer.removeSubrange(..<(newline.map { $0 + 1 } ?? pieceEnd))
        scanned = 0
        let batch = Batch(
            sequence: sequence, input: source.name, firstLine: nextLine, bytes: bytes, lines: [],
            longLine: Batch.LongLinePiece(isFirst: handedOn == 0, totalBytes: isLast ? handedOn + bytes.count : nil)
        )
        if isLast {
            longLineBytes = nil
            nextLine += 1
        } else {
            longLineBytes = handedOn + bytes.count
        }
        return batch
    }

    /// The next batch, or nil at the end of the input. A last line without a line break is still a line.
    mutating func next(sequence: Int) throws(BatchError) -> Batch? {
        if let readError { throw readError }
        if let handedOn = longLineBytes { return try nextLongLinePiece(sequence: sequence, handedOn: handedOn) }
        var lines: [Range<Int>] = []
        var lineStart = 0
        while true {
            // Find complete lines in what is buffered.
            while scanned < buffer.count, lines.count < batchRecords {
                guard let newline = buffer[scanned...].firstIndex(of: 0x0A) else {
                    scanned = buffer.count
                    break
                }
                if newline - lineStart > maxLineBytes {
                    // A line longer than the limit: the lines before it go first.
                    if !lines.isEmpty { break }
                    return try nextLongLinePiece(sequence: sequence, handedOn: 0)
                }
                lines.append(lineStart..<newline)
                lineStart = newline + 1
                scanned = newline + 1
                if lineStart >= batchBytes { break }
            }
            if lines.count >= batchRecords || (lineStart >= batchBytes && !lines.isEmpty) { break }
            if scanned < buffer.count { break }  // stopped before a line longer than the limit
            // The unfinished last line is already longer than the limit: hand it on in pieces, not held whole.
            if buffer.count - lineStart > maxLineBytes {
                if !lines.isEmpty { break }
                return try nextLongLinePiece(sequence: sequence, handedOn: 0)
            }
            if finished {
                if lineStart < buffer.count {
                    lines.append(lineStart..<buffer.count)
                    lineStart = buffer.count
                    scanned = buffer.count
                }
                break
            }
            do {
                let count = try source.read(into: &buffer, capacity: readCapacity)
                if count == 0 { finished = true }
            } catch {
                readError = error
                break
            }
        }
        guard !lines.isEmpty else {
            if let readError { throw readError }
            return nil
        }
        let batchBytesEnd = lineStart
        let bytes = Array(buffer[..<batchBytesEnd])
        buffer.removeSubrange(..<batchBytesEnd)
        scanned -= batchBytesEnd
        let batch = Batch(sequence: sequence, input: source.name, firstLine: nextLine, bytes: bytes, lines: lines)
        nextLine += lines.count
        return batch
    }
}
