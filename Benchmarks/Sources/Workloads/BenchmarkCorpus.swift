/// The fixed inputs of the benchmarks, built once per process on first use (in a benchmark's setup, never in the
/// measured region).
public enum BenchmarkCorpus {
    /// Documents per benchmark iteration: the scaling factor of the per-document benchmarks (`.kilo`).
    public static let documentCount = 1_000

    /// Documents 0..<1000 of the default seed: 12.6 MB of news text with furniture.
    public static let documents: [String] = Corpus.documents(count: documentCount).map(\.text)

    /// The same number of documents without furniture: no generated rule fires on them.
    public static let cleanDocuments: [String] = Corpus.documents(count: documentCount, furniture: false).map(\.text)

    /// `documents` as UTF-8 bytes, for the scanner.
    public static let documentBytes: [[UInt8]] = documents.map { Array($0.utf8) }

    /// Total UTF-8 bytes of `documents`.
    public static let documentsByteCount: Int = documents.reduce(0) { $0 + $1.utf8.count }
}
