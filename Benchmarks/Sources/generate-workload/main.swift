// generate-workload: writes the comparison workload of compare.sh, and checks the generator.
//
//   generate-workload corpus --out DIR [--megabytes 100] [--rules 200]
//       DIR/corpus.jsonl   one {"id","url","text"} object per line
//       DIR/corpus.txt     the same documents as one plain text file (a blank line between documents)
//       DIR/rules.yaml     the rules as a newsclean pack
//       DIR/rules_regex.py the rules as a Python list of regexes (every rule, for the `regex` module)
//       DIR/rules_re.py    the rules that Python's `re` can run
//       DIR/rules.sed      the rules that fit a GNU sed -E script
//       DIR/rules.pl       the rules as a Perl line filter
//   generate-workload clean [--megabytes 100] [--rules 200] [--repeat 1] [--api utf8|string]
//       regenerates the corpus in memory and times the newsclean library cleaning it document by document, --repeat
//       times (no file I/O, no JSON): what a batch CLI approaches on one core. --api utf8 (default) calls
//       clean(utf8:appendingTo:), string calls clean(_:). Prints seconds (compiling the rules and cleaning) and
//       cleaning_seconds / cleaning_mb_per_s (cleaning alone)
//   generate-workload scan [--megabytes 20] [--rules 200] [--repeat 5]
//       times the prefilter's literal scan alone over the corpus (scan_mb_per_s)
//   generate-workload literals --out DIR [--megabytes 20] [--rules 200]
//       DIR/literals.hex (the prefilter's literals) and DIR/documents.bin (documents, NUL-separated), for
//       compare/hyperscan_scan.c
//   generate-workload real-corpus --out DIR [--megabytes 50]
//       the real workload: corpus/dev.jsonl's pages repeated in order to at least that many MB of text
//       DIR/real.jsonl          the records as they are in corpus/dev.jsonl
//       DIR/real.txt            their texts as one plain text file
//       DIR/real_rules_regex.py the bundled packs' single-pattern rules for compare/clean_real_python.py
//       DIR/real_rules.sed      the bundled generic rules that fit a GNU sed -E script
//       DIR/real_sed_rules.yaml the same rules as a newsclean pack
//   generate-workload real-clean [--megabytes 50] [--repeat 1]
//       times the library cleaning the real workload in memory, document by document, with the bundled packs
//       (each document's URL picks its publisher pack); prints seconds and cleaning_mb_per_s as `clean` does
//   generate-workload stats [--documents 1000]
//       sizes of the benchmark corpus, and how many rules each document meets
//   generate-workload selfcheck
//       every piece of furniture is removed by the 1000 rules; clean text meets no rule
import Foundation
@_spi(Benchmarks) import Newsclean
import Workloads

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("generate-workload: \(message)\n".utf8))
    exit(64)
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name) else { return nil }
    guard index + 1 < arguments.count else { fail("\(name) needs a value") }
    return arguments[index + 1]
}

func write(_ text: String, to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { fail("cannot write \(path)") }
}

/// JSON string literal (RFC 8259): quotes, backslashes and control characters escaped; other text as UTF-8.
func appendJSONString(_ string: String, to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        default: out.append(byte)
        }
    }
    out.append(UInt8(ascii: "\""))
}

func corpus(_ arguments: [String]) {
    guard let directory = option("--out", in: arguments) else { fail("corpus: --out DIR is required") }
    let megabytes = Double(option("--megabytes", in: arguments) ?? "100") ?? 100
    let ruleCount = Int(option("--rules", in: arguments) ?? "200") ?? 200
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

    let target = Int(megabytes * 1_000_000)
    guard let jsonl = FileHandle(forWritingAtPath: { let p = directory + "/corpus.jsonl"; write("", to: p); return p }()),
        let plain = FileHandle(forWritingAtPath: { let p = directory + "/corpus.txt"; write("", to: p); return p }())
    else { fail("cannot open the corpus files in \(directory)") }
    var bytes = 0
    var count = 0
    var jsonBuffer: [UInt8] = []
    var plainBuffer: [UInt8] = []
    while bytes < target {
        let document = Corpus.document(count)
        jsonBuffer += Array(#"{"id":"#.utf8)
        appendJSONString(document.id, to: &jsonBuffer)
        jsonBuffer += Array(#","url":"#.utf8)
        appendJSONString(document.url, to: &jsonBuffer)
        jsonBuffer += Array(#","text":"#.utf8)
        appendJSONString(document.text, to: &jsonBuffer)
        jsonBuffer += Array("}\n".utf8)
        plainBuffer += Array(document.text.utf8)
        plainBuffer.append(UInt8(ascii: "\n"))
        bytes += document.text.utf8.count
        count += 1
        if jsonBuffer.count > 1 << 22 {
            jsonl.write(Data(jsonBuffer))
            plain.write(Data(plainBuffer))
            jsonBuffer.removeAll(keepingCapacity: true)
            plainBuffer.removeAll(keepingCapacity: true)
        }
    }
    jsonl.write(Data(jsonBuffer))
    plain.write(Data(plainBuffer))
    try? jsonl.close()
    try? plain.close()

    let specs = RuleSets.specs(count: ruleCount)
    write(Dialects.yamlPack(specs, id: "bench.rules\(ruleCount)"), to: directory + "/rules.yaml")
    write(Dialects.pythonModule(specs), to: directory + "/rules_regex.py")
    let reSpecs = specs.filter(Dialects.fitsPythonRe)
    write(Dialects.pythonModule(reSpecs), to: directory + "/rules_re.py")
    write(Dialects.sedScript(specs), to: directory + "/rules.sed")
    write(Dialects.perlScript(specs), to: directory + "/rules.pl")
    // Machine-readable summary for compare.sh.
    print("documents=\(count)")
    print("text_bytes=\(bytes)")
    print("rules_newsclean=\(specs.count)")
    print("rules_regex=\(specs.count)")
    print("rules_re=\(reSpecs.count)")
    print("rules_sed=\(specs.filter(Dialects.fitsSed).count)")
    print("rules_perl=\(specs.count)")
}

func cleanInProcess(_ arguments: [String]) {
    let megabytes = Double(option("--megabytes", in: arguments) ?? "100") ?? 100
    let ruleCount = Int(option("--rules", in: arguments) ?? "200") ?? 200
    let repeats = Int(option("--repeat", in: arguments) ?? "1") ?? 1
    let api = option("--api", in: arguments) ?? "utf8"
    guard api == "utf8" || api == "string" else { fail("clean: --api must be utf8 or string") }
    let documents = corpusTexts(megabytes: megabytes)
    let bytes = documents.reduce(0) { $0 + $1.utf8.count }
    let clock = ContinuousClock()
    let start = clock.now
    let cleaner = try! Cleaner(packs: [RuleSets.pack(count: ruleCount)])
    let compiled = clock.now
    var outputBytes = 0
    if api == "string" {
        for _ in 0..<repeats {
            for document in documents {
                outputBytes += cleaner.clean(document).text.utf8.count
            }
        }
    } else {
        var output: [UInt8] = []
        for _ in 0..<repeats {
            for var document in documents {
                output.removeAll(keepingCapacity: true)
                _ = document.withUTF8 { cleaner.clean(utf8: $0, appendingTo: &output) }
                outputBytes += output.count
            }
        }
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print("documents=\(documents.count)")
    print("text_bytes=\(bytes)")
    let cleaning = clock.now - compiled
    let cleaningSeconds = Double(cleaning.components.seconds) + Double(cleaning.components.attoseconds) * 1e-18
    print("seconds=\(seconds)")
    print("cleaning_seconds=\(cleaningSeconds)")
    print("cleaning_mb_per_s=\(Double(bytes * repeats) / cleaningSeconds / 1e6)")
    print("output_bytes=\(outputBytes)")
}

func realCorpus(_ arguments: [String]) {
    guard let directory = option("--out", in: arguments) else { fail("real-corpus: --out DIR is required") }
    let megabytes = Double(option("--megabytes", in: arguments) ?? "50") ?? 50
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let documents = RealPages.documents(textBytes: Int(megabytes * 1_000_000))
    guard FileManager.default.createFile(atPath: directory + "/real.jsonl", contents: Data(RealPages.jsonl(documents))),
        FileManager.default.createFile(atPath: directory + "/real.txt", contents: Data(RealPages.plainText(documents)))
    else { fail("cannot write the real corpus into \(directory)") }
    let packs = RealPages.bundledPacks()
    let python = RealDialects.pythonModule(packs)
    write(python.module, to: directory + "/real_rules_regex.py")
    let sed = RealDialects.sed(packs)
    write(sed.script, to: directory + "/real_rules.sed")
    write(sed.pack, to: directory + "/real_sed_rules.yaml")
    print("real_documents=\(documents.count)")
    print("real_text_bytes=\(documents.reduce(0) { $0 + $1.text.utf8.count })")
    print("real_rules_newsclean=\(packs.reduce(0) { $0 + $1.rules.count })")
    print("real_rules_regex=\(python.count)")
    print("real_rules_sed=\(sed.count)")
}

func realCleanInProcess(_ arguments: [String]) {
    let megabytes = Double(option("--megabytes", in: arguments) ?? "50") ?? 50
    let repeats = Int(option("--repeat", in: arguments) ?? "1") ?? 1
    let documents = RealPages.documents(textBytes: Int(megabytes * 1_000_000)).map { ($0.url, Array($0.text.utf8)) }
    let bytes = documents.reduce(0) { $0 + $1.1.count }
    let clock = ContinuousClock()
    let start = clock.now
    let cleaner = try! Cleaner(packs: RealPages.bundledPacks())
    let compiled = clock.now
    var output: [UInt8] = []
    var outputBytes = 0
    for _ in 0..<repeats {
        for (url, text) in documents {
            output.removeAll(keepingCapacity: true)
            _ = text.withUnsafeBufferPointer { cleaner.clean(utf8: $0, url: url, appendingTo: &output) }
            outputBytes += output.count
        }
    }
    let seconds = (clock.now - start).seconds
    let cleaningSeconds = (clock.now - compiled).seconds
    print("documents=\(documents.count)")
    print("text_bytes=\(bytes)")
    print("seconds=\(seconds)")
    print("cleaning_seconds=\(cleaningSeconds)")
    print("cleaning_mb_per_s=\(Double(bytes * repeats) / cleaningSeconds / 1e6)")
    print("output_bytes=\(outputBytes)")
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// The first documents of the benchmark corpus whose texts add up to at least `megabytes`.
func corpusTexts(megabytes: Double) -> [String] {
    var texts: [String] = []
    var bytes = 0
    while bytes < Int(megabytes * 1_000_000) {
        texts.append(Corpus.document(texts.count).text)
        bytes += texts.last!.utf8.count
    }
    return texts
}

func scanInProcess(_ arguments: [String]) {
    let megabytes = Double(option("--megabytes", in: arguments) ?? "20") ?? 20
    let ruleCount = Int(option("--rules", in: arguments) ?? "200") ?? 200
    let repeats = Int(option("--repeat", in: arguments) ?? "5") ?? 5
    let documents = corpusTexts(megabytes: megabytes).map { Array($0.utf8) }
    let bytes = documents.reduce(0) { $0 + $1.count }
    let cleaner = try! Cleaner(packs: [RuleSets.pack(count: ruleCount)])
    let clock = ContinuousClock()
    let start = clock.now
    var found = 0
    for _ in 0..<repeats {
        for document in documents {
            found += document.withUnsafeBufferPointer { cleaner.scanLiterals($0) }
        }
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print("literals_found=\(found)")
    print("scan_mb_per_s=\(Double(bytes * repeats) / seconds / 1e6)")
}

/// Writes the prefilter's literals (one per line, hex) and the documents (separated by NUL bytes), so that another
/// scanner (compare/hyperscan_scan.c) can be measured on exactly the same work.
func literals(_ arguments: [String]) {
    guard let directory = option("--out", in: arguments) else { fail("literals: --out DIR is required") }
    let megabytes = Double(option("--megabytes", in: arguments) ?? "20") ?? 20
    let ruleCount = Int(option("--rules", in: arguments) ?? "200") ?? 200
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let cleaner = try! Cleaner(packs: [RuleSets.pack(count: ruleCount)])
    let hex = Array("0123456789abcdef".utf8)
    var listing: [UInt8] = []
    for literal in cleaner.prefilterLiterals {
        for byte in literal { listing += [hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
        listing.append(UInt8(ascii: "\n"))
    }
    FileManager.default.createFile(atPath: directory + "/literals.hex", contents: Data(listing))
    var documents: [UInt8] = []
    var bytes = 0
    let texts = corpusTexts(megabytes: megabytes)
    for text in texts {
        documents += Array(text.utf8)
        documents.append(0)
        bytes += text.utf8.count
    }
    let count = texts.count
    FileManager.default.createFile(atPath: directory + "/documents.bin", contents: Data(documents))
    print("literals=\(cleaner.prefilterLiterals.count) documents=\(count) text_bytes=\(bytes)")
}

func stats(_ arguments: [String]) {
    let count = Int(option("--documents", in: arguments) ?? "1000") ?? 1000
    let documents = Corpus.documents(count: count)
    let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }
    let sizes = documents.map(\.text.utf8.count).sorted()
    print("documents: \(count), bytes: \(bytes), mean: \(bytes / count), min: \(sizes.first!), max: \(sizes.last!)")
    for ruleCount in RuleSets.standardSizes {
        let cleaner = try! Cleaner(packs: [RuleSets.pack(count: ruleCount)])
        var rulesHit = 0
        var rulesRun = 0
        var removals = 0
        var removedBytes = 0
        for var document in documents {
            rulesRun += document.text.withUTF8 { cleaner.rulesRun($0) }
            let result = cleaner.clean(document.text)
            rulesHit += Set(result.removals.map(\.ruleID)).count
            removals += result.removals.count
            removedBytes += document.text.utf8.count - result.text.utf8.count
        }
        print(
            "\(ruleCount) rules: prefilter literals \(cleaner.prefilterLiteralCount), rules without literal "
                + "\(cleaner.rulesWithoutPrefilter), automaton states \(cleaner.prefilterAutomaton.states) "
                + "(\(cleaner.prefilterAutomaton.tableBytes / 1024) KiB), "
                + "rules run per document \(Double(rulesRun) / Double(count)), "
                + "rules firing per document \(Double(rulesHit) / Double(count)), "
                + "removals per document \(Double(removals) / Double(count)), bytes removed \(removedBytes)")
    }
    let clean = Corpus.documents(count: min(count, 200), furniture: false)
    let cleaner = try! Cleaner(packs: [RuleSets.pack(count: 1000)])
    let fired = clean.reduce(0) { $0 + cleaner.clean($1.text).removals.count }
    print("clean text (\(clean.count) documents): removals with 1000 rules: \(fired)")
}

func selfcheck() {
    // Every sample of every rule is removed by that rule alone.
    var problems = 0
    var rng = SeededRandom(seed: 7)
    for spec in RuleSets.specs(count: 1000) + [RuleSets.noLiteral] {
        let cleaner = try! Cleaner(packs: [RuleSets.pack([spec], id: "one")])
        for _ in 0..<5 {
            let sample = spec.sample(&rng)
            let line =
                switch spec.placement {
                case .line, .toolbar: sample
                case .inline: "Before." + sample + " After."
                case .paragraphPrefix: sample + "The story goes on."
                }
            let text = "Some text of the story.\n\n" + line + "\n"
            let result = cleaner.clean(text)
            if result.removals.isEmpty {
                print("not removed by \(spec.id): \(sample)")
                problems += 1
            }
        }
    }
    // The pathological rule is skipped with a warning, and the cleaner returns.
    let cleaner = try! Cleaner(packs: [RuleSets.pack([RuleSets.pathological], id: "patho")])
    let result = cleaner.clean(Corpus.pathologicalDocument(runLength: 4_096))
    print("pathological: warnings \(result.warnings.map(\.description))")
    if result.warnings.isEmpty { problems += 1 }
    print(problems == 0 ? "selfcheck: ok" : "selfcheck: \(problems) problems")
    exit(problems == 0 ? 0 : 1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "corpus": corpus(Array(arguments.dropFirst()))
case "clean": cleanInProcess(Array(arguments.dropFirst()))
case "real-corpus": realCorpus(Array(arguments.dropFirst()))
case "real-clean": realCleanInProcess(Array(arguments.dropFirst()))
case "stats": stats(Array(arguments.dropFirst()))
case "scan": scanInProcess(Array(arguments.dropFirst()))
case "literals": literals(Array(arguments.dropFirst()))
case "selfcheck": selfcheck()
default:
    fail("usage: generate-workload corpus --out DIR [--megabytes 100] [--rules 200] | clean [--megabytes 100] [--rules 200] | real-corpus --out DIR | real-clean | stats | selfcheck")
}
