import Testing

@testable import AffinityCore

@Suite struct ScoringCoreSnapshotTests {
    typealias F = SnapshotFixtures

    static func restore(_ core: ScoringCore) throws -> ScoringCore {
        try ScoringCore(decodingState: core.encodedState(), config: core.config)
    }

    static func decodeError(_ bytes: [UInt8], _ config: ModelConfig = F.config()) -> ScoringCoreSnapshotError? {
        do {
            _ = try ScoringCore(decodingState: bytes, config: config)
            return nil
        } catch {
            return error
        }
    }

    /// Recomputes the trailing CRC, to reach the checks behind it.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var b = Array(bytes.dropLast(4))
        withUnsafeBytes(of: CRC32.checksum(b).littleEndian) { b.append(contentsOf: $0) }
        return b
    }

    @Test func restoredCoreAnswersExactlyLikeTheOriginal() throws {
        let core = F.richCore()
        let restored = try Self.restore(core)
        #expect(restored.model != nil)
        #expect(restored.installedBlend == core.installedBlend && restored.installedBlend != nil)
        #expect(restored.latestTimestamp == core.latestTimestamp)
        #expect(restored.trainingMatrix() == core.trainingMatrix())
        let a = F.outputs(core), b = F.outputs(restored)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(x == y) }
        #expect(restored.encodedState() == core.encodedState(), "re-encoding reproduces the bytes")
    }

    @Test func replayAfterRestoreMatchesANeverRestartedCore() throws {
        let core = F.richCore()
        let restored = try Self.restore(core)
        F.feed([core, restored], seed: 99, events: 500, start: core.latestTimestamp + 1)
        for c in [core, restored] {
            c.mergeShopper(10, into: 11)
            c.setItemAttributes(2, categories: [4], brand: nil, tokens: [1, 1, 3])
        }
        let a = F.outputs(core), b = F.outputs(restored)
        for (x, y) in zip(a, b) { #expect(x == y) }
        #expect(restored.encodedState() == core.encodedState())
        let als = ALSTrainer(config: core.config.als)
        let m1 = als.train(core.trainingMatrix()), m2 = als.train(restored.trainingMatrix())
        #expect(m1.itemFactors == m2.itemFactors, "retraining after restore gives the same model")
    }

    @Test func emptyCoreRoundTrips() throws {
        let core = ScoringCore(config: F.config())
        let restored = try Self.restore(core)
        #expect(restored.itemCount == 0 && restored.model == nil && restored.latestTimestamp == .min)
        #expect(F.outputs(restored) == F.outputs(core))
        F.feed([core, restored], seed: 5, events: 200, start: 50)
        #expect(F.outputs(restored) == F.outputs(core))
        #expect(restored.encodedState() == core.encodedState())
    }

    @Test func sparseShopperIdsAndMergesIntoEmptySlotsRoundTrip() throws {
        let core = ScoringCore(config: F.config())
        core.record(shopper: 200_000, items: [3], kind: .purchase, timestamp: 10, channel: 2)
        core.mergeShopper(7, into: 300_000)  // neither has state: only the slot count grows
        core.setItemAttributes(9, categories: [1], brand: nil, tokens: [])
        let restored = try Self.restore(core)
        #expect(restored.trainingMatrix() == core.trainingMatrix())
        #expect(restored.canonical(7) == 300_000)
        #expect(restored.encodedState() == core.encodedState())
        #expect(F.outputs(restored) == F.outputs(core))
    }

    @Test func everyFlippedByteIsRejected() {
        let bytes = F.richCore().encodedState()
        let positions =
            Array(0..<64) + Array(stride(from: 64, to: bytes.count, by: max(1, bytes.count / 400)))
            + Array((bytes.count - 8)..<bytes.count)
        for p in positions {
            var b = bytes
            b[p] ^= 0x10
            let error = Self.decodeError(b)
            #expect(error != nil, "flip at \(p)")
            if p >= 4 + 4 + 8 + 8 { #expect(error == .checksumMismatch, "flip at \(p)") }
        }
        var magic = bytes
        magic[0] = 0x42
        #expect(Self.decodeError(magic) == .badMagic)
        var version = bytes
        version[4] = 9
        #expect(Self.decodeError(version) == .unsupportedVersion(9))
    }

    @Test func truncationAndTrailingBytesAreRejected() {
        let bytes = F.richCore().encodedState()
        #expect(Self.decodeError([]) == .truncated)
        let cuts =
            Array(0..<40) + Array(stride(from: 40, to: bytes.count, by: max(1, bytes.count / 300)))
            + [bytes.count - 1]
        for n in cuts { #expect(Self.decodeError(Array(bytes.prefix(n))) == .truncated, "cut at \(n)") }
        let longer = bytes + [0]
        guard case .corrupt = Self.decodeError(longer) else {
            Issue.record("trailing byte accepted")
            return
        }
    }

    @Test func stateShapingConfigChangesAreRejected() throws {
        let core = F.richCore()
        let bytes = core.encodedState()
        var window = F.config()
        window.history.window = 7
        var halfLife = F.config()
        halfLife.popularity.trendingHalfLifeSeconds = 11
        var weights = F.config()
        weights.eventWeights["wishlist"] = 2.5
        var neighbours = F.config()
        neighbours.cooccurrence.maxNeighbours = 4
        for c in [window, halfLife, weights, neighbours, ModelConfig()] {
            #expect(Self.decodeError(bytes, c) == .configMismatch)
        }
        var tuned = F.config()
        tuned.blend.forYou.popularity = 0.9
        tuned.cooccurrence.measure = "llr"
        tuned.als.iterations = 30
        let restored = try ScoringCore(decodingState: bytes, config: tuned)
        #expect(restored.itemCount == core.itemCount, "query-time settings may change across restarts")
    }

    /// With the checksum recomputed, damaged contents must be reported or yield a
    /// usable core: never a trap, now or on later use.
    @Test func resealedDamageNeverCrashes() {
        let core = F.richCore()
        let bytes = core.encodedState()
        var rejected = 0
        for p in stride(from: 24, to: bytes.count - 4, by: max(1, bytes.count / 150)) {
            for mask: UInt8 in [0x01, 0x80] {
                var b = bytes
                b[p] ^= mask
                do {
                    let c = try ScoringCore(decodingState: Self.resealed(b), config: core.config)
                    for strategy: Strategy in [.forYou, .similarItems(item: 1), .trending(category: 2), .buyAgain] {
                        for s: Int32 in [0, 4] {
                            _ = c.recommend(RecommendationRequest(strategy: strategy, shopper: s))
                        }
                    }
                    _ = c.recommend(RecommendationRequest(strategy: .popular(category: nil), channel: 1))
                    _ = c.trainingMatrix()
                    F.feed([c], seed: 3, events: 20, start: c.latestTimestamp)
                } catch {
                    rejected += 1
                    #expect(!error.description.isEmpty)
                }
            }
        }
        #expect(rejected > 0)
    }

    @Test func checksumFastPathMatchesByteAtATime() {
        var rng = SplitMix64(seed: 1)
        for n in [0, 1, 7, 8, 9, 63, 1000, 4099] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(CRC32.checksum(bytes) == CRC32.checksum(bytes.lazy.map { $0 }), "length \(n)")
            #expect(CRC32.checksum(bytes.dropFirst()) == CRC32.checksum(bytes.dropFirst().lazy.map { $0 }))
        }
    }

    @Test func installedBlendsAreValidated() {
        var bytes = F.richCore().encodedState()
        let first = bytes.count - 4 - 5 * 6 * 4  // blends are the last section before the CRC
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) {
            for (i, b) in $0.enumerated() { bytes[first + i] = b }
        }
        guard case .corrupt = Self.decodeError(Self.resealed(bytes)) else {
            Issue.record("a NaN blend weight was accepted")
            return
        }
        var flag = F.richCore().encodedState()
        flag[first - 1] = 2
        guard case .corrupt = Self.decodeError(Self.resealed(flag)) else {
            Issue.record("a bad blend flag was accepted")
            return
        }
    }

    @Test func errorsExplainThemselves() {
        let all: [ScoringCoreSnapshotError] = [
            .truncated, .badMagic, .unsupportedVersion(7), .configMismatch, .checksumMismatch, .corrupt("x"),
        ]
        for e in all { #expect(e.description.count > 30) }
        #expect(ScoringCoreSnapshotError.unsupportedVersion(7).description.contains("7"))
    }
}
