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
