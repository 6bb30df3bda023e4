// The literal algebra of `LiteralExtractor`: what each node of the syntax tree tells about the strings it matches
// (exact, prefix, suffix and required literal sets), combined over sequences, alternations and repetitions.
extension LiteralExtractor {
    /// What is known about the strings a node matches.
    ///
    /// `exact`: the complete set of strings it matches, when small and known. `prefixes` / `suffixes`: every match
    /// starts / ends with one of these (a set containing "" carries no information). `required`: the best known set
    /// such that every match contains one of them (nil: none known).
    struct Info {
        var exact: [[UInt8]]?
        var prefixes: [[UInt8]]
        var suffixes: [[UInt8]]
        var required: [[UInt8]]?

        static let empty = Info(exact: [[]], prefixes: [[]], suffixes: [[]], required: nil)
        static let opaque = Info(exact: nil, prefixes: [[]], suffixes: [[]], required: nil)

        init(exact: [[UInt8]]?, prefixes: [[UInt8]], suffixes: [[UInt8]], required: [[UInt8]]?) {
            self.exact = exact
            self.prefixes = prefixes
            self.suffixes = suffixes
            self.required = required
        }

        init(exact: [[UInt8]]) {
            self.init(exact: exact, prefixes: exact, suffixes: exact, required: Analysis.best(exact))
        }
    }

    enum Analysis {
        /// Largest exact / prefix / suffix set tracked.
        static let setLimit = 64
        /// Copies of a repeated node analysed (x{5,} is analysed as xxx followed by unknown text).
        static let repeatCopies = 3
        /// Largest upper bound of a repetition whose exact set is enumerated.
        static let enumeratedRepeat = 4

        static func info(of node: Node) -> Info {
            switch node {
            case .empty:
                return .empty
            case .opaque:
                return .opaque
            case .oneOf(let strings):
                return Info(exact: strings)
            case .sequence(let nodes):
                return nodes.reduce(Info.empty) { concatenate($0, info(of: $1)) }
            case .alternation(let nodes):
                return alternate(nodes.map(info(of:)))
            case .repetition(let node, let min, let max):
                return repeatInfo(info(of: node), min: min, max: max)
            }
        }

        static func concatenate(_ left: Info, _ right: Info) -> Info {
            var exact: [[UInt8]]?
            if let leftExact = left.exact, let rightExact = right.exact {
                exact = product(leftExact, rightExact, limit: setLimit)
            }
            let prefixes =
                exact ?? left.exact.flatMap { product($0, right.prefixes, limit: setLimit) } ?? left.prefixes
            let suffixes =
                exact ?? right.exact.flatMap { product(left.suffixes, $0, limit: setLimit) } ?? right.suffixes
            let junction = product(left.suffixes, right.prefixes, limit: maximumLiteralCount)
            let required = best(left.required, right.required, junction, exact, prefixes, suffixes)
            return Info(exact: exact, prefixes: prefixes, suffixes: suffixes, required: required)
        }

        static func alternate(_ branches: [Info]) -> Info {
            var exact: [[UInt8]]? = []
            var prefixes: [[UInt8]]? = []
            var suffixes: [[UInt8]]? = []
            var required: [[UInt8]]? = []
            for branch in branches {
                exact = exact.flatMap { accumulated in branch.exact.flatMap { union(accumulated, $0, setLimit) } }
                prefixes = prefixes.flatMap { union($0, branch.prefixes, setLimit) }
                suffixes = suffixes.flatMap { union($0, branch.suffixes, setLimit) }
                required = required.flatMap { accumulated in
                    branch.required.flatMap { union(accumulated, $0, maximumLiteralCount) }
                }
            }
            let knownPrefixes = prefixes ?? [[]]
            let knownSuffixes = suffixes ?? [[]]
            return Info(
                exact: exact,
                prefixes: knownPrefixes,
                suffixes: knownSuffixes,
                required: best(required, exact, knownPrefixes, knownSuffixes)
            )
        }

        static func repeatInfo(_ item: Info, min: Int, max: Int?) -> Info {
            if max == 0 { return .empty }
            if min == 0 {
                if let exact = item.exact, let max, let powers = powers(of: exact, from: 0, through: max) {
                    return Info(exact: powers)
                }
                return .opaque
            }
            // Every match is x^k with k >= min: it starts and ends with (and contains) x^copies.
            let copies = Swift.min(min, repeatCopies)
            var base = item
            for _ in 1..<copies { base = concatenate(base, item) }
            if max == min && min <= repeatCopies { return base }
            if let exact = item.exact, let max, let powers = powers(of: exact, from: min, through: max) {
                return Info(exact: powers)
            }
            return Info(exact: nil, prefixes: base.prefixes, suffixes: base.suffixes, required: base.required)
        }

        /// The union of exact^k for k in lower...upper, if small.
        private static func powers(of exact: [[UInt8]], from lower: Int, through upper: Int) -> [[UInt8]]? {
            guard upper <= enumeratedRepeat else { return nil }
            var power: [[UInt8]] = [[]]
            var result: [[UInt8]] = lower == 0 ? [[]] : []
            for count in 1...upper {
                guard let next = product(power, exact, limit: setLimit) else { return nil }
                power = next
                if count >= lower {
                    guard let combined = union(result, power, setLimit) else { return nil }
                    result = combined
                }
            }
            return result
        }

        /// All concatenations a + b, or nil when there would be more than `limit`.
        static func product(_ left: [[UInt8]], _ right: [[UInt8]], limit: Int) -> [[UInt8]]? {
            guard left.count * right.count <= limit else { return nil }
            var result: [[UInt8]] = []
            result.reserveCapacity(left.count * right.count)
            for head in left {
                for tail in right {
                    let combined = head + tail
                    if !result.contains(combined) { result.append(combined) }
                }
            }
            return result
        }

        static func union(_ left: [[UInt8]], _ right: [[UInt8]], _ limit: Int) -> [[UInt8]]? {
            var result = left
            for string in right where !result.contains(string) {
                result.append(string)
                if result.count > limit { return nil }
            }
            return result
        }

        static func shortestLength(of set: [[UInt8]]) -> Int {
            set.lazy.map(\.count).min() ?? 0
        }

        /// The best usable required set: longest shortest literal, then fewest literals, then the earliest.
        static func best(_ candidates: [[UInt8]]?...) -> [[UInt8]]? {
            var chosen: [[UInt8]]?
            var chosenLength = 0
            for case let candidate? in candidates where !candidate.isEmpty && candidate.count <= maximumLiteralCount {
                let length = shortestLength(of: candidate)
                guard length > 0 else { continue }
                if let current = chosen,
                    length < chosenLength || (length == chosenLength && candidate.count >= current.count)
                {
                    continue
                }
                chosen = candidate
                chosenLength = length
            }
            return chosen
        }

        /// Drops literals that contain another literal of the set: a document containing them contains that one too.
        static func withoutRedundantLiterals(_ set: [[UInt8]]) -> [[UInt8]] {
            set.enumerated().filter { index, literal in
                !set.enumerated().contains { otherIndex, other in
                    otherIndex != index && (other == literal ? otherIndex < index : contains(literal, other))
                }
            }.map(\.element)
        }

        /// Whether every text holding `haystack` holds `needle`, in the scanner's comparison: letters without case,
        /// except that a capital must be a capital (so "AP" contains "ap" and "P", and "ap" does not contain "AP").
        private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard needle.count <= haystack.count else { return false }
            if needle.isEmpty { return true }
            for start in 0...(haystack.count - needle.count)
            where zip(haystack[start..<(start + needle.count)], needle).allSatisfy({ found, byte in
                byte >= 0x41 && byte <= 0x5A ? found == byte : asciiLowercased(found) == byte
            }) {
                return true
            }
            return false
        }
    }
}
