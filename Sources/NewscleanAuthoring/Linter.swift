internal import Newsclean
public import NewscleanRules
internal import NewscleanRegex

/// Checks rule files for everything that makes a rule wrong, slow or unsafe, reporting every problem at once.
///
/// Checks (the id in brackets after each message):
/// - everything the parser checks: schema and types, unknown keys with a suggestion, duplicate ids, invalid
///   regexes with the position inside the pattern, `yaml-escape` (double-quoted patterns);
/// - `empty-match` (error): a `delete-match`, `delete-line` or `replace` pattern that matches the empty string;
/// - `missing-description`, `missing-example`, `missing-keep` (warnings): a rule without its documentation and tests;
/// - `prefilter` (error): a declared prefilter literal missing from an example the rule fires on;
/// - `backtracking` (warning): a pattern that hits the match limit on adversarial input (found by running it, not
///   guessed from its text);
/// - `no-prefilter` (warning): a rule no literal can skip, so it costs every byte of every document.
public enum Linter {
    /// Steps one match attempt may take in the backtracking check: the runtime default, so a finding means the
    /// rule would be skipped on such input in production.
    public static let backtrackingLimit = MatchLimits.default.matchLimit

    /// Lints the text of one rule file.
    public static func lint(_ text: String, path: String) -> [Diagnostic] {
        let parsed = RuleFileParser.parseDetailed(text, path: path)
        var diagnostics = parsed.diagnostics
        guard let pack = parsed.pack else { return diagnostics }
        for rule in pack.rules {
            diagnostics += check(rule, in: pack, parsed: parsed)
        }
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return diagnostics
    }

    static func check(_ rule: Rule, in pack: RulePack, parsed: ParsedRuleFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let ruleLocation = rule.location ?? SourceLocation(file: pack.source ?? "", line: 1, column: 1)
        if rule.description.isEmpty {
            found.append(Diagnostic(.warning, "rule '\(rule.id)' has no description", at: ruleLocation,
                                    check: "missing-description"))
        }
        if rule.examples.isEmpty {
            found.append(Diagnostic(.warning, "rule '\(rule.id)' has no example of what it removes", at: ruleLocation,
                                    check: "missing-example"))
        }
        if rule.keep.isEmpty {
            found.append(
                Diagnostic(.warning, "rule '\(rule.id)' has no keep text: show similar article text it must leave alone",
                           at: ruleLocation, check: "missing-keep"))
        }
        for (key, matcher) in rule.matchers {
            let location = parsed.location(of: key, inRule: rule) ?? ruleLocation
            if rule.actsOnMatch, key != "end", matcher.canMatchEmpty == true {
                found.append(
                    Diagnostic(.error, "the \(key) matches the empty string, so '\(rule.action.name)' would act on "
                                   + "nothing (or on every line); make something in it required",
                               at: location, check: "empty-match"))
            }
            if !matcher.isLiteral, let input = catastrophicInput(for: matcher, rule: rule) {
                found.append(
                    Diagnostic(.warning, "the \(key) hits the match limit (\(backtrackingLimit) steps) on \(input): "
                                   + "it is at risk of catastrophic backtracking; avoid nested or adjacent "
                                   + "quantifiers over the same characters",
                               at: location, check: "backtracking"))
            }
        }
        if rule.actsOnMatch || ["delete-block", "delete-list", "delete-thread"].contains(rule.action.name) {
            if rule.prefilterLiterals == nil {
                let documents = pack.scope.isGeneric ? "every document" : "every document of \(pack.id)"
                found.append(
                    Diagnostic(.warning, "no literal can skip this rule, so it runs over every byte of \(documents); "
                                   + "put a required word in the pattern or declare 'prefilter:'",
                               at: parsed.location(of: rule.matchers.first?.key ?? "pattern", inRule: rule) ?? ruleLocation,
                               check: "no-prefilter"))
            }
        }
        let declared = (rule.prefilter ?? []) + rule.prefilterExact
        if !declared.isEmpty, let literals = rule.prefilterLiterals {
            // The engine's own scanner decides whether an example holds a literal: same case rules as the prefilter.
            let scanner = LiteralScanner(literals: literals)
            var unfiltered = rule
            unfiltered.prefilter = nil
            unfiltered.prefilterExact = []
            let cleaner = try? Cleaner(packs: [RulePack(id: pack.id, scope: .generic, rules: [unfiltered])])
            for example in rule.examples {
                guard let cleaner, !cleaner.clean(example.input).removals.isEmpty else { continue }
                var hits = [Bool](repeating: false, count: literals.count)
                let hitCount = Array(example.input.utf8).withUnsafeBufferPointer { scanner.scan($0, hits: &hits) }
                if hitCount == 0 {
                    found.append(
                        Diagnostic(.error, "the rule fires on an example that contains none of its prefilter literals "
                                       + "\(declared); the prefilter would skip such documents",
                                   at: parsed.location(
                                       of: rule.prefilter == nil ? "prefilter_exact" : "prefilter", inRule: rule)
                                       ?? ruleLocation,
                                   check: "prefilter"))
                    break
                }
            }
        }
        return found
    }

    /// A description of an adversarial input on which `matcher` hits the match limit, or nil.
    static func catastrophicInput(for matcher: Rule.Matcher, rule: Rule) -> String? {
        var options: PatternOptions = []
        if matcher.options.contains(.ignoreCase) { options.insert(.caseInsensitive) }
        if matcher.options.contains(.dotAll) { options.insert(.dotMatchesLineBreaks) }
        if matcher.options.contains(.extended) { options.insert(.extended) }
        if matcher.options.contains(.ungreedy) { options.insert(.ungreedy) }
        guard let pattern = try? CompiledPattern(matcher.source, options: options) else { return nil }
        var scratch = MatchScratch(
            limits: MatchLimits(matchLimit: backtrackingLimit, depthLimit: 100_000, heapLimitKiB: 100_000,
                                jitStackBytes: 1 << 20)
        )
        for (name, input) in adversarialInputs(for: rule) {
            var text = input
            do {
                try text.withUTF8 { bytes in
                    try pattern.forEachMatch(in: bytes, scratch: &scratch) { _, _ in true }
                }
            } catch let error as RegexError {
                if error.code.isResourceLimit { return name }
            } catch {
                continue
            }
        }
        return nil
    }

    /// Long inputs that make backtracking explode: runs of one kind of character, runs of words, and the rule's
    /// own example lines repeated, each ended by a character that makes the match fail at the last moment.
    static func adversarialInputs(for rule: Rule) -> [(String, String)] {
        var inputs: [(String, String)] = []
        let length = 3000
        for unit in ["a", "A", "1", " ", ".", "é", "-", "/", "\t", "a ", "Ab ", "ab, ", "a-", "\n", " \n"] {
            let repeated = String(repeating: unit, count: max(1, length / unit.count))
            inputs.append(("a run of \(String(reflecting: unit))", repeated + "\u{1}"))
            inputs.append(("a run of \(String(reflecting: unit)) ending in a line break", repeated + "\n"))
        }
        for example in rule.examples {
            for line in example.input.split(separator: "\n") where !line.isEmpty {
                let repeated = String(repeating: String(line) + " ", count: max(1, length / (line.count + 1)))
                inputs.append(("its example line repeated without line breaks", repeated + "\u{1}"))
                let spaced = line.map(String.init).joined(separator: " ")
                inputs.append(("its example line with spaces between characters", spaced + "\u{1}"))
            }
        }
        return inputs
    }
}
