import CritMinCore
import CritMinSimulation
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Scenario and interventions files")
struct ScenarioFileTests {
    static let catalogue: Catalogue = {
        var catalogue = ReferenceImportFixtures.smallCatalogue()
        catalogue.add(Country(code: "CHN", alpha2: "CN", numeric: "156", name: "China", aliases: [CountryAlias(scheme: "usgs", name: "PRC")]))
        return catalogue
    }()

    static let complete = """
        name: test
        summary: A complete scenario.
        year: 2024
        horizon_months: 12
        sources:
          - {title: T, publisher: P, date: "2025-01-01", url: https://example.org}
        shocks:
          - type: export-restriction
            country: PRC
            commodities: [cobalt, rare earth elements]
            stage: refinery
            limit: {cut: 0.5}
            to: {all_except: [Canada]}
            start_month: 2
            duration_months: 6
            probability: 0.2
          - {type: export-restriction, country: CHN, commodities: [nickel], limit: ban, to: {only: [USA]}}
          - {type: export-restriction, country: CHN, commodities: [nickel], limit: {quota_per_year: 1000}}
          - {type: production-outage, country: COD, commodities: [cobalt], fraction: 0.3}
          - {type: demand-surge, commodities: [cobalt], fraction: 1.5}
        stockpile_release: {max_fraction_per_month: 0.25}
        stocks: [{country: Canada, commodity: cobalt, holder: government, months: 3}]
        capacity_additions:
          - {label: New mine, country: CAN, commodity: nickel, stage: mine, per_year: 500, start_month: 3, ramp_months: 4}
        recycling: [{commodity: cobalt, share: 0.1}]
        substitutions: [{country: USA, commodity: cobalt, share: 0.05, start_month: 6}]
        rationing: {allies_first: [USA, CAN]}
        response: {consumption_cut_fraction: 0.4, default_spare_capacity_fraction: 0.1, spare_capacity_ramp_months: 3, convergence_tolerance: 0.000001}
        monte_carlo: {supplier_probabilities: {China: 0.05}, governance_default: true, shortfall_threshold: 0.2}
        """

    func parse(_ text: String) throws -> Scenario {
        try ScenarioFile.parse(text, fileName: "s.yaml", catalogue: Self.catalogue)
    }

    func error(_ text: String) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try parse(text) }
    }

    /// A minimal scenario with `shock` as its only shock's fields and `extra` top-level lines.
    static func minimal(shock: String = "{type: export-restriction, country: CHN, commodities: [cobalt], limit: ban}", extra: String = "") -> String {
        "name: x\nsummary: y\nhorizon_months: 12\nshocks:\n  - \(shock)\n\(extra)"
    }

    @Test("a complete file reads into every field of the scenario, names resolved through the catalogue")
    func completeFile() throws {
        let scenario = try parse(Self.complete)
        #expect(scenario.name == "test" && scenario.year == 2024 && scenario.horizonMonths == 12)
        #expect(scenario.sources == [ScenarioSource(title: "T", publisher: "P", date: "2025-01-01", url: "https://example.org")])
        #expect(
            scenario.shocks[0]
                == Shock(
                    kind: .exportRestriction(.cut(fraction: 0.5), to: .allExcept(["CAN"])), country: "CHN", commodities: ["cobalt", "rare-earths"],
                    stage: .refinery, startMonth: 2, durationMonths: 6, probability: 0.2))
        #expect(scenario.shocks[1].kind == .exportRestriction(.ban, to: .only(["USA"])))
        #expect(scenario.shocks[2].kind == .exportRestriction(.quota(perYear: 1000), to: .all))
        #expect(scenario.shocks[3].kind == .productionOutage(fraction: 0.3) && scenario.shocks[3].country == "COD")
        #expect(scenario.shocks[4].kind == .demandSurge(fraction: 1.5) && scenario.shocks[4].country == nil)
        #expect(scenario.stockpileRelease == .coverShortfall(maxFractionPerMonth: 0.25))
        #expect(scenario.stocks == [StockHolding(country: "CAN", commodity: "cobalt", holder: .government, months: 3)])
        #expect(
            scenario.capacityAdditions == [
                CapacityAddition(label: "New mine", country: "CAN", commodity: "nickel", stage: .mine, perYear: 500, startMonth: 3, rampMonths: 4)
            ])
        #expect(scenario.recycling == [RecyclingIncrease(country: nil, commodity: "cobalt", share: 0.1, startMonth: 1)])
        #expect(scenario.substitutions == [Substitution(country: "USA", commodity: "cobalt", share: 0.05, startMonth: 6)])
        #expect(scenario.rationing == .alliesFirst(["USA", "CAN"]))
        #expect(
            scenario.response
                == ResponseParameters(
                    consumptionCutFraction: 0.4, defaultSpareCapacityFraction: 0.1, spareCapacityRampMonths: 3, convergenceTolerance: 1e-6))
        #expect(scenario.monteCarlo == MonteCarloSettings(supplierProbabilities: ["CHN": 0.05], governanceDefault: true, shortfallThreshold: 0.2))
    }

    @Test("defaults: all destinations, no stockpile release, proportional rationing, standard response, no Monte Carlo settings")
    func defaults() throws {
        let scenario = try parse(Self.minimal())
        #expect(scenario.shocks == [Shock(kind: .exportRestriction(.ban, to: .all), country: "CHN", commodities: ["cobalt"])])
        #expect(scenario.stockpileRelease == .none && scenario.rationing == .proportional && scenario.response == .standard)
        #expect(scenario.monteCarlo == nil && scenario.year == nil && scenario.sources.isEmpty)
    }

    @Test("JSON reads as YAML")
    func json() throws {
        let scenario = try parse(
            #"{"name": "j", "summary": "s", "horizon_months": 6, "shocks": [{"type": "production-outage", "country": "CAN", "commodities": ["nickel"], "fraction": 1}]}"#
        )
        #expect(scenario.shocks[0].kind == .productionOutage(fraction: 1))
    }

    @Test(
        "every bad input names the file, the line and the field path",
        arguments: [
            // Unknown keys, at the root and in a shock.
            (minimal(extra: "colour: red"), CritMinError.Code.invalidFormat, 6, "colour"),
            // Stocks: an unknown holder, negative months.
            (minimal(extra: "stocks: [{country: CAN, commodity: cobalt, holder: army, months: 2}]"), .invalidValue, 6, "stocks[0].holder"),
            (minimal(extra: "stocks: [{country: CAN, commodity: cobalt, holder: industry, months: -1}]"), .invalidValue, 6, "stocks[0].months"),
            (minimal(shock: "{type: demand-surge, commodities: [cobalt], fraction: 0.1, limit: ban}"), .invalidFormat, 5, "shocks[0].limit"),
            (
                minimal(shock: "{type: production-outage, country: CAN, commodities: [cobalt], fraction: 0.1, colour: 1}"), .invalidFormat, 5,
                "shocks[0].colour"
            ),
            // Wrong types.
            ("name: x\nsummary: y\nhorizon_months: twelve\nshocks: []", .invalidValue, 3, "horizon_months"),
            ("name: x\nsummary: y\nhorizon_months: 12\nshocks: {a: 1}", .invalidValue, 4, "shocks"),
            (minimal(shock: "{type: export-restriction, country: CHN, commodities: cobalt, limit: ban}"), .invalidValue, 5, "shocks[0].commodities"),
            (minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: total}"), .invalidValue, 5, "shocks[0].limit"),
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: {cut: '0.5'}}"), .invalidValue, 5,
                "shocks[0].limit.cut"
            ),
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: {cut: 0.5, quota_per_year: 3}}"),
                .invalidValue, 5, "shocks[0].limit"
            ),
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: ban, to: everyone}"), .invalidValue, 5,
                "shocks[0].to"
            ),
            (minimal(shock: "{type: embargo, country: CHN, commodities: [cobalt]}"), .invalidValue, 5, "shocks[0].type"),
            (
                minimal(shock: "{type: production-outage, country: CHN, commodities: [cobalt], fraction: 0.1, stage: smelting}"), .invalidValue, 5,
                "shocks[0].stage"
            ),
            (minimal(extra: "monte_carlo: {governance_default: maybe}"), .invalidValue, 6, "monte_carlo.governance_default"),
            (minimal(extra: "rationing: first-come"), .invalidValue, 6, "rationing"),
            (minimal(extra: "stockpile_release: always"), .invalidValue, 6, "stockpile_release"),
            // Missing required fields.
            ("summary: y\nhorizon_months: 12\nshocks: []", .missingField, 1, "name"),
            ("name: x\nsummary: y\nshocks: []", .missingField, 1, "horizon_months"),
            (minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt]}"), .missingField, 5, "shocks[0].limit"),
            (minimal(shock: "{type: production-outage, commodities: [cobalt], fraction: 0.2}"), .missingField, 5, "shocks[0].country"),
            (minimal(shock: "{type: demand-surge, commodities: [cobalt]}"), .missingField, 5, "shocks[0].fraction"),
            (minimal(extra: "sources: [{title: T, date: '2024'}]"), .missingField, 6, "sources[0].publisher"),
            (
                minimal(extra: "capacity_additions: [{country: CAN, commodity: nickel, stage: mine, per_year: 1, start_month: 1}]"), .missingField, 6,
                "capacity_additions[0].label"
            ),
            // Fractions outside 0…1.
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: {cut: 1.5}}"), .invalidValue, 5,
                "shocks[0].limit.cut"
            ),
            (
                minimal(shock: "{type: production-outage, country: CHN, commodities: [cobalt], fraction: -0.1}"), .invalidValue, 5,
                "shocks[0].fraction"
            ),
            (
                minimal(shock: "{type: production-outage, country: CHN, commodities: [cobalt], fraction: 0.1, probability: 2}"), .invalidValue, 5,
                "shocks[0].probability"
            ),
            (minimal(extra: "recycling: [{commodity: cobalt, share: 1.2}]"), .invalidValue, 6, "recycling[0].share"),
            (minimal(extra: "stockpile_release: {max_fraction_per_month: 3}"), .invalidValue, 6, "stockpile_release.max_fraction_per_month"),
            (minimal(extra: "response: {consumption_cut_fraction: 1.1}"), .invalidValue, 6, "response.consumption_cut_fraction"),
            (minimal(extra: "monte_carlo: {supplier_probabilities: {CHN: 1.5}}"), .invalidValue, 6, "monte_carlo.supplier_probabilities.CHN"),
            // Months outside the horizon.
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: ban, start_month: 13}"), .invalidValue, 5,
                "shocks[0].start_month"
            ),
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: ban, start_month: 0}"), .invalidValue, 5,
                "shocks[0].start_month"
            ),
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: ban, start_month: 6, duration_months: 8}"),
                .invalidValue, 5, "shocks[0].duration_months"
            ),
            (minimal(extra: "substitutions: [{commodity: cobalt, share: 0.1, start_month: 20}]"), .invalidValue, 6, "substitutions[0].start_month"),
            ("name: x\nsummary: y\nhorizon_months: 0\nshocks: []", .invalidValue, 3, "horizon_months"),
            // Unknown countries and commodities, all named in one error located at the first.
            (
                minimal(shock: "{type: export-restriction, country: Atlantis, commodities: [unobtainium], limit: ban}"), .unknownNames, 5,
                "shocks[0].country"
            ),
            (minimal(extra: "rationing: {allies_first: [USA, Narnia]}"), .unknownNames, 6, "rationing.allies_first[1]"),
            // Negative quantities.
            (
                minimal(shock: "{type: export-restriction, country: CHN, commodities: [cobalt], limit: {quota_per_year: -5}}"), .invalidValue, 5,
                "shocks[0].limit.quota_per_year"
            ),
            (
                minimal(extra: "capacity_additions: [{label: a, country: CAN, commodity: nickel, stage: mine, per_year: -1, start_month: 1}]"),
                .invalidValue, 6, "capacity_additions[0].per_year"
            ),
            (
                minimal(
                    extra:
                        "capacity_additions: [{label: a, country: CAN, commodity: nickel, stage: mine, per_year: 1, start_month: 1, ramp_months: -2}]"
                ), .invalidValue, 6, "capacity_additions[0].ramp_months"
            ),
            (minimal(extra: "response: {spare_capacity_ramp_months: -1}"), .invalidValue, 6, "response.spare_capacity_ramp_months"),
            (minimal(extra: "response: {convergence_tolerance: 0}"), .invalidValue, 6, "response.convergence_tolerance"),
            (minimal(shock: "{type: demand-surge, commodities: [cobalt], fraction: -1}"), .invalidValue, 5, "shocks[0].fraction"),
        ] as [(String, CritMinError.Code, Int, String)])
    func badInput(text: String, code: CritMinError.Code, line: Int, field: String) throws {
        let error = try error(text)
        #expect(error.code == code, "\(error)")
        #expect(error.file == "s.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.field == field, "\(error)")
    }

    @Test("unknown names are reported together")
    func unknownNamesTogether() throws {
        let error = try error(Self.minimal(shock: "{type: export-restriction, country: Atlantis, commodities: [unobtainium], limit: ban}"))
        #expect(
            error.message.contains("Atlantis (line 5 shocks[0].country)") && error.message.contains("unobtainium (line 5 shocks[0].commodities[0])"))
        #expect(error.value == "Atlantis")
    }

    @Test("YAML that does not parse names its line; an empty file and an unreadable one are refused")
    func syntax() throws {
        let bad = try error("name: x\nsummary: [unclosed\nhorizon_months: 3")
        #expect(bad.code == .invalidFormat && bad.file == "s.yaml" && bad.line != nil)
        #expect(try error("").code == .invalidFormat)
        let missing = try #require(throws: CritMinError.self) {
            try ScenarioFile.read(URL(fileURLWithPath: "/nonexistent/s.yaml"), catalogue: Self.catalogue)
        }
        #expect(missing.code == .io)
    }

    // MARK: Interventions

    func interventions(_ text: String) throws -> [Intervention] {
        try InterventionsFile.parse(text, fileName: "i.yaml", catalogue: Self.catalogue)
    }

    @Test("every kind of candidate reads, with cost and sources")
    func candidates() throws {
        let result = try interventions(
            """
            candidates:
              - name: Mine
                cost_million_usd: 25
                sources: [{title: T, publisher: P, date: "2024"}]
                capacity: {country: CAN, commodity: nickel, stage: mine, per_year: 100, start_month: 3}
              - {name: Stockpile, stockpile: {country: USA, commodity: cobalt, months: 6}}
              - {name: Recycling, recycling: {country: USA, commodity: cobalt, share: 0.1}}
              - {name: Deal, supply_agreement: {supplier: CAN, importer: USA, commodity: cobalt, share: 0.8}}
            """)
        #expect(
            result[0]
                == Intervention(
                    name: "Mine",
                    action: .capacity(
                        CapacityAddition(label: "Mine", country: "CAN", commodity: "nickel", stage: .mine, perYear: 100, startMonth: 3)),
                    costMillionUSD: 25, sources: [ScenarioSource(title: "T", publisher: "P", date: "2024")]))
        #expect(result[1].action == .stockpile(country: "USA", commodity: "cobalt", months: 6))
        #expect(result[2].action == .recycling(RecyclingIncrease(country: "USA", commodity: "cobalt", share: 0.1)))
        #expect(result[3].action == .supplyAgreement(supplier: "CAN", importer: "USA", commodity: "cobalt", share: 0.8))
    }

    @Test(
        "bad candidates name the file, the line and the field path",
        arguments: [
            ("candidates:\n  - {name: a}", CritMinError.Code.invalidValue, 2, "candidates[0]"),
            (
                "candidates:\n  - {name: a, stockpile: {country: USA, commodity: cobalt, months: 1}, recycling: {commodity: cobalt, share: 0.1}}",
                .invalidValue, 2, "candidates[0]"
            ),
            (
                "candidates:\n  - {name: a, stockpile: {country: USA, commodity: cobalt, months: -1}}", .invalidValue, 2,
                "candidates[0].stockpile.months"
            ),
            (
                "candidates:\n  - {name: a, cost_million_usd: -3, stockpile: {country: USA, commodity: cobalt, months: 1}}", .invalidValue, 2,
                "candidates[0].cost_million_usd"
            ),
            (
                "candidates:\n  - {name: a, supply_agreement: {supplier: CAN, importer: USA, commodity: cobalt, share: 2}}", .invalidValue, 2,
                "candidates[0].supply_agreement.share"
            ),
            (
                "candidates:\n  - {name: a, supply_agreement: {supplier: Mordor, importer: USA, commodity: cobalt, share: 1}}", .unknownNames, 2,
                "candidates[0].supply_agreement.supplier"
            ),
            ("candidates:\n  - {stockpile: {country: USA, commodity: cobalt, months: 1}}", .missingField, 2, "candidates[0].name"),
            ("candidates:\n  - {name: a, stockpile: {country: USA, commodity: cobalt}}", .missingField, 2, "candidates[0].stockpile.months"),
            ("candidates:\n  - {name: a, upgrade: {}}", .invalidFormat, 2, "candidates[0].upgrade"),
            (
                "candidates:\n  - {name: a, capacity: {country: CAN, commodity: nickel, stage: mine, per_year: 1, start_month: 0}}", .invalidValue, 2,
                "candidates[0].capacity.start_month"
            ),
            ("candidates: []", .invalidValue, 1, "candidates"),
            ("extras: 1", .invalidFormat, 1, "extras"),
        ] as [(String, CritMinError.Code, Int, String)])
    func badCandidates(text: String, code: CritMinError.Code, line: Int, field: String) throws {
        let error = try #require(throws: CritMinError.self) { try interventions(text) }
        #expect(error.code == code, "\(error)")
        #expect(error.file == "i.yaml" && error.line == line && error.field == field, "\(error)")
    }
}
