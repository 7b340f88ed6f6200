import Testing

@testable import AffinityCore

@Suite struct InternerTests {
    @Test func assignsDenseIdsInFirstSeenOrder() {
        var i = Interner()
        #expect(i.intern("b") == 0)
        #expect(i.intern("a") == 1)
        #expect(i.intern("b") == 0)
        #expect(i.count == 2)
        #expect(i.id(of: "a") == 1)
        #expect(i.id(of: "zzz") == nil)
        #expect(i.count == 2, "looking up must not assign")
        #expect(i.string(for: 1) == "a")
    }

    @Test func restoresTheSameMapping() {
        var i = Interner()
        for s in ["x", "y", "z"] { i.intern(s) }
        let j = Interner(strings: i.allStrings)
        #expect(j == i)
        #expect(j.id(of: "z") == 2)
    }
}
