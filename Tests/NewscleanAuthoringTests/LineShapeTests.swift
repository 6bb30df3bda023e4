import Testing

@testable import NewscleanAuthoring

@Suite("learn's line shapes and page fingerprints")
struct LineShapeTests {
    @Test("digit runs, month and weekday names in any case are placeholders; other words stay as they are", arguments: [
        ("Updated 3 March 2024, 10:41", "Updated 12 APRIL 2025, 09:02", true),
        ("Printed on Tue 4 Sept", "Printed on sunday 28 dec", true),
        ("Maybe 3 Mayo", "Maybe 4 Mayo", true),
        ("Mayo 3", "May 3", false),
        ("Septembers 3", "September 3", false),
        ("Septembe 3", "September 3", false),
        ("Café 3 é", "Café 12 é", true),
        ("Café 3", "Cafe 3", false),
    ])
    func sameShape(_ a: String, _ b: String, _ same: Bool) {
        #expect((LineShape(Substring(a)) == LineShape(Substring(b))) == same)
    }

    @Test("a shape reads back with its placeholders, and combining marks stay with their letter")
    func readable() {
        #expect(LineShape("Updated 3 March 2024, Tue 10:41").readable == "Updated # <month> #, <weekday> #:#")
        // "Mai" with a combining acute accent is no month name; the accent stays in the word.
        #expect(LineShape("Mai\u{301} 3 mai").readable == "Mai\u{301} # mai")
        #expect(LineShape("Nº 3 — 第3章").readable == "Nº # — 第#章")
        #expect(LineShape("June").readable == "<month>")
    }

    @Test("lines split at every line break, trimmed of spaces, tabs and no-break spaces, blank lines dropped")
    func lines() {
        let text = "  One\r\nTwo\t\rThree\u{A0}\n\n \t \u{2028}Four\u{85}Five"
        #expect(CrawlLearner.lines(of: text) == ["One", "Two", "Three", "Four", "Five"])
    }

    @Test("the fingerprint table finds every page again while it has room, then gives old places to new pages")
    func fingerprintTable() {
        var roomy = FingerprintTable(maxSlots: 1 << 16)
        let firstTime = (1...5000).map { roomy.insert(UInt64($0)) }
        let secondTime = (1...5000).map { roomy.insert(UInt64($0)) }
        #expect(firstTime.allSatisfy { $0 } && secondTime.allSatisfy { !$0 })
        #expect(roomy.capacity <= 1 << 16)
        // Past its limit a new fingerprint is still taken (and found right after), in no more slots.
        var full = FingerprintTable(maxSlots: 64)
        let pairs = (1...1000).map { (full.insert(UInt64($0)), full.insert(UInt64($0))) }
        #expect(pairs.allSatisfy { $0.0 && !$0.1 })
        #expect(full.capacity == 64)
    }
}
