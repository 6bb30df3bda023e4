internal import Foundation

/// Counts, in one pass over a crawl, the lines and line shapes that recur across each host's pages, with bounded
/// memory; ``drafts(generic:)`` then turns each host's recurring furniture into a draft publisher pack.
///
/// Memory: at most ``Options/maxTrackedShapes`` line shapes in all and ``Options/maxShapesPerHost`` per host are
/// counted (when a limit is reached, the shapes seen on the fewest pages, one page first, are forgotten: furniture
/// recurs, so it survives); besides those, each host keeps one 8-byte fingerprint per distinct page, a sample of
/// ``Options/articleLineSample`` of its lines (for keep texts) and one page of at most 64 KiB (for the fixture).
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
        /// Line shapes counted per host.
        public var maxShapesPerHost = 20_000
        /// Article lines sampled per host, from which keep texts are chosen.
        public var articleLineSample = 300
        /// The command named in the packs' descriptions.
        public var command = "newsclean learn"

        public init() {}
    }

    /// A line in its page: up to one line before it and 12 after it (non-blank lines, trimmed).
    struct Context {
        var lines: [String]
        var index: Int
    }

    struct ShapeStats {
        var pages: Int32 = 0
        var lastPage: Int32 = -1
        /// The first line of this shape, and whether others differ from it.
        var variant: String
        var varies = false
        /// The bytes of its lines, line breaks included.
        var bytes = 0
        /// Pages on which two or more headline-shaped lines follow it.
        var headlineRuns: Int32 = 0
        /// Up to two of its occurrences after the first page, with their context.
        var examples: [Context] = []
    }

    final class HostStats {
        var pages = 0
        var fingerprints: Set<Int> = []
        var shapes: [LineShape: ShapeStats] = [:]
        var articleLines: [String] = []
        var articleLinesSeen = 0
        var fixture: (text: String, url: String, score: Int)?
    }

    public let options: Options
    var hosts: [String: HostStats] = [:]
    var tracked = 0
    /// Records without a URL host.
    public private(set) var recordsWithoutHost = 0

    public init(options: Options = Options()) {
        self.options = options
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

    /// Splits `text` into trimmed, non-blank lines (LF, CRLF and CR line breaks).
    static func lines(of text: String) -> [Substring] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let trimmed = raw.drop { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
            let end = trimmed.lastIndex { !($0 == " " || $0 == "\t" || $0 == "\u{A0}") }
            guard let end else { return nil }
            return trimmed[...end]
        }
    }

    /// Counts one page, under the host of its URL.
    public func add(text: String, url: String?) {
        guard let url, let host = Self.host(of: url) else {
            recordsWithoutHost += 1
            return
        }
        add(text: text, url: url, host: host)
    }

    /// Counts one page under `host` (a valid host, lowercased), whatever its URL.
    public func add(text: String, url: String, host: String) {
        let stats = hosts[host] ?? {
            let created = HostStats()
            hosts[host] = created
            return created
        }()
        stats.pages += 1
        let lines = Self.lines(of: text)
        // The same article at two URLs, or with other furniture around it, has the same prose.
        var hasher = Hasher()
        var prose = 0
        for line in lines where LineKind.isProse(line) {
            hasher.combine(line)
            prose += 1
        }
        if prose == 0 { lines.forEach { hasher.combine($0) } }
        guard stats.fingerprints.insert(hasher.finalize()).inserted else { return }
        let page = Int32(stats.fingerprints.count - 1)
        var score = 0
        for (index, line) in lines.enumerated() where LineKind.isCandidate(line) {
            let shape = LineShape(line)
            if var entry = stats.shapes[shape] {
                guard entry.lastPage != page else { continue }
                entry.pages += 1
                entry.lastPage = page
                entry.bytes += line.utf8.count + 1
                if !entry.varies && entry.variant != line { entry.varies = true }
                if Self.headlinesFollowing(index, in: lines) >= 2 { entry.headlineRuns += 1 }
                if entry.examples.count < 2 {
                    let from = max(0, index - 1)
                    let to = min(lines.count, index + 13)
                    entry.examples.append(Context(lines: lines[from..<to].map(String.init), index: index - from))
                }
                score += 1
                stats.shapes[shape] = entry
            } else {
                var entry = ShapeStats(variant: String(line))
                entry.pages = 1
                entry.lastPage = page
                entry.bytes = line.utf8.count + 1
                if Self.headlinesFollowing(index, in: lines) >= 2 { entry.headlineRuns = 1 }
                stats.shapes[shape] = entry
                tracked += 1
            }
            sampleArticleLine(line, into: stats)
        }
        if stats.shapes.count > options.maxShapesPerHost {
            tracked -= Self.forget(in: stats, downTo: options.maxShapesPerHost * 3 / 4)
        }
        if tracked > options.maxTrackedShapes { forgetAcrossHosts() }
        if score > (stats.fixture?.score ?? -1), text.utf8.count <= 65_536 {
            stats.fixture = (text, url, score)
        }
    }

    /// Headline-shaped lines right after `index`.
    static func headlinesFollowing(_ index: Int, in lines: [Substring]) -> Int {
        var count = 0
        var next = index + 1
        while next < lines.count, count < 20, LineKind.isHeadline(lines[next]) {
            count += 1
            next += 1
        }
        return count
    }

    private func sampleArticleLine(_ line: Substring, into stats: HostStats) {
        guard LineKind.words(line) >= 3 else { return }
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

    /// Forgets the shapes seen on the fewest pages until at most `limit` are left; returns how many it forgot.
    static func forget(in stats: HostStats, downTo limit: Int) -> Int {
        let before = stats.shapes.count
        var level: Int32 = 1
        while stats.shapes.count > limit {
            stats.shapes = stats.shapes.filter { $0.value.pages > level }
            level += 1
        }
        return before - stats.shapes.count
    }

    private func forgetAcrossHosts() {
        var level: Int32 = 1
        while tracked > options.maxTrackedShapes * 3 / 4 {
            for stats in hosts.values {
                let before = stats.shapes.count
                stats.shapes = stats.shapes.filter { $0.value.pages > level }
                tracked -= before - stats.shapes.count
            }
            level += 1
        }
    }
}
