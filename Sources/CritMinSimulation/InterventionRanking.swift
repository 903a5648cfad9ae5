import CritMinCore

/// How much one candidate intervention reduces the focus countries' shortfall in a Monte Carlo run.
public struct InterventionEffect: Hashable, Sendable {
    public var intervention: Intervention
    /// Expected months of consumption lost by the focus countries, summed over countries and commodities, without and
    /// with the intervention.
    public var baselineExpectedMonthsLost: Double
    public var expectedMonthsLost: Double
    /// `baselineExpectedMonthsLost − expectedMonthsLost`: the ranking's objective.
    public var reduction: Double
    /// ``reduction`` per million US dollars; `nil` when the candidate gives no cost (or a cost of zero).
    public var reductionPerMillionUSD: Double?
    /// The mean of the worst 5 % of draws of months lost, without and with the intervention.
    public var baselineWorst5Percent: Double
    public var worst5Percent: Double
    /// The reduction of the focus countries' mean shortfall in the intervention's commodity, in its final stage's unit.
    public var meanShortfallReduction: Double
}

/// Ranks candidate interventions by how much each reduces the focus countries' expected months of consumption lost.
///
/// The objective: for each focus country and commodity, the shortfall over the horizon divided by the country's baseline
/// monthly consumption (months of consumption lost), summed over focus countries and commodities and averaged over the
/// draws. Months make commodities in different units comparable. Baseline and every candidate use the same draws (the
/// same seed, common random numbers), so the differences are not blurred by sampling noise; only the candidate's
/// commodity is simulated again. Ties keep the candidates' order.
/// - Returns: One effect per candidate, largest reduction first.
/// - Throws: ``CritMinError`` for invalid inputs, naming the field (`candidates[i]…` for a candidate).
public func rankInterventions(
    candidates: [Intervention], networks: [SupplyNetwork], scenario: Scenario, settings: MonteCarloSettings, governance: [CountryCode: Double] = [:],
    draws: Int, seed: UInt64, focus: CoverageGroups, threads: Int? = nil
) throws -> [InterventionEffect] {
    let threads = max(1, threads ?? ActiveProcessors.count)
    let run = try MonteCarloRun(
        networks: networks, scenario: scenario, settings: settings, governance: governance, draws: draws, seed: seed, threads: threads)
    let byCommodity = Dictionary(uniqueKeysWithValues: run.networks.map { ($0.commodity, $0) })
    let rawNetworks = try Validation.networks(networks, for: scenario)
    for (number, candidate) in candidates.enumerated() {
        try Validation.intervention(candidate, field: "candidates[\(number)]", horizon: scenario.horizonMonths, networks: rawNetworks)
    }
    let baseline = run.evaluate(adjustments: Adjustments(), threads: threads)
    let baselineMonths = total(run.focusMonthsLost(baseline, focus: focus), draws: draws)
    let effects = candidates.map { candidate -> InterventionEffect in
        let adjustments = Adjustments(candidate.action)
        let commodity = candidate.commodity
        let number = run.networks.firstIndex { $0.commodity == commodity }!
        let outcomes = run.evaluate(adjustments: adjustments, only: number, reuse: baseline, threads: threads)
        let months = total(run.focusMonthsLost(outcomes, focus: focus), draws: draws)
        let reduction = baselineMonths.mean - months.mean
        let network = byCommodity[commodity]!
        var unitReduction = 0.0
        for country in focus.focus {
            guard let index = network.index[country] else { continue }
            let baselineLost = baseline[number].map { $0.loss(of: index) }
            let lost = outcomes[number].map { $0.loss(of: index) }
            for draw in 0..<draws {
                let id = run.drawOutcome[number][draw]
                if id >= 0 { unitReduction += baselineLost[Int(id)] - lost[Int(id)] }
            }
        }
        return InterventionEffect(
            intervention: candidate, baselineExpectedMonthsLost: baselineMonths.mean, expectedMonthsLost: months.mean, reduction: reduction,
            reductionPerMillionUSD: candidate.costMillionUSD.flatMap { $0 > 0 ? reduction / $0 : nil },
            baselineWorst5Percent: baselineMonths.worst5Percent,
            worst5Percent: months.worst5Percent, meanShortfallReduction: unitReduction / Double(draws))
    }
    return effects.enumerated().sorted { ($0.element.reduction, $1.offset) > ($1.element.reduction, $0.offset) }.map(\.element)
}

/// Mean and worst-5 % mean of the focus countries' months lost, summed over the countries, per draw.
private func total(_ perCountry: [CountryCode: [Double]], draws: Int) -> (mean: Double, worst5Percent: Double) {
    var perDraw = [Double](repeating: 0, count: draws)
    for country in perCountry.keys.sorted() {
        for (draw, months) in perCountry[country]!.enumerated() { perDraw[draw] += months }
    }
    let mean = perDraw.reduce(0, +) / Double(draws)
    let tail = Int((0.05 * Double(draws)).rounded(.up))
    let worst = perDraw.sorted(by: >).prefix(tail).reduce(0, +) / Double(tail)
    return (mean, worst)
}
