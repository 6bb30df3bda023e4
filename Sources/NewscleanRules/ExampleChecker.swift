public import Newsclean

/// Runs the examples embedded in rules: each rule alone on each of its `examples` (the output must match exactly)
/// and on each of its `keep` texts (the rule must remove nothing).
///
/// A rule that reads what other rules removed (`delete-run`) can't show anything alone: its examples and keep texts
/// run with the companion packs' rules beside it (the generic packs, for bundled and `newsclean test` runs). Its
/// example outputs are then the output of the companions and the rule together, and a keep text must make the rule
/// itself remove nothing.
public enum ExampleChecker {
    /// One example that did not hold.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The qualified id of the rule.
        public var ruleID: String
        /// Where the example was written.
        public var location: SourceLocation?
        /// What went wrong.
        public var message: String
        /// The expected text (the example's output, or the keep text).
        public var expected: String
        /// What the rule produced.
        public var actual: String

        public var description: String {
            let place = location.map { "\($0): " } ?? ""
            return "\(place)error: \(ruleID): \(message)"
        }
    }

    /// The result of checking one pack.
    public struct Report: Sendable {
        public var packID: String
        public var examplesRun: Int
        public var keepsRun: Int
        public var failures: [Failure]
        /// Qualified ids of rules that have no example in which they remove or rewrite something.
        public var rulesNeverFiring: [String]
    }

    /// Checks every rule of `pack`; `companions` are the packs whose rules run beside a rule that reads other
    /// rules' removals (their context rules left out, and `pack` itself if it is among them).
    public static func check(_ pack: RulePack, companions: [RulePack] = []) -> Report {
        let helpers = companions.filter { $0.id != pack.id }.map { companion in
            var lexical = companion
            lexical.rules.removeAll { $0.action.isContext }
            return lexical
        }
        var report = Report(packID: pack.id, examplesRun: 0, keepsRun: 0, failures: [], rulesNeverFiring: [])
        for rule in pack.rules {
            let qualified = pack.qualifiedID(of: rule)
            let alone = RulePack(id: pack.id, scope: .generic, rules: [rule])
            let withCompanions = rule.action.readsOtherRemovals
            let cleaner: Cleaner
            do {
                cleaner = try Cleaner(packs: (withCompanions ? helpers : []) + [alone], options: .unguarded)
            } catch {
                report.failures.append(
                    Failure(ruleID: qualified, location: rule.location, message: "\(error)", expected: "", actual: "")
                )
                continue
            }
            var fired = false
            for example in rule.examples {
                report.examplesRun += 1
                let result = cleaner.clean(example.input)
                fired = fired || result.removals.contains { $0.ruleID == qualified }
                if result.text != example.output {
                    report.failures.append(
                        Failure(
                            ruleID: qualified,
                            location: example.location ?? rule.location,
                            message: "example output differs",
                            expected: example.output,
                            actual: result.text
                        )
                    )
                }
            }
            for keep in rule.keep {
                report.keepsRun += 1
                let result = cleaner.clean(keep.text)
                let own = result.removals.filter { $0.ruleID == qualified }
                if !own.isEmpty {
                    let removed = own.map { "'\($0.removedText(in: keep.text))'" }.joined(separator: ", ")
                    report.failures.append(
                        Failure(
                            ruleID: qualified,
                            location: keep.location ?? rule.location,
                            message: "rule changes a text it must keep: removed \(removed)",
                            expected: keep.text,
                            actual: result.text
                        )
                    )
                }
            }
            if !fired { report.rulesNeverFiring.append(qualified) }
        }
        return report
    }
}
