import CritMinCore
import CritMinStore
import Foundation
import Testing

@Suite("Bulk writes")
struct ScaleTests {
    @Test("a batch the size of the bundled dataset (60,000 records) is written and read back whole")
    func bundledSize() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(path: folder.url.appendingPathComponent("bulk.sqlite").path)
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        let areas: [Area] = [.country("CAN"), .country("USA"), .country("CHN"), .country("COD"), .world]
        // 50,000 observations: 50 years × 5 areas × 200 labels.
        var observations: [Observation] = []
        for year in 1975..<2025 {
            for area in areas {
                for label in 0..<200 {
                    observations.append(
                        Observation(
                            commodity: "cobalt", stage: .mine, measure: .production, area: area, period: Period(year), label: "series \(label)",
                            quantity: Quantity(.value(Double(year * 1000 + label) / 7), unit: .metricTons), citation: Fixture.usgsCitation.id,
                            source: SourceLocation(file: "bulk.csv", line: observations.count + 2)))
                }
            }
        }
        // 10,000 scores: 5 countries × 6 dimensions × 333 years, plus 10 more years for Canada's first dimension.
        var scores: [GovernanceScore] = []
        for country in ["CAN", "USA", "CHN", "COD", "ANT"] as [CountryCode] {
            for dimension in GovernanceDimension.allCases {
                for year in 1700..<2033 {
                    scores.append(
                        GovernanceScore(
                            country: country, year: year, dimension: dimension, estimate: Double(year) / 1000, citation: Fixture.wgiCitation.id,
                            source: SourceLocation(file: "bulk-wgi.csv", line: scores.count + 2)))
                }
            }
        }
        for year in 2033..<2043 {
            scores.append(
                GovernanceScore(
                    country: "CAN", year: year, dimension: .voiceAndAccountability, estimate: 0, citation: Fixture.wgiCitation.id,
                    source: SourceLocation(file: "bulk-wgi.csv", line: scores.count + 2)))
        }
        var batch = Fixture.observations(checksum: "bulk", observations)
        batch.governance = scores
        batch.citations.append(Fixture.wgiCitation)
        #expect(batch.recordCount == 60_000)

        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await store.apply(batch, importedBy: "tests")
        let written = clock.now
        let read = try await store.observations(ObservationQuery())
        let scoresRead = try await store.governance(GovernanceQuery())
        print("60,000 records: write \(written - start), read \(clock.now - written)")

        #expect(outcome.version.recordCount == 60_000)
        #expect(read.map(\.observation) == observations)
        #expect(scoresRead.map(\.score) == scores)
    }
}
