import Foundation
import Newsclean
import Testing
import _NewscleanTestSupport

/// The README's and the docs' custom rule, verbatim.
struct DropShouting: CustomRule {
    func apply(to text: TextView, remove: (Range<Int>) -> Void) {
        text.forEachLine { line in
            let string = text.string(line)
            let letters = string.filter(\.isLetter)
            let cased = letters.filter { $0.isUppercase || $0.isLowercase }
            let words = string.split(whereSeparator: \.isWhitespace)
            if words.count > 20, cased.count * 2 > letters.count, string == string.uppercased() {
                remove(line)
            }
        }
    }
}

/// The rule as the README wrote it before: a line equal to its upper-cased self, more than 20 characters.
struct NaiveShouting: CustomRule {
    func apply(to text: TextView, remove: (Range<Int>) -> Void) {
        text.forEachLine { line in
            let words = text.string(line)
            if words.count > 20, words == words.uppercased() { remove(line) }
        }
    }
}

@Suite("The documented custom rule")
struct CustomRuleExampleTests {
    static let shouting = "BREAKING: THE PRIME MINISTER HAS RESIGNED AFTER A VOTE OF NO CONFIDENCE IN PARLIAMENT TONIGHT, "
        + "SENIOR OFFICIALS SAID, AND AN ELECTION IS EXPECTED WITHIN WEEKS"
    /// Keep texts: article lines in scripts without case, and a sentence with an acronym.
    static let keep = [
        "서울 시민들은 오늘 아침 지하철 파업 소식에 놀랐다 그러나 대부분은 버스를 타고 출근했다 시청은 "
            + "대체 교통편을 마련했다고 밝혔다 노조는 협상이 계속될 것이라고 말했다 정부는 내일 입장을 발표한다",
        "北京市政府周一宣布，将在未来三年内投资建设新的地铁线路，以缓解城市交通拥堵问题，并改善市民的出行体验。",
        "KBS 보도에 따르면 서울 시민들은 오늘 아침 지하철 파업 소식에 놀랐다 그러나 대부분은 버스를 타고 출근했다 "
            + "시청은 대체 교통편을 마련했다고 밝혔다 노조는 협상이 계속될 것이라고 말했다 정부는 내일 입장을 발표한다",
        "The minister said the NATO summit in Vilnius would decide on the question of membership next year.",
    ]

    func cleaner(_ rule: some CustomRule) throws -> Cleaner {
        let shouting = Rule(id: "shouting", description: "Lines in capitals", action: .custom(rule))
        return try Cleaner(packs: [RulePack(id: "house", scope: .generic, rules: [shouting])], options: .unguarded)
    }

    @Test("removes a shouting line of more than 20 words")
    func removes() throws {
        #expect(try cleaner(DropShouting()).clean("Story.\n" + Self.shouting + "\nMore story.\n").text == "Story.\nMore story.\n")
    }

    @Test("keeps Korean and Chinese article lines and acronyms", arguments: keep)
    func keeps(line: String) throws {
        #expect(try cleaner(DropShouting()).clean(line + "\n").removals == [])
    }

    @Test("README.md and the DocC article show this rule, verbatim")
    func documented() throws {
        func rule(in text: String) -> String? {
            guard let start = text.range(of: "struct DropShouting: CustomRule {") else { return nil }
            guard let end = text.range(of: "\n}\n", range: start.upperBound..<text.endIndex) else { return nil }
            return String(text[start.lowerBound..<end.upperBound])
        }
        let source = try String(contentsOf: repositoryFile("Tests/NewscleanTests/CustomRuleExampleTests.swift"), encoding: .utf8)
        let tested = try #require(rule(in: source))
        for path in ["README.md", "Sources/Newsclean/Newsclean.docc/WritingARuleInSwift.md"] {
            #expect(rule(in: try String(contentsOf: repositoryFile(path), encoding: .utf8)) == tested, "\(path)")
        }
    }

    @Test("the rule as it was documented before deleted Korean and Chinese lines")
    func naiveRuleEatsText() throws {
        let naive = try cleaner(NaiveShouting())
        #expect(naive.clean(Self.keep[0] + "\n").text == "")
        #expect(naive.clean(Self.keep[1] + "\n").text == "")
    }
}
