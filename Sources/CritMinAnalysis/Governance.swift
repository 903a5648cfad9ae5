import CritMinCore

/// Governance scaling used by the EU critical raw materials method.
public enum GovernanceScaling {
    /// EU scaling of the six WGI estimates: 2·(2.5 − mean), 0 (best) … 10 (worst), clamped to that range
    /// (European Commission 2017, Methodology for establishing the EU list of critical raw materials, §3.2.2).
    /// - Returns: `nil` unless all six dimensions are given.
    public static func euScaled(_ estimates: [GovernanceDimension: Double]) -> Double? {
        guard estimates.count == GovernanceDimension.allCases.count else { return nil }
        let mean = estimates.values.reduce(0, +) / Double(estimates.count)
        return min(10, max(0, 2 * (2.5 - mean)))
    }
}
