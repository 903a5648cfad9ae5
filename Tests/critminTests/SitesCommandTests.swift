import Foundation
import Testing

@Suite("critmin sites and pipeline on the shipped register")
struct SitesCommandTests {
    @Test("the lithium pipeline of both countries: mines and advanced projects with owners, stage, resources, sources, and cover of net imports")
    func lithiumPipeline() throws {
        let report = try CLI.json(["pipeline", "--commodity", "lithium", "--for", "USA+CAN"])
        let sites = try CLI.rows(report, table: "Mines, plants and advanced projects")
        let ids = sites.compactMap { $0["id"] as? String }
        #expect(ids.contains { $0.hasPrefix("CAN-") } && ids.contains { $0.hasPrefix("USA-") })
        // NRCan's layer: North American Lithium (Sayona Québec) produces; Whabouchi is an advanced project.
        let nal = try #require(sites.first { $0["id"] as? String == "CAN-QC-north-american-lithium" })
        #expect(nal["stage"] as? String == "production" && (nal["owners"] as? [String]) == ["Sayona Québec Inc."])
        #expect((nal["sources"] as? [String])?.contains { $0.hasPrefix("nrcan-critical-minerals-2025") } == true)
        // USMIN lithium (2019): Kings Valley (Thacker Pass), 589,000 t Li of reserves.
        let kings = try #require(sites.first { $0["id"] as? String == "USA-NV-kings-valley" })
        #expect((kings["reserves"] as? [String: Any])?["lithium (Li)"] as? Double == 589_000)
        #expect((kings["sources"] as? [String])?.contains("usgs-usmin-lithium NV00118") == true)
        let cover = try CLI.rows(report, table: "What the pipeline could cover")
        let mine = try #require(cover.first { $0["stage"] as? String == "mine" })
        #expect((mine["net_imports"] as? Double ?? 0) > 0 && (mine["reserve_years"] as? Double ?? 0) > 0)
        let notes = try #require((report["tables"] as? [[String: Any]])?.last?["notes"] as? [String])
        #expect(notes.contains { $0.contains("Net imports") })
    }

    @Test("the sites nearest LaRonde as GeoJSON, nearest first, each with its sources")
    func nearestAsGeoJSON() throws {
        let result = try CLI.run(["sites", "--near", "48.2516,-78.428", "--nearest", "3", "--format", "geojson", "--database", CLI.sharedDatabase])
        #expect(result.status == 0, "\(result.errors)")
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(features.count == 3 && collection["type"] as? String == "FeatureCollection")
        #expect(features[0]["id"] as? String == "CAN-QC-laronde")
        let geometry = try #require(features[0]["geometry"] as? [String: Any])
        #expect(geometry["coordinates"] as? [Double] == [-78.428, 48.2516])
        let sources = try #require((features[0]["properties"] as? [String: Any])?["sources"] as? [[String: Any]])
        #expect(sources.count >= 2)
    }

    @Test("one site: each attribute with its record and rule; a bad filter names the field")
    func showAndErrors() throws {
        let report = try CLI.json(["sites", "show", "CAN-QC-laronde"])
        let attributes = try CLI.rows(report, table: "Attributes")
        let name = try #require(attributes.first { $0["attribute"] as? String == "Name" })
        #expect(name["value"] as? String == "LaRonde" && name["rule"] as? String == "source priority")
        let bad = try CLI.run(["sites", "--bbox", "45,-80,50", "--database", CLI.sharedDatabase])
        #expect(bad.status != 0 && bad.errors.contains("bbox"))
        let missing = try CLI.run(["sites", "show", "CAN-QC-atlantis", "--database", CLI.sharedDatabase])
        #expect(missing.status != 0 && missing.errors.contains("no site 'CAN-QC-atlantis'"))
    }

    @Test("a project of the register runs as a candidate intervention, citing its sources; an unknown site is refused")
    func projectIntervention() throws {
        let folder = try CLI.temporaryFolder()
        let candidates = folder.appendingPathComponent("candidates.yaml")
        try """
        candidates:
          - name: Whabouchi spodumene mine
            project: {site: CAN-QC-whabouchi, commodity: lithium, per_year: 1500, start_month: 6, ramp_months: 6}
        """.write(to: candidates, atomically: true, encoding: .utf8)
        let result = try CLI.run(["interventions", candidates.path, "--draws", "20", "--database", CLI.sharedDatabase, "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Whabouchi spodumene mine") && result.output.contains("critmin site register CAN-QC-whabouchi"))
        try """
        candidates:
          - name: Nowhere
            project: {site: CAN-QC-atlantis, commodity: lithium, per_year: 1, start_month: 1}
        """.write(to: candidates, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["interventions", candidates.path, "--draws", "20", "--database", CLI.sharedDatabase])
        #expect(refused.status != 0 && refused.errors.contains("candidates[0].project.site"))
    }

    @Test("a new database holds every dataset of the bundle, the last one imported too")
    func everyBundleDataset() throws {
        let report = try CLI.json(["datasets"])
        let rows = try CLI.rows(report, table: "Dataset versions")
        // The manifest's count: a database closed before its last transactions reached the main file once lost the tail.
        #expect(rows.count == 22)
        for id in ["metallican", "usgs-usmin-lithium", "nrcan-critical-minerals", "usgs-minmod", "baci-hs92"] {
            #expect(rows.contains { $0["dataset"] as? String == id }, "\(id)")
        }
    }
}
