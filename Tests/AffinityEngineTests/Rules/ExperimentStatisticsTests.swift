import AffinityEngine
import Testing

/// Wilson intervals, means and lifts against values computed independently (R's
/// `prop.test(correct = FALSE)` and a hand calculation).
@Suite struct ExperimentStatisticsTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-4) -> Bool {
        guard let a else { return false }
        return abs(a - b) < tolerance
    }

    @Test func wilsonMatchesKnownIntervals() {
        let half = ExperimentStatistics.wilson(successes: 50, trials: 100)
        #expect(half.value == 0.5)
        #expect(Self.close(half.low, 0.403_83) && Self.close(half.high, 0.596_17))
        let small = ExperimentStatistics.wilson(successes: 3, trials: 20)
        #expect(Self.close(small.low, 0.052_37) && Self.close(small.high, 0.360_42))
        let none = ExperimentStatistics.wilson(successes: 0, trials: 10)
        #expect(none.value == 0 && none.low == 0 && Self.close(none.high, 0.277_53))
        let all = ExperimentStatistics.wilson(successes: 10, trials: 10)
        #expect(Self.close(all.low, 0.722_47) && all.high == 1)
    }

    @Test func wilsonWithoutTrialsHasNoInterval() {
        let empty = ExperimentStatistics.wilson(successes: 0, trials: 0)
        #expect(empty == Estimate(value: 0))
    }

    @Test func meanHasANormalInterval() {
        let revenue = ExperimentStatistics.mean([0, 0, 100, 300])
        #expect(revenue.value == 100)
        #expect(Self.close(revenue.low, -38.590_38) && Self.close(revenue.high, 238.590_38))
        #expect(ExperimentStatistics.mean([42]) == Estimate(value: 42))
        #expect(ExperimentStatistics.mean([]) == Estimate(value: 0))
    }

    @Test func liftUsesTheDeltaMethodOnTheLogRatio() throws {
        let lift = try #require(
            ExperimentStatistics.relativeLift(treatment: (20, 200), control: (10, 200)))
        #expect(Self.close(lift.value, 1.0))
        #expect(Self.close(lift.low, -0.039_41) && Self.close(lift.high, 3.164_09))
    }

    @Test func liftIsUndefinedWithoutControlSuccesses() throws {
        #expect(ExperimentStatistics.relativeLift(treatment: (5, 100), control: (0, 100)) == nil)
        let flat = try #require(ExperimentStatistics.relativeLift(treatment: (0, 100), control: (4, 100)))
        #expect(flat.value == -1 && flat.low == nil)
    }
}
