import CritMinSimulation

/// How a country's lost supply was covered, grouped as the reports show it.
struct CoverageSummary {
    var stocks = 0.0
    /// `nil` when the country has no partner.
    var partner: Double?
    var allies = 0.0
    var others = 0.0
    var ownProduction = 0.0
    var recyclingAndSubstitution = 0.0
    var passedOn = 0.0

    init(_ outcome: CountryOutcome) {
        for coverage in outcome.coverage {
            switch coverage.source {
            case .industryStocks, .governmentStockpile: stocks += coverage.quantity
            case .partner: partner = (partner ?? 0) + coverage.quantity
            case .allies: allies += coverage.quantity
            case .others: others += coverage.quantity
            case .ownProduction: ownProduction += coverage.quantity
            case .recycling, .substitution: recyclingAndSubstitution += coverage.quantity
            case .passedOn: passedOn += coverage.quantity
            case .consumptionCut: break
            }
        }
    }
}

extension CoverageSummary {
    /// The legend of coverage charts, in the order of a bar's segments.
    static let series = ["Stocks", "Partner", "Allies", "Others", "Own output", "Recycling, substitution", "Passed on", "Shortfall"].map {
        StackedBarChart.Series($0, isOther: $0 == "Shortfall")
    }

    /// One bar of a coverage chart: the supply the country lost, split by what covered it; `nil` when it lost none.
    static func bar(_ label: String, _ outcome: CountryOutcome) -> StackedBarChart.Bar? {
        guard outcome.received > 0 else { return nil }
        let covered = CoverageSummary(outcome)
        let segment = { (name: String, quantity: Double) in StackedBarChart.Segment(name, share: quantity / outcome.received) }
        return StackedBarChart.Bar(
            label,
            segments: [
                segment("Stocks", covered.stocks), segment("Partner", covered.partner ?? 0), segment("Allies", covered.allies),
                segment("Others", covered.others), segment("Own output", covered.ownProduction),
                segment("Recycling, substitution", covered.recyclingAndSubstitution), segment("Passed on", covered.passedOn),
                segment("Shortfall", outcome.totalShortfall),
            ])
    }
}
