import CritMinCore

/// A candidate action whose effect on expected shortfall is measured and ranked.
public struct Intervention: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        /// A new mine or refinery.
        case capacity(CapacityAddition)
        /// A government stockpile of a number of months of the country's consumption, released to cover shortfall.
        case stockpile(country: CountryCode, commodity: CommodityID, months: Double)
        /// A higher recycling rate.
        case recycling(RecyclingIncrease)
        /// A supply agreement: the supplier keeps exporting to the importer up to a share (0 … 1) of the importer's
        /// current imports from it even when the supplier restricts exports to others.
        case supplyAgreement(supplier: CountryCode, importer: CountryCode, commodity: CommodityID, share: Double)
    }

    public var name: String
    public var action: Action
    /// Cost in million US dollars, when the candidate gives one: the ranking then also reports shortfall avoided per
    /// dollar.
    public var costMillionUSD: Double?
    /// Where the candidate's figures come from.
    public var sources: [ScenarioSource]

    public init(name: String, action: Action, costMillionUSD: Double? = nil, sources: [ScenarioSource] = []) {
        self.name = name
        self.action = action
        self.costMillionUSD = costMillionUSD
        self.sources = sources
    }
}

extension Intervention {
    /// The commodity the action concerns.
    public var commodity: CommodityID {
        switch action {
        case .capacity(let addition): addition.commodity
        case .stockpile(_, let commodity, _): commodity
        case .recycling(let increase): increase.commodity
        case .supplyAgreement(_, _, let commodity, _): commodity
        }
    }
}
