import CritMinCore

extension SupplyNetwork {
    /// The network with a scenario's stock holdings of its commodity put at its last stage: each replaces the named
    /// country's industry stocks or government stockpile with the given months of its apparent consumption (production +
    /// imports − exports, per year / 12). A country the stage does not hold is added with no production or trade: it
    /// consumes nothing, so its holding is 0.
    public func holding(_ stocks: [StockHolding]) -> SupplyNetwork {
        let holdings = stocks.filter { $0.commodity == commodity }
        guard !holdings.isEmpty, var last = stages.last else { return self }
        var consumption: [CountryCode: Double] = [:]
        for node in last.nodes { consumption[node.country, default: 0] += node.production }
        for flow in last.flows {
            consumption[flow.importer, default: 0] += flow.quantity
            consumption[flow.exporter, default: 0] -= flow.quantity
        }
        for holding in holdings {
            let quantity = holding.months * max(0, consumption[holding.country] ?? 0) / 12
            if !last.nodes.contains(where: { $0.country == holding.country }) {
                last.nodes.append(SupplyNode(country: holding.country, production: 0))
            }
            for index in last.nodes.indices where last.nodes[index].country == holding.country {
                switch holding.holder {
                case .industry: last.nodes[index].industryStocks = quantity
                case .government: last.nodes[index].governmentStockpile = quantity
                }
            }
        }
        var network = self
        network.stages[network.stages.count - 1] = last
        network.notes += holdings.map { holding in
            "\(holding.holder == .industry ? "Industry stocks" : "Government stockpile") of \(holding.country) set by the scenario to "
                + "\(NumberFormat.grouped(holding.months)) months of its consumption."
        }
        return network
    }
}
