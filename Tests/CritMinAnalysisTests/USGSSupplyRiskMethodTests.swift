import CritMinAnalysis
import CritMinCore
import Foundation
import Testing

@Suite("USGS-style supply risk")
struct USGSSupplyRiskMethodTests {
    let method = USGSSupplyRiskMethod()

    static func supplier(_ area: Area, _ share: Double, risk: Double) -> USGSSupplier {
        USGSSupplier(area: area, share: share, risk: .data(risk, from: "test"))
    }

    /// An invented cobalt-like commodity, worked by hand below.
    static let producers = [
        supplier(.country("COD"), 0.7, risk: 0.8), supplier(.country("IDN"), 0.1, risk: 0.5), supplier(.country("AUS"), 0.1, risk: 0.1),
        supplier(.otherCountries, 0.1, risk: 0.5),
    ]
    static let partners = [
        supplier(.country("NOR"), 0.4, risk: 0.1), supplier(.country("CAN"), 0.3, risk: 0.2), supplier(.country("JPN"), 0.2, risk: 0.2),
    ]

    @Test("DP, TE, EV and their geometric mean, worked by hand")
    func pointValue() throws {
        let input = USGSSupplyRiskInput(
            producers: Self.producers, netImportReliance: 0.76...0.76, netImportRelianceSource: "test: 76", importSources: Self.partners,
            economicVulnerability: .data(0.5, from: "test"))
        let result = try method.supplyRisk(input)
        // DP = 0.7²·0.8 + 0.1²·0.5 + 0.1²·0.1 + 0.1²·0.5 = 0.392 + 0.005 + 0.001 + 0.005 = 0.403
        #expect(abs(result.disruptionPotential - 0.403) < 1e-12)
        // P = 0.4·0.1 + 0.3·0.2 + 0.2·0.2 + (1 − 0.9)·1 (unattributed) = 0.04 + 0.06 + 0.04 + 0.1 = 0.24
        #expect(abs(result.partnerRisk - 0.24) < 1e-12)
        // TE = 0.76·0.24 = 0.1824
        #expect(abs(result.tradeExposure.lowerBound - 0.1824) < 1e-12)
        // SR = (0.403·0.1824·0.5)^(1/3) = 0.0367536^(1/3) = 0.33248…
        #expect(abs(result.supplyRisk - cbrt(0.403 * 0.1824 * 0.5)) < 1e-12)
        #expect(abs(result.supplyRisk - 0.33248) < 1e-5)
        #expect(result.supplyRiskRange == result.supplyRisk...result.supplyRisk)
        #expect(!result.meetsThreshold && result.thresholdStatus == .below)
        // The 10 % of imports no partner accounts for counted at the maximum risk.
        #expect(
            result.defaultsUsed == [
                "risk of the 10.0 % of imports no partner accounts for defaulted to 1 (unknown origin): "
                    + "critmin default for the USGS-style method (docs/METHODS.md)"
            ])

        let product = try USGSSupplyRiskMethod(parameters: .init(combination: .product)).supplyRisk(input)
        // 0.403·0.1824·0.5 = 0.0367536
        #expect(abs(product.supplyRisk - 0.0367536) < 1e-12)
    }

    @Test("a bounded NIR gives SR at both ends and at the midpoint")
    func interval() throws {
        let nir = try #require(NetImportReliance(percent: .greaterThan(95))?.interval.range)
        #expect(nir == 0.95...1)
        let result = try method.supplyRisk(
            USGSSupplyRiskInput(producers: Self.producers, netImportReliance: nir, netImportRelianceSource: "test: >95", importSources: Self.partners)
        )
        // EV defaulted to 1. TE = 0.95·0.24 = 0.228 … 1·0.24 = 0.24; midpoint NIR 0.975 → TE 0.234.
        // SR: (0.403·0.228)^(1/3) = 0.45125 … (0.403·0.24)^(1/3) = 0.45903; point (0.403·0.234)^(1/3) = 0.45517
        #expect(abs(result.supplyRiskRange.lowerBound - cbrt(0.403 * 0.228)) < 1e-12)
        #expect(abs(result.supplyRiskRange.upperBound - cbrt(0.403 * 0.24)) < 1e-12)
        #expect(abs(result.supplyRisk - cbrt(0.403 * 0.234)) < 1e-12)
        #expect(abs(result.supplyRisk - 0.45517) < 1e-5)
        #expect(result.thresholdStatus == .meets)
        #expect(result.defaultsUsed.contains { $0.hasPrefix("EV defaulted to 1 (no U.S. industry data") })
    }

    @Test("an interval across the threshold leaves the status open; a net exporter has no trade exposure")
    func statusAndNetExporter() throws {
        let china = [Self.supplier(.country("CHN"), 1, risk: 0.6)]
        let open = try method.supplyRisk(
            USGSSupplyRiskInput(
                producers: china, netImportReliance: try #require(NetImportReliance(percent: .lessThan(25))?.interval.range),
                netImportRelianceSource: "test: <25"))
        // DP = 1²·0.6 = 0.6; no import sources: P = 1. SR = (0.6·NIR)^(1/3): 0 at NIR 0, 0.15^(1/3) = 0.53133 at 0.25,
        // and 0.075^(1/3) = 0.42172 at the midpoint 0.125.
        #expect(open.supplyRiskRange.lowerBound == 0)
        #expect(abs(open.supplyRiskRange.upperBound - cbrt(0.15)) < 1e-12)
        #expect(abs(open.supplyRisk - cbrt(0.075)) < 1e-12)
        #expect(open.thresholdStatus == .undetermined && open.meetsThreshold)
        #expect(open.defaultsUsed.contains { $0.hasPrefix("trade exposure taken as NIR") })

        let exporter = try method.supplyRisk(
            USGSSupplyRiskInput(
                producers: china, netImportReliance: try #require(NetImportReliance(percent: .netExporter)?.interval.range),
                netImportRelianceSource: "test: E"))
        #expect(exporter.tradeExposure == 0...0 && exporter.supplyRisk == 0 && exporter.thresholdStatus == .below)
        // A negative NIR counts as 0.
        let negative = try method.supplyRisk(USGSSupplyRiskInput(producers: china, netImportReliance: -0.3...(-0.3), netImportRelianceSource: "test"))
        #expect(negative.netImportReliance == 0...0)
    }

    @Test("NIR from USGS notation")
    func notation() {
        #expect(NetImportReliance(percent: .value(76))?.interval.range == 0.76...0.76)
        #expect(NetImportReliance(percent: .zero)?.interval.range == 0...0)
        #expect(NetImportReliance(percent: .lessThan(50))?.interval.range == 0...0.5)
        #expect(NetImportReliance(percent: .range(40, 60))?.interval.range == 0.4...0.6)
        #expect(NetImportReliance(percent: .withheld)?.interval.range == nil)
        #expect(NetImportReliance(percent: .text("Small"))?.interval.range == nil)
        #expect(USGSSupplyRiskMethod.governanceRisk(euScaled: 4) == 0.4)
    }

    @Test("import shares above 100 % in total are scaled to 100 %")
    func roundedImportShares() throws {
        let partners = [Self.supplier(.country("CAN"), 0.6, risk: 0.2), Self.supplier(.country("CHN"), 0.42, risk: 0.6)]
        let result = try method.supplyRisk(
            USGSSupplyRiskInput(producers: Self.producers, netImportReliance: 1...1, netImportRelianceSource: "test", importSources: partners))
        // (0.6·0.2 + 0.42·0.6) / 1.02 = (0.12 + 0.252) / 1.02 = 0.364706…; nothing unattributed.
        #expect(abs(result.partnerRisk - 0.372 / 1.02) < 1e-12)
        #expect(abs(result.importShareTotal - 1.02) < 1e-12)
        #expect(result.defaultsUsed.count == 1)
    }

    @Test("shares computed from flows that add up to 1 but for rounding leave nothing unattributed")
    func sharesShortOfOneByRounding() throws {
        // 0.2 + 0.7 + 0.1 in floating point is 0.9999999999999999: the 1e-16 gap is rounding, not imports of unknown origin.
        let partners = [
            Self.supplier(.country("NOR"), 0.2, risk: 0.1), Self.supplier(.country("CHN"), 0.7, risk: 0.6),
            Self.supplier(.country("CAN"), 0.1, risk: 0.2),
        ]
        #expect(partners.reduce(0) { $0 + $1.share } < 1)
        let result = try method.supplyRisk(
            USGSSupplyRiskInput(producers: Self.producers, netImportReliance: 1...1, netImportRelianceSource: "test", importSources: partners))
        // 0.2·0.1 + 0.7·0.6 + 0.1·0.2 = 0.02 + 0.42 + 0.02 = 0.46, nothing added for an unattributed rest.
        #expect(abs(result.partnerRisk - 0.46) < 1e-12)
        #expect(!result.defaultsUsed.contains { $0.contains("no partner accounts for") })
    }

    @Test("inputs outside 0 … 1 are errors naming the field")
    func invalidInputs() {
        #expect(throws: CritMinError(.invalidValue, "must be a finite number from 0 to 1", field: "producers[0].risk", value: "1.5")) {
            try method.supplyRisk(
                USGSSupplyRiskInput(
                    producers: [Self.supplier(.country("CHN"), 1, risk: 1.5)], netImportReliance: 1...1, netImportRelianceSource: "test"))
        }
        #expect(throws: CritMinError.self) {
            try method.supplyRisk(
                USGSSupplyRiskInput(
                    producers: Self.producers, netImportReliance: 1...1, netImportRelianceSource: "test",
                    economicVulnerability: .data(2, from: "test")))
        }
        #expect(throws: CritMinError.self) {
            try method.supplyRisk(
                USGSSupplyRiskInput(producers: Self.producers, netImportReliance: 0...Double.infinity, netImportRelianceSource: "test"))
        }
    }
}

@Suite("USGS-style supply risk, properties over seeded random inputs")
struct USGSSupplyRiskPropertyTests {
    let method = USGSSupplyRiskMethod()

    static func randomSuppliers(_ generator: inout SplitMix64) -> [USGSSupplier] {
        let count = Int.random(in: 1...8, using: &generator)
        return generator.shares(count: count, total: Double.random(in: 0.5...1, using: &generator)).enumerated().map { index, share in
            USGSSupplier(
                area: .country(CountryCode("C\(index)X")), share: share, risk: .data(Double.random(in: 0...1, using: &generator), from: "test"))
        }
    }

    static func randomInput(_ generator: inout SplitMix64) -> USGSSupplyRiskInput {
        let low = Double.random(in: -0.2...1.1, using: &generator)
        return USGSSupplyRiskInput(
            producers: randomSuppliers(&generator), netImportReliance: low...(low + Double.random(in: 0...0.5, using: &generator)),
            netImportRelianceSource: "test", importSources: Bool.random(using: &generator) ? randomSuppliers(&generator) : nil,
            economicVulnerability: Bool.random(using: &generator) ? .data(Double.random(in: 0...1, using: &generator), from: "test") : nil)
    }

    @Test("every factor and SR stay within 0 … 1; the point lies within the range")
    func bounds() throws {
        var generator = SplitMix64(seed: 11)
        for combination in [USGSSupplyRiskMethod.Combination.geometricMean, .product] {
            let method = USGSSupplyRiskMethod(parameters: .init(combination: combination))
            for _ in 0..<2_000 {
                let result = try method.supplyRisk(Self.randomInput(&generator))
                for value in [result.disruptionPotential, result.partnerRisk, result.economicVulnerability] { #expect(value >= 0 && value <= 1) }
                #expect(result.tradeExposure.lowerBound >= 0 && result.tradeExposure.upperBound <= 1)
                #expect(result.supplyRiskRange.lowerBound >= 0 && result.supplyRiskRange.upperBound <= 1)
                #expect(result.supplyRiskRange.contains(result.supplyRisk))
            }
        }
    }

    @Test("SR does not decrease as NIR grows")
    func monotoneInNetImportReliance() throws {
        var generator = SplitMix64(seed: 12)
        for _ in 0..<2_000 {
            var input = Self.randomInput(&generator)
            let low = Double.random(in: -0.2...1.2, using: &generator)
            let high = Double.random(in: low...1.2, using: &generator)
            input.netImportReliance = low...low
            let atLow = try method.supplyRisk(input).supplyRisk
            input.netImportReliance = high...high
            let atHigh = try method.supplyRisk(input).supplyRisk
            #expect(atHigh >= atLow)
        }
    }

    @Test("DP does not decrease when share moves to a producer at least as large and as risky as the donor")
    func concentrationToRiskierProducer() throws {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<2_000 {
            var input = Self.randomInput(&generator)
            guard input.producers.count >= 2 else { continue }
            let sorted = input.producers.indices.sorted { input.producers[$0].share < input.producers[$1].share }
            let donor = sorted[0]
            let receiver = sorted[sorted.count - 1]
            guard input.producers[receiver].risk.value >= input.producers[donor].risk.value else { continue }
            let before = try method.supplyRisk(input)
            let moved = input.producers[donor].share * Double.random(in: 0...1, using: &generator)
            input.producers[donor].share -= moved
            input.producers[receiver].share += moved
            let after = try method.supplyRisk(input)
            #expect(after.disruptionPotential >= before.disruptionPotential - 1e-12)
            #expect(after.supplyRisk >= before.supplyRisk - 1e-12)
        }
    }

    @Test("a missing EV or missing import sources is always flagged")
    func defaultsFlagged() throws {
        var generator = SplitMix64(seed: 14)
        for _ in 0..<1_000 {
            let input = Self.randomInput(&generator)
            let notes = try method.supplyRisk(input).defaultsUsed
            #expect(notes.contains { $0.hasPrefix("EV defaulted") } == (input.economicVulnerability == nil))
            #expect(notes.contains { $0.hasPrefix("trade exposure taken as NIR") } == (input.importSources == nil))
        }
    }
}
