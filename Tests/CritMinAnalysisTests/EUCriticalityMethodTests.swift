import CritMinAnalysis
import CritMinCore
import Testing

@Suite("EU criticality method")
struct EUCriticalityMethodTests {
    let method = EUCriticalityMethod()

    static func supplier(_ code: String, _ share: Double, wgi: Double, trade: EUTradeParameter = .noneKnown) -> EUSupplier {
        EUSupplier(area: .country(CountryCode(code)), share: share, governance: .data(wgi, from: "test WGI"), trade: trade)
    }

    /// Two stages of an invented material, worked by hand below.
    static let material = EUSupplyRiskInput(
        stages: [
            EUStageSupplyInput(
                stage: .extraction,
                globalSupply: [supplier("CHN", 0.6, wgi: 6), supplier("AUS", 0.3, wgi: 2), supplier("COD", 0.1, wgi: 4)],
                sourcing: [
                    supplier("USA", 0.2, wgi: 2, trade: .domestic),
                    supplier("CAN", 0.5, wgi: 1.2, trade: .measures([], tradeAgreement: true, source: "USMCA")),
                    supplier("CHN", 0.3, wgi: 6, trade: .measures([.exportTax, .exportQuota], tradeAgreement: false, source: "test")),
                ],
                importReliance: .data(0.8, from: "test")),
            EUStageSupplyInput(
                stage: .processing,
                globalSupply: [
                    supplier("CHN", 0.9, wgi: 6, trade: .published(1.5, source: "test")),
                    EUSupplier(area: .otherCountries, share: 0.1, governance: .data(5, from: "test")),
                ],
                sourcing: [supplier("CHN", 0.5, wgi: 6, trade: .published(1.5, source: "test")), supplier("CAN", 0.5, wgi: 1.2)],
                importReliance: .data(1, from: "test")),
        ],
        endOfLifeRecyclingInputRate: .data(0.1, from: "test"), substitutionIndex: .data(0.95, from: "test"))

    @Test("HHI_WGI,t: shares 0.6/0.3/0.1 with WGI scaled 6/2/4 and t = 1")
    func concentration() throws {
        let stage = EUStageSupplyInput(
            stage: .extraction, globalSupply: Self.material.stages[0].globalSupply, sourcing: Self.material.stages[0].globalSupply,
            importReliance: .data(0, from: "test"))
        let result = try method.supplyRisk(EUSupplyRiskInput(stages: [stage]))
        // 0.6²·6 + 0.3²·2 + 0.1²·4 = 0.36·6 + 0.09·2 + 0.01·4 = 2.16 + 0.18 + 0.04 = 2.38
        #expect(abs(result.stages[0].globalConcentration - 2.38) < 1e-12)
        #expect(abs(result.stages[0].globalShareTotal - 1) < 1e-12)
        // IR = 0: SR = sourcing term · (1 − 0/2) · (1 − 0) · 1 = 2.38 with the defaults EoL-RIR 0 and SI_SR 1.
        #expect(abs(result.supplyRisk - 2.38) < 1e-12)
    }

    @Test("supply risk per stage, worked by hand; the higher stage counts")
    func supplyRisk() throws {
        let result = try method.supplyRisk(Self.material)
        let extraction = result.stages[0]
        // Global: 2.38 (above). Sourcing: USA 0.2²·2·0.8 (domestic) = 0.064; CAN 0.5²·1.2·0.8 (agreement) = 0.24;
        // CHN 0.3²·6·1.2 (tax + quota: 1 + 0.1 + 0.1) = 0.648; total 0.952.
        #expect(abs(extraction.globalConcentration - 2.38) < 1e-12)
        #expect(abs(extraction.sourcingConcentration - 0.952) < 1e-12)
        // IR 0.8: 2.38·0.4 + 0.952·0.6 = 0.952 + 0.5712 = 1.5232; ·(1 − 0.1)·0.95 = 1.5232·0.855 = 1.302336
        #expect(abs(extraction.supplyRisk - 1.302336) < 1e-12)
        let processing = result.stages[1]
        // Global: CHN 0.9²·6·1.5 = 7.29; residual 0.1²·5 = 0.05; total 7.34.
        // Sourcing: CHN 0.5²·6·1.5 = 2.25; CAN 0.5²·1.2·1 = 0.3; total 2.55.
        // IR 1: 7.34·0.5 + 2.55·0.5 = 4.945; ·0.855 = 4.227975
        #expect(abs(processing.globalConcentration - 7.34) < 1e-12)
        #expect(abs(processing.sourcingConcentration - 2.55) < 1e-12)
        #expect(abs(processing.supplyRisk - 4.227975) < 1e-12)
        #expect(result.decisiveStage == .processing)
        #expect(result.supplyRisk == processing.supplyRisk)
        #expect(result.meetsThreshold)
        // t = 1 stood in for CHN, AUS and COD (extraction, global), the residual (processing, global), CAN (processing, sourcing).
        let suffix = ": critmin default for the EU method (docs/METHODS.md)"
        #expect(
            result.defaultsUsed == [
                "t defaulted to 1 (no trade measure known) for CHN, AUS, COD (extraction, global supply)" + suffix,
                "t defaulted to 1 (no trade measure known) for OTHER (processing, global supply)" + suffix,
                "t defaulted to 1 (no trade measure known) for CAN (processing, sourcing)" + suffix,
            ])
    }

    @Test("trade parameter t from measures, agreements, published values and domestic supply")
    func tradeParameter() {
        #expect(method.tradeParameter(.noneKnown) == 1)
        #expect(method.tradeParameter(.measures([], tradeAgreement: false, source: "test")) == 1)
        #expect(method.tradeParameter(.measures([], tradeAgreement: true, source: "test")) == 0.8)
        // A restriction outweighs an agreement: 1 + 0.1.
        #expect(method.tradeParameter(.measures([.exportTax], tradeAgreement: true, source: "test")) == 1.1)
        #expect(
            abs(method.tradeParameter(.measures([.exportTax, .exportQuota, .exportProhibition], tradeAgreement: false, source: "test")) - 1.3) < 1e-12
        )
        #expect(method.tradeParameter(.published(1.492, source: "EU CRM 2023")) == 1.492)
        #expect(method.tradeParameter(.domestic) == 0.8)
        let domesticAtOne = EUCriticalityMethod(parameters: .init(domesticTradeFactor: 1))
        #expect(domesticAtOne.tradeParameter(.domestic) == 1)
    }

    @Test("import reliance and sourcing shares from production and trade; a net exporter counts at IR = 0")
    func importReliance() throws {
        // (500 − 100) / (100 + 500 − 100) = 400 / 500 = 0.8
        #expect(NetImportReliance(production: 100, imports: 500, exports: 100)?.interval.low == 0.8)
        // (50 − 80) / (100 + 50 − 80) = −30 / 70: a net exporter.
        let exporter = try #require(NetImportReliance(production: 100, imports: 50, exports: 80))
        #expect(exporter.isNetExporter && exporter.interval.low == 0)
        #expect(NetImportReliance(production: 0, imports: 10, exports: 10) == nil)
        // 100 / (100 + 400) = 0.2 domestic, 0.8 imported.
        let split = try #require(EUCriticalityMethod.sourcingShares(domesticProduction: 100, imports: 400))
        #expect(split.domestic == 0.2 && split.imported == 0.8)
        var stage = Self.material.stages[0]
        stage.importReliance = .data(-30.0 / 70, from: "test")  // unclamped (M − X) / (P + M − X) of the net exporter
        let result = try method.supplyRisk(EUSupplyRiskInput(stages: [stage]))
        // IR 0: SR = sourcing term 0.952 (defaults EoL-RIR 0, SI_SR 1).
        #expect(result.stages[0].importReliance == 0)
        #expect(abs(result.supplyRisk - 0.952) < 1e-12)
    }

    @Test("defaults for EoL-RIR, SI_SR and caller-marked inputs are listed")
    func defaultsListed() throws {
        var stage = Self.material.stages[0]
        stage.globalSupply[2].governance = .defaulted(5, reason: "no WGI for the year", citation: "critmin convention")
        stage.importReliance = .defaulted(1, reason: "no trade data", citation: "critmin convention")
        let result = try method.supplyRisk(EUSupplyRiskInput(stages: [stage]))
        #expect(result.endOfLifeRecyclingInputRate == 0 && result.substitutionIndex == 1)
        let notes = result.defaultsUsed
        #expect(notes.contains("EoL-RIR defaulted to 0 (no recycling credit): critmin default for the EU method (docs/METHODS.md)"))
        #expect(notes.contains("SI_SR defaulted to 1 (no substitution credit): critmin default for the EU method (docs/METHODS.md)"))
        #expect(notes.contains("IR (extraction) defaulted to 1 (no trade data): critmin convention"))
        #expect(notes.contains("WGI scaled of COD (extraction, global supply) defaulted to 5 (no WGI for the year): critmin convention"))
    }

    @Test("economic importance, worked by hand")
    func economicImportance() throws {
        let input = EUEconomicImportanceInput(
            endUses: [
                EUEndUse(sector: "C27", share: 0.5, valueAdded: .data(100, from: "test")),
                EUEndUse(sector: "C29", share: 0.3, valueAdded: .data(200, from: "test")),
                EUEndUse(sector: "C20", share: 0.2, valueAdded: .data(150, from: "test")),
            ],
            referenceValueAdded: .data(250, from: "test"), substitutionIndex: .data(0.9, from: "test"))
        let result = try method.economicImportance(input)
        // Σ A·Q = 0.5·100 + 0.3·200 + 0.2·150 = 50 + 60 + 30 = 140; EI = 10·140/250·0.9 = 5.6·0.9 = 5.04
        #expect(abs(result.weightedValueAdded - 140) < 1e-12)
        #expect(abs(result.economicImportance - 5.04) < 1e-12)
        #expect(result.meetsThreshold && !result.usesEqualWeights && result.defaultsUsed.isEmpty)

        // Without the economy's largest sector: the largest own sector, 200 → 10·140/200·0.9 = 6.3, flagged.
        var ownReference = input
        ownReference.referenceValueAdded = nil
        let overstated = try method.economicImportance(ownReference)
        #expect(abs(overstated.economicImportance - 6.3) < 1e-12)
        #expect(overstated.defaultsUsed.count == 1 && overstated.defaultsUsed[0].hasPrefix("reference value added defaulted to 200"))

        // One sector's value added unknown: equal weights, EI = 10·(0.5 + 0.3 + 0.2)·SI_EI; SI_EI defaulted to 1 → 10.
        var partial = ownReference
        partial.endUses[1].valueAdded = nil
        partial.substitutionIndex = nil
        let equal = try method.economicImportance(partial)
        #expect(equal.usesEqualWeights)
        #expect(abs(equal.economicImportance - 10) < 1e-12)
        #expect(equal.defaultsUsed.count == 2)
        #expect(equal.defaultsUsed[0].contains("equal weights (unknown for C29)"))
        #expect(equal.defaultsUsed[1] == "SI_EI defaulted to 1 (no substitution credit): critmin default for the EU method (docs/METHODS.md)")

        let supply = try method.supplyRisk(Self.material)
        #expect(method.isCritical(supplyRisk: supply, economicImportance: result))
        let unimportant = try method.economicImportance(
            EUEconomicImportanceInput(endUses: [EUEndUse(sector: "C27", share: 0.1, valueAdded: .data(100, from: "test"))]))
        // 10·0.1·100/100·1 = 1.0 < 2.8
        #expect(abs(unimportant.economicImportance - 1) < 1e-12)
        #expect(!method.isCritical(supplyRisk: supply, economicImportance: unimportant))
    }

    @Test("inputs outside their domain are errors naming the field")
    func invalidInputs() {
        var stage = Self.material.stages[0]
        stage.globalSupply[0].share = 1.2
        #expect(throws: CritMinError(.invalidValue, "must be a finite number from 0 to 1", field: "stages[0].globalSupply[0].share", value: "1.2")) {
            try method.supplyRisk(EUSupplyRiskInput(stages: [stage]))
        }
        stage = Self.material.stages[0]
        stage.sourcing[1].governance = .data(11, from: "test")
        #expect(throws: CritMinError.self) { try method.supplyRisk(EUSupplyRiskInput(stages: [stage])) }
        stage = Self.material.stages[0]
        stage.sourcing[1].trade = .published(0, source: "test")
        #expect(throws: CritMinError.self) { try method.supplyRisk(EUSupplyRiskInput(stages: [stage])) }
        #expect(throws: CritMinError.self) {
            try method.supplyRisk(EUSupplyRiskInput(stages: [Self.material.stages[0]], endOfLifeRecyclingInputRate: .data(1.5, from: "test")))
        }
        #expect(throws: CritMinError.self) { try method.supplyRisk(EUSupplyRiskInput(stages: [])) }
        #expect(throws: CritMinError.self) { try method.economicImportance(EUEconomicImportanceInput(endUses: [])) }
    }

    @Test("EU stages from critmin stages")
    func stages() {
        #expect(EUCriticalityMethod.Stage(.mine) == .extraction)
        #expect(EUCriticalityMethod.Stage(.refinery) == .processing)
        #expect(EUCriticalityMethod.Stage(.secondary) == nil)
    }
}

@Suite("EU criticality method, properties over seeded random inputs")
struct EUCriticalityPropertyTests {
    let method = EUCriticalityMethod()

    static func randomSuppliers(_ generator: inout SplitMix64, domestic: Bool = false) -> [EUSupplier] {
        let count = Int.random(in: 1...8, using: &generator)
        let shares = generator.shares(count: count, total: Double.random(in: 0.5...1, using: &generator))
        let trades: [EUTradeParameter] = [
            .noneKnown, .measures([.exportTax], tradeAgreement: false, source: "test"), .measures([], tradeAgreement: true, source: "test"),
            .measures([.exportTax, .exportQuota, .exportProhibition], tradeAgreement: false, source: "test"),
        ]
        return shares.enumerated().map { index, share in
            EUSupplier(
                area: .country(CountryCode("C\(index)X")), share: share,
                governance: .data(Double.random(in: 0...10, using: &generator), from: "test"),
                trade: domestic && index == 0 ? .domestic : trades.randomElement(using: &generator)!)
        }
    }

    static func randomStage(_ generator: inout SplitMix64) -> EUStageSupplyInput {
        EUStageSupplyInput(
            stage: .extraction, globalSupply: randomSuppliers(&generator), sourcing: randomSuppliers(&generator, domestic: true),
            importReliance: .data(Double.random(in: 0...1, using: &generator), from: "test"))
    }

    @Test("SR stays within 0 … 10 · max t, and EI within 0 … 10")
    func bounds() throws {
        var generator = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let input = EUSupplyRiskInput(
                stages: [Self.randomStage(&generator), Self.randomStage(&generator)],
                endOfLifeRecyclingInputRate: .data(Double.random(in: 0...1, using: &generator), from: "test"),
                substitutionIndex: .data(Double.random(in: 0...1, using: &generator), from: "test"))
            let result = try method.supplyRisk(input)
            // Σ s² ≤ (Σ s)² ≤ 1, WGI ≤ 10 and t ≤ 1.3 here, so each concentration term ≤ 13.
            #expect(result.supplyRisk >= 0 && result.supplyRisk <= 13)
            #expect(result.supplyRisk == result.stages.map(\.supplyRisk).max())

            let count = Int.random(in: 1...6, using: &generator)
            let shares = generator.shares(count: count, total: Double.random(in: 0.5...1, using: &generator))
            let endUses = shares.enumerated().map { index, share in
                EUEndUse(sector: "C\(index)", share: share, valueAdded: .data(Double.random(in: 0...1_000, using: &generator), from: "test"))
            }
            let reference = max(1_000, endUses.compactMap(\.valueAdded?.value).max() ?? 0)
            let importance = try method.economicImportance(
                EUEconomicImportanceInput(
                    endUses: endUses, referenceValueAdded: .data(reference, from: "test"),
                    substitutionIndex: .data(Double.random(in: 0...1, using: &generator), from: "test")))
            #expect(importance.economicImportance >= 0 && importance.economicImportance <= 10 + 1e-12)
        }
    }

    @Test("SR does not decrease when share moves to a producer at least as large and as risky as the donor")
    func concentrationToRiskierProducer() throws {
        // Only then: in an HHI a share move can lower the index (0.1 → 0.2 at the expense of 0.8 → 0.7 lowers Σ s²
        // even when the receiver is riskier), so the property needs the receiver to be at least as large.
        var generator = SplitMix64(seed: 2)
        for _ in 0..<2_000 {
            var stage = Self.randomStage(&generator)
            guard stage.globalSupply.count >= 2 else { continue }
            let risk = { (supplier: EUSupplier) in supplier.governance.value * method.tradeParameter(supplier.trade) }
            let sorted = stage.globalSupply.indices.sorted { stage.globalSupply[$0].share < stage.globalSupply[$1].share }
            let donor = sorted[0]
            let receiver = sorted[sorted.count - 1]
            guard risk(stage.globalSupply[receiver]) >= risk(stage.globalSupply[donor]) else { continue }
            let before = try method.supplyRisk(EUSupplyRiskInput(stages: [stage])).supplyRisk
            let moved = stage.globalSupply[donor].share * Double.random(in: 0...1, using: &generator)
            stage.globalSupply[donor].share -= moved
            stage.globalSupply[receiver].share += moved
            let after = try method.supplyRisk(EUSupplyRiskInput(stages: [stage])).supplyRisk
            #expect(after >= before - 1e-12)
        }
    }

    @Test("SR rises with IR exactly when global supply is more concentrated than sourcing")
    func importRelianceDirection() throws {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            var stage = Self.randomStage(&generator)
            let low = Double.random(in: 0...1, using: &generator)
            let high = Double.random(in: low...1, using: &generator)
            stage.importReliance = .data(low, from: "test")
            let atLow = try method.supplyRisk(EUSupplyRiskInput(stages: [stage])).stages[0]
            stage.importReliance = .data(high, from: "test")
            let atHigh = try method.supplyRisk(EUSupplyRiskInput(stages: [stage])).stages[0]
            // SR is linear in IR with slope (global − sourcing) / 2.
            if atLow.globalConcentration >= atLow.sourcingConcentration {
                #expect(atHigh.supplyRisk >= atLow.supplyRisk - 1e-12)
            } else {
                #expect(atHigh.supplyRisk <= atLow.supplyRisk + 1e-12)
            }
        }
    }

    @Test("every default is flagged, and data-only inputs flag nothing")
    func defaultsFlagged() throws {
        var generator = SplitMix64(seed: 4)
        for _ in 0..<500 {
            var stage = Self.randomStage(&generator)
            for index in stage.globalSupply.indices { stage.globalSupply[index].trade = .published(1, source: "test") }
            for index in stage.sourcing.indices { stage.sourcing[index].trade = .domestic }
            let withData = try method.supplyRisk(
                EUSupplyRiskInput(stages: [stage], endOfLifeRecyclingInputRate: .data(0.2, from: "test"), substitutionIndex: .data(0.9, from: "test"))
            )
            #expect(withData.defaultsUsed.isEmpty)
            let defaulted = try method.supplyRisk(EUSupplyRiskInput(stages: [stage]))
            #expect(defaulted.defaultsUsed.count == 2)
        }
    }
}
