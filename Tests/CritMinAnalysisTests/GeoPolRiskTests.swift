import CritMinAnalysis
import CritMinCore
import Testing

@Suite struct GeoPolRiskTests {
    let method = GeoPolRiskMethod()

    @Test func handWorkedScore() throws {
        // World production 60.7, 30.2, 10 t; truncated as geopolrisk-py does: 60, 30, 10 → Σ = 100, Σp² = 3600 + 900 + 100 = 4600,
        // HHI = 4600 / 100² = 0.46.
        // Imports into USA: CHN 8 t (g 0.6, 40 kUSD), CAN 2 t (g 0.3, 10 kUSD), XKX 4 t (no score → 0.5, 6 kUSD); domestic 6 t.
        // Σ g·f = 4.8 + 0.6 + 2.0 = 7.4; F = 14; import risk = 7.4 / (14 + 6) = 0.37; score = 0.46 · 0.37 = 0.1702.
        // Price = 56 / 14 = 4 kUSD/t; CF = 0.1702 · 4 / 0.409412948.
        let input = GeoPolRiskMethod.Input(
            worldProduction: [60.7, 30.2, 10], domesticProduction: 6,
            imports: [
                .init(partner: "CHN", quantity: 8, value: 40, governance: 0.6),
                .init(partner: "CAN", quantity: 2, value: 10, governance: 0.3),
                .init(partner: "XKX", quantity: 4, value: 6, governance: nil),
            ], members: ["USA"])
        let result = try #require(method.assess(input))
        #expect(abs(result.hhi - 0.46) < 1e-15)
        #expect(abs(result.importRisk - 0.37) < 1e-15)
        #expect(abs(result.score - 0.1702) < 1e-15)
        #expect(abs(result.price - 4) < 1e-15)
        #expect(abs(result.characterisationFactor - 0.1702 * 4 / 0.409412948) < 1e-15)
        #expect(result.partnersWithoutGovernance == ["XKX"])
    }

    @Test func membersOfTheEconomyCarryNoRisk() throws {
        // USA+CAN: CAN → USA 10 t counts in F with score 0; CHN → CAN 10 t at 0.5. Σ g·f = 5, F = 20, p = 0 → 0.25.
        let input = GeoPolRiskMethod.Input(
            worldProduction: [1, 1], domesticProduction: 0,
            imports: [
                .init(partner: "CAN", quantity: 10, value: 1, governance: 0.3), .init(partner: "CHN", quantity: 10, value: 1, governance: 0.5),
            ],
            members: ["USA", "CAN"])
        let result = try #require(method.assess(input))
        #expect(result.importRisk == 0.25)
        #expect(result.hhi == 0.5)
    }

    @Test func roundingIsAParameter() throws {
        // 0.6 and 0.4 t truncate to 0: no HHI under geopolrisk-py's rule; 0.36 + 0.16 = 0.52 without it.
        #expect(method.productionHHI([0.6, 0.4]) == nil)
        let exact = GeoPolRiskMethod(parameters: .init(productionRounding: .none, missingGovernanceScore: 0.5, copperCharacterisationFactor: 1))
        #expect(abs(try #require(exact.productionHHI([0.6, 0.4])) - 0.52) < 1e-15)
    }

    @Test func noImportsMeansNoImportRisk() throws {
        let result = try #require(method.assess(.init(worldProduction: [5], domesticProduction: 0, imports: [], members: ["USA"])))
        #expect(result.importRisk == 0 && result.score == 0 && result.price == 0)
        #expect(result.hhi == 1)
    }

    @Test func normalisedGovernanceMatchesGeopolriskPy() {
        // geopolrisk-py's "Normalized" table: USA 2022 estimate −0.03600502759218216 → 0.5072010055184364.
        #expect(abs(GeoPolRiskMethod.normalisedGovernance(estimate: -0.03600502759218216) - 0.5072010055184364) < 1e-15)
        #expect(GeoPolRiskMethod.normalisedGovernance(estimate: -3) == 1)
        #expect(GeoPolRiskMethod.normalisedGovernance(estimate: 2.6) == 0)
    }

    @Test(arguments: 0..<50) func hhiStaysWithinBounds(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let production = (0..<Int.random(in: 1...30, using: &generator)).map { _ in Double.random(in: 1...1e6, using: &generator) }
        let hhi = try #require(method.productionHHI(production))
        #expect(hhi >= 1 / Double(production.count) - 1e-6 && hhi <= 1 + 1e-12)
    }
}
