import CritMinCore
import Foundation

/// A producing country (or the residual) in the disruption potential, or an import partner in the trade exposure.
public struct USGSSupplier: Hashable, Sendable {
    public var area: Area
    /// Share of world production (producers) or of the assessed country's imports (partners), 0 … 1.
    public var share: Double
    /// Governance risk, 0 (lowest) … 1 (highest): ``USGSSupplyRiskMethod/governanceRisk(euScaled:)``.
    public var risk: SourcedValue

    public init(area: Area, share: Double, risk: SourcedValue) {
        self.area = area
        self.share = share
        self.risk = risk
    }
}

/// The inputs of the USGS-style supply risk of one commodity and year.
public struct USGSSupplyRiskInput: Hashable, Sendable {
    /// Producers' shares of world production.
    public var producers: [USGSSupplier]
    /// Net import reliance as a fraction, a point or an interval (USGS ">95" → 0.95…1);
    /// ``FractionInterval/range`` of a ``NetImportReliance``. Counted within 0 … 1: a net exporter's is 0.
    public var netImportReliance: ClosedRange<Double>
    /// Where the NIR comes from ("USGS MCS 2026: >95").
    public var netImportRelianceSource: String
    /// Import partners' shares of imports; `nil` when unknown, which leaves TE = NIR (flagged).
    public var importSources: [USGSSupplier]?
    /// EV, 0 … 1; `nil` takes ``USGSSupplyRiskMethod/Parameters/defaultEconomicVulnerability``.
    public var economicVulnerability: SourcedValue?

    public init(
        producers: [USGSSupplier], netImportReliance: ClosedRange<Double>, netImportRelianceSource: String, importSources: [USGSSupplier]? = nil,
        economicVulnerability: SourcedValue? = nil
    ) {
        self.producers = producers
        self.netImportReliance = netImportReliance
        self.netImportRelianceSource = netImportRelianceSource
        self.importSources = importSources
        self.economicVulnerability = economicVulnerability
    }
}

/// Where a supply-risk range lies against the threshold.
public enum ThresholdStatus: String, Hashable, Sendable {
    /// The whole range is at or above the threshold.
    case meets
    /// The whole range is below it.
    case below
    /// The range spans the threshold: the NIR interval leaves the outcome open.
    case undetermined
}

/// The USGS-style supply risk and its components.
public struct USGSSupplyRiskResult: Hashable, Sendable {
    /// The convention that makes ``supplyRisk`` a single number when NIR is an interval.
    public static let pointConvention = "supply risk at the midpoint of the net-import-reliance interval"

    /// DP = Σ s² · risk over producers, 0 … 1.
    public var disruptionPotential: Double
    /// The partner factor P in TE = NIR · P: import-share-weighted partner risk, 0 … 1 (1 without import sources).
    public var partnerRisk: Double
    /// Sum of the import shares given (before the unattributed rest).
    public var importShareTotal: Double
    /// Risk counted for the part of imports no partner accounts for.
    public var unattributedImportRisk: Double
    /// NIR as used, within 0 … 1.
    public var netImportReliance: ClosedRange<Double>
    /// TE = NIR · P at both ends of the NIR interval.
    public var tradeExposure: ClosedRange<Double>
    /// EV as used.
    public var economicVulnerability: Double
    /// SR at both ends of the NIR interval. SR does not decrease as NIR grows (TE = NIR · P with P ≥ 0, and both
    /// combinations are non-decreasing in each factor), so these are its bounds over the interval.
    public var supplyRiskRange: ClosedRange<Double>
    /// SR at the NIR interval's midpoint (``pointConvention``); equals the range's ends when NIR is a point.
    public var supplyRisk: Double
    public var combination: USGSSupplyRiskMethod.Combination
    /// SR threshold of the parameters used.
    public var threshold: Double
    /// The point value ``supplyRisk`` ≥ threshold.
    public var meetsThreshold: Bool { supplyRisk >= threshold }
    /// Where the whole range lies against the threshold.
    public var thresholdStatus: ThresholdStatus {
        if supplyRiskRange.lowerBound >= threshold { return .meets }
        if supplyRiskRange.upperBound < threshold { return .below }
        return .undetermined
    }

    let input: USGSSupplyRiskInput

    /// One sentence per input that a documented default stood in for.
    public var defaultsUsed: [String] {
        var notes: [String] = []
        let citation = USGSSupplyRiskMethod.defaultsCitation
        for producer in input.producers {
            notes += producer.risk.defaultNote(named: "governance risk of producer \(producer.area)").map { [$0] } ?? []
        }
        if let partners = input.importSources {
            for partner in partners {
                notes += partner.risk.defaultNote(named: "governance risk of import partner \(partner.area)").map { [$0] } ?? []
            }
            if importShareTotal < 1 - USGSSupplyRiskMethod.shareTolerance {
                notes.append(
                    "risk of the \(NumberFormat.fixed((1 - importShareTotal) * 100, fractionDigits: 1)) % of imports no partner accounts for "
                        + "defaulted to \(NumberFormat.grouped(unattributedImportRisk)) (unknown origin): \(citation)")
            }
        } else {
            notes.append("trade exposure taken as NIR, no partner adjustment (import sources unknown): \(citation)")
        }
        if let vulnerability = input.economicVulnerability {
            notes += vulnerability.defaultNote(named: "EV").map { [$0] } ?? []
        } else {
            let reason = economicVulnerability == 1 ? "no U.S. industry data; the maximum, so SR is an upper bound in EV" : "no U.S. industry data"
            notes.append("EV defaulted to \(NumberFormat.grouped(economicVulnerability)) (\(reason)): \(citation)")
        }
        return notes
    }
}

extension USGSSupplyRiskMethod {
    /// Supply risk from disruption potential, trade exposure and economic vulnerability:
    /// DP = Σ_c s_c² · risk_c over producers; TE = NIR · P with P = Σ_j f_j · risk_j over import partners plus the
    /// unattributed rest at ``Parameters/unattributedImportRisk`` (import shares above 100 % in total are scaled to
    /// 100 %); SR = the ``Parameters/combination`` of DP, TE and EV. NIR is counted within 0 … 1; an interval gives
    /// SR at both ends and at its midpoint.
    /// - Throws: ``CritMinError`` `.invalidValue` for a share, risk or EV outside 0 … 1, or a non-finite NIR.
    public func supplyRisk(_ input: USGSSupplyRiskInput) throws(CritMinError) -> USGSSupplyRiskResult {
        var disruption = 0.0
        for (index, producer) in input.producers.enumerated() {
            let share = try MethodInputCheck.value(producer.share, in: 0...1, field: "producers[\(index)].share")
            let risk = try MethodInputCheck.value(producer.risk.value, in: 0...1, field: "producers[\(index)].risk")
            disruption += share * share * risk
        }
        var partnerRisk = 1.0
        var importShareTotal = 0.0
        let unattributedRisk = try MethodInputCheck.value(parameters.unattributedImportRisk, in: 0...1, field: "parameters.unattributedImportRisk")
        if let partners = input.importSources {
            var weighted = 0.0
            for (index, partner) in partners.enumerated() {
                let share = try MethodInputCheck.value(partner.share, in: 0...1, field: "importSources[\(index)].share")
                let risk = try MethodInputCheck.value(partner.risk.value, in: 0...1, field: "importSources[\(index)].risk")
                weighted += share * risk
                importShareTotal += share
            }
            // Published import shares are rounded and can add up to slightly more than 100 %.
            let unattributed = 1 - importShareTotal > Self.shareTolerance ? 1 - importShareTotal : 0
            partnerRisk = weighted / max(1, importShareTotal) + unattributed * unattributedRisk
        }
        let low = min(1, max(0, try MethodInputCheck.finite(input.netImportReliance.lowerBound, field: "netImportReliance")))
        let high = min(1, max(0, try MethodInputCheck.finite(input.netImportReliance.upperBound, field: "netImportReliance")))
        let vulnerability = try MethodInputCheck.value(
            input.economicVulnerability?.value ?? parameters.defaultEconomicVulnerability, in: 0...1, field: "economicVulnerability")
        let combine = { (reliance: Double) -> Double in self.combined(disruption, reliance * partnerRisk, vulnerability) }
        return USGSSupplyRiskResult(
            disruptionPotential: disruption, partnerRisk: partnerRisk, importShareTotal: importShareTotal,
            unattributedImportRisk: unattributedRisk, netImportReliance: low...high,
            tradeExposure: low * partnerRisk...high * partnerRisk, economicVulnerability: vulnerability,
            supplyRiskRange: combine(low)...combine(high),
            supplyRisk: combine((low + high) / 2), combination: parameters.combination, threshold: parameters.threshold, input: input)
    }

    /// The three factors combined as ``Parameters/combination`` says.
    func combined(_ disruption: Double, _ exposure: Double, _ vulnerability: Double) -> Double {
        let product = disruption * exposure * vulnerability
        switch parameters.combination {
        case .geometricMean: return cbrt(product)
        case .product: return product
        }
    }
}
