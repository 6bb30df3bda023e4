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

    @Test("profiling is off by default, and then the profile is empty")
    func offByDefault() throws {
        let cleaner = try genericCleaner(rules)
        _ = cleaner.clean("Subscribe now\n")
        #expect(cleaner.ruleProfile().isEmpty)
    }
}
