/// Text pieces: headlines, names, sentences and paragraphs of English-like words.
enum Text {
    static func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    static func fullName(_ rng: inout SeededRandom) -> String {
        "\(rng.pick(Vocabulary.firstNames)) \(rng.pick(Vocabulary.lastNames))"
    }

    /// A name in ASCII letters only (for the rules whose classes are ASCII).
    static func asciiName(_ rng: inout SeededRandom) -> String {
        while true {
            let name = fullName(&rng)
            if name.utf8.allSatisfy({ $0 < 0x80 }) { return name }
        }
    }

    /// A headline in title case, at most `maxCharacters` characters.
    static func headline(_ rng: inout SeededRandom, maxCharacters: Int = 120) -> String {
        var headline = ""
        for index in 0..<rng.between(5, 12) {
            var word = Vocabulary.words[rng.skewed(Vocabulary.words.count)]
            if rng.chance(0.12) { word = rng.pick(Vocabulary.places) }
            let piece = (index == 0 ? "" : " ") + (index == 0 || word.count > 3 ? capitalized(word) : word)
            if headline.count + piece.count > maxCharacters { break }
            headline += piece
        }
        return headline
    }

    static func sentence(_ rng: inout SeededRandom, publisher: Publisher?) -> String {
        var words: [String] = []
        for _ in 0..<rng.between(8, 28) {
            let roll = rng.unit()
            if roll < 0.04 {
                words.append(fullName(&rng))
            } else if roll < 0.07 {
                words.append(rng.pick(Vocabulary.places))
            } else if roll < 0.09 {
                words.append(rng.pick(["\(rng.between(2, 99))", "\(rng.between(1, 9)).\(rng.between(1, 9)) million",
                    "\(rng.between(2, 80))%", "R\(rng.between(10, 900))", "$\(rng.between(1, 40)) billion"]))
            } else {
                words.append(Vocabulary.words[rng.skewed(Vocabulary.words.count)])
            }
            if rng.chance(0.06) { words[words.count - 1] += "," }
        }
        if let publisher, rng.chance(0.04) { words += ["the", publisher.name, "reported"] }
        words[0] = capitalized(words[0])
        var sentence = words.joined(separator: " ")
        if sentence.hasSuffix(",") { sentence.removeLast() }
        switch rng.below(20) {
        case 0:
            return "“\(sentence),” \(rng.pick(["he", "she", "they"])) said."
        case 1:
            return "\(sentence) — \(rng.pick(["at least for now", "officials said", "for the time being"]))."
        case 2:
            return "\(sentence), \(fullName(&rng)) told the \(rng.pick(["BBC", "Reuters", "AFP"]))’s correspondent."
        default:
            return sentence + "."
        }
    }

    static func paragraph(_ rng: inout SeededRandom, publisher: Publisher?) -> String {
        (0..<rng.between(2, 6)).map { _ in sentence(&rng, publisher: publisher) }.joined(separator: " ")
    }
}

/// Deterministic news-like documents.
///
/// A document is a headline, a byline, paragraphs (one line each, blank lines between) of 5 to 20 KB in all, and
/// the furniture scrapers pull in: read-more links, subscription calls, ad markers, captions with photo credits,
/// share bars, newsletter plugs, and the furniture of the document's publisher. Each document meets about half a
/// dozen rules of the 1000-rule set, as real news does. Document `i` depends only on the seed and `i`.
public enum Corpus {
    public static let defaultSeed: UInt64 = 20_260_520

    /// Document `index`. Without furniture, it is clean text on which no generated rule fires (though some of the
    /// rules' literals occur in it, so the prefilter lets those rules run).
    public static func document(_ index: Int, seed: UInt64 = defaultSeed, furniture: Bool = true) -> Document {
        var rng = SeededRandom(seed: seed, stream: index)
        let publisher = RuleSets.publishers[rng.below(RuleSets.publisherCount)]
        let targetBytes = rng.between(5_000, 20_000)

        // Furniture: generic rules always apply; the publisher's own only to its documents.
        var lines: [String] = []
        var toolbars: [[String]] = []
        var inline: [String] = []
        var prefix: String?
        if furniture {
            let own = RuleSets.publisherRules(publisher)
            for spec in RuleSets.generic + own {
                for _ in 0..<3 where rng.chance(spec.frequency / 3) {
                    switch spec.placement {
                    case .line: lines.append(spec.sample(&rng))
                    case .inline: inline.append(spec.sample(&rng))
                    case .paragraphPrefix: prefix = spec.sample(&rng)
                    case .toolbar:
                        toolbars.append((0..<rng.between(2, 4)).map { _ in spec.sample(&rng) })
                    }
                }
            }
        }

        var text = Text.headline(&rng) + "\n"
        text += "\(rng.between(1, 28)) \(rng.pick(Vocabulary.months)) \(rng.between(2012, 2025))"
        text += " - \(rng.between(10, 23)):\(rng.between(10, 59)) By \(Text.fullName(&rng))\n\n"
        var first = true
        while text.utf8.count < targetBytes {
            var paragraph = Text.paragraph(&rng, publisher: publisher)
            if first, let dateline = prefix { paragraph = dateline + paragraph }
            first = false
            if !inline.isEmpty, rng.chance(0.3) {
                // Glue a marker between two sentences (or at the end).
                let marker = inline.removeLast()
                if let cut = paragraph.firstIndex(of: ".") {
                    paragraph.insert(contentsOf: marker, at: paragraph.index(after: cut))
                } else {
                    paragraph += marker
                }
            }
            text += paragraph + "\n\n"
            if furniture, rng.chance(0.08) {
                // A caption, sometimes printed twice, with its credit.
                let caption = Text.headline(&rng).uppercased() + ": " + Text.sentence(&rng, publisher: nil)
                text += caption + "\n" + (rng.chance(0.5) ? caption + "\n" : "")
                text += "Image: \(Text.fullName(&rng).uppercased())/\(rng.pick(Vocabulary.agencies))\n\n"
            }
            if !lines.isEmpty, rng.chance(0.45) {
                text += lines.removeLast() + "\n\n"
            }
            if !toolbars.isEmpty, rng.chance(0.3) {
                text += toolbars.removeLast().joined(separator: "\n") + "\n\n"
            }
        }
        for marker in inline { text += "More on this story later.\(marker)\n\n" }
        for toolbar in toolbars { text += toolbar.joined(separator: "\n") + "\n\n" }
        for line in lines { text += line + "\n\n" }
        let slug = "doc-\(index)"
        return Document(id: slug, url: "https://www.\(publisher.host)/news/\(slug)/", text: text)
    }

    public static func documents(count: Int, seed: UInt64 = defaultSeed, furniture: Bool = true) -> [Document] {
        (0..<count).map { document($0, seed: seed, furniture: furniture) }
    }

    /// A paragraph, then a run of `runLength` a's that `RuleSets.pathological` backtracks on, then a full stop.
    public static func pathologicalDocument(runLength: Int) -> String {
        var rng = SeededRandom(seed: defaultSeed)
        return Text.paragraph(&rng, publisher: nil) + "\n\n" + String(repeating: "a", count: runLength) + ".\n"
    }
}
