import CritMinCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Made-up supply networks of a chosen size, for benchmarks and property tests: never data.
///
/// The generator, for `countries` countries named "S" + two letters and a seeded ``SplitMix64``:
/// - Mine stage: the first `producers` (a tenth of the countries, at least 2) mine; country k's output is
///   1,000,000 / (k + 1)^1.2 t a year (a few large miners, a long tail, like most minerals). Each miner exports 80 % of
///   its output over `mineFlows / producers` flows (at least 1) to random other countries, in random shares.
/// - Refinery stage, coupled to the mine stage with an input ratio of 0.5: every country that takes in ore refines
///   half of it. Each refiner exports 60 % of its output, and five "hub" countries re-export 30 % of their metal
///   imports, over the remaining flows (`flows` in all, split between refiners by output) to random countries.
/// - Stocks: three countries in ten hold industry stocks of 0 … 2 months of their consumption; one in twenty holds a
///   government stockpile of 0 … 6 months. Spare capacity is left to the scenario's default fraction.
/// - End uses: three network-wide sectors (0.5, 0.3, 0.2).
public enum SyntheticNetwork {
    /// A network with about `flows` trade flows split over the two stages (a fifth of them in the mine stage).
    public static func make(commodity: CommodityID, countries: Int, flows: Int, seed: UInt64) -> SupplyNetwork {
        var generator = SplitMix64(seed: seed)
        let count = max(3, countries)
        let codes = (0..<count).map { number -> CountryCode in
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return CountryCode(rawValue: "S" + String(letters[(number / 26) % 26]) + String(letters[number % 26]))
        }
        let citation = CitationID(rawValue: "synthetic/\(commodity)")
        let producers = max(2, count / 10)
        let mineFlowCount = max(producers, flows / 5)
        // Mine stage.
        var mineProduction = [Double](repeating: 0, count: count)
        for producer in 0..<producers { mineProduction[producer] = 1_000_000 / pow(Double(producer + 1), 1.2) }
        var mineFlows: [SupplyFlow] = []
        var oreIn = [Double](repeating: 0, count: count)
        for producer in 0..<producers {
            let flowCount = max(1, mineFlowCount / producers)
            mineFlows += spread(
                0.8 * mineProduction[producer], from: producer, over: flowCount, codes: codes, citation: citation, generator: &generator
            ) {
                oreIn[$0] += $1
            }
        }
        // Refinery stage: refiners turn the ore they keep or take in into metal at 0.5 t per t.
        var metalProduction = [Double](repeating: 0, count: count)
        for country in 0..<count {
            let oreExported = mineFlows.filter { $0.exporter == codes[country] }.reduce(0) { $0 + $1.quantity }
            metalProduction[country] = 0.5 * max(0, mineProduction[country] + oreIn[country] - oreExported)
        }
        let refiners = (0..<count).filter { metalProduction[$0] > 0 }
        let totalMetal = metalProduction.reduce(0, +)
        let metalFlowBudget = max(refiners.count, flows - mineFlows.count - 5 * 4)
        var metalFlows: [SupplyFlow] = []
        var metalIn = [Double](repeating: 0, count: count)
        for refiner in refiners {
            let flowCount = max(1, Int(Double(metalFlowBudget) * metalProduction[refiner] / totalMetal))
            metalFlows += spread(
                0.6 * metalProduction[refiner], from: refiner, over: flowCount, codes: codes, citation: citation, generator: &generator
            ) {
                metalIn[$0] += $1
            }
        }
        let hubs = (0..<min(5, count)).map { count - 1 - $0 }
        for hub in hubs where metalIn[hub] > 0 {
            metalFlows += spread(0.3 * metalIn[hub], from: hub, over: 4, codes: codes, citation: citation, generator: &generator) { _, _ in }
        }
        func nodes(_ production: [Double], imports: [Double], exports: [SupplyFlow]) -> [SupplyNode] {
            (0..<count).map { country in
                let exported = exports.filter { $0.exporter == codes[country] }.reduce(0) { $0 + $1.quantity }
                let monthlyConsumption = max(0, production[country] + imports[country] - exported) / 12
                let stocks = generator.nextUnit() < 0.3 ? 2 * generator.nextUnit() * monthlyConsumption : 0
                let stockpile = generator.nextUnit() < 0.05 ? 6 * generator.nextUnit() * monthlyConsumption : 0
                return SupplyNode(
                    country: codes[country], production: production[country], industryStocks: stocks, governmentStockpile: stockpile,
                    sources: [citation])
            }
        }
        let mine = StageNetwork(stage: .mine, unit: "t ore", nodes: nodes(mineProduction, imports: oreIn, exports: mineFlows), flows: mineFlows)
        let refinery = StageNetwork(
            stage: .refinery, unit: "t metal", nodes: nodes(metalProduction, imports: imports(metalFlows, codes: codes), exports: metalFlows),
            flows: metalFlows, inputRatio: 0.5)
        return SupplyNetwork(
            commodity: commodity, year: 2024, stages: [mine, refinery],
            endUseShares: [
                EndUseShare(sector: "batteries", share: 0.5, source: citation), EndUseShare(sector: "alloys", share: 0.3, source: citation),
                EndUseShare(sector: "other", share: 0.2, source: citation),
            ], notes: ["Synthetic network (SyntheticNetwork.make, seed \(seed)): not data."])
    }

    private static func imports(_ flows: [SupplyFlow], codes: [CountryCode]) -> [Double] {
        var number: [CountryCode: Int] = [:]
        for (index, code) in codes.enumerated() { number[code] = index }
        var imports = [Double](repeating: 0, count: codes.count)
        for flow in flows { imports[number[flow.importer]!] += flow.quantity }
        return imports
    }

    /// `total` split in random shares over `flowCount` flows from `exporter` to distinct random other countries.
    private static func spread(
        _ total: Double, from exporter: Int, over flowCount: Int, codes: [CountryCode], citation: CitationID, generator: inout SplitMix64,
        received: (Int, Double) -> Void
    ) -> [SupplyFlow] {
        guard total > 0 else { return [] }
        var importers: [Int] = []
        var taken = Set<Int>([exporter])
        let wanted = min(flowCount, codes.count - 1)
        while importers.count < wanted {
            let importer = Int(generator.next() % UInt64(codes.count))
            if taken.insert(importer).inserted { importers.append(importer) }
        }
        let weights = importers.map { _ in 0.1 + generator.nextUnit() }
        let weightSum = weights.reduce(0, +)
        return zip(importers, weights).map { importer, weight in
            let quantity = total * weight / weightSum
            received(importer, quantity)
            return SupplyFlow(exporter: codes[exporter], importer: codes[importer], quantity: quantity, provenance: .reported(citation))
        }
    }
}
