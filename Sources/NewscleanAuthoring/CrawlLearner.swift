internal import Foundation

/// Counts, in one pass over a crawl, the lines and line shapes that recur across each host's pages, with bounded
/// memory; ``drafts(generic:)`` then turns each host's recurring furniture into a draft publisher pack.
///
/// Pages are read in two steps so that a crawl is learned on all cores: ``prepare(text:url:)`` (splitting, measuring
/// and shaping a page's lines: most of the work, and pure) runs on any thread, and ``add(_:)`` counts the prepared
/// pages on one, in input order, so that a crawl always learns the same packs whatever the number of threads.
///
/// Memory is bounded, whatever the crawl's length:
/// - at most ``Options/maxTrackedShapes`` line shapes are counted at once over all hosts, and
///   ``Options/maxShapesPerHost`` per host. A shape seen on one page so far costs a hash and a page number (about
///   40 bytes); one seen on two pages or more (at most ``Options/maxRecurringShapes`` of them) keeps its first line
///   and, while it is on ``Options/minShare`` of the pages since its first, up to two occurrences with the lines
///   around them (at most 14 lines of at most 2 KiB each; typically under 2 KB in all). When a limit is reached, the shapes seen on the fewest pages are forgotten first: furniture recurs, so it survives;
/// - near-duplicate pages are found through a table of page fingerprints of at most ``Options/maxPageFingerprints``
///   8-byte slots; once it is full, the oldest fingerprints give way, so the same article at two URLs far apart in a
///   very long crawl may count twice;
/// - a host with at least half of ``Options/minPages`` distinct pages keeps a sample of ``Options/articleLineSample``
///   of its lines (for keep texts) and one page of at most 64 KiB (for the fixture); a smaller host keeps neither.
public final class CrawlLearner {
    public struct Options: Sendable {
        /// Hosts with fewer distinct pages get no pack.
        public var minPages = 20
        /// The share of a host's distinct pages a line must occur on to be drafted.
        public var minShare = 0.3
        /// The share of a host's distinct pages a line of prose must occur on to be drafted.
        public var proseShare = 0.9
        /// Line shapes counted in all hosts together.
        public var maxTrackedShapes = 1_000_000
        /// Line shapes seen on two pages or more, counted in all hosts together.
        public var maxRecurringShapes = 100_000
        /// Line shapes counted per host.
        public var maxShapesPerHost = 20_000
        /// Slots of the page fingerprint table (8 bytes each).
        public var maxPageFingerprints = 1 << 23
        /// Article lines sampled per host, from which keep texts are chosen.
        public var articleLineSample = 300
        /// The command named in the packs' descriptions.
        public var command = "newsclean learn"

        public init() {}
    }

    /// A line in its page: up to one line before it and 12 after it (non-blank lines, trimmed), the line before
    /// only when it has at most ``maxContextLineBytes`` bytes, those after up to the first longer one.
    struct Context {
        var lines: [String]
        var index: Int
    }

    static let maxContextLineBytes = 2048

    struct ShapeStats {
        var pages: Int32 = 0
        var firstPage: Int32 = 0
        var lastPage: Int32 = -1
        /// The first line of this shape counted in full (on its second page), and whether others differ from it.
        var variant: String
        var varies = false
        /// The bytes of its lines, line breaks included.
        var bytes = 0
        /// Pages on which two or more headline-shaped lines follow it.
        var headlineRuns: Int32 = 0
        /// Up to two of its occurrences after the first page, with their context, taken while the shape is on at
        /// least ``Options/minShare`` of the host's pages since its first (a line that recurs now and then, such as
        /// a headline in a box, keeps none).
        var examples: [Context] = []

        func wantsExample(onPage page: Int32, minShare: Double) -> Bool {
            examples.count < 2 && Double(pages) >= minShare * Double(page - firstPage + 1)
        }
    }

    /// A shape seen on one page so far: its page, its line's hash and whether headlines follow it.
    struct SeenOnce {
        var page: Int32
        var lineHash: Int32
        var headlineRun: Bool
        var bytes: Int32
    }

    final class HostStats {
        var pages = 0
        var distinct = 0
        var seenOnce: [Int: SeenOnce] = [:]
        var shapes: [LineShape: ShapeStats] = [:]
        var articleLines: [String] = []
        var articleLinesSeen = 0
        var fixture: (text: String, url: String, score: Int)?
    }

    /// A page split into lines and measured, ready for ``CrawlLearner/add(_:)``; made by
    /// ``CrawlLearner/prepare(text:url:)`` on any thread.
    public struct PreparedPage: Sendable {
        let host: String
        let url: String
        let text: String
        let fingerprint: UInt64
        let lines: [Substring]
        let candidates: [Candidate]
    }

    /// A line worth counting, with what ``add(_:)`` needs of it.
    struct Candidate: Sendable {
        var index: Int
        var shape: LineShape
        var shapeHash: Int
        var lineHash: Int32
        var headlinesAfter: Int
        var words: Int
    }

    public let options: Options
    var hosts: [String: HostStats] = [:]
    var seenOnceCount = 0
    var recurringCount = 0
    var fingerprints: FingerprintTable
    /// Records without a URL host.
    public private(set) var recordsWithoutHost = 0

    public init(options: Options = Options()) {
        self.options = options
        fingerprints = FingerprintTable(maxSlots: options.maxPageFingerprints)
    }

    /// The host a pack for `url` names: lowercased, without `www.`; nil when the URL has no host a pack can name.
    public static func host(of url: String?) -> String? {
        guard let url, let host = URL(string: url)?.host?.lowercased(), isValidHost(host) else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// A host a pack's `hosts` accepts: ASCII letters, digits, `.` and `-`, with a dot (an internationalised name
    /// in its `xn--` form).
    public static func isValidHost(_ host: String) -> Bool {
        host.contains(".") && !host.hasPrefix(".") && !host.hasSuffix(".")
            && host.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-"
            }
    }

    /// The id of the pack for `host`: the host itself, or `site-HOST` when it starts with a digit (a pack id starts
    /// with a letter).
    public static func packID(forHost host: String) -> String {
        host.first?.isLetter == true ? host : "site-" + host
    }

    /// Splits `text` into trimmed, non-blank lines (LF, CRLF, CR and the other Unicode line breaks).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\u{A0}" }
        func emit(_ end: String.Index) {
            var from = start
            var to = end
            while from < to, isBlank(scalars[from]) { from = scalars.index(after: from) }
            while from < to, isBlank(scalars[scalars.index(before: to)]) { to = scalars.index(before: to) }
            if from < to { lines.append(text[from..<to]) }
        }
        var index = start
        while index < scalars.endIndex {
            switch scalars[index] {
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}":
                emit(index)
                index = scalars.index(after: index)
                start = index
            default:
                index = scalars.index(after: index)
            }
        }
        emit(index)
        return lines
    }

    /// Splits, measures and shapes one page: the part of the work that needs no state, so any thread may do it.
    /// Nil when the URL has no host a pack can name.
    public static func prepare(text: String, url: String?) -> PreparedPage? {
        guard let url, let host = host(of: url) else { return nil }
        return prepare(text: text, url: url, host: host)
    }

    /// ``prepare(text:url:)`` under `host` (a valid host, lowercased), whatever the URL.
    public static func prepare(text: String, url: String, host: String) -> PreparedPage {
        let lines = lines(of: text)
        let words = lines.map(LineKind.words)
        // The same article at two URLs, or with other furniture around it, has the same prose.
        var hasher = Hasher()
        hasher.combine(host)
        var prose = 0
        for (line, count) in zip(lines, words) where LineKind.isProse(line, words: count) {
            hasher.combine(line)
            prose += 1
        }
        if prose == 0 { lines.forEach { hasher.combine($0) } }
        // Headline-shaped lines right after each line (at most 20).
        var headlinesAfter = [Int](repeating: 0, count: lines.count)
        if lines.count >= 2 {
            for index in stride(from: lines.count - 2, through: 0, by: -1)
            where LineKind.isHeadline(lines[index + 1], words: words[index + 1]) {
                headlinesAfter[index] = min(20, headlinesAfter[index + 1] + 1)
            }
        }
        var candidates: [Candidate] = []
        for (index, line) in lines.enumerated() where LineKind.isCandidate(line) {
            let shape = LineShape(line)
            candidates.append(Candidate(
                index: index, shape: shape, shapeHash: shape.hashValue, lineHash: Int32(truncatingIfNeeded: line.hashValue),
                headlinesAfter: headlinesAfter[index], words: words[index]
            ))
        }
        return PreparedPage(
            host: host, url: url, text: text, fingerprint: UInt64(bitPattern: Int64(hasher.finalize())),
            lines: lines, candidates: candidates
        )
    }

    /// Counts one page, under the host of its URL.
    public func add(text: String, url: String?) {
        guard let page = Self.prepare(text: text, url: url) else {
            recordsWithoutHost += 1
            return
        }
        add(page)
    }

    /// Counts one page under `host` (a valid host, lowercased), whatever its URL.
    public func add(text: String, url: String, host: String) {
        add(Self.prepare(text: text, url: url, host: host))
    }

    /// Counts a record that had no URL host (so that the summary can say how many were skipped).
    public func addRecordWithoutHost() {
        recordsWithoutHost += 1
    }

    /// Counts one prepared page. Pages must be added in the crawl's order for the packs not to depend on threads.
    public func add(_ page: PreparedPage) {
        let stats = hosts[page.host] ?? {
            let created = HostStats()
            hosts[page.host] = created
            return created
        }()
        stats.pages += 1
        guard fingerprints.insert(page.fingerprint) else { return }
        let pageNumber = Int32(stats.distinct)
        stats.distinct += 1
        // Keep texts and the fixture only for hosts that may reach --min-pages.
        let sampling = stats.distinct * 2 >= options.minPages
        let lines = page.lines
        var score = 0
        for candidate in page.candidates {
            let line = lines[candidate.index]
            let headlineRun = candidate.headlinesAfter >= 2
            if var entry = stats.shapes[candidate.shape] {
                guard entry.lastPage != pageNumber else { continue }
                entry.pages += 1
                entry.lastPage = pageNumber
                entry.bytes += line.utf8.count + 1
                if !entry.varies && entry.variant != line { entry.varies = true }
                if headlineRun { entry.headlineRuns += 1 }
                if entry.wantsExample(onPage: pageNumber, minShare: options.minShare) {
                    entry.examples.append(Self.context(of: candidate.index, in: lines))
                }
                score += 1
                stats.shapes[candidate.shape] = entry
            } else if let seen = stats.seenOnce[candidate.shapeHash] {
                guard seen.page != pageNumber else { continue }
                // Seen on a second page: counted in full from now on.
                stats.seenOnce[candidate.shapeHash] = nil
                seenOnceCount -= 1
                var entry = ShapeStats(variant: String(line))
                entry.pages = 2
                entry.firstPage = seen.page
                entry.lastPage = pageNumber
                entry.bytes = Int(seen.bytes) + line.utf8.count + 1
                entry.varies = seen.lineHash != candidate.lineHash
                entry.headlineRuns = (seen.headlineRun ? 1 : 0) + (headlineRun ? 1 : 0)
                if entry.wantsExample(onPage: pageNumber, minShare: options.minShare) {
                    entry.examples = [Self.context(of: candidate.index, in: lines)]
                }
                stats.shapes[candidate.shape] = entry
                recurringCount += 1
                score += 1
            } else {
                stats.seenOnce[candidate.shapeHash] = SeenOnce(
                    page: pageNumber, lineHash: candidate.lineHash, headlineRun: headlineRun,
                    bytes: Int32(line.utf8.count + 1)
                )
                seenOnceCount += 1
            }
            if sampling, candidate.words >= 3 { sampleArticleLine(line, into: stats) }
        }
        if stats.seenOnce.count + stats.shapes.count > options.maxShapesPerHost {
            forget(in: stats, downTo: options.maxShapesPerHost * 3 / 4)
        }
        if seenOnceCount + recurringCount > options.maxTrackedShapes || recurringCount > options.maxRecurringShapes {
            forgetAcrossHosts()
        }
        if sampling, score > (stats.fixture?.score ?? -1), page.text.utf8.count <= 65_536 {
            stats.fixture = (page.text, page.url, score)
        }
    }

    /// The line at `index` with one line before it and up to 12 after it, none longer than
    /// ``maxContextLineBytes``.
    static func context(of index: Int, in lines: [Substring]) -> Context {
        var context: [String] = []
        if index > 0, lines[index - 1].utf8.count <= maxContextLineBytes { context.append(String(lines[index - 1])) }
        let at = context.count
        context.append(String(lines[index]))
        var next = index + 1
        while next < min(lines.count, index + 13), lines[next].utf8.count <= maxContextLineBytes {
            context.append(String(lines[next]))
            next += 1
        }
        return Context(lines: context, index: at)
    }

    private func sampleArticleLine(_ line: Substring, into stats: HostStats) {
        stats.articleLinesSeen += 1
        if stats.articleLines.count < options.articleLineSample {
            stats.articleLines.append(String(line))
        } else {
            // Reservoir sampling with a fixed sequence, so that a crawl always learns the same pack.
            var mixer = UInt64(stats.articleLinesSeen) &* 0x9E37_79B9_7F4A_7C15
            mixer ^= mixer >> 31
            let slot = Int(mixer % UInt64(stats.articleLinesSeen))
            if slot < options.articleLineSample { stats.articleLines[slot] = String(line) }
        }
    }

    /// Forgets a host's shapes seen on the fewest pages (those seen once first) until at most `limit` are left.
    private func forget(in stats: HostStats, downTo limit: Int) {
        seenOnceCount -= stats.seenOnce.count
        stats.seenOnce = [:]
        var level: Int32 = 2
        while stats.shapes.count > limit {
            let before = stats.shapes.count
            stats.shapes = stats.shapes.filter { $0.value.pages > level }
            recurringCount -= before - stats.shapes.count
            level += 1
        }
    }

    /// Forgets, over all hosts, the shapes seen on the fewest pages until both limits are a quarter below.
    private func forgetAcrossHosts() {
        if seenOnceCount + recurringCount > options.maxTrackedShapes * 3 / 4 {
            for stats in hosts.values { stats.seenOnce = [:] }
            seenOnceCount = 0
        }
        var level: Int32 = 2
        while recurringCount > min(options.maxTrackedShapes, options.maxRecurringShapes) * 3 / 4 {
            for stats in hosts.values {
                let before = stats.shapes.count
                stats.shapes = stats.shapes.filter { $0.value.pages > level }
                recurringCount -= before - stats.shapes.count
            }
            level += 1
        }
    }
}

/// The fingerprints of the pages counted, to count the same article at two URLs once: a hash table of 8-byte slots
/// in buckets of four that grows up to `maxSlots`; once that full, a new fingerprint takes the place of an old one
/// in its bucket.
struct FingerprintTable {
    private var slots: [UInt64]
    private var used = 0
    let maxSlots: Int

    /// The slots allocated so far.
    var capacity: Int { slots.count }

    init(maxSlots: Int) {
        self.maxSlots = max(4, maxSlots)
        slots = Array(repeating: 0, count: min(self.maxSlots, 1 << 12))
    }

    /// Adds `fingerprint`; false when it was there already.
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        let value = max(fingerprint, 1)  // 0 marks an empty slot
        if used * 2 >= slots.count, slots.count * 2 <= maxSlots { grow() }
        let bucket = Int(truncatingIfNeeded: ((value &* 0x9E37_79B9_7F4A_7C15) >> 24) % UInt64(slots.count / 4)) * 4
        for slot in bucket..<(bucket + 4) {
            if slots[slot] == value { return false }
            if slots[slot] == 0 {
                slots[slot] = value
                used += 1
                return true
            }
        }
        if slots.count * 2 <= maxSlots {
            grow()
            return insert(fingerprint)
        }
        slots[bucket + Int(truncatingIfNeeded: value >> 1) % 4] = value
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        used = 0
        for value in old where value != 0 { _ = insert(value) }
    }
}
