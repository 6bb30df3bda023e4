import Foundation
import Testing

@testable import Newsclean

@Suite("Rule profile")
struct RuleProfileTests {
    private let rules = [
        Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now$"))),
        Rule(id: "dateline", action: .replace(.pattern("^([A-Z]+) \\(Wire\\) - "), with: "$1: ")),
        Rule(id: "never", action: .deleteMatch(.text("no such literal anywhere"))),
    ]

    @Test("with profiling on, each rule that ran is counted once per document it was a candidate for")
    func counts() throws {
        var options = Cleaner.Options()
        options.profilesRules = true
        let cleaner = try genericCleaner(rules, options: options)
        for index in 0..<30 {
            let text = index.isMultiple(of: 3) ? "BERLIN (Wire) - Story.\nSubscribe now\n" : "Subscribe now\nText.\n"
            #expect(cleaner.clean(text).removals.count == (index.isMultiple(of: 3) ? 2 : 1))
        }
        let profile = cleaner.ruleProfile()
        // "promo" ran on all 30 documents; "dateline" only where "(wire) - " occurs (10); "never" never ran.
        #expect(Set(profile.map(\.ruleID)) == ["p/promo", "p/dateline"])
        #expect(profile.first { $0.ruleID == "p/promo" }?.runs == 30)
        #expect(profile.first { $0.ruleID == "p/dateline" }?.runs == 10)
        #expect(profile.allSatisfy { $0.seconds > 0 && $0.packID == "p" })
        #expect(profile.map(\.seconds) == profile.map(\.seconds).sorted(by: >))
    }

    @Test("a capital in a literal must be a capital: derived from a case-sensitive pattern, or in prefilterExact")
    func capitalsGate() throws {
        var options = Cleaner.Options()
        options.profilesRules = true
        let cleaner = try genericCleaner([
            Rule(id: "derived", action: .deleteLine(.pattern("^\\(AP\\)$"))),
            Rule(id: "exact", action: .deleteMatch(.pattern("(?<=[.]) AP$")), prefilterExact: ["AP"]),
            Rule(id: "anycase", action: .deleteMatch(.pattern("(?<=[.]) AP$")), prefilter: ["ap"]),
        ], options: options)
        // "(ap)" and "map" hold the literals only in lowercase: the first two rules do not run, the third does.
        #expect(cleaner.clean("(ap)\nA map.\n").removals.isEmpty)
        #expect(cleaner.clean("(AP)\nDone. AP\n").text == "Done.\n")
        let runs = Dictionary(uniqueKeysWithValues: cleaner.ruleProfile().map { ($0.ruleID, $0.runs) })
        #expect(runs == ["p/derived": 1, "p/exact": 1, "p/anycase": 2])
    }

    @Test("profiling is off by default, and then the profile is empty")
    func offByDefault() throws {
        let cleaner = try genericCleaner(rules)
        _ = cleaner.clean("Subscribe now\n")
        #expect(cleaner.ruleProfile().isEmpty)
    }

    @Test("runs by more concurrent workers than the pool keeps (64) are all counted")
    func manyWorkers() throws {
        /// Holds every call until `count` calls are inside at once, so that that many workers exist together.
        final class Barrier: CustomRule, @unchecked Sendable {
            let count: Int
            let condition = NSCondition()
            var arrived = 0
            init(count: Int) { self.count = count }
            func apply(to text: TextView, remove: (Range<Int>) -> Void) {
                condition.lock()
                arrived += 1
                condition.broadcast()
                while arrived < count { condition.wait() }
                condition.unlock()
            }
        }
        let threads = 80
        var options = Cleaner.Options()
        options.profilesRules = true
        let cleaner = try genericCleaner([Rule(id: "wait", action: .custom(Barrier(count: threads)))], options: options)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                _ = cleaner.clean("Text.\n")
                done.leave()
            }
        }
        done.wait()
        #expect(cleaner.ruleProfile().first { $0.ruleID == "p/wait" }?.runs == threads)
    }
}
