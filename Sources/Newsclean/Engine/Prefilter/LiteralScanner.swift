/// One occurrence of a literal found by `LiteralScanner`: its id, and the offset just after its last byte.
package struct LiteralOccurrence: Sendable, Hashable {
    package var literal: Int32
    package var end: Int

    package init(literal: Int32, end: Int) {
        self.literal = literal
        self.end = end
    }
}

/// Finds which of a fixed set of byte literals occur in a text, in one pass.
///
/// Aho-Corasick automaton compiled to a full DFA over byte classes. ASCII letters are compared case-insensitively
/// (A-Z folded to a-z in both literals and text); all other bytes, including non-ASCII ones, are compared exactly.
/// A capital letter in a literal, though, must be a capital in the text: a literal such as `AP` (from a
/// case-sensitive pattern, or declared with its case) occurs in "AP Photo" and not in "happen". Such literals are
/// found caselessly by the automaton and their capitals checked at the hit.
///
/// Layout: the 256 byte values map to equivalence classes (one per distinct folded byte that occurs in a literal,
/// plus one shared class for every other byte); the transition table is flat, with one row of `classCount` entries
/// per state. An entry holds the next state's number, or, when that state completes at least one literal, its number
/// bit-inverted (negative), so the inner loop is one class lookup, one table load, a multiply and a sign test.
/// Entries are 16-bit while the states fit (32,767; the bundled packs have about 12,000), 32-bit beyond: the step is
/// bound by the latency of the table load, and a table half the size misses the cache less (storing row offsets
/// instead, which saves the multiply, needs 32 bits: about 5% more CPU on the real workload with the bundled packs).
/// Texts of 128 bytes or more are cut into four parts (each but the first starting `longest literal - 1` bytes early)
/// that four automata scan in one interleaved loop: a DFA step is load-latency-bound, and the independent chains
/// roughly double throughput.
package struct LiteralScanner: Sendable {
    /// Number of literals (ids are `0..<literalCount`).
    package let literalCount: Int

    /// Byte value -> class (0 = bytes that occur in no literal).
    private let byteClasses: [UInt8]
    /// Entries per table row.
    private let classCount: Int
    /// `stateCount * classCount` transitions, see the type comment: 16-bit entries while the states fit, which
    /// halves the table the scan keeps in cache (the bundled packs: 3.3 instead of 6.7 MB).
    private let transitions: Table
    private enum Table {
        case narrow([Int16])
        case wide([Int32])
    }
    /// For state s, the ids of the literals it completes are `outputIDs[outputStarts[s]..<outputStarts[s + 1]]`.
    private let outputStarts: [Int32]
    private let outputIDs: [Int32]
    /// Ids of empty literals, which occur in every text.
    private let emptyLiteralIDs: [Int32]
    /// Length of the longest literal (at least 1).
    private let longestLiteral: Int
    /// Literal id -> the range of its bytes in `capitalBytes` when it holds a capital ASCII letter (its case is then
    /// checked at each hit), else an empty range.
    private let capitalStarts: [Int32]
    private let capitalEnds: [Int32]
    private let capitalBytes: [UInt8]

    /// Builds the automaton.
    ///
    /// - Parameter literals: index i is literal id i. Duplicates are allowed (each id is reported); an empty literal
    ///   occurs in every text. A capital ASCII letter must occur as a capital; a lowercase one in either case.
    package init(literals: [[UInt8]]) {
        literalCount = literals.count
        let folded = literals.map { $0.map(Self.folded) }

        var byteClasses = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for literal in folded {
            for byte in literal where byteClasses[Int(byte)] == 0 {
                byteClasses[Int(byte)] = UInt8(classCount)
                classCount += 1
            }
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            byteClasses[Int(upper)] = byteClasses[Int(upper | 0x20)]
        }

        // The trie, sparse: its edges keyed by `state * classCount + class` while the literals are inserted.
        var edgeOf: [Int: Int32] = [:]
        var ownOutputs: [[Int32]] = [[]]
        var emptyLiteralIDs: [Int32] = []
        for (id, literal) in folded.enumerated() {
            guard !literal.isEmpty else {
                emptyLiteralIDs.append(Int32(id))
                continue
            }
            var state = 0
            for byte in literal {
                let key = state * classCount + Int(byteClasses[Int(byte)])
                if let child = edgeOf[key] {
                    state = Int(child)
                } else {
                    let newState = ownOutputs.count
                    edgeOf[key] = Int32(newState)
                    ownOutputs.append([])
                    state = newState
                }
            }
            ownOutputs[state].append(Int32(id))
        }
        let stateCount = ownOutputs.count
        precondition(stateCount < Int(Int32.max), "LiteralScanner: too many literals")

        // Each state's edges in class order, then the states numbered breadth-first (the root, then depth 1, depth
        // 2, ...): scanning text spends nearly all its time in shallow states, and keeping their rows together keeps
        // them in a few cache lines and pages even when the table is megabytes (trie order scatters them).
        let edges = edgeOf.sorted { $0.key < $1.key }
        var edgeStarts = [Int](repeating: 0, count: stateCount + 1)
        for edge in edges { edgeStarts[edge.key / classCount + 1] += 1 }
        for state in 0..<stateCount { edgeStarts[state + 1] += edgeStarts[state] }
        var order = [Int](repeating: 0, count: stateCount)  // breadth-first position -> trie state
        var renumbered = [Int](repeating: 0, count: stateCount)  // trie state -> breadth-first position
        var queued = 1
        for position in 0..<stateCount {
            for edge in edges[edgeStarts[order[position]]..<edgeStarts[order[position] + 1]] {
                order[queued] = Int(edge.value)
                renumbered[Int(edge.value)] = queued
                queued += 1
            }
        }

        let trie = Trie(
            classCount: classCount, order: order, renumbered: renumbered, edges: edges, edgeStarts: edgeStarts,
            ownOutputs: ownOutputs)
        let transitions: Table
        var outputStarts: [Int32] = []
        var outputIDs: [Int32] = []
        if stateCount <= Int(Int16.max) {
            transitions = .narrow(trie.table(outputStarts: &outputStarts, outputIDs: &outputIDs))
        } else {
            transitions = .wide(trie.table(outputStarts: &outputStarts, outputIDs: &outputIDs))
        }

        self.byteClasses = byteClasses
        self.classCount = classCount
        self.transitions = transitions
        self.outputStarts = outputStarts
        self.outputIDs = outputIDs
        self.emptyLiteralIDs = emptyLiteralIDs
        longestLiteral = max(1, folded.lazy.map(\.count).max() ?? 1)
        var capitalStarts: [Int32] = []
        var capitalEnds: [Int32] = []
        var capitalBytes: [UInt8] = []
        for literal in literals {
            capitalStarts.append(Int32(capitalBytes.count))
            if literal.contains(where: Self.isCapital) { capitalBytes += literal }
            capitalEnds.append(Int32(capitalBytes.count))
        }
        self.capitalStarts = capitalStarts
        self.capitalEnds = capitalEnds
        self.capitalBytes = capitalBytes
    }

    /// The trie of the literals, its states numbered breadth-first, from which the DFA table is built.
    private struct Trie {
        let classCount: Int
        /// Breadth-first position -> trie state, and back.
        let order: [Int]
        let renumbered: [Int]
        /// The edges, keyed by `state * classCount + class`, sorted; a state's are `edges[edgeStarts[state]..<...]`.
        let edges: [(key: Int, value: Int32)]
        let edgeStarts: [Int]
        /// Trie state -> the literals that end there.
        let ownOutputs: [[Int32]]

        /// The table, with `Entry` wide enough for every state number; also each state's outputs.
        func table<Entry: FixedWidthInteger & SignedInteger>(outputStarts: inout [Int32], outputIDs: inout [Int32]) -> [Entry] {
            // The full DFA, one row per state in breadth-first order. A state's row is its failure state's row (which
            // is shallower, so already complete) with its own edges written over it; a child's failure state is where
            // the failure state's row leads on the child's class, and its outputs are its own and its failure state's.
            // One pass, a row copy and a few edges per state: building the scanner was a sixth of newsclean's startup
            // when the table was filled entry by entry, twice.
            let stateCount = order.count
            var failure = [Int](repeating: 0, count: stateCount)  // by breadth-first position
            outputStarts = [0, 0]  // the root completes nothing (empty literals are kept apart)
            outputIDs = []
            return [Entry](unsafeUninitializedCapacity: stateCount * classCount) { table, initialized in
                let base = table.baseAddress!
                func target(_ entry: Entry) -> Int { entry < 0 ? Int(~entry) : Int(entry) }
                for position in 0..<stateCount {
                    let row = base + position * classCount
                    if position == 0 {
                        row.initialize(repeating: 0, count: classCount)
                    } else {
                        row.initialize(from: base + failure[position] * classCount, count: classCount)
                    }
                    let state = order[position]
                    for edge in edges[edgeStarts[state]..<edgeStarts[state + 1]] {
                        let byteClass = edge.key - state * classCount
                        let child = renumbered[Int(edge.value)]
                        let fallback = position == 0 ? 0 : target(row[byteClass])
                        failure[child] = fallback
                        // Children are numbered in the order they are met here, so their outputs are appended in order.
                        outputIDs += ownOutputs[Int(edge.value)]
                        for slot in Int(outputStarts[fallback])..<Int(outputStarts[fallback + 1]) {
                            outputIDs.append(outputIDs[slot])
                        }
                        outputStarts.append(Int32(outputIDs.count))
                        // A state that completes a literal is stored as ~state, so that the scan tests a sign.
                        let completes = outputStarts[child + 1] > outputStarts[child]
                        row[byteClass] = completes ? ~Entry(child) : Entry(child)
                    }
                }
                initialized = stateCount * classCount
            }
        }
    }

    /// The size of the transition table in bytes (states x byte classes x 2 or 4): what the scan keeps in cache.
    package var tableBytes: Int {
        switch transitions {
        case .narrow(let table): table.count * MemoryLayout<Int16>.stride
        case .wide(let table): table.count * MemoryLayout<Int32>.stride
        }
    }

    /// The number of automaton states.
    package var stateCount: Int { outputStarts.count - 1 }

    /// Marks every literal that occurs in `text`.
    ///
    /// Sets `hits[id] = true` for every literal id occurring in `text` and leaves other entries unchanged (the caller
    /// resets `hits` between documents). Does not allocate.
    /// - Precondition: `hits.count == literalCount`.
    /// - Returns: the number of distinct literal ids that were newly set by this call.
    package func scan(_ text: UnsafeBufferPointer<UInt8>, hits: inout [Bool]) -> Int {
        var occurrenceCount = 0
        return scan(text, hits: &hits, positions: nil, occurrenceCount: &occurrenceCount)
    }

    /// The buffers of a scan, owned by the caller and reused from text to text, as `MatchScratch` is for PCRE2:
    /// which literals occur, where their first and last occurrences end, and the list of occurrences.
    package struct Scratch {
        /// Literal id -> occurs in the text last scanned; only the ids in `newIDs[0..<hitCount]` are set.
        package var hits: [Bool]
        package var newIDs: [Int32]
        package var hitCount = 0
        /// Literal id -> the end offset (exclusive) of its first and of its last occurrence (valid for the hits).
        package var firstEnds: [Int]
        package var lastEnds: [Int]
        /// The occurrences of the listed literals, in no particular order, while there is room: the first
        /// `min(occurrenceCount, occurrences.count)` elements.
        package var occurrences: [LiteralOccurrence]
        package var occurrenceCount = 0

        /// Buffers for a scanner of `literalCount` literals, with room for `occurrenceCapacity` occurrences.
        package init(literalCount: Int, occurrenceCapacity: Int) {
            hits = Array(repeating: false, count: literalCount)
            newIDs = Array(repeating: 0, count: literalCount)
            firstEnds = Array(repeating: 0, count: literalCount)
            lastEnds = Array(repeating: 0, count: literalCount)
            occurrences = Array(repeating: LiteralOccurrence(literal: 0, end: 0), count: occurrenceCapacity)
        }

        /// Whether `occurrences` holds every occurrence the last scan found.
        package var listsEveryOccurrence: Bool { occurrenceCount <= occurrences.count }
    }

    /// Scans `text` into `scratch`, after clearing the hits of the text scanned before: see
    /// `scan(_:hits:newIDs:firstEnds:lastEnds:occurrences:occurrenceCount:listed:)` for what it records.
    /// - Precondition: `scratch` was made for this scanner's `literalCount`.
    package func scan(_ text: UnsafeBufferPointer<UInt8>, into scratch: inout Scratch, listed: [Bool]? = nil) {
        for index in 0..<scratch.hitCount { scratch.hits[Int(scratch.newIDs[index])] = false }
        scratch.hitCount = scan(
            text, hits: &scratch.hits, newIDs: &scratch.newIDs, firstEnds: &scratch.firstEnds,
            lastEnds: &scratch.lastEnds, occurrences: &scratch.occurrences, occurrenceCount: &scratch.occurrenceCount,
            listed: listed)
    }

    /// Like `scan(_:hits:)`, and also writes the ids it newly sets to `newIDs[0..<result]`, so that the caller can
    /// visit and reset just the literals that occurred; and for each of them where its occurrences end: the end
    /// offset (exclusive) of the first occurrence in `firstEnds[id]` and of the last in `lastEnds[id]`. An empty
    /// literal gets 0 and `text.count`.
    ///
    /// Every occurrence is also written to `occurrences` (in no particular order, an occurrence in the overlap of two
    /// interleaved parts possibly twice) while there is room; `occurrenceCount` receives how many there were, which
    /// may exceed `occurrences.count` (then the list is incomplete). Empty literals are not listed, and when `listed`
    /// is given, only the literals it marks are.
    /// - Precondition: `hits`, `newIDs`, `firstEnds` and `lastEnds` all have `literalCount` elements.
    private func scan(
        _ text: UnsafeBufferPointer<UInt8>,
        hits: inout [Bool],
        newIDs: inout [Int32],
        firstEnds: inout [Int],
        lastEnds: inout [Int],
        occurrences: inout [LiteralOccurrence],
        occurrenceCount: inout Int,
        listed: [Bool]? = nil
    ) -> Int {
        precondition(
            newIDs.count == literalCount && firstEnds.count == literalCount && lastEnds.count == literalCount,
            "LiteralScanner.scan: the output arrays must have literalCount elements")
        occurrenceCount = 0
        guard literalCount > 0 else { return 0 }
        let capacity = occurrences.count
        return newIDs.withUnsafeMutableBufferPointer { ids in
            firstEnds.withUnsafeMutableBufferPointer { firstEnds in
                lastEnds.withUnsafeMutableBufferPointer { lastEnds in
                    occurrences.withUnsafeMutableBufferPointer { list in
                        let listedIDs = listed ?? Array(repeating: true, count: literalCount)
                        return listedIDs.withUnsafeBufferPointer { listedIDs in
                            let positions = Positions(
                                newIDs: ids.baseAddress!, firstEnds: firstEnds.baseAddress!,
                                lastEnds: lastEnds.baseAddress!, occurrences: list.baseAddress,
                                occurrenceCapacity: capacity, listed: listedIDs.baseAddress!)
                            return scan(text, hits: &hits, positions: positions, occurrenceCount: &occurrenceCount)
                        }
                    }
                }
            }
        }
    }

    /// Where `scan` records the literals it finds and their occurrences.
    private struct Positions {
        let newIDs: UnsafeMutablePointer<Int32>
        let firstEnds: UnsafeMutablePointer<Int>
        let lastEnds: UnsafeMutablePointer<Int>
        let occurrences: UnsafeMutablePointer<LiteralOccurrence>?
        let occurrenceCapacity: Int
        /// Literal id -> whether its occurrences go to `occurrences`.
        let listed: UnsafePointer<Bool>
    }

    private func scan(
        _ text: UnsafeBufferPointer<UInt8>,
        hits: inout [Bool],
        positions: Positions?,
        occurrenceCount: inout Int
    ) -> Int {
        precondition(hits.count == literalCount, "LiteralScanner.scan: hits.count must equal literalCount")
        var newlySet = 0
        for id in emptyLiteralIDs where !hits[Int(id)] {
            hits[Int(id)] = true
            if let positions {
                positions.newIDs[newlySet] = id
                positions.firstEnds[Int(id)] = 0
                positions.lastEnds[Int(id)] = text.count
            }
            newlySet += 1
        }
        guard !outputIDs.isEmpty, !text.isEmpty else { return newlySet }
        switch transitions {
        case .narrow(let table):
            run(table, text, hits: &hits, positions: positions, newlySet: &newlySet, occurrenceCount: &occurrenceCount)
        case .wide(let table):
            run(table, text, hits: &hits, positions: positions, newlySet: &newlySet, occurrenceCount: &occurrenceCount)
        }
        return newlySet
    }

    @inline(__always)
    private func run<Entry: FixedWidthInteger & SignedInteger>(
        _ table: [Entry],
        _ text: UnsafeBufferPointer<UInt8>,
        hits: inout [Bool],
        positions: Positions?,
        newlySet: inout Int,
        occurrenceCount: inout Int
    ) {
        table.withUnsafeBufferPointer { transitions in
            byteClasses.withUnsafeBufferPointer { byteClasses in
                outputStarts.withUnsafeBufferPointer { outputStarts in
                    outputIDs.withUnsafeBufferPointer { outputIDs in
                        hits.withUnsafeMutableBufferPointer { hits in
                            capitalStarts.withUnsafeBufferPointer { capitalStarts in
                                capitalEnds.withUnsafeBufferPointer { capitalEnds in
                                    capitalBytes.withUnsafeBufferPointer { capitalBytes in
                                        var automaton = Automaton(
                                            transitions: transitions, byteClasses: byteClasses, stride: classCount,
                                            outputStarts: outputStarts, outputIDs: outputIDs, hits: hits,
                                            positions: positions, text: text, capitalStarts: capitalStarts,
                                            capitalEnds: capitalEnds, capitalBytes: capitalBytes, newlySet: newlySet)
                                        automaton.run(text, overlap: longestLiteral - 1)
                                        newlySet = automaton.newlySet
                                        occurrenceCount = automaton.occurrenceCount
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The scanning loop over borrowed buffers.
    private struct Automaton<Entry: FixedWidthInteger & SignedInteger> {
        let transitions: UnsafeBufferPointer<Entry>
        let byteClasses: UnsafeBufferPointer<UInt8>
        let stride: Int
        let outputStarts: UnsafeBufferPointer<Int32>
        let outputIDs: UnsafeBufferPointer<Int32>
        let hits: UnsafeMutableBufferPointer<Bool>
        /// Where newly set ids (each at most once, so `literalCount` slots suffice) and occurrence ends go; nil when
        /// not wanted.
        let positions: Positions?
        /// The text scanned, and the literals whose capitals are checked at a hit (see `LiteralScanner.capitalStarts`).
        let text: UnsafeBufferPointer<UInt8>
        let capitalStarts: UnsafeBufferPointer<Int32>
        let capitalEnds: UnsafeBufferPointer<Int32>
        let capitalBytes: UnsafeBufferPointer<UInt8>
        var newlySet: Int
        var occurrenceCount = 0

        /// Texts at least this long are split in four parts scanned in one interleaved loop.
        static var interleavingThreshold: Int { 128 }

        /// A DFA step is latency-bound (each table load depends on the previous one), so four independent automata
        /// running over four parts of the text in one loop overlap their loads. Every part but the first starts
        /// `overlap` bytes early, in the start state, so it sees every occurrence that ends in it. (Eight automata
        /// measured slower: 1.3 against 1.5 GB/s with 10 to 200 rules, from register pressure.)
        @inline(__always)
        mutating func run(_ text: UnsafeBufferPointer<UInt8>, overlap: Int) {
            let count = text.count
            let part = count / 4
            guard count >= Self.interleavingThreshold, overlap < part else {
                step(text, from: 0, to: count, row: 0)
                return
            }
            var position0 = 0
            var position1 = 1 * part - overlap
            var position2 = 2 * part - overlap
            var position3 = 3 * part - overlap
            var row0 = 0
            var row1 = 0
            var row2 = 0
            var row3 = 0
            for _ in 0..<part {
                let entry0 = transitions[row0 &+ Int(byteClasses[Int(text[position0])])]
                let entry1 = transitions[row1 &+ Int(byteClasses[Int(text[position1])])]
                let entry2 = transitions[row2 &+ Int(byteClasses[Int(text[position2])])]
                let entry3 = transitions[row3 &+ Int(byteClasses[Int(text[position3])])]
                position0 &+= 1
                position1 &+= 1
                position2 &+= 1
                position3 &+= 1
                row0 = Int(truncatingIfNeeded: entry0) &* stride
                row1 = Int(truncatingIfNeeded: entry1) &* stride
                row2 = Int(truncatingIfNeeded: entry2) &* stride
                row3 = Int(truncatingIfNeeded: entry3) &* stride
                if (entry0 | entry1 | entry2 | entry3) < 0 {
                    if entry0 < 0 {
                        row0 = report(state: Int(~entry0), end: position0)
                    }
                    if entry1 < 0 {
                        row1 = report(state: Int(~entry1), end: position1)
                    }
                    if entry2 < 0 {
                        row2 = report(state: Int(~entry2), end: position2)
                    }
                    if entry3 < 0 {
                        row3 = report(state: Int(~entry3), end: position3)
                    }
                }
            }
            step(text, from: position1, to: 2 * part, row: row1)
            step(text, from: position2, to: 3 * part, row: row2)
            step(text, from: position3, to: count, row: row3)
        }

        /// Runs one automaton over `text[start..<end]`, starting at table row `row`.
        @inline(__always)
        mutating func step(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, row: Int) {
            var row = row
            var position = start
            while position < end {
                let entry = transitions[row &+ Int(byteClasses[Int(text[position])])]
                position &+= 1
                if entry >= 0 {
                    row = Int(truncatingIfNeeded: entry) &* stride
                } else {
                    row = report(state: Int(truncatingIfNeeded: ~entry), end: position)
                }
            }
        }

        /// Marks the literals completed by state `state`, at an occurrence ending at `end` (rare path); returns the
        /// state's table row. The four interleaved automata report out of text order, hence the min and max.
        @inline(never)
        mutating func report(state: Int, end: Int) -> Int {
            for slot in Int(outputStarts[state])..<Int(outputStarts[state + 1]) {
                let id = Int(truncatingIfNeeded: outputIDs[slot])
                if capitalStarts[id] != capitalEnds[id], !capitalsMatch(id, end: end) { continue }
                if !hits[id] {
                    hits[id] = true
                    if let positions {
                        positions.newIDs[newlySet] = Int32(truncatingIfNeeded: id)
                        positions.firstEnds[id] = end
                        positions.lastEnds[id] = end
                    }
                    newlySet += 1
                } else if let positions {
                    positions.firstEnds[id] = Swift.min(positions.firstEnds[id], end)
                    positions.lastEnds[id] = Swift.max(positions.lastEnds[id], end)
                }
                if let positions, let occurrences = positions.occurrences, positions.listed[id] {
                    if occurrenceCount < positions.occurrenceCapacity {
                        occurrences[occurrenceCount] = LiteralOccurrence(literal: Int32(truncatingIfNeeded: id), end: end)
                    }
                    occurrenceCount += 1
                }
            }
            return state &* stride
        }

        /// Whether the capital letters of literal `id` are capitals in the occurrence that ends at `end`.
        @inline(__always)
        func capitalsMatch(_ id: Int, end: Int) -> Bool {
            let start = Int(capitalStarts[id])
            let length = Int(capitalEnds[id]) - start
            let offset = end - length
            for index in 0..<length {
                let byte = capitalBytes[start + index]
                if byte >= 0x41 && byte <= 0x5A && text[offset + index] != byte { return false }
            }
            return true
        }
    }

    private static func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
