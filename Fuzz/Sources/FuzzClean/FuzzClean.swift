import Foundation
import FuzzSupport
import Newsclean
import NewscleanRules

nonisolated(unsafe) let packs = try! RuleLoader.bundledPacks()
let prefiltered = try! Cleaner(packs: packs)
let naive: Cleaner = {
    var options = Cleaner.Options()
    options.usesPrefilter = false
    return try! Cleaner(packs: packs, options: options)
}()

/// Any bytes clean without a crash; removals lie inside the input; the prefiltered engine agrees with the naive one.
func fuzzClean(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    // The first byte picks a publisher, so publisher packs are fuzzed too.
    let hosts = packs.flatMap(\.scope.hosts)
    let url = size > 0 && !hosts.isEmpty ? "https://" + hosts[Int(input[0]) % hosts.count] + "/a" : nil
    var fast: [UInt8] = []
    var slow: [UInt8] = []
    let fastResult = prefiltered.clean(utf8: input, url: url, appendingTo: &fast)
    let slowResult = naive.clean(utf8: input, url: url, appendingTo: &slow)
    precondition(fast == slow, "prefiltered and naive outputs differ")
    precondition(fastResult.removals == slowResult.removals, "prefiltered and naive removals differ")
    for removal in fastResult.removals {
        precondition(removal.range.lowerBound >= 0 && removal.range.upperBound <= size, "removal out of bounds")
    }
    if fastResult.removals.isEmpty && fastResult.overDeletion == nil {
        // Without removals only the document's ends are tidied: every byte of the output is in the input, in order.
        var index = 0
        for byte in fast.dropLast() {
            while index < size, input[index] != byte { index += 1 }
            precondition(index < size, "output byte not in the input")
            index += 1
        }
    }
    return 0
}

@main
struct Main {
    static func main() {
        exit(runLibFuzzer(fuzzClean))
    }
}
