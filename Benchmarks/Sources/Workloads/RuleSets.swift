public import Newsclean

/// A news publisher of the generated world: its furniture and its rules carry its name.
public struct Publisher: Sendable {
    public var index: Int
    /// e.g. "Fenwick Herald"
    public var name: String
    /// e.g. "fenwickherald.com"
    public var host: String
}

/// Rule sets of N rules of realistic shapes.
///
/// The first 20 rules are generic furniture (read-more links, subscription calls, photo credits, ad markers,
/// share bars, datelines, ...); the rest come five per publisher (subscription promos, the house photo credit, the
/// newsletter plug, "More from", follow-us lines), so N = 1000 is 20 generic rules and 196 publishers. Rules are
/// whole-line anchored patterns with a literal keyword, literal `text:` rules, caseless rules and a few
/// alternations; every one carries a literal the prefilter can use. A set of N rules is the first N of the list.
public enum RuleSets {
    /// Publishers in the generated world (and in the 1000-rule set).
    public static let publisherCount = 196
    /// Generic rules at the head of every set.
    public static let genericCount = 20
    /// The sizes the benchmarks use.
    public static let standardSizes = [1, 10, 200, 1000]

    public static let publishers: [Publisher] = makePublishers()

    /// The first `count` rules (at most `genericCount + 5 * publisherCount`).
    public static func specs(count: Int) -> [RuleSpec] {
        precondition(count <= genericCount + 5 * publisherCount, "at most \(genericCount + 5 * publisherCount) rules")
        var specs = Array(generic.prefix(count))
        var index = 0
        while specs.count < count {
            for spec in publisherRules(publishers[index]) where specs.count < count {
                specs.append(spec)
            }
            index += 1
        }
        return specs
    }

    /// The first `count` rules as one generic pack (so every rule is considered for every document).
    public static func pack(count: Int, id: String? = nil) -> RulePack {
        pack(specs(count: count), id: id ?? "bench.rules\(count)")
    }

    public static func pack(_ specs: [RuleSpec], id: String) -> RulePack {
        RulePack(id: id, scope: .generic, rules: specs.map(\.rule))
    }

    /// A rule the prefilter cannot gate: no literal can be derived from it, so it runs on every document.
    public static let noLiteral = RuleSpec(
        "caps-number", .deleteLine, pattern: #"^\p{Lu}{3,} [0-9]+$"#, frequency: 0.3,
        sample: { rng in "\(rng.pick(Vocabulary.datelineCities)) \(rng.between(1, 99))" }
    )

    /// Catastrophic backtracking on a run of a's without a match: every attempt hits the match limit, and the
    /// cleaner skips the rule for the document with a warning.
    public static let pathological = RuleSpec(
        "nested-quantifier", .deleteLine, pattern: "(a+)+$", frequency: 0,
        sample: { _ in "aaaa" }
    )

    // MARK: - Generic rules

    static let generic: [RuleSpec] = [
        RuleSpec(
            "read-more", .deleteLine, pattern: "^Read more: .{5,120}$", frequency: 0.9,
            sample: { rng in "Read more: " + Text.headline(&rng, maxCharacters: 110) }),
        RuleSpec(
            "subscribe-now", .deleteLine, pattern: "^subscribe now[.!]?$", caseless: true, frequency: 0.35,
            sample: { rng in rng.pick(["Subscribe now", "SUBSCRIBE NOW", "Subscribe now!", "Subscribe Now."]) }),
        RuleSpec(
            "advertisement", .deleteLine, pattern: "^Advertisement$", caseless: true, frequency: 1.0,
            sample: { rng in rng.chance(0.7) ? "Advertisement" : "ADVERTISEMENT" }),
        RuleSpec(
            "image-credit", .deleteLine, pattern: #"^(?:Image|Photo|Picture): [\p{Lu} .'-]+/[\p{Lu} ]+$"#,
            frequency: 0.6,
            sample: { rng in
                "\(rng.pick(["Image", "Photo", "Picture"])): \(Text.fullName(&rng).uppercased())/"
                    + rng.pick(Vocabulary.agencies)
            }),
        RuleSpec(
            "inline-ad", .deleteMatch, text: "[Advertisement]", placement: .inline, frequency: 0.2,
            sample: { _ in "[Advertisement]" }),
        RuleSpec(
            "newsletter", .deleteLine,
            pattern: "^Sign up (?:for|to) (?:our|the) (?:daily|weekly|morning|evening) newsletter.{0,80}$",
            caseless: true, frequency: 0.25,
            sample: { rng in
                "Sign up \(rng.pick(["for", "to"])) our \(rng.pick(["daily", "weekly", "morning", "evening"])) "
                    + rng.pick([
                        "newsletter", "newsletter to get the top stories in your inbox.",
                        "newsletter for the news you need to know.",
                    ])
            }),
        RuleSpec(
            "share-bar", .deleteLine, pattern: "^(?:Share|Tweet|Email|Print) this (?:article|story)$",
            caseless: true, placement: .toolbar, frequency: 0.25,
            sample: { rng in "\(rng.pick(["Share", "Tweet", "Email", "Print"])) this \(rng.pick(["article", "story"]))" }
        ),
        RuleSpec(
            "dateline-agency", .replace("$1 - "), pattern: #"^([A-Z]{3,}) \((?:Reuters|AP|AFP)\) - "#,
            placement: .paragraphPrefix, frequency: 0.3,
            sample: { rng in "\(rng.pick(Vocabulary.datelineCities)) (\(rng.pick(["Reuters", "AP", "AFP"]))) - " }),
        RuleSpec(
            "updated-ago", .deleteLine, pattern: "^Updated [0-9]{1,2} (?:hours?|minutes?) ago$", frequency: 0.2,
            sample: { rng in
                let count = rng.between(1, 59)
                return "Updated \(count) \(rng.chance(0.5) ? "hour" : "minute")\(count == 1 ? "" : "s") ago"
            }),
        RuleSpec(
            "copyright", .deleteLine, pattern: "^Copyright © (?:19|20)[0-9]{2} .{3,80}$", frequency: 0.3,
            sample: { rng in
                "Copyright © \(rng.between(1998, 2025)) \(rng.pick(publishers).name). All rights reserved."
            }),
        RuleSpec(
            "click-here", .deleteLine, pattern: "^Click here to .{5,100}$", caseless: true, frequency: 0.15,
            sample: { rng in
                "Click here to "
                    + rng.pick([
                        "sign up for breaking news alerts.", "download our app.", "read the full report.",
                        "join the conversation.",
                    ])
            }),
        RuleSpec(
            "related", .deleteLine, pattern: "^RELATED: .{5,120}$", frequency: 0.25,
            sample: { rng in "RELATED: " + Text.headline(&rng, maxCharacters: 110) }),
        RuleSpec(
            "watch", .deleteLine, pattern: "^(?:WATCH|Watch): .{5,120}$", frequency: 0.15,
            sample: { rng in "\(rng.pick(["WATCH", "Watch"])): " + Text.headline(&rng, maxCharacters: 110) }),
        RuleSpec(
            "listen", .deleteLine, pattern: "^(?:Listen|Audio): .{5,120}$", frequency: 0.1,
            sample: { rng in
                "\(rng.pick(["Listen", "Audio"])): " + Text.headline(&rng, maxCharacters: 100)
                    + " (\(rng.between(2, 9)) min)"
            }),
        RuleSpec(
            "loading", .deleteLine, pattern: #"^Loading\.\.\.$"#, frequency: 0.05,
            sample: { _ in "Loading..." }),
        RuleSpec(
            "continue-reading", .deleteLine, text: "Continue reading below", frequency: 0.1,
            sample: { rng in rng.pick(["Continue reading below", "Story continues. Continue reading below"]) }),
        RuleSpec(
            "originally-published", .deleteLine,
            pattern: "^This (?:article|story) (?:was|has been) (?:originally )?published .{5,200}$",
            frequency: 0.08,
            sample: { rng in
                "This \(rng.pick(["article", "story"])) was \(rng.chance(0.5) ? "originally " : "")published by "
                    + "\(rng.pick(publishers).name) and is republished with permission."
            }),
        RuleSpec(
            "reporting-by", .deleteLine, pattern: "^Reporting by [A-Z][A-Za-z .,'-]+; [Ee]diting by .{3,80}$",
            frequency: 0.2,
            sample: { rng in
                "Reporting by \(Text.asciiName(&rng)) in \(rng.pick(["London", "Paris", "Nairobi", "Tokyo"])); "
                    + "\(rng.chance(0.5) ? "Editing" : "editing") by \(Text.asciiName(&rng))"
            }),
        RuleSpec(
            "follow-us", .deleteLine, pattern: #"^Follow us on (?:Twitter|Facebook|Instagram|X|Threads)\.?$"#,
            frequency: 0.15,
            sample: { rng in "Follow us on \(rng.pick(["Twitter", "Facebook", "Instagram", "X", "Threads"]))" }),
        RuleSpec(
            "cookies", .deleteLine, pattern: "^We use cookies .{10,200}$", caseless: true, frequency: 0.1,
            sample: { _ in "We use cookies to improve your experience. By continuing you accept our cookie policy." }),
    ]

    // MARK: - Publisher rules

    static func publisherRules(_ publisher: Publisher) -> [RuleSpec] {
        let name = publisher.name
        let code = name.uppercased()
        let slug = name.lowercased().split(separator: " ").joined(separator: "-")
        let newsletter: RuleSpec =
            publisher.index % 4 == 3
            ? RuleSpec(
                "\(slug)-sponsored", .deleteMatch, text: "[Sponsored by the \(name)]", placement: .inline,
                frequency: 0.35, sample: { _ in "[Sponsored by the \(name)]" })
            : RuleSpec(
                "\(slug)-newsletter", .deleteLine, text: "Get the \(name) newsletter", frequency: 0.35,
                sample: { rng in
                    "Get the \(name) newsletter"
                        + rng.pick(["", " in your inbox every morning.", ": the day's news, free."])
                })
        return [
            RuleSpec(
                "\(slug)-subscribe", .deleteLine, pattern: #"^Subscribe to (?:the )?\#(name)\b.{0,160}$"#,
                caseless: true, frequency: 0.35,
                sample: { rng in
                    "Subscribe to \(rng.chance(0.5) ? "the " : "")\(name)"
                        + rng.pick([
                            "", " for just R20 for the first month.", " today and support independent journalism.",
                        ])
                }),
            RuleSpec(
                "\(slug)-credit", .deleteLine, pattern: #"^(?:Image|Photo|Picture): [A-Z][A-Z .'-]*/\#(code)$"#,
                frequency: 0.35,
                sample: { rng in "\(rng.pick(["Image", "Photo", "Picture"])): \(Text.asciiName(&rng).uppercased())/\(code)" }
            ),
            newsletter,
            RuleSpec(
                "\(slug)-more-from", .deleteLine, pattern: #"^More from (?:the )?\#(name): .{5,120}$"#,
                frequency: 0.35,
                sample: { rng in "More from the \(name): " + Text.headline(&rng, maxCharacters: 100) }),
            RuleSpec(
                "\(slug)-follow", .deleteLine,
                pattern: #"^(?:Follow|Join) (?:the )?\#(name) on (?:WhatsApp|Telegram|Google News|Facebook)\.?$"#,
                caseless: true, frequency: 0.35,
                sample: { rng in
                    "\(rng.pick(["Follow", "Join"])) the \(name) on "
                        + rng.pick(["WhatsApp", "Telegram", "Google News", "Facebook"])
                }),
        ]
    }

    private static func makePublishers() -> [Publisher] {
        let heads = [
            "Kes", "Har", "Bel", "Mor", "Dun", "Ash", "Cal", "Fen", "Gal", "Hol", "Lin", "Mar", "Nor", "Pen", "Ros",
            "Sal", "Tor", "Wen", "Bram", "Cor",
        ]
        let tails = ["trel", "bor", "wick", "ton", "ford", "mere", "dale", "gate", "holm", "ley", "bury", "field"]
        let kinds = [
            "Gazette", "Post", "Herald", "Times", "Courier", "Chronicle", "Tribune", "Observer", "Star", "Mail",
            "Record", "Journal", "Sentinel", "Examiner", "Ledger", "Advocate", "Bulletin", "Dispatch", "Express",
            "Telegraph",
        ]
        // Every head x tail once, in a seeded order: 240 distinct places for 196 publishers.
        var places: [String] = []
        for head in heads { for tail in tails { places.append(head + tail) } }
        var rng = SeededRandom(seed: 0x5EED_0F_9B11)
        for index in stride(from: places.count - 1, to: 0, by: -1) {
            places.swapAt(index, rng.below(index + 1))
        }
        return (0..<publisherCount).map { index in
            let name = "\(places[index]) \(rng.pick(kinds))"
            let host = name.lowercased().split(separator: " ").joined() + rng.pick([".com", ".co.za", ".co.uk", ".net"])
            return Publisher(index: index, name: name, host: host)
        }
    }
}
