import CritMinAnalysis
import CritMinCore
import Testing

@Suite("Shares and HHI")
struct ConcentrationTests {
    /// USGS MCS 2026, cobalt, world mine production 2025 (t, cobalt content).
    static let cobalt2025: [ProducerFigure] =
        [
            ("USA", 300), ("AUS", 3_700), ("CAN", 3_500), ("CHN", 2_000), ("COD", 230_000), ("CUB", 2_000), ("IDN", 44_000), ("MDG", 3_900),
            ("PNG", 2_800), ("PHL", 3_700), ("RUS", 7_700), ("TUR", 1_900),
        ].map { ProducerFigure(area: .country(CountryCode($0.0)), amount: .value($0.1)) }
        + [ProducerFigure(area: .otherCountries, amount: .value(9_100)), ProducerFigure(area: .world, amount: .value(310_000))]

    @Test("cobalt 2025 from USGS MCS 2026, worked by hand")
    func cobalt() throws {
        let result = try #require(Concentration.compute(Self.cobalt2025))
        // Denominator: the published world total, 310,000 t.
        #expect(result.total == 310_000)
        #expect(result.totalIsPublished)
        // Congo (Kinshasa): 230,000 / 310,000 = 0.741935…
        #expect(result.shares[0].area == .country("COD"))
        #expect(abs(result.top1Share - 230_000.0 / 310_000) < 1e-12)
        // Top 3: (230,000 + 44,000 + 7,700) / 310,000 = 281,700 / 310,000 = 0.908710…
        #expect(abs(result.top3Share - 281_700.0 / 310_000) < 1e-12)
        // HHI excluding residual: Σ (100·P/310,000)² = (10⁴ / 310,000²) · Σ P²
        // Σ P² = 300² + 3,700² + 3,500² + 2,000² + 230,000² + 2,000² + 44,000² + 3,900² + 2,800² + 3,700² + 7,700² + 1,900²
        //      = 90,000 + 13,690,000 + 12,250,000 + 4,000,000 + 52,900,000,000 + 4,000,000 + 1,936,000,000 + 15,210,000
        //        + 7,840,000 + 13,690,000 + 59,290,000 + 3,610,000 = 54,969,670,000
        // HHI = 54,969,670,000 · 10⁴ / 96,100,000,000 = 5,720.05
        #expect(abs(result.hhiExcludingResidual - 54_969_670_000.0 * 10_000 / 96_100_000_000) < 1e-6)
        // Residual 9,100 / 310,000 → (100 · 0.029355)² = 8.617… added.
        #expect(abs(result.hhiIncludingResidual - result.hhiExcludingResidual - (9_100.0 / 3_100) * (9_100.0 / 3_100)) < 1e-9)
        #expect(result.band == .high)
        // Rows: countries 305,500 + residual 9,100 = 314,600 → coverage 314,600 / 310,000 = 1.0148 (the total is rounded).
        #expect(abs(result.coverage - 314_600.0 / 310_000) < 1e-12)
    }

    @Test("without a published total the rows are the denominator; withheld rows are listed, not counted")
    func sumOfRows() throws {
        let figures = [
            ProducerFigure(area: .country("USA"), amount: .withheld), ProducerFigure(area: .country("CHN"), amount: .value(60)),
            ProducerFigure(area: .country("CAN"), amount: .value(30)), ProducerFigure(area: .otherCountries, amount: .value(10)),
            ProducerFigure(area: .world, amount: .notApplicable),
        ]
        let result = try #require(Concentration.compute(figures))
        // total = 60 + 30 + 10 = 100; HHI = 60² + 30² = 4,500; with residual + 10² = 4,600.
        #expect(result.total == 100)
        #expect(!result.totalIsPublished)
        #expect(result.hhiExcludingResidual == 4_500)
        #expect(result.hhiIncludingResidual == 4_600)
        #expect(result.unquantified == [.country("USA")])
        #expect(abs(result.top3Share - 0.9) < 1e-12)
        #expect(result.coverage == 1)
    }

    @Test("a bound counts at the bound")
    func bounds() throws {
        let result = try #require(
            Concentration.compute([
                ProducerFigure(area: .country("CHN"), amount: .greaterThan(90)), ProducerFigure(area: .country("USA"), amount: .lessThan(10)),
            ]))
        // 90 / 100 and 10 / 100 → 8,100 + 100
        #expect(result.hhiExcludingResidual == 8_200)
    }

    @Test("no positive producer, no result")
    func empty() {
        #expect(Concentration.compute([]) == nil)
        #expect(Concentration.compute([ProducerFigure(area: .country("USA"), amount: .withheld)]) == nil)
    }

    @Test("DOJ/FTC 2010 bands, and bands as a parameter")
    func bands() {
        let bands = ConcentrationBands.dojFTC2010
        #expect(bands.band(of: 1_499) == .unconcentrated)
        #expect(bands.band(of: 1_500) == .moderate)
        #expect(bands.band(of: 2_500) == .moderate)
        #expect(bands.band(of: 2_501) == .high)
        #expect(ConcentrationBands(moderateFrom: 1_000, highFrom: 1_800).band(of: 2_000) == .high)
    }

    @Test("EU scaling of WGI: 2·(2.5 − mean)")
    func euScaling() {
        let estimates = Dictionary(uniqueKeysWithValues: GovernanceDimension.allCases.enumerated().map { ($1, Double($0) * 0.2) })
        // mean of 0, 0.2, 0.4, 0.6, 0.8, 1.0 = 3.0 / 6 = 0.5 → 2·(2.5 − 0.5) = 4.0
        #expect(abs(GovernanceScaling.euScaled(estimates)! - 4.0) < 1e-12)
        #expect(GovernanceScaling.euScaled([.ruleOfLaw: 1]) == nil)
        #expect(GovernanceScaling.euScaled(Dictionary(uniqueKeysWithValues: GovernanceDimension.allCases.map { ($0, -3.0) })) == 10)
    }
}
