import Foundation
import KilnProject
import KilnRunner
import Testing

/// dbt's freshness rules: error past `error_after`, else warn past `warn_after`, else pass;
/// timestamps without an offset are UTC.
struct FreshnessTests {
  @Test func statusFollowsTheThresholds() {
    let c = FreshnessCriteria(
      warnAfter: .init(count: 1, period: "hour"), errorAfter: .init(count: 2, period: "day"), filter: nil)
    #expect(c.status(age: 3599) == .pass)
    #expect(c.status(age: 3601) == .warn)
    #expect(c.status(age: 2 * 86_400 + 1) == .error)
    let warnOnly = FreshnessCriteria(warnAfter: .init(count: 10, period: "minute"), errorAfter: .init(), filter: nil)
    #expect(warnOnly.status(age: 1e9) == .warn)
  }

  @Test func timestampsParseAsUTCUnlessTheyCarryAnOffset() throws {
    let base = try #require(FreshnessTimestamp.parse("2024-01-02 11:00:00"))
    #expect(base.timeIntervalSince1970 == 1_704_193_200)
    #expect(FreshnessTimestamp.parse("2024-01-02T11:00:00Z") == base)
    #expect(FreshnessTimestamp.parse("2024-01-02 12:30:00+01:30") == base)
    #expect(FreshnessTimestamp.parse("2024-01-02 09:00:00-02") == base)
    let frac = try #require(FreshnessTimestamp.parse("2024-01-02 11:00:00.250"))
    #expect(abs(frac.timeIntervalSince(base) - 0.25) < 1e-6)
    #expect(FreshnessTimestamp.parse("2024-01-02")?.timeIntervalSince1970 == 1_704_153_600)
    #expect(FreshnessTimestamp.parse("yesterday") == nil)
    #expect(FreshnessTimestamp.parse("2024-01-02 11:00:00 junk") == nil)
  }
}
