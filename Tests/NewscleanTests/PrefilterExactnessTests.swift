import Newsclean
import Testing

/// A small deterministic random number generator (SplitMix64), so that failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let words = [
    "the", "minister", "said", "Subscribe", "now", "Photo", "Reuters", "AP", "Read", "more", "share", "Share",
    "Advertisement", "ADVERTISEMENT", "kelvin", "Kelvin", "\u{212A}elvin", "\u{017F}ubscribe", "über", "Über", "café",
    "Related", "stories", "end", "BAR", "baz", "foo", "Foto:", "Image:", "credit", "123", "R20", "$5", "—", "(AP)",
]

private func document(_ random: inout SeededRandom) -> String {
    var lines: [String] = []
    for _ in 0..<Int.random(in: 1...25, using: &random) {
        if Int.random(in: 0..<6, using: &random) == 0 {
            lines.append("")
            continue
        }
        if let previous = lines.last, !previous.isEmpty, Int.random(in: 0..<5, using: &random) == 0 {
            // A line printed twice, as captions are: as it was, or with a credit after it, maybe after a blank line.
            if Bool.random(using: &random) { lines.append(Bool.random(using: &random) ? "" : " \t") }
            lines.append(previous + (Bool.random(using: &random) ? "" : " Photo: Reuters"))
            continue
        }
        let count = Int.random(in: 1...9, using: &random)
        lines.append((0..<count).map { _ in words.randomElement(using: &random)! }.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
}

/// Rule templates covering each action, caseless and case-sensitive literals, alternations, classes, conditions,
/// and rewrites whose output other rules match ("foo" becomes "BAR", which a removal rule deletes).
private func ruleSet(_ random: inout SeededRandom) -> [Rule] {
    let templates: [Rule] = [
        Rule(id: "t1", action: .deleteLine(.pattern("^Subscribe now$", options: .ignoreCase))),
        Rule(id: "t2", action: .deleteMatch(.text("Read more"))),
        Rule(id: "t3", action: .deleteLine(.pattern(#"(?:Photo|Image|Foto):?\s+\w+"#))),
        Rule(id: "t4", action: .deleteMatch(.pattern("kelvin", options: .ignoreCase))),
        Rule(id: "t5", action: .deleteLine(.pattern("subscribe", options: .ignoreCase))),
        Rule(id: "t6", action: .replace(.text("foo"), with: "BAR")),
        Rule(id: "t7", action: .deleteMatch(.pattern(#"BAR\s+baz"#))),
        Rule(id: "t8", action: .deleteLine(.pattern("^advertisement$", options: .ignoreCase)),
             conditions: Rule.Conditions(inShortRun: 3)),
        Rule(id: "t9", action: .deleteBlock(start: .pattern("^Related stories"), end: .pattern("^end"), maxLines: 4)),
        Rule(id: "t10", action: .dedupeAdjacent()),
        Rule(id: "t11", action: .deleteMatch(.pattern(#"\(AP\)|R\d+|\$\d"#))),
        Rule(id: "t12", action: .replace(.pattern(#"(\w+) credit"#), with: "$1 Read more")),
        Rule(id: "t13", action: .deleteLine(.pattern("über", options: .ignoreCase))),
        Rule(id: "t14", action: .deleteMatch(.pattern(#"(?i)share\b"#))),
        Rule(id: "t15", action: .deleteLine(.pattern(#"^\d+$"#))),
        Rule(id: "t16", action: .replace(.text("now"), with: "Reuters"),
             prefilter: ["now"]),
        Rule(id: "t17", action: .deleteLine(.pattern("^Reuters")), conditions: Rule.Conditions(maxWords: 2)),
        // Line-local rules run only over the lines where their literals occur; these check that window, and that
        // rules whose matches span lines still see the whole text.
        Rule(id: "t18", action: .deleteMatch(.pattern(#"Read[^\n]{0,20}more"#))),
        Rule(id: "t19", action: .deleteMatch(.pattern(#"said[^x]{0,40}?now"#))),
        Rule(id: "t20", action: .deleteMatch(.pattern("minister.{0,30}?Reuters", options: .dotAll))),
        Rule(id: "t21", action: .replace(.pattern(#"\bthe (\w+)"#), with: "THE $1")),
        Rule(id: "t22", action: .deleteLine(.pattern(#"(?<=said )\w+ more"#))),
        Rule(id: "t23", action: .deleteMatch(.pattern(#"end\nfoo"#))),
        Rule(id: "t26", action: .deleteMatch(.pattern(#"Photo(?=\s+\w)|(?<=\s)Reuters(?=\s*\n)"#))),
        // Declared literals may sit in a lookaround that reaches across lines: such a rule is not searched per line.
        Rule(id: "t27", action: .deleteMatch(.pattern(#"(?<=Photo\n)[a-z]+|(?=[^\n]*\nAP)said"#)), prefilter: ["photo", "ap"]),
        Rule(id: "t25", action: .deleteMatch(.pattern(#"\w[^x]{0,30}?Reuters"#))),
        Rule(id: "t24", action: .deleteMatch(.pattern(#"(?:share|Share) [^\n]*?(?:now|end)$"#))),
        // Conditions gate where these may start; a start fact (`search`) that the naive engine ignores.
        Rule(id: "t31", action: .deleteMatch(.pattern(#"[A-Z][a-z]+ [a-z]+\n[a-z]+"#)), conditions: Rule.Conditions(maxWords: 3)),
        Rule(id: "t32", action: .deleteLine(.text("Share")), conditions: Rule.Conditions(firstLines: 3, lastLines: 2)),
        Rule(
            id: "t33",
            action: .deleteMatch(.pattern(#"^(?=([^\n]{12})[^\n]*+\n(?:[ \t]*+\n)*+\g{-1})[^\n]*+\n(?:[ \t]*+\n)*\K[^\n]+$"#)),
            search: Rule.Search(repeatedStart: 12)
        ),
        // Context rules: gated by their headings, reading what the rules above removed.
        Rule(id: "t28", action: .deleteList(heading: .pattern("^Related stories", options: .ignoreCase))),
        Rule(id: "t29", action: .deleteRun(Rule.RunShape(maxWords: 4, minLines: 3, minAnchors: 2))),
        Rule(id: "t30", action: .deleteThread(heading: .text("minister"), signature: .pattern(#"^\d+$"#))),
    ]
    return templates.filter { _ in Int.random(in: 0..<3, using: &random) > 0 }
}

@Suite("Prefilter exactness")
struct PrefilterExactnessTests {
    @Test("the prefiltered engine gives byte for byte what the naive engine gives", arguments: 0..<40)
    func sameOutput(seed: Int) throws {
        var random = SeededRandom(state: UInt64(seed) &* 7919 &+ 1)
        let rules = ruleSet(&random)
        let pack = RulePack(id: "gen", scope: .generic, rules: rules)
        var naiveOptions = Cleaner.Options()
        naiveOptions.usesPrefilter = false
        let prefiltered = try Cleaner(packs: [pack])
        let naive = try Cleaner(packs: [pack], options: naiveOptions)
        for _ in 0..<50 {
            let text = document(&random)
            let fast = prefiltered.clean(text)
            let slow = naive.clean(text)
            #expect(fast.text == slow.text, "rules \(rules.map(\.id)) on \(String(reflecting: text))")
            #expect(fast.removals == slow.removals, "rules \(rules.map(\.id)) on \(String(reflecting: text))")
        }
    }

    @Test("a rule whose match appears only after a rewrite still runs")
    func afterRewrite() throws {
        let rules = [
            Rule(id: "rewrite", action: .replace(.text("foo"), with: "BAR")),
            Rule(id: "remove", action: .deleteMatch(.text("BAR baz"))),
        ]
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: rules)])
        #expect(cleaner.clean("keep foo baz keep\n").text == "keep keep\n")
    }

    @Test("caseless rules still run on text where a Kelvin sign or a long s stands for k or s")
    func caselessHazards() throws {
        let rule = Rule(id: "k", action: .deleteMatch(.pattern("kelvin", options: .ignoreCase)))
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [rule])])
        #expect(cleaner.clean("a \u{212A}elvin b\n").text == "a b\n")
        let subscribe = Rule(id: "s", action: .deleteLine(.pattern("^subscribe$", options: .ignoreCase)))
        let other = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [subscribe])])
        #expect(other.clean("text\n\u{017F}ubscribe\n").text == "text\n")
    }
}
