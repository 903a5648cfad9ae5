import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Generic site CSV and GeoJSON, and sites in the bundle")
struct GenericSitesImporterTests {
    static let header =
        "dataset,dataset_title,owner,classification,publisher,publication,record_id,name,kind,country,subdivision,latitude,longitude,datum,commodities,stage,status,owners,capacity,capacity_unit,capacity_basis,as_of,unverified\n"
    static let dataset = "nrcan-projects,NRCan project details,nrcan,bilateral,Natural Resources Canada,Project survey 2026"

    static func write(_ text: String, _ name: String) throws -> URL {
        let url = try ReferenceImportFixtures.temporaryFolder().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a file is one dataset: owners' shares, capacity with its basis, NAD27 converted, flags of the source")
    func csv() throws {
        let rows = [
            "\(Self.dataset),P1,Nickel Rim,project,CAN,ON,46.64,-80.94,WGS84,Nickel; cobalt,feasibility,active,Vale Canada (60%); Glencore (40%),\"12,000\",t,nickel content,2026,owners\n",
            // NAD27 in Ontario: the Canadian mean shift moves the point about 30 m south-east of the NAD27 figures.
            "\(Self.dataset),P2,Old Cobalt,mine,Canada,Ontario,47.40,-79.68,NAD27,Co,past-producer,closed,,,,,,\n",
        ]
        let batch = try SitesCSVImporter().read(
            try Self.write(Self.header + rows.joined(), "sites.csv"), catalogue: ReferenceImportFixtures.smallCatalogue())
        #expect(batch.descriptor.id == "nrcan-projects" && batch.descriptor.classification == .bilateral && batch.descriptor.owner == "nrcan")
        #expect(batch.siteRecords.count == 2 && batch.citations.count == 1)
        let rim = batch.siteRecords[0]
        #expect(rim.commodities == ["nickel", "cobalt"] && rim.subdivision == "ON" && rim.stage == .feasibility && rim.asOf == 2026)
        #expect(
            rim.owners == [
                SiteOwnership(company: "Vale Canada", role: .owner, share: 0.6), SiteOwnership(company: "Glencore", role: .owner, share: 0.4),
            ])
        #expect(
            rim.outputs == [
                SiteOutput(
                    commodity: "nickel", kind: .capacity, year: nil,
                    quantity: Quantity(.value(12_000), unit: MeasureUnit("t", basis: "nickel content")))
            ])
        #expect(rim.unverified == [.owners])
        let old = try #require(batch.siteRecords[1].location)
        #expect(old.latitude != 47.40 && abs(old.latitude - 47.40) < 0.001 && abs(old.longitude + 79.68) < 0.001)
    }

    @Test(
        "a bad row fails the whole file, naming the line and column",
        arguments: [
            ("\(dataset),P9,X,quarry,CAN,ON,46,-80,,nickel,,,,,,,,\n", "kind"),
            ("\(dataset),P9,X,mine,Atlantis,ON,46,-80,,nickel,,,,,,,,\n", "country"),
            ("\(dataset),P9,X,mine,CAN,Vermont,46,-80,,nickel,,,,,,,,\n", "subdivision"),
            ("\(dataset),P9,X,mine,CAN,ON,146,-80,,nickel,,,,,,,,\n", "latitude"),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,ED50,nickel,,,,,,,,\n", "datum"),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,,nickel,dreaming,,,,,,,\n", "stage"),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,,nickel,,,A (160%),,,,,\n", "owners"),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,,nickel,,,,lots,t,,,\n", "capacity"),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,,nickel,,,,100,,,,\n", "capacity_unit"),
            ("\(dataset),P1,X,mine,CAN,ON,46,-80,,nickel,,,,,,,,\n", "record_id"),
            (
                "other,NRCan project details,nrcan,bilateral,Natural Resources Canada,Project survey 2026,P9,X,mine,CAN,ON,46,-80,,nickel,,,,,,,,\n",
                "dataset"
            ),
            ("\(dataset),P9,X,mine,CAN,ON,46,-80,,nickel,,,,,,,,sleepy\n", "unverified"),
        ])
    func badRows(row: String, column: String) throws {
        let good = "\(Self.dataset),P1,Good,mine,CAN,ON,46,-80,,nickel,production,active,,,,,,\n"
        let url = try Self.write(Self.header + good + row, "bad.csv")
        let error = try #require(throws: CritMinError.self) { try SitesCSVImporter().read(url, catalogue: ReferenceImportFixtures.smallCatalogue()) }
        #expect(error.file == "bad.csv" && error.line == 3 && error.field == column, "\(error)")
    }

    @Test("GeoJSON features carry the same properties; the Point is longitude, latitude; errors name the feature")
    func geoJSON() throws {
        func collection(_ features: String) -> String { "{\"type\":\"FeatureCollection\",\"features\":[\(features)]}" }
        let properties =
            "\"dataset\":\"usgs-projects\",\"dataset_title\":\"USGS projects\",\"owner\":\"usgs\",\"classification\":\"public\",\"publisher\":\"USGS\",\"publication\":\"Survey\""
        let good =
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-118.07,41.71]},\"properties\":{\(properties),\"record_id\":\"TP\",\"name\":\"Thacker Pass\",\"kind\":\"project\",\"country\":\"USA\",\"subdivision\":\"NV\",\"commodities\":[\"cobalt\",\"nickel\"],\"as_of\":2025}}"
        let unplaced =
            "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\(properties),\"record_id\":\"U\",\"name\":\"Unplaced\",\"kind\":\"deposit\",\"country\":\"USA\"}}"
        let batch = try SitesGeoJSONImporter().read(
            try Self.write(collection(good + "," + unplaced), "sites.geojson"), catalogue: ReferenceImportFixtures.smallCatalogue())
        #expect(batch.siteRecords.map(\.recordID) == ["TP", "U"])
        #expect(batch.siteRecords[0].location == (try GeoPoint(latitude: 41.71, longitude: -118.07)))
        #expect(
            batch.siteRecords[0].commodities == ["cobalt", "nickel"] && batch.siteRecords[0].asOf == 2025 && batch.siteRecords[1].location == nil)
        let outside = good.replacingOccurrences(of: "[-118.07,41.71]", with: "[41.71,-118.07,0,0]").replacingOccurrences(
            of: "41.71]", with: "141.71]")
        let bad = good.replacingOccurrences(of: "\"coordinates\":[-118.07,41.71]", with: "\"coordinates\":[-118.07,141.71]")
        for (text, field) in [(collection(unplaced + "," + bad), "latitude"), (collection(unplaced + "," + outside), "latitude")] {
            let error = try #require(throws: CritMinError.self) {
                try SitesGeoJSONImporter().read(try Self.write(text, "bad.geojson"), catalogue: ReferenceImportFixtures.smallCatalogue())
            }
            #expect(error.file == "bad.geojson" && error.line == 2 && error.field == field, "\(error)")
        }
    }

    @Test("a bundle keeps site records exactly, one record per line")
    func bundle() throws {
        let batch = try SitesCSVImporter().read(
            try Self.write(
                Self.header + "\(Self.dataset),P1,Nickel Rim,project,CAN,ON,46.64,-80.94,,nickel,feasibility,,A (50%),100,t,,,\n", "sites.csv"),
            catalogue: ReferenceImportFixtures.smallCatalogue())
        let folder = try ReferenceImportFixtures.temporaryFolder().appendingPathComponent("bundle")
        try DatasetBundle.write([batch], to: folder)
        #expect(try DatasetBundle.read(folder)[0].siteRecords == batch.siteRecords)
        let lines = try DatasetBundle.sitesJSONLines(batch.siteRecords + batch.siteRecords)
        #expect(lines.split(separator: 0x0A).count == 2)
    }
}
