import Foundation
import Testing

@Suite("critmin assess, complement, brief")
struct AssessCommandTests {
    @Test("assess ranks every listed commodity with the three methods' scores, components and a reason")
    func assessAllMethods() throws {
        let report = try CLI.json(["assess", "--for", "USA", "--method", "all"])
        let rows = try CLI.rows(report, table: "Where is")
        #expect(rows.count >= 40, "US-2022 lists 50 minerals; got \(rows.count) rows")
        #expect(rows.map { $0["rank"] as? Int } == Array(1...rows.count).map(Optional.init))
        #expect(rows.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        let scored = rows.filter { $0["geopolrisk_score"] is [String: Any] && $0["eu_score"] is [String: Any] && $0["usgs_score"] is [String: Any] }
        #expect(scored.count >= 20)
        let tables = try #require(report["tables"] as? [[String: Any]])
        #expect((tables[0]["citations"] as? [String])?.isEmpty == false)
    }

    @Test("GeoPolRisk for Canada, cobalt 2023, equals geopolrisk-py 2.0.1's 0.18839663683043792")
    func canadaCobalt() throws {
        let rows = try CLI.rows(
            CLI.json(["assess", "--for", "CAN", "--method", "geopolrisk", "--list", "CA-2024", "--year", "2023"]), table: "Where is")
        let cobalt = try #require(rows.first { $0["commodity"] as? String == "cobalt" })
        let score = try #require((cobalt["geopolrisk_score"] as? [String: Any])?["value"] as? Double)
        #expect(abs(score - 0.18839663683043792) < 1e-12)
    }

    @Test("the Monte Carlo is reproducible for a seed and adds p5–p95 and a sensitivity table")
    func uncertaintyIsSeeded() throws {
        let arguments = ["assess", "--for", "USA+CAN", "--method", "eu", "--draws", "200", "--seed", "7", "--database", CLI.sharedDatabase]
        let first = try CLI.run(arguments)
        let second = try CLI.run(arguments)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output == second.output)
        #expect(first.output.contains("p5–p95") && first.output.contains("Sensitivity"))
    }

    @Test("complement: Canada is the largest supplier of US aluminum imports (NRCan 2020); no trade figures without HS codes")
    func complementarity() throws {
        let rows = try CLI.rows(CLI.json(["complement", "--list", "US-2018"]), table: "Canada–United States complementarity")
        let aluminum = try #require(rows.first { $0["commodity"] as? String == "aluminum" })
        // Percent cells carry the percentage.
        let share = try #require(aluminum["us_imports_from_can"] as? Double)
        #expect(share > 50)
        let headroom = try #require(aluminum["can_headroom"] as? Double)
        #expect(headroom >= 0 && headroom <= 100)
        // World Mining Data's potash table has no HS code in geopolrisk-py's map: its trade cells stay blank, not 0.
        let potash = try #require(rows.first { $0["commodity"] as? String == "potash" })
        #expect(potash["can_exports_to_others"] is NSNull && potash["us_non_allied_imports"] is NSNull)
    }

    @Test("brief: HTML with charts and numbered sources, Markdown with the three questions")
    func briefing() throws {
        let html = try CLI.run(["brief", "--for", "USA+CAN", "--format", "html", "--draws", "100", "--database", CLI.sharedDatabase])
        #expect(html.status == 0, "\(html.errors)")
        #expect(html.output.hasPrefix("<!DOCTYPE html>"))
        #expect(html.output.contains("<svg") && html.output.contains("id=\"source-1\""))
        #expect(!html.output.contains("missing source"))
        let markdown = try CLI.run(["brief", "--for", "CAN", "--format", "md", "--draws", "100", "--database", CLI.sharedDatabase])
        #expect(markdown.status == 0, "\(markdown.errors)")
        for heading in [
            "Where are we most vulnerable?", "On whom do we rely?", "The Canada–US partnership", "What if a supplier cuts us off?",
            "What buys the most security?", "Sources",
        ] {
            #expect(markdown.output.contains(heading), "missing section \(heading)")
        }
    }

    @Test("trade: Canada's cobalt imports by partner from BACI, 2022: the United States 24,891.184 of 76,332.152 kUSD")
    func tradeDependence() throws {
        // sqlite3 baci.db: SUM(v) WHERE j = 124 AND t = 2022 AND k IN (282200, 810510), from i = 842 and from all partners.
        let rows = try CLI.rows(CLI.json(["trade", "--importer", "CAN", "--commodity", "cobalt"]), table: "Imports of Cobalt into Canada")
        let unitedStates = try #require(rows.first { $0["partner"] as? String == "USA" })
        let share = try #require(unitedStates["2022"] as? Double)
        #expect(abs(share - 24_891.184 / 76_332.152 * 100) < 1e-9)
        let total = try #require(rows.first { ($0["partner"] as? String)?.hasPrefix("Total") == true })
        #expect(abs((total["2022"] as? Double ?? 0) - 76_332.152) < 1e-6)
    }
}
