// Cleans the article in the file given as the first argument with the bundled packs, as a scraper would, and
// writes the clean text to stdout and an account of each removal to stderr.
import Foundation
import Newsclean
import NewscleanRules

let path = CommandLine.arguments.dropFirst().first ?? "-"
let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
guard let data, let text = String(data: data, encoding: .utf8) else {
    FileHandle.standardError.write(Data("clean-article: cannot read \(path)\n".utf8))
    exit(66)
}

let cleaner = try Cleaner(packs: .bundled)
let articleURL = "https://www.timeslive.co.za/news/world/2016-09-06-us-russia-syria-pact/"
let result = cleaner.clean(text, url: articleURL)

print(result.text, terminator: "")
for removal in result.removals {
    let removed = removal.removedText(in: text).replacingOccurrences(of: "\n", with: "⏎")
    FileHandle.standardError.write(Data("\(removal.ruleID) \(removal.range): \(removed)\n".utf8))
}
