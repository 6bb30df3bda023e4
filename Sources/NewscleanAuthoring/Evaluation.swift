public import Newsclean
public import Foundation

/// A page of a labelled corpus: the dirty text and one label per line (lines split on `\n`).
public struct CorpusRecord: Sendable {
    /// How a line of dirty text is labelled.
    public enum Label: String, Sendable, Hashable, CaseIterable {
        /// Article text: it should survive cleaning.
        case content
        /// Boilerplate: it should be removed.
        case junk
        /// Undecidable (headlines, partial matches); left out of the figures.
        case neutral
    }

    public var id: String
    public var url: String?
    public var publisher: String
    public var text: String
    public var labels: [Label]

    public init(id: String, url: String?, publisher: String, text: String, labels: [Label]) {
        self.id = id
        self.url = url
        self.publisher = publisher
        self.text = text
        self.labels = labels
    }
}

/// Why a corpus file could not be read.
public struct CorpusError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

extension CorpusRecord {
    /// Reads a JSONL corpus: one object a line with `text`, `labels`, and optionally `id`, `url`,
    /// `publisher_domain`.
    public static func load(jsonl data: Data) throws(CorpusError) -> [CorpusRecord] {
        var records: [CorpusRecord] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw CorpusError(line: lineNumber, message: "not a JSON object")
            }
            guard let text = object["text"] as? String else {
                throw CorpusError(line: lineNumber, message: "no string field 'text'")
            }
            guard let rawLabels = object["labels"] as? [String] else {
                throw CorpusError(line: lineNumber, message: "no list of strings 'labels'")
            }
            var labels: [Label] = []
            for raw in rawLabels {
                guard let label = Label(rawValue: raw) else {
                    throw CorpusError(line: lineNumber, message: "unknown label '\(raw)' (content, junk, neutral)")
                }
                labels.append(label)
            }
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            guard labels.count == lineCount else {
                throw CorpusError(
                    line: lineNumber,
                    message: "\(labels.count) labels for \(lineCount) lines of text"
                )
            }
            let url = object["url"] as? String
            let publisher = (object["publisher_domain"] as? String)
                ?? url.flatMap { URL(string: $0)?.host } ?? "unknown"
            records.append(
                CorpusRecord(
                    id: object["id"] as? String ?? "line-\(lineNumber)",
                    url: url,
                    publisher: publisher,
                    text: text,
                    labels: labels
                )
            )
        }
        return records
    }
}

/// A line whose label in a corpus is known to be wrong, with the label it should have and why.
///
/// The dev corpus was labelled automatically, by matching lines against a reference text, so some boilerplate is
/// labelled content (an image credit, a copyright notice, a byline). A correction names the line by record id and
/// 1-based line number, and quotes the start of its text, so that it can never land on another line.
public struct LabelCorrection: Sendable, Hashable {
    public var recordID: String
    public var line: Int
    public var label: CorpusRecord.Label
    public var reason: String
    /// The start of the line's text, as it must read in the corpus.
    public var text: String

    public init(recordID: String, line: Int, label: CorpusRecord.Label, reason: String, text: String) {
        self.recordID = recordID
        self.line = line
        self.label = label
        self.reason = reason
        self.text = text
    }

    /// Reads a corrections file: one correction a line, `record-id TAB line TAB label TAB reason TAB text`; blank
    /// lines and lines starting with `#` are skipped.
    public static func load(tsv: String) throws(CorpusError) -> [LabelCorrection] {
        var corrections: [LabelCorrection] = []
        for (index, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let number = Int(fields[1]), number >= 1,
                let label = CorpusRecord.Label(rawValue: String(fields[2])), !fields[4].isEmpty
            else {
                throw CorpusError(line: index + 1, message: "expected: record-id, line number, label (content, junk, "
                    + "neutral), reason and the start of the line's text, separated by tabs")
            }
            corrections.append(LabelCorrection(recordID: String(fields[0]), line: number, label: label,
                                               reason: String(fields[3]), text: String(fields[4])))
        }
        return corrections
    }

    /// Applies `corrections` to `records`; an error when one names a record or line that is not there, or a line
    /// whose text does not start as quoted.
    public static func apply(_ corrections: [LabelCorrection], to records: inout [CorpusRecord]) throws(CorpusError) {
        var recordIndex: [String: Int] = [:]
        for (index, record) in records.enumerated() { recordIndex[record.id] = index }
        for (index, correction) in corrections.enumerated() {
            guard let position = recordIndex[correction.recordID] else {
                throw CorpusError(line: index + 1, message: "no record '\(correction.recordID)' in the corpus")
            }
            let lines = records[position].text.split(separator: "\n", omittingEmptySubsequences: false)
            guard correction.line <= lines.count, lines[correction.line - 1].hasPrefix(correction.text) else {
                throw CorpusError(line: index + 1, message: "line \(correction.line) of '\(correction.recordID)' does "
                    + "not start with \"\(correction.text)\"")
            }
            records[position].labels[correction.line - 1] = correction.label
        }
    }
}

/// Junk recall and content kept over a set of lines.
public struct Score: Sendable, Hashable {
    public var junkLines = 0
    public var junkRemoved = 0
    public var contentLines = 0
    public var contentKept = 0

    public init() {}

    /// Junk lines that did not survive, over junk lines (0 when there is no junk).
    public var junkRecall: Double { junkLines == 0 ? 0 : Double(junkRemoved) / Double(junkLines) }
    /// Content lines that survived, over content lines (1 when there is no content).
    public var contentKeptRatio: Double { contentLines == 0 ? 1 : Double(contentKept) / Double(contentLines) }

    mutating func add(_ other: Score) {
        junkLines += other.junkLines
        junkRemoved += other.junkRemoved
        contentLines += other.contentLines
        contentKept += other.contentKept
    }
}

/// How a labelled corpus fares under a cleaner, overall, per publisher and per rule.
public struct Evaluation: Sendable {
    /// Lines of each label that one rule took part in removing.
    public struct RuleImpact: Sendable, Hashable {
        public var junk = 0
        public var content = 0
        public var neutral = 0
        /// On how many records, and of how many publishers, the rule removed or rewrote anything (labelled or not).
        public var pages = 0
        public var publishers = 0
    }

    /// A content line that did not survive, and the rules that removed from it.
    public struct LostContent: Sendable, Hashable {
        public var recordID: String
        public var lineNumber: Int
        public var line: String
        public var rules: [String]
    }

    public var records = 0
    public var overall = Score()
    public var perPublisher: [String: Score] = [:]
    public var perRule: [String: RuleImpact] = [:]
    public var lostContent: [LostContent] = []
    /// Records the over-deletion guard passed through unchanged, with the share the rules would have removed.
    public var guarded: [(recordID: String, removedFraction: Double)] = []

    /// Rules by impact: those that removed content first (most content first), then by junk removed.
    public var rulesByImpact: [(rule: String, impact: RuleImpact)] {
        perRule.map { ($0.key, $0.value) }.sorted { a, b in
            if a.impact.content != b.impact.content { return a.impact.content > b.impact.content }
            if a.impact.junk != b.impact.junk { return a.impact.junk > b.impact.junk }
            return a.rule < b.rule
        }
    }

    /// Cleans every record with `cleaner` (publisher pack picked from each record's URL) and scores it.
    ///
    /// A dirty line survives when at least half of its word tokens (NFKC, lower-cased `\w+`) are found in the
    /// cleaned text by aligning the two token sequences (longest matching blocks first, as Python's difflib does).
    /// A line without word tokens survives unless the cleaner removed all of its bytes.
    public static func run(_ records: [CorpusRecord], cleaner: Cleaner) -> Evaluation {
        run(records) { _ in cleaner }
    }

    /// Cleans every record with the cleaner `cleaner(record)` returns, and scores it as ``run(_:cleaner:)`` does.
    public static func run(_ records: [CorpusRecord], cleaner: (CorpusRecord) -> Cleaner) -> Evaluation {
        var evaluation = Evaluation()
        var publishersOfRule: [String: Set<String>] = [:]
        for record in records {
            let result = cleaner(record).clean(record.text, url: record.url)
            for rule in Set(result.removals.map(\.ruleID)) {
                evaluation.perRule[rule, default: RuleImpact()].pages += 1
                publishersOfRule[rule, default: []].insert(record.publisher)
            }
            if let overDeletion = result.overDeletion {
                evaluation.guarded.append((record.id, overDeletion.removedFraction))
            }
            let survival = LineSurvival.compute(dirty: record.text, cleaned: result.text, removals: result.removals)
            var score = Score()
            for (index, label) in record.labels.enumerated() where index < survival.count {
                let line = survival[index]
                switch label {
                case .content:
                    score.contentLines += 1
                    if line.survives {
                        score.contentKept += 1
                    } else {
                        evaluation.lostContent.append(
                            LostContent(recordID: record.id, lineNumber: index + 1, line: line.text, rules: line.rules)
                        )
                    }
                case .junk:
                    score.junkLines += 1
                    if !line.survives { score.junkRemoved += 1 }
                case .neutral:
                    break
                }
                if !line.survives {
                    for rule in line.rules {
                        switch label {
                        case .content: evaluation.perRule[rule, default: RuleImpact()].content += 1
                        case .junk: evaluation.perRule[rule, default: RuleImpact()].junk += 1
                        case .neutral: evaluation.perRule[rule, default: RuleImpact()].neutral += 1
                        }
                    }
                }
            }
            evaluation.records += 1
            evaluation.overall.add(score)
            evaluation.perPublisher[record.publisher, default: Score()].add(score)
        }
        for (rule, publishers) in publishersOfRule { evaluation.perRule[rule]?.publishers = publishers.count }
        return evaluation
    }

    /// Of `rules` (qualified ids), those that removed something on fewer than `minPages` records or from fewer than
    /// `minPublishers` publishers, never-firing ones included: for generic rules, a sign of a phrase seen on one page
    /// that belongs in that publisher's pack, or of a rule to rewrite as a family. Fewest pages first.
    public func narrowRules(_ rules: [String], minPages: Int = 3, minPublishers: Int = 2)
        -> [(rule: String, pages: Int, publishers: Int)]
    {
        rules.map { rule in (rule, perRule[rule]?.pages ?? 0, perRule[rule]?.publishers ?? 0) }
            .filter { $0.1 < minPages || $0.2 < minPublishers }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
    }
}

/// Which lines of a dirty text survive in its cleaned version.
enum LineSurvival {
    struct Line {
        var text: String
        var survives: Bool
        /// Rules whose removals touch the line (sorted).
        var rules: [String]
    }

    static func compute(dirty: String, cleaned: String, removals: [Removal]) -> [Line] {
        var interner: [String: Int] = [:]
        let lines = dirty.split(separator: "\n", omittingEmptySubsequences: false)
        var dirtyTokens: [Int] = []
        var lineOfToken: [Int] = []
        var lineRanges: [Range<Int>] = []
        var offset = 0
        for (index, line) in lines.enumerated() {
            let length = line.utf8.count
            lineRanges.append(offset..<(offset + length))
            offset += length + 1
            for token in tokens(of: line) {
                dirtyTokens.append(interner.intern(token))
                lineOfToken.append(index)
            }
        }
        let cleanedTokens = tokens(of: Substring(cleaned)).map { interner.intern($0) }
        let matched = TokenAlignment.matchedFlags(dirtyTokens, cleanedTokens)

        var tokenCount = Array(repeating: 0, count: lines.count)
        var matchedCount = Array(repeating: 0, count: lines.count)
        for (index, line) in lineOfToken.enumerated() {
            tokenCount[line] += 1
            if matched[index] { matchedCount[line] += 1 }
        }
        let deletions = removals.filter { $0.replacement == nil || $0.replacement!.isEmpty }
        return lines.indices.map { index in
            let range = lineRanges[index]
            let touching = removals.filter { $0.range.overlaps(range) }
            let rules = Array(Set(touching.map(\.ruleID))).sorted()
            let survives: Bool
            if tokenCount[index] > 0 {
                survives = matchedCount[index] * 2 >= tokenCount[index]
            } else {
                survives = range.isEmpty || !covered(range, by: deletions)
            }
            return Line(text: String(lines[index]), survives: survives, rules: rules)
        }
    }

    private static func covered(_ range: Range<Int>, by removals: [Removal]) -> Bool {
        var position = range.lowerBound
        for removal in removals.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if removal.range.lowerBound > position { break }
            position = max(position, removal.range.upperBound)
            if position >= range.upperBound { return true }
        }
        return position >= range.upperBound
    }

    /// NFKC, lower-cased `\w+` tokens: runs of letters, numbers and underscores.
    static func tokens(of text: Substring) -> [String] {
        let normalized = String(text).precomposedStringWithCompatibilityMapping.lowercased()
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in normalized.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

extension [String: Int] {
    fileprivate mutating func intern(_ token: String) -> Int {
        if let id = self[token] { return id }
        let id = count
        self[token] = id
        return id
    }
}

/// Aligns two token sequences the way Python's `difflib.SequenceMatcher` does (without its junk heuristic): take the
/// longest matching block, then align what lies left and right of it the same way.
enum TokenAlignment {
    /// For each token of `a`, whether the alignment matched it to a token of `b`.
    static func matchedFlags(_ a: [Int], _ b: [Int]) -> [Bool] {
        var flags = Array(repeating: false, count: a.count)
        guard !a.isEmpty, !b.isEmpty else { return flags }
        var positions: [Int: [Int]] = [:]
        for (index, token) in b.enumerated() { positions[token, default: []].append(index) }
        var lengths = Array(repeating: 0, count: b.count + 1)
        var stamps = Array(repeating: -1, count: b.count + 1)
        var newLengths = Array(repeating: 0, count: b.count + 1)
        var newStamps = Array(repeating: -1, count: b.count + 1)
        var stamp = 0
        var stack: [(Int, Int, Int, Int)] = [(0, a.count, 0, b.count)]
        while let (aLow, aHigh, bLow, bHigh) = stack.popLast() {
            // Longest common block in a[aLow..<aHigh] and b[bLow..<bHigh]; the earliest in a, then in b, wins ties.
            var bestI = aLow
            var bestJ = bLow
            var bestSize = 0
            stamp += 1
            var previousStamp = -2
            for i in aLow..<aHigh {
                guard let candidates = positions[a[i]] else {
                    previousStamp = -2
                    stamp += 1
                    continue
                }
                let currentStamp = stamp
                for j in candidates where j >= bLow {
                    if j >= bHigh { break }
                    let before = j > 0 && stamps[j] == previousStamp ? lengths[j] : 0
                    let k = before + 1
                    newLengths[j + 1] = k
                    newStamps[j + 1] = currentStamp
                    if k > bestSize {
                        bestI = i - k + 1
                        bestJ = j - k + 1
                        bestSize = k
                    }
                }
                swap(&lengths, &newLengths)
                swap(&stamps, &newStamps)
                previousStamp = currentStamp
                stamp += 1
            }
            guard bestSize > 0 else { continue }
            for index in bestI..<(bestI + bestSize) { flags[index] = true }
            if aLow < bestI && bLow < bestJ { stack.append((aLow, bestI, bLow, bestJ)) }
            if bestI + bestSize < aHigh && bestJ + bestSize < bHigh {
                stack.append((bestI + bestSize, aHigh, bestJ + bestSize, bHigh))
            }
        }
        return flags
    }
}
