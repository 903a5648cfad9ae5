import Foundation
import Testing

@Suite("critmin query commands on the shipped dataset")
struct QueryCommandTests {
    @Test("a missing database is created from the bundle, saying so on stderr")
    func createsDatabase() throws {
        let path = try CLI.temporaryFolder().appendingPathComponent("new/critmin.sqlite").path
        let result = try CLI.run(["lists", "--database", path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("creating it from the bundled default dataset"))
        #expect(result.errors.contains("usgs-mcs-2026"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(result.output.contains("US-2018"))
        // A second run finds the database and says nothing on stderr.
        let again = try CLI.run(["lists", "--database", path])
        #expect(again.errors.isEmpty)
    }

    @Test("Canada as a source of US imports of US-2018 minerals, with rank, share, edition and period")
    func canadaForUS2018() throws {
        let report = try CLI.json(["sources", "--supplier", "CAN", "--importer", "USA", "--list", "US-2018"])
        let rows = try CLI.rows(report, table: "Canada as a source")
        func rank(_ commodity: String, _ dataset: String) -> Int? {
            rows.first { $0["commodity"] as? String == commodity && $0["dataset"] as? String == dataset }?["rank"] as? Int
        }
        // MCS 2025 data release, Figure 2, major import sources 2020–2023 in descending order of import share:
        // POTASH "Canada, Russia, Belarus, Israel" → 1; ALUMINUM "Canada, United Arab Emirates, Bahrain, China" → 1;
        // TELLURIUM "Canada, Philippines, Japan, Germany" → 1; NIOBIUM "Brazil, Canada" → 2;
        // MAGNESIUM METAL "Israel, Canada, Turkey, Czechia" → 2; INDIUM "Republic of Korea, Japan, Canada, Belgium" → 3.
        #expect(rank("potash", "usgs-mcs-2025-nir") == 1)
        #expect(rank("aluminum", "usgs-mcs-2025-nir") == 1)
        #expect(rank("tellurium", "usgs-mcs-2025-nir") == 1)
        #expect(rank("niobium", "usgs-mcs-2025-nir") == 2)
        #expect(rank("magnesium", "usgs-mcs-2025-nir") == 2)
        #expect(rank("indium", "usgs-mcs-2025-nir") == 3)
        // Every row says which period it covers.
        #expect(rows.allSatisfy { ($0["period"] as? String)?.isEmpty == false })
        // MCS 2026 import shares 2021–24, cobalt "Metal, oxide, and salts": Norway 26, Finland 16, Canada 14, Japan 14 → Canada 3rd, 14 %.
        let cobalt = try #require(rows.first { $0["commodity"] as? String == "cobalt" && $0["dataset"] as? String == "usgs-mcs-2026" })
        #expect(cobalt["rank"] as? Int == 3)
        #expect((cobalt["share"] as? [String: Any])?["value"] as? Double == 14)
        #expect(cobalt["period"] as? String == "2021–24")
    }

    @Test("the text table cites its sources under the table")
    func citationsUnderTable() throws {
        let result = try CLI.run(["sources", "--supplier", "CAN", "--importer", "USA", "--list", "US-2018", "--database", CLI.sharedDatabase])
        #expect(result.status == 0)
        #expect(result.output.contains("Source: U.S. Geological Survey"))
        #expect(result.output.contains("Mineral Commodity Summaries 2026"))
    }

    @Test("cobalt: world production with shares, US statistics, import sources, all cited")
    func cobalt() throws {
        let report = try CLI.json(["commodity", "cobalt"])
        let world = try CLI.rows(report, table: "Cobalt — World Mine Production")
        let congo = try #require(world.first { $0["country"] as? String == "COD" })
        // 230,000 / 310,000 = 74.19… %
        #expect((congo["production_2025"] as? [String: Any])?["value"] as? Double == 230_000)
        #expect(abs((congo["share_2025"] as? Double ?? 0) - 230_000.0 / 310_000 * 100) < 1e-9)
        let facts = try #require(report["facts"] as? [String: Any])
        #expect((facts["critical_lists"] as? String)?.contains("US-2022") == true)
        let tables = try #require(report["tables"] as? [[String: Any]])
        #expect(tables.allSatisfy { ($0["citations"] as? [String])?.isEmpty == false })
    }

    @Test("concentration ranks by HHI and bands by DOJ/FTC thresholds")
    func concentration() throws {
        let report = try CLI.json(["concentration", "--stage", "mine", "--list", "US-2022"])
        let rows = try CLI.rows(report, table: "Production concentration")
        let hhi = rows.compactMap { $0["hhi"] as? Double }
        #expect(hhi.count == rows.count && !rows.isEmpty)
        #expect(hhi == hhi.sorted(by: >))
        let cobalt = try #require(rows.first { $0["commodity"] as? String == "cobalt" })
        // See ConcentrationTests.cobalt: 54,969,670,000 · 10⁴ / 310,000² = 5,720.05
        #expect(abs((cobalt["hhi"] as? Double ?? 0) - 5_720.048907388137) < 1e-6)
        #expect(cobalt["band"] as? String == "high")
    }

    @Test("lists compare: both, only in each, group entries expanded")
    func compareLists() throws {
        let report = try CLI.json(["lists", "compare", "US-2022", "CA-2024"])
        let both = try CLI.rows(report, table: "On both lists").compactMap { $0["id"] as? String }
        let onlyUS = try CLI.rows(report, table: "Only on US-2022").compactMap { $0["id"] as? String }
        let onlyCA = try CLI.rows(report, table: "Only on CA-2024").compactMap { $0["id"] as? String }
        #expect(both.contains("cobalt"))
        #expect(both.contains("neodymium"))  // US lists it; Canada through "Rare earth elements"
        #expect(onlyUS.contains("arsenic"))
        #expect(onlyCA.contains("copper"))
        #expect(onlyCA.contains("potash"))
        #expect(onlyCA.contains("uranium"))
    }

    @Test("country: governance and leading production")
    func china() throws {
        let report = try CLI.json(["country", "CHN"])
        let governance = try CLI.rows(report, table: "Governance")
        #expect(governance.count == 7)  // six dimensions and the EU-scaled index
        let leading = try CLI.rows(report, table: "Where China is a leading producer")
        #expect(leading.contains { $0["commodity"] as? String == "rare-earths" })
    }

    @Test("csv output has one block per table with its sources")
    func csvOutput() throws {
        let result = try CLI.run(["lists", "--format", "csv", "--database", CLI.sharedDatabase])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "# Critical-mineral lists")
        #expect(lines.contains { $0.hasPrefix("US-2022,USA,2022-02-24,50,") })
    }

    @Test("--trace names the source row of each figure")
    func trace() throws {
        let result = try CLI.run(["commodity", "cobalt", "--trace", "--database", CLI.sharedDatabase])
        #expect(result.output.contains("world_production.csv:"))
        #expect(result.output.contains("Source rows"))
    }

    @Test("an unknown commodity is an error with suggestions")
    func unknownCommodity() throws {
        let result = try CLI.run(["commodity", "cobalte", "--database", CLI.sharedDatabase])
        #expect(result.status != 0)
        #expect(result.errors.contains("no commodity is called 'cobalte'"))
        #expect(result.errors.contains("cobalt"))
    }
}
