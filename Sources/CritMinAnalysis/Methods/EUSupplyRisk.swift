import CritMinCore

/// Export restrictions a supplier country applies to the material: the measures that raise its trade parameter t.
public struct EUExportRestrictions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let exportTax = EUExportRestrictions(rawValue: 1 << 0)
    public static let exportQuota = EUExportRestrictions(rawValue: 1 << 1)
    public static let exportProhibition = EUExportRestrictions(rawValue: 1 << 2)
}

/// How a supplier's trade-related parameter t is known.
public enum EUTradeParameter: Hashable, Sendable {
    /// No export restriction or trade agreement known: t = 1, listed in `defaultsUsed`.
    case noneKnown
    /// Measures in force according to `source`; t follows from the method's parameters (1 plus one increment per
    /// restriction; the agreement factor when there is an agreement and no restriction).
    case measures(EUExportRestrictions, tradeAgreement: Bool, source: String)
    /// t as the Commission published it (EU CRM 2023 factsheets), with its source.
    case published(Double, source: String)
    /// The assessed country's own production in its sourcing term: t = ``EUCriticalityMethod/Parameters/domesticTradeFactor``.
    case domestic
}

/// One supplying country (or the residual) in a concentration term of the EU supply risk.
public struct EUSupplier: Hashable, Sendable {
    public var area: Area
    /// Share of the term's total supply, 0 … 1.
    public var share: Double
    /// Governance as the EU scales it, 0 (best) … 10 (worst): ``GovernanceScaling/euScaled(_:)``.
    public var governance: SourcedValue
    public var trade: EUTradeParameter

    public init(area: Area, share: Double, governance: SourcedValue, trade: EUTradeParameter = .noneKnown) {
        self.area = area
        self.share = share
        self.governance = governance
        self.trade = trade
    }
}

/// The supply-risk inputs of one stage.
public struct EUStageSupplyInput: Hashable, Sendable {
    public var stage: EUCriticalityMethod.Stage
    /// Producers' shares of world production at this stage ("global supply", GS).
    public var globalSupply: [EUSupplier]
    /// Shares of the assessed economy's own sourcing: its production (``EUTradeParameter/domestic``) and its imports by
    /// origin ("EU sourcing" in the guidelines). ``EUCriticalityMethod/sourcingShares(domesticProduction:imports:)``
    /// splits a total into the two.
    public var sourcing: [EUSupplier]
    /// Import reliance IR = (imports − exports) / (production + imports − exports), a fraction; the method counts it
    /// within 0 … 1 (a net exporter's negative IR as 0). ``EUCriticalityMethod/importReliance(production:imports:exports:)``.
    public var importReliance: SourcedValue

    public init(stage: EUCriticalityMethod.Stage, globalSupply: [EUSupplier], sourcing: [EUSupplier], importReliance: SourcedValue) {
        self.stage = stage
        self.globalSupply = globalSupply
        self.sourcing = sourcing
        self.importReliance = importReliance
    }
}

/// The supply-risk inputs of one material: the stages assessed and the material's mitigating factors.
public struct EUSupplyRiskInput: Hashable, Sendable {
    /// Extraction, processing, or both.
    public var stages: [EUStageSupplyInput]
    /// End-of-life recycling input rate, 0 … 1; `nil` takes ``EUCriticalityMethod/Parameters/defaultEndOfLifeRecyclingInputRate``.
    public var endOfLifeRecyclingInputRate: SourcedValue?
    /// Substitution index for supply risk SI_SR, 0 … 1; `nil` takes ``EUCriticalityMethod/Parameters/defaultSupplyRiskSubstitutionIndex``.
    public var substitutionIndex: SourcedValue?

    public init(stages: [EUStageSupplyInput], endOfLifeRecyclingInputRate: SourcedValue? = nil, substitutionIndex: SourcedValue? = nil) {
        self.stages = stages
        self.endOfLifeRecyclingInputRate = endOfLifeRecyclingInputRate
        self.substitutionIndex = substitutionIndex
    }
}

/// The supply risk of one stage and its components.
public struct EUStageSupplyRisk: Hashable, Sendable {
    public var stage: EUCriticalityMethod.Stage
    /// (HHI_WGI,t)_GS = Σ s² · WGI_scaled · t over global supply, 0 … 10 when t ≤ 1.
    public var globalConcentration: Double
    /// (HHI_WGI,t) over the assessed economy's sourcing.
    public var sourcingConcentration: Double
    /// Sum of the global-supply shares given (1 when every producer is listed).
    public var globalShareTotal: Double
    /// Sum of the sourcing shares given.
    public var sourcingShareTotal: Double
    /// IR as used, within 0 … 1.
    public var importReliance: Double
    /// SR = [globalConcentration · IR/2 + sourcingConcentration · (1 − IR/2)] · (1 − EoL-RIR) · SI_SR.
    public var supplyRisk: Double
}

/// The EU supply risk of a material: each stage's, and the higher of them, which counts.
public struct EUSupplyRiskResult: Hashable, Sendable {
    public var stages: [EUStageSupplyRisk]
    /// EoL-RIR as used.
    public var endOfLifeRecyclingInputRate: Double
    /// SI_SR as used.
    public var substitutionIndex: Double
    /// The highest stage supply risk.
    public var supplyRisk: Double
    /// The stage whose supply risk counts (the first of equal ones).
    public var decisiveStage: EUCriticalityMethod.Stage
    /// SR threshold of the parameters used.
    public var threshold: Double
    /// SR ≥ threshold.
    public var meetsThreshold: Bool { supplyRisk >= threshold }

    let input: EUSupplyRiskInput

    /// One sentence per input that a documented default stood in for: defaults the method applied (EoL-RIR, SI_SR,
    /// t of suppliers without known trade measures) and inputs the caller marked as defaulted.
    public var defaultsUsed: [String] {
        var notes: [String] = []
        let citation = EUCriticalityMethod.defaultsCitation
        if let rate = input.endOfLifeRecyclingInputRate {
            notes += rate.defaultNote(named: "EoL-RIR").map { [$0] } ?? []
        } else {
            notes.append("EoL-RIR defaulted to \(NumberFormat.grouped(endOfLifeRecyclingInputRate)) (no recycling credit): \(citation)")
        }
        if let index = input.substitutionIndex {
            notes += index.defaultNote(named: "SI_SR").map { [$0] } ?? []
        } else {
            notes.append("SI_SR defaulted to \(NumberFormat.grouped(substitutionIndex)) (no substitution credit): \(citation)")
        }
        for stage in input.stages {
            notes += stage.importReliance.defaultNote(named: "IR (\(stage.stage.rawValue))").map { [$0] } ?? []
            for (term, suppliers) in [("global supply", stage.globalSupply), ("sourcing", stage.sourcing)] {
                for supplier in suppliers {
                    notes +=
                        supplier.governance.defaultNote(named: "WGI scaled of \(supplier.area) (\(stage.stage.rawValue), \(term))").map { [$0] } ?? []
                }
                let unknown = suppliers.filter { $0.trade == .noneKnown }.map(\.area.description)
                if !unknown.isEmpty {
                    notes.append(
                        "t defaulted to 1 (no trade measure known) for \(unknown.joined(separator: ", ")) "
                            + "(\(stage.stage.rawValue), \(term)): \(citation)"
                    )
                }
            }
        }
        return notes
    }
}

extension EUCriticalityMethod {
    /// Supply risk per stage and overall (the higher stage), after the 2017 guidelines:
    /// SR = [(HHI_WGI,t)_GS · IR/2 + (HHI_WGI,t)_sourcing · (1 − IR/2)] · (1 − EoL-RIR) · SI_SR.
    /// - Throws: ``CritMinError`` `.missingField` without stages; `.invalidValue` for a share outside 0 … 1,
    ///   governance outside 0 … 10, t ≤ 0, EoL-RIR or SI_SR outside 0 … 1, or any non-finite number.
    public func supplyRisk(_ input: EUSupplyRiskInput) throws(CritMinError) -> EUSupplyRiskResult {
        guard !input.stages.isEmpty else { throw CritMinError(.missingField, "supply risk needs at least one stage", field: "stages") }
        let recycling = try MethodInputCheck.value(
            input.endOfLifeRecyclingInputRate?.value ?? parameters.defaultEndOfLifeRecyclingInputRate, in: 0...1, field: "endOfLifeRecyclingInputRate"
        )
        let substitution = try MethodInputCheck.value(
            input.substitutionIndex?.value ?? parameters.defaultSupplyRiskSubstitutionIndex, in: 0...1, field: "substitutionIndex")
        var stages: [EUStageSupplyRisk] = []
        stages.reserveCapacity(input.stages.count)
        for (index, stage) in input.stages.enumerated() {
            let global = try concentration(stage.globalSupply, field: "stages[\(index)].globalSupply")
            let sourcing = try concentration(stage.sourcing, field: "stages[\(index)].sourcing")
            let reliance = try MethodInputCheck.finite(stage.importReliance.value, field: "stages[\(index)].importReliance")
            let usedReliance = min(1, max(0, reliance))
            let blended = global.value * usedReliance / 2 + sourcing.value * (1 - usedReliance / 2)
            stages.append(
                EUStageSupplyRisk(
                    stage: stage.stage, globalConcentration: global.value, sourcingConcentration: sourcing.value, globalShareTotal: global.shareTotal,
                    sourcingShareTotal: sourcing.shareTotal, importReliance: usedReliance, supplyRisk: blended * (1 - recycling) * substitution))
        }
        var decisive = stages[0]
        for stage in stages.dropFirst() where stage.supplyRisk > decisive.supplyRisk { decisive = stage }
        return EUSupplyRiskResult(
            stages: stages, endOfLifeRecyclingInputRate: recycling, substitutionIndex: substitution, supplyRisk: decisive.supplyRisk,
            decisiveStage: decisive.stage, threshold: parameters.supplyRiskThreshold, input: input)
    }

    /// HHI_WGI,t = Σ s² · WGI_scaled · t, and the sum of the shares.
    func concentration(_ suppliers: [EUSupplier], field: @autoclosure () -> String) throws(CritMinError) -> (value: Double, shareTotal: Double) {
        var value = 0.0
        var shareTotal = 0.0
        for (index, supplier) in suppliers.enumerated() {
            let share = try MethodInputCheck.value(supplier.share, in: 0...1, field: "\(field())[\(index)].share")
            let governance = try MethodInputCheck.value(supplier.governance.value, in: 0...10, field: "\(field())[\(index)].governance")
            let trade = try MethodInputCheck.positive(tradeParameter(supplier.trade), field: "\(field())[\(index)].trade")
            value += share * share * governance * trade
            shareTotal += share
        }
        return (value, shareTotal)
    }

    /// The trade-related parameter t of a supplier under these parameters.
    public func tradeParameter(_ trade: EUTradeParameter) -> Double {
        switch trade {
        case .noneKnown:
            return 1
        case .published(let value, _):
            return value
        case .domestic:
            return parameters.domesticTradeFactor
        case .measures(let restrictions, let tradeAgreement, _):
            guard !restrictions.isEmpty else { return tradeAgreement ? parameters.tradeAgreementFactor : 1 }
            var value = 1.0
            if restrictions.contains(.exportTax) { value += parameters.exportTaxIncrement }
            if restrictions.contains(.exportQuota) { value += parameters.exportQuotaIncrement }
            if restrictions.contains(.exportProhibition) { value += parameters.exportProhibitionIncrement }
            return value
        }
    }

    /// Splits the assessed economy's sourcing between its own production and its imports, as the guidelines count
    /// "EU sourcing": each supplier's share of production plus imports. A partner's sourcing share is
    /// `imported` × its share of imports.
    /// - Returns: `nil` when production plus imports is not positive.
    public static func sourcingShares(domesticProduction: Double, imports: Double) -> (domestic: Double, imported: Double)? {
        let supply = domesticProduction + imports
        guard supply > 0, domesticProduction >= 0, imports >= 0 else { return nil }
        return (domesticProduction / supply, imports / supply)
    }
}
