import CritMinCore
import CritMinSimulation
import Testing

@Suite struct ScenarioModelTests {
    @Test func commoditiesAreEveryShockedCommodityOnceSorted() {
        let scenario = Scenario(
            name: "test", summary: "two shocks", horizonMonths: 12,
            shocks: [
                Shock(kind: .exportRestriction(.ban, to: .all), country: .china, commodities: ["germanium", "gallium"]),
                Shock(kind: .productionOutage(fraction: 0.5), country: "COD", commodities: ["cobalt", "gallium"]),
            ])
        #expect(scenario.commodities == ["cobalt", "gallium", "germanium"])
    }
}
