import Foundation
import Testing

@Suite("critmin simulate, interventions")
struct SimulateCommandTests {
    /// The repository's shipped example scenarios.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    @Test("gallium and germanium 2023: the US shortfall, who covers it and for how long, with the scenario's sources")
    func galliumGermanium() throws {
        let report = try CLI.json(["simulate", Self.examples.appendingPathComponent("gallium-germanium-2023.yaml").path])
        let rows = try CLI.rows(report, table: "Shortfall and who covers it")
        let germanium = try #require(rows.first { $0["commodity"] as? String == "germanium" && $0["country"] as? String == "USA" })
        let share = try #require(germanium["shortfall_percent"] as? Double)
        #expect(share > 0 && share < 100)
        // What reached the US is covered, went short or was passed on: nothing disappears.
        let received = try #require(germanium["received"] as? Double)
        let parts = [
            "covered_by_stocks", "covered_by_partner", "covered_by_allies", "covered_by_others", "covered_by_own_production",
            "covered_by_recycling_and_substitution", "passed_on", "shortfall",
        ].compactMap { germanium[$0] as? Double }
        #expect(abs(parts.reduce(0, +) - received) <= 1e-9 * received)
        let tables = try #require(report["tables"] as? [[String: Any]])
        let notes = try #require(tables[0]["notes"] as? [String])
        #expect(notes.contains { $0.contains("Scenario source:") && $0.contains("Announcement No. 23") })
        #expect((tables[0]["citations"] as? [String])?.isEmpty == false)
        let balance = try CLI.rows(report, table: "Where the shock went")
        #expect(balance.allSatisfy { ($0["imbalance"] as? Double ?? 1) < 1e-9 })
    }

    @Test("Monte Carlo: the same seed gives the same output whatever the thread count")
    func monteCarloIsSeeded() throws {
        let file = Self.examples.appendingPathComponent("cobalt-drc-2025.yaml").path
        let one = try CLI.run(["simulate", file, "--draws", "300", "--seed", "5", "--threads", "1", "--database", CLI.sharedDatabase])
        let two = try CLI.run(["simulate", file, "--draws", "300", "--seed", "5", "--threads", "2", "--database", CLI.sharedDatabase])
        #expect(one.status == 0, "\(one.errors)")
        #expect(one.output == two.output)
        #expect(one.output.contains("Shortfall over 300 Monte Carlo draws (seed 5)"))
    }

    @Test("a bad scenario file is refused with its file, line and field")
    func badScenario() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("bad.yaml")
        try
            "name: bad\nsummary: test\nhorizon_months: 12\nshocks:\n  - type: export-restriction\n    country: China\n    commodities: [cobalt]\n    limit: {cut: 1.5}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["simulate", file.path, "--database", CLI.sharedDatabase])
        #expect(result.status != 0)
        #expect(result.errors.contains("bad.yaml:8") && result.errors.contains("shocks[0].limit.cut"), "\(result.errors)")
        let unknown = try CLI.run(["simulate", file.path, "--for", "XYZ", "--database", CLI.sharedDatabase])
        #expect(unknown.status != 0)
    }

    @Test("interventions: the shipped candidates ranked against a scenario, largest shortfall avoided first")
    func interventions() throws {
        let report = try CLI.json([
            "interventions", Self.examples.appendingPathComponent("interventions.yaml").path, "--scenario",
            Self.examples.appendingPathComponent("graphite-2023.yaml").path, "--draws", "200",
        ])
        let rows = try CLI.rows(report, table: "Candidates against graphite-2023")
        #expect(rows.count >= 5)
        let avoided = rows.compactMap { $0["reduction"] as? Double }
        #expect(avoided == avoided.sorted(by: >))
        // Graphite candidates are the ones that can help in a graphite scenario.
        let first = try #require(rows.first)
        #expect(first["commodity"] as? String == "graphite" && (first["reduction"] as? Double ?? 0) > 0)
    }
}
