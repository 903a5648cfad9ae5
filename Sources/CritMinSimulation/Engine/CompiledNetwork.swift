import CritMinCore

/// A ``SupplyNetwork`` in the form the cascade runs on: countries numbered 0 ..< n in code order, every quantity per
/// month, flows grouped by exporter. Built once per network and shared by every run (deterministic or Monte Carlo).
struct CompiledNetwork: Sendable {
    let commodity: CommodityID
    let year: Int
    /// Sorted; a country's number is its position.
    let countries: [CountryCode]
    let index: [CountryCode: Int]
    let stages: [CompiledStage]
    let endUseShares: [EndUseShare]
    let notes: [String]

    init(_ network: SupplyNetwork, response: ResponseParameters) {
        commodity = network.commodity
        year = network.year
        var codes = Set<CountryCode>()
        for stage in network.stages {
            for node in stage.nodes { codes.insert(node.country) }
            for flow in stage.flows {
                codes.insert(flow.exporter)
                codes.insert(flow.importer)
            }
        }
        let countries = codes.sorted()
        var index: [CountryCode: Int] = [:]
        for (number, code) in countries.enumerated() { index[code] = number }
        var notes = network.notes
        stages = network.stages.map { CompiledStage($0, countries: countries, index: index, response: response, notes: &notes) }
        self.countries = countries
        self.index = index
        endUseShares = network.endUseShares
        self.notes = notes
    }

    var countryCount: Int { countries.count }

    func stageNumber(of stage: Stage) -> Int? {
        stages.firstIndex { $0.stage == stage }
    }
}

/// One stage of a ``CompiledNetwork``. Quantities are per month (a twelfth of the yearly figure).
struct CompiledStage: Sendable {
    let stage: Stage
    let unit: String
    let inputRatio: Double?
    let production: [Double]
    /// Apparent consumption, production + imports − exports, never below zero.
    let consumption: [Double]
    let exports: [Double]
    let industryStocks: [Double]
    let governmentStockpile: [Double]
    /// The node's own spare capacity, or the default fraction of its production when it gives none.
    let spareCapacity: [Double]
    /// The countries with spare capacity, and those holding industry stocks or a government stockpile, in order.
    let spareProducers: [Int]
    let stockHolders: [Int]
    /// Flows of exporter e are `flowStart[e] ..< flowStart[e + 1]`.
    let flowStart: [Int]
    let flowImporter: [Int]
    let flowQuantity: [Double]
    let flowReconstructed: [Bool]
    let flowProvenance: [FlowProvenance]

    init(_ network: StageNetwork, countries: [CountryCode], index: [CountryCode: Int], response: ResponseParameters, notes: inout [String]) {
        let count = index.count
        stage = network.stage
        unit = network.unit
        inputRatio = network.inputRatio
        var production = [Double](repeating: 0, count: count)
        var industryStocks = production
        var governmentStockpile = production
        var spareCapacity = production
        var defaultedSpare = 0
        for node in network.nodes {
            let number = index[node.country]!
            production[number] += node.production / 12
            industryStocks[number] += node.industryStocks
            governmentStockpile[number] += node.governmentStockpile
            if node.spareCapacity > 0 {
                spareCapacity[number] += node.spareCapacity / 12
            } else if node.production > 0 {
                spareCapacity[number] += response.defaultSpareCapacityFraction * node.production / 12
                defaultedSpare += 1
            }
        }
        if defaultedSpare > 0 && response.defaultSpareCapacityFraction > 0 {
            notes.append(
                "\(network.stage.rawValue): \(defaultedSpare) producers give no spare capacity; they are taken to add up to "
                    + "\(response.defaultSpareCapacityFraction * 100) % of their production.")
        }
        // Flows grouped by exporter, each exporter's in their given order (a counting sort on numbers looked up once).
        let exporterNumbers = network.flows.map { index[$0.exporter]! }
        let importerNumbers = network.flows.map { index[$0.importer]! }
        var flowStart = [Int](repeating: 0, count: count + 1)
        for exporter in exporterNumbers { flowStart[exporter + 1] += 1 }
        for number in 0..<count { flowStart[number + 1] += flowStart[number] }
        var nextPosition = flowStart
        var order = [Int](repeating: 0, count: network.flows.count)
        for (flow, exporter) in exporterNumbers.enumerated() {
            order[nextPosition[exporter]] = flow
            nextPosition[exporter] += 1
        }
        flowImporter = order.map { importerNumbers[$0] }
        flowQuantity = order.map { network.flows[$0].quantity / 12 }
        flowProvenance = order.map { network.flows[$0].provenance }
        flowReconstructed = order.map {
            if case .reconstructed = network.flows[$0].provenance { return true }
            return false
        }
        var exports = [Double](repeating: 0, count: count)
        var imports = exports
        for flow in order {
            exports[exporterNumbers[flow]] += network.flows[flow].quantity / 12
            imports[importerNumbers[flow]] += network.flows[flow].quantity / 12
        }
        var consumption = exports
        var negative: [CountryCode] = []
        for number in 0..<count {
            let apparent = production[number] + imports[number] - exports[number]
            consumption[number] = max(0, apparent)
            if apparent < 0 && -apparent > 1e-9 * (production[number] + imports[number]) {
                negative.append(countries[number])
            }
        }
        if !negative.isEmpty {
            notes.append(
                "\(network.stage.rawValue): exports exceed production plus imports in \(negative.map(\.rawValue).joined(separator: ", ")); "
                    + "their apparent consumption is taken as zero.")
        }
        self.flowStart = flowStart
        self.production = production
        self.consumption = consumption
        self.exports = exports
        self.industryStocks = industryStocks
        self.governmentStockpile = governmentStockpile
        self.spareCapacity = spareCapacity
        spareProducers = (0..<count).filter { spareCapacity[$0] > 0 }
        stockHolders = (0..<count).filter { industryStocks[$0] > 0 || governmentStockpile[$0] > 0 }
    }

    func flows(of exporter: Int) -> Range<Int> { flowStart[exporter]..<flowStart[exporter + 1] }
}
