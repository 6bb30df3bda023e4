import Foundation
import FuzzSupport
import Newsclean
import NewscleanRules

/// Any bytes parse to a pack or to diagnostics, never a crash; a pack that parses compiles and cleans a sample.
func fuzzRuleFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (pack, diagnostics) = RuleFileParser.parse(text, path: "fuzz.yaml")
    for diagnostic in diagnostics {
        precondition(diagnostic.location.line >= 1 && diagnostic.location.column >= 1, "bad location \(diagnostic)")
        _ = diagnostic.rendered(source: text)
    }
    guard let pack else {
        precondition(diagnostics.contains { $0.severity == .error }, "no pack and no error")
        return 0
    }
    var options = Cleaner.Options()
    options.matchLimit = 10_000
    guard let cleaner = try? Cleaner(packs: [pack], options: options) else { return 0 }
    _ = cleaner.clean("Subscribe now\nImage: JANE DOE/AFP\nThe minister resigned.\n\nThe minister resigned.\n")
    _ = ExampleChecker.check(pack)
    return 0
}

@main
struct Main {
    static func main() {
        exit(runLibFuzzer(fuzzRuleFile))
    }
}
