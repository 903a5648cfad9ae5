import CritMinCore
import CritMinSimulation
import Testing

/// The conservation invariant on seeded random networks and scenarios: at every stage, the initial shock (direct plus
/// coupled) equals industry stocks + government stockpile + recycling + substitution + spare capacity + consumption
/// loss, to 1e-9 relative.
@Suite struct ConservationPropertyTests {
    static func randomScenario(for network: SupplyNetwork, generator: inout SplitMix64) -> Scenario {
        let countries = Array(Set(network.stages.flatMap { $0.nodes.map(\.country) })).sorted()
        func pick() -> CountryCode { countries[Int(generator.next() % UInt64(countries.count))] }
        let horizon = 1 + Int(generator.next() % 24)
        var shocks: [Shock] = []
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            let kind: Shock.Kind
            switch generator.next() % 6 {
            case 0: kind = .exportRestriction(.ban, to: .all)
            case 1: kind = .exportRestriction(.cut(fraction: generator.nextUnit()), to: .allExcept([pick()]))
            case 2: kind = .exportRestriction(.quota(perYear: generator.nextUnit() * 100_000), to: .only([pick(), pick()]))
            case 3: kind = .productionOutage(fraction: generator.nextUnit())
            case 4: kind = .demandSurge(fraction: generator.nextUnit() * 0.5)
            default: kind = .exportRestriction(.ban, to: .only([pick()]))
            }
            let stage: Stage? = generator.next() % 3 == 0 ? nil : (generator.next() % 2 == 0 ? .mine : .refinery)
            let start = 1 + Int(generator.next() % UInt64(horizon))
            shocks.append(
                Shock(
                    kind: kind, country: generator.next() % 5 == 0 && kind.isSurge ? nil : pick(), commodities: [network.commodity], stage: stage,
                    startMonth: start, durationMonths: generator.next() % 2 == 0 ? nil : 1 + Int(generator.next() % 12)))
        }
        let response = ResponseParameters(
            consumptionCutFraction: generator.nextUnit(), defaultSpareCapacityFraction: generator.nextUnit() * 0.2,
            spareCapacityRampMonths: Int(generator.next() % 7), convergenceTolerance: generator.next() % 2 == 0 ? 1e-12 : 1e-6)
        return Scenario(
            name: "random", summary: "", horizonMonths: horizon, shocks: shocks,
            stockpileRelease: generator.next() % 2 == 0 ? .none : .coverShortfall(maxFractionPerMonth: generator.nextUnit()),
            capacityAdditions: generator.next() % 2 == 0
                ? []
                : [
                    CapacityAddition(
                        label: "new", country: pick(), commodity: network.commodity, stage: .refinery, perYear: 50_000, startMonth: 1, rampMonths: 3)
                ],
            recycling: [RecyclingIncrease(country: pick(), commodity: network.commodity, share: generator.nextUnit() * 0.3)],
            substitutions: [Substitution(country: nil, commodity: network.commodity, share: generator.nextUnit() * 0.2, startMonth: 1)],
            rationing: generator.next() % 2 == 0 ? .proportional : .alliesFirst([pick(), pick()]), response: response)
    }

    @Test func initialShockEqualsItsAbsorptionOnRandomNetworks() throws {
        var generator = SplitMix64(seed: 20_240_601)
        var shocked = 0
        for trial in 0..<300 {
            let network = SyntheticNetwork.make(
                commodity: "random", countries: 3 + Int(generator.next() % 30), flows: Int(generator.next() % 120), seed: UInt64(trial))
            let scenario = Self.randomScenario(for: network, generator: &generator)
            let result = try simulate(networks: [network], scenario: scenario, focus: CoverageGroups(focus: []))
            for stage in try #require(result.commodity("random")).stages {
                let balance = stage.balance
                if balance.initialShock > 0 { shocked += 1 }
                #expect(balance.relativeImbalance < 1e-9, "trial \(trial), \(stage.stage): \(balance)")
                #expect(balance.consumptionLoss >= 0 && balance.spareCapacity >= 0 && balance.industryStocks >= 0)
            }
        }
        #expect(shocked > 200)
    }
}

extension Shock.Kind {
    var isSurge: Bool {
        if case .demandSurge = self { return true }
        return false
    }
}
