import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("USMIN lithium deposits of the United States")
struct USMINLithiumSitesTests {
    static let folder = SharedData.url("deposits/usgs-lithium-us")

    @Test("the real tables: 21 sites joined with their features, estimates, production and history", .enabled(if: SharedData.available))
    func realTables() throws {
        let records = try USMINLithiumSites().read(folder: Self.folder, catalogue: try USGSTestSupport.catalogue(), citation: "usmin-lithium-2019")
        #expect(records.count == 21)
        #expect(records.allSatisfy { $0.country == .unitedStates && $0.location != nil && $0.asOf == 2019 })
        #expect(records.filter { $0.kind == .mine }.map(\.recordID) == ["AR00002", "CA00002", "CA00060", "NC00002", "NC00003", "NV00144"])
        #expect(records.filter { $0.kind == .occurrence }.map(\.recordID) == ["AR00003", "CA00005", "NC00006", "NV00147", "NV00149"])
        // 73 estimates less those of quartz, sodium and fluorine, which the catalogue does not know (kept among the
        // unresolved commodities); 30 production rows.
        #expect(records.map(\.resources.count).reduce(0, +) == 64)
        #expect(records.map(\.outputs.count).reduce(0, +) == 30)
        #expect(records.first { $0.recordID == "NC00007" }?.unresolvedCommodities == ["quartz"])

        let kingsValley = try #require(records.first { $0.recordID == "NV00118" })
        #expect(kingsValley.name == "Kings Valley" && kingsValley.aliases.last == "Thacker Pass" && kingsValley.subdivision == "NV")
        #expect(kingsValley.location == (try GeoPoint(latitude: 41.851043, longitude: -118.117056)))
        #expect(kingsValley.kind == .deposit && kingsValley.stage == .advancedProject && kingsValley.status == nil)
        #expect(kingsValley.depositType == "251.30(T) - lithium in smectites of closed basins")
        #expect(kingsValley.unresolvedCommodities == ["sodium", "fluorine"])
        // Resources.csv line 36: 179,422,000 t at 3,283 ppm Li, 589,000.111 t Li (calculated), proven plus probable, 2018.
        let reserve = try #require(kingsValley.resources.first { $0.category == .provenAndProbable })
        #expect(reserve.commodity == "lithium" && reserve.year == 2018)
        #expect(reserve.ore == Quantity(.value(179_422_000), unit: MeasureUnit("t", basis: "ore")))
        #expect(reserve.grade == Quantity(.value(3_283), unit: MeasureUnit("ppm", basis: "lithium (Li)")))
        #expect(reserve.contained == Quantity(.value(589_000), unit: MeasureUnit("t", basis: "lithium (Li)"), estimated: true, raw: "589,000.111"))

        // Fort Cady: one ore body reported for lithium and boron, its tonnage negative so that sums count it once.
        let fortCady = try #require(records.first { $0.recordID == "CA00002" })
        let lithium2017 = try #require(fortCady.resources.first { $0.commodity == "lithium" && $0.year == 2017 })
        #expect(lithium2017.ore == Quantity(.value(93_000_000), unit: MeasureUnit("t", basis: "ore"), raw: "-93,000,000"))
        #expect(lithium2017.category == .unclassified, "indicated plus inferred has no category of its own")
        #expect(fortCady.resources.filter { $0.commodity == "boron" }.count == 4)
        // The pilot plant ran 1987–2001; the JORC report of 2017–2018 makes it an advanced project again.
        #expect(fortCady.stage == .advancedProject && fortCady.stageHistory.first == StageChange(year: 1964, stage: .occurrence))
        #expect(fortCady.stageHistory.contains(StageChange(year: 2001, stage: .pastProducer)))

        let kingsMountain = try #require(records.first { $0.recordID == "NC00002" })
        #expect(kingsMountain.stageHistory.map(\.year) == [1930, 1930, 1952, 1976, 1981, 1990])
        #expect(kingsMountain.stageHistory.map(\.stage) == [.occurrence, .construction, .production, .construction, .construction, .pastProducer])
        #expect(kingsMountain.stage == .pastProducer && kingsMountain.status == nil)
        let produced = try #require(kingsMountain.outputs.first)
        #expect(produced.commodity == "lithium" && produced.kind == .cumulativeProduction && produced.year == 1986)
        #expect(produced.quantity.unit == MeasureUnit("t", basis: "lithium oxide (Li2O), total 1975–1986"))
        #expect(produced.quantity.amount == .value(20_000) && produced.quantity.estimated)

        // Searles Lake has been worked since 1873, into the compilers' time; Silver Peak since 1967, with no end year.
        for id in ["CA00060", "NV00144", "AR00002"] {
            let site = try #require(records.first { $0.recordID == id })
            #expect(site.stage == .production && site.status == .active, "\(id)")
        }
        #expect(records.first { $0.recordID == "AR00002" }?.outputs.count == 24, "one bromine total per brine well")
    }

    static let files = [
        "Site.csv":
            "OBJECTID *,Site_ID *,Site_Name,Other_Name,Commodity,Approx_Lon,Approx_Lat\n1,NV00001,Test Basin,<Null>,lithium; silica,-117.5,37.7\n",
        "Loc_Pt.csv": "Site_ID *,Ftr_ID *,Ftr_Group,Ftr_Type\nNV00001,Mo00001,Mineral Occurrence,Deposit\n",
        "Resources.csv":
            "Site_ID *,Material,Rsrc_Date,Mat_Type,Mat_Amnt,Mat_Units,Grade,Grade_Unit,Contained,Cont_Units,Rsrc_Class\n"
            + "NV00001,lithium (Li),2018,ore,\"-1,000\",tonnes,0.5,percent,5.111,tonnes,Inferred\n",
        "Production.csv":
            "Site_ID *,Material,Year_From,Year_To,Mat_Amnt,Mat_Units,Contained,Cont_Units\nNV00001,lithium (Li),1990,2000,10,tonnes,<Null>,<Null>\n",
        "History.csv": "Site_ID *,Status,Year_From,Year_To\nNV00001,Active,1990,2000\n",
        "Dep_Model.csv": "Site_ID *,DpMd_NoNm\nNV00001,lithium-bearing clay\n",
    ]

    /// Reads a folder of the test tables, a file's rows replaced by `replacing` (header kept).
    static func read(replacing file: String? = nil, with rows: String = "") throws -> [SiteRecord] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("usmin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let content = name == file ? String(text.prefix { $0 != "\n" }) + "\n" + rows : text
            try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return try USMINLithiumSites().read(folder: folder, catalogue: try USGSTestSupport.catalogue(), citation: "usmin-lithium-2019")
    }

    @Test("the test tables read: the figures' conventions, production totals and a closed period", .enabled(if: SharedData.available))
    func goodTables() throws {
        let site = try #require(try Self.read().first)
        #expect(site.kind == .deposit && site.subdivision == "NV" && site.aliases.isEmpty && site.unresolvedCommodities == ["silica"])
        let estimate = try #require(site.resources.first)
        #expect(estimate.ore == Quantity(.value(1_000), unit: MeasureUnit("t", basis: "ore"), raw: "-1,000"))
        #expect(estimate.grade == Quantity(.value(0.5), unit: MeasureUnit("%", basis: "lithium (Li)")))
        #expect(estimate.contained == Quantity(.value(5), unit: MeasureUnit("t", basis: "lithium (Li)"), estimated: true, raw: "5.111"))
        #expect(
            site.outputs == [
                SiteOutput(
                    commodity: "lithium", kind: .cumulativeProduction, year: 2000,
                    quantity: Quantity(.value(10), unit: MeasureUnit("t", basis: "lithium (Li), total 1990–2000")))
            ])
        #expect(site.stageHistory == [StageChange(year: 1990, stage: .production), StageChange(year: 2000, stage: .pastProducer)])
        #expect(site.stage == .pastProducer && site.depositType == "lithium-bearing clay")
    }

    @Test(
        "a bad row fails the whole folder, naming the file, line and field", .enabled(if: SharedData.available),
        arguments: [
            ("Site.csv", "1,XX00001,Test,<Null>,lithium,-117.5,37.7\n", "Site_ID *"),
            ("Site.csv", "1,NV00001,Test,<Null>,lithium,-117.5,97.7\n", "Approx_Lat"),
            ("Loc_Pt.csv", "NV00002,Mo00001,Mineral Occurrence,Deposit\n", "Site_ID *"),
            ("Loc_Pt.csv", "NV00001,Mo00001,Landmark,Deposit\n", "Ftr_Group"),
            ("History.csv", "NV00002,Active,1990,2000\n", "Site_ID *"),
            ("History.csv", "NV00001,Dreaming,1990,2000\n", "Status"),
            ("History.csv", "NV00001,Active,199O,2000\n", "Year_From"),
            ("Resources.csv", "NV00001,lithium (Li),2018,ore,100,stones,0.5,percent,5,tonnes,Inferred\n", "Mat_Units"),
            ("Resources.csv", "NV00001,lithium (Li),2018,ore,100,tonnes,0.5,percent,5 t,tonnes,Inferred\n", "Contained"),
            ("Resources.csv", "NV00001,lithium (Li),2018,ore,100,tonnes,0.5,<Null>,5,tonnes,Inferred\n", "Grade_Unit"),
            ("Resources.csv", "NV00001,lithium (Li),2018,ore,100,tonnes,0.5,percent,5,tonnes,Speculative\n", "Rsrc_Class"),
            ("Production.csv", "NV00001,lithium (Li),1990,2000,<Null>,<Null>,<Null>,<Null>\n", "Contained"),
        ])
    func badRows(file: String, row: String, field: String) throws {
        do {
            _ = try Self.read(replacing: file, with: row)
            Issue.record("a bad \(field) in \(file) was accepted")
        } catch let error as CritMinError {
            #expect(error.file == file && error.line == 2 && error.field == field, "\(error)")
        }
    }
}
