import Foundation
import NewscleanBatch
import Testing
import _NewscleanTestSupport

@Suite("Progress line")
struct ProgressTests {
    func stats(records: Int, bytes: Int, seconds: Double, bad: Int = 0) -> BatchStats {
        var stats = BatchStats()
        stats.records = records
        stats.bytesIn = bytes
        stats.seconds = seconds
        stats.badRecords = bad
        return stats
    }

    @Test("with a known input size: the share read and the time left at the rate so far")
    func knownSize() {
        #expect(stats(records: 1200, bytes: 3_400_000, seconds: 2, bad: 1).progressLine(totalBytes: 10_000_000)
            == "1200 records, 3.4 MB, 600 records/s, 1.7 MB/s, 1 bad, 34%, about 4 s left")
        #expect(stats(records: 10, bytes: 1_000_000, seconds: 30).progressLine(totalBytes: 500_000_000)
            == "10 records, 1.0 MB, 0 records/s, 0.0 MB/s, 0 bad, 0%, about 4 h 9 min left")
        #expect(stats(records: 10, bytes: 1_000_000, seconds: 1).progressLine(totalBytes: 1_000_000)
            == "10 records, 1.0 MB, 10 records/s, 1.0 MB/s, 0 bad, 100%")
    }

    @Test("without one (a pipe, gzip): no share and no time left")
    func unknownSize() {
        #expect(stats(records: 5, bytes: 2_000_000, seconds: 4).progressLine(totalBytes: nil)
            == "5 records, 2.0 MB, 1 records/s, 0.5 MB/s, 0 bad")
    }

    @Test("the size is known for plain files, not for gzip files or missing ones")
    func sizes() throws {
        let plain = try temporaryFile("a.jsonl", "{\"text\": \"x\"}\n")
        let other = try temporaryFile("b.jsonl", "{}\n")
        #expect(InputSource.knownSize(paths: [plain.path, other.path]) == 17)
        let gzip = try temporaryFile("c.jsonl.gz", "")
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: gzip)
        #expect(InputSource.knownSize(paths: [plain.path, gzip.path]) == nil)
        #expect(InputSource.knownSize(paths: ["/nonexistent/file.jsonl"]) == nil)
    }
}
