import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("MetalliCan facilities")
struct MetalliCanSitesTests {
    static let directory = SharedData.url("deposits/metallican")

    static func close(_ share: Double?, _ expected: Double) -> Bool { share.map { abs($0 - expected) < 1e-9 } ?? false }

    @Test(
        "the real tables: 270 facilities with owners' shares, reserves, outputs; groups' figures and set-aside rows apart",
        .enabled(if: SharedData.available))
    func realTables() throws {
        let contents = try MetalliCanSites().read(Self.directory, catalogue: try USGSTestSupport.catalogue(), citation: "metallican-2025")
        let records = contents.records
        #expect(records.count == 270)
        #expect(records.filter { $0.kind == .mine }.count == 90)
        #expect(records.filter { $0.kind == .processingFacility }.count == 48)
        #expect(records.filter { $0.kind == .project }.count == 132)
        #expect(records.allSatisfy { $0.country == .canada && $0.subdivision?.count == 2 && $0.location != nil && $0.citation == "metallican-2025" })
        // The 138 active facilities produce; so does one project, the layer's "Battery recycling facility".
        #expect(records.filter { $0.stage == .production }.count == 139)
        #expect(records.filter { $0.stage == .advancedProject }.count == 130)
        #expect(records.filter { !$0.stageHistory.isEmpty }.count == 56)
        #expect(records.map(\.resources.count).reduce(0, +) == 246)
        #expect(records.map(\.outputs.count).reduce(0, +) == 120)

        let coleman = try #require(records.first { $0.name == "Coleman" })
        #expect(coleman.owners.map(\.company) == ["Vale", "Manara Minerals Investment Co"])
        #expect(coleman.owners.map(\.role) == [.ownerOperator, .owner])
        #expect(Self.close(coleman.owners[0].share, 0.9) && Self.close(coleman.owners[1].share, 0.1))
        let carol = try #require(records.first { $0.name == "Carol Lake" })
        #expect(carol.owners.map(\.company) == ["Rio Tinto", "Mitsubishi Corporation", "Labrador Iron Ore Royalty Corporation"])
        #expect(zip(carol.owners, [0.587, 0.262, 0.151]).allSatisfy { Self.close($0.share, $1) })
        let alouette = try #require(records.first { $0.name == "Alouette" })
        #expect(alouette.owners.count == 5 && alouette.owners[1].company == "AMAG Austria Metall AG" && Self.close(alouette.owners[1].share, 0.2))
        let diavik = try #require(records.first { $0.name == "Diavik" })
        #expect(diavik.owners == [SiteOwnership(company: "Rio Tinto", role: .owner, share: 1)])
        let algoma = try #require(records.first { $0.name == "Algoma Steel" })
        #expect(algoma.owners.map(\.role) == [.ownerOperator] && algoma.unverified == [.owners])

        let sleepingGiant = try #require(records.first { $0.name == "Sleeping Giant" })
        #expect(sleepingGiant.stageHistory.map(\.year) == [1956, 1959, 1974, 1975, 1988])
        #expect(sleepingGiant.stageHistory.last?.stage == .production && sleepingGiant.commodities == ["gold", "silver"])

        let cigar = try #require(records.first { $0.name == "Cigar Lake" })
        #expect(
            cigar.resources.first
                == ResourceEstimate(
                    commodity: "uranium", category: .proven, year: 2024, ore: Quantity(.value(322), unit: MeasureUnit("kt")),
                    grade: Quantity(.value(16.68), unit: MeasureUnit("% U3O8")), contained: Quantity(.value(118.4), unit: MeasureUnit("Mlbs"))))
        let gibraltar = try #require(records.first { $0.name == "Gibraltar" })
        #expect(gibraltar.resources.first?.ore == Quantity(.value(437), unit: MeasureUnit("million short tons")))
        let young = try #require(records.first { $0.name == "Young-Davidson" })
        #expect(young.resources.map(\.category) == [.provenAndProbable, .measuredAndIndicated, .provenAndProbable, .measuredAndIndicated])
        #expect(young.resources.first?.contained == Quantity(.value(2285), unit: MeasureUnit("koz")))
        let maryRiver = try #require(records.first { $0.name == "Mary River" })
        #expect(maryRiver.resources.map(\.category) == [.provenAndProbable, .measuredIndicatedAndInferred])
        // Kidd Creek's "Proved" is proven; Moose River's "?" is unclassified and unverified.
        #expect(records.first { $0.name == "Kidd Creek" }?.resources.contains { $0.category == .proven } == true)
        let mooseRiver = try #require(records.first { $0.name == "Moose River Consolidated" })
        #expect(mooseRiver.resources.map(\.category) == [.unclassified, .unclassified] && mooseRiver.unverified == [.resources])
        // Raglan's "Ore" row gives its tonnage to the grades that follow it.
        let raglan = try #require(records.first { $0.name == "Raglan" })
        let nickel = try #require(raglan.resources.first { $0.commodity == "nickel" && $0.category == .measured })
        #expect(nickel.ore == Quantity(.value(8.2), unit: MeasureUnit("Mt")) && nickel.grade == Quantity(.value(3.12), unit: .percent))
        #expect(
            raglan.outputs.first
                == SiteOutput(
                    commodity: "nickel", kind: .production, year: 2022,
                    quantity: Quantity(.value(24232), unit: MeasureUnit("t", basis: "Contained metal in concentrate"))))

        // Meadowbank complex's reserves are the group's, not Amaruq's or Meadowbank's.
        #expect(contents.groups.count == 9)
        let meadowbank = try #require(contents.groups.first { $0.groupID == "GRP-0a2c0d69" })
        #expect(meadowbank.name == "Meadowbank complex" && meadowbank.facilities == ["NU-MAIN-4ea8ac9d", "NU-MAIN-730aefe3"])
        #expect(meadowbank.resources.count == 4 && meadowbank.outputs.count == 2 && meadowbank.citation == "metallican-2025")
        #expect(
            meadowbank.resources.first
                == ResourceEstimate(
                    commodity: "gold", category: .proven, year: 2024, ore: Quantity(.value(3355), unit: MeasureUnit("kt")),
                    grade: Quantity(.value(1.86), unit: MeasureUnit("g/t")), contained: Quantity(.value(200), unit: MeasureUnit("koz"))))
        #expect(records.filter { meadowbank.facilities.contains($0.recordID) }.allSatisfy { $0.resources.isEmpty })
        // Vale's "Finished production" of the Sudbury Operation is, the compilers say, "unclear".
        #expect(contents.groups.first { $0.name == "Sudbury Operation" }?.unverified == [.outputs] && meadowbank.unverified.isEmpty)

        let setAside = Dictionary(grouping: contents.setAside, by: \.reason).mapValues(\.count)
        #expect(
            setAside == [
                .ownersNote: 6, .severalCommodities: 33, .noCommodity: 18, .notListed: 25, .oreThroughput: 140, .noFigure: 1, .unknownGroup: 29,
            ])
        let unknownGroups = contents.setAside.filter { $0.reason == .unknownGroup }
        #expect(unknownGroups.map(\.text) == (21...49).map { "GRP-de097f\($0)" })
        #expect(unknownGroups.allSatisfy { $0.file == "reserves_table.csv" })
        #expect(contents.setAside.first { $0.id == "RES-b86f7d07-2024-1" }?.text == "Copper, gold, silver")
        #expect(contents.setAside.first { $0.id == "RES-0ec39ce0-2024-1" }?.reason == .notListed)
        #expect(contents.setAside.first { $0.reason == .ownersNote }?.text.hasPrefix("AltaSteel is a 100% owned subsidiary") == true)
    }

    static let facilitiesHeader =
        "main_id,facility_name,facility_group_id,facility_group_name,province,longitude,latitude,status,activity_status,development_stage,facility_type,commodities,owner(s),operator(s),operation_periods\n"
    static let facilities = """
        ON-1,Good Mine,GRP-1,Good Group,Ontario,-81.0,48.0,active_facility,,,mining,"Nickel, copper",A Corp (60%) and B Ltd (40%)?,A Corp,1990–2001; 2005–open
        QC-2,Good Project,GRP-1,Good Group,Quebec,-78.0,49.0,project_facility,Active,Advanced project,project,"Lithium (spodumene), quartz",Not found,Not found,

        """
    static let reservesHeader =
        "reserves_id,year,commodity,reserves_resources,reserves_resources_type,ore,ore_unit,grade,grade_unit,metal_content,metal_content_unit,main_id,facility_group_id,source_id\n"
    static let reserves = """
        R1,2024,Nickel,Reserves,Proved ,2.5,Mt,1.2,%,30,kt,ON-1,,S1
        R2,2024,Ore,Resources,Measured & Indicated,10,Mt,,,,,,GRP-1,S2
        R3,2024,Copper,Resources,Measured & Indicated,,,0.5,%,,,,GRP-1,S2

        """
    static let productionHeader =
        "prod_id,year,commodity,reference_point,material_type,data_type,unit,value,comment,main_id,facility_group_id\n"
    static let production = """
        P1,2023,Nickel,Usable ore,Contained metal in concentrate,Production,t,1200,Assumed metal in concentrate,ON-1,

        """

    static func read(facilities: String = "", reserves: String = "", production: String = "") throws -> MetalliCanSites.Contents {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metallican-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (file, text) in [
            (MetalliCanSites.facilitiesFile, Self.facilitiesHeader + Self.facilities + facilities),
            (MetalliCanSites.reservesFile, Self.reservesHeader + Self.reserves + reserves),
            (MetalliCanSites.productionFile, Self.productionHeader + Self.production + production),
        ] {
            try text.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return try MetalliCanSites().read(directory, catalogue: try USGSTestSupport.catalogue(), citation: "metallican-2025")
    }

    @Test("owners, operators, stages, a group's carried ore tonnage and set-aside rows, as documented", .enabled(if: SharedData.available))
    func smallTables() throws {
        let contents = try Self.read(
            reserves: "R4,2024,\"Gold, silver\",Reserves,Probable,1,Mt,2,g/t,60,koz,ON-1,,S1\n",
            production: "P2,2023,Ore,Crude ore,Ore milled,Production,t,50000,,ON-1,\n")
        let mine = contents.records[0]
        #expect(
            mine.owners == [
                SiteOwnership(company: "A Corp", role: .ownerOperator, share: 0.6), SiteOwnership(company: "B Ltd", role: .owner, share: 0.4),
            ])
        #expect(mine.unverified == [.owners, .outputs] && mine.stage == .production && mine.status == .active)
        #expect(mine.stageHistory.map(\.stage) == [.production, .pastProducer, .production])
        #expect(
            mine.resources == [
                ResourceEstimate(
                    commodity: "nickel", category: .proven, year: 2024, ore: Quantity(.value(2.5), unit: MeasureUnit("Mt")),
                    grade: Quantity(.value(1.2), unit: .percent), contained: Quantity(.value(30), unit: .thousandMetricTons))
            ])
        let project = contents.records[1]
        #expect(project.owners.isEmpty && project.stage == .advancedProject && project.status == .active && project.kind == .project)
        #expect(project.commodities == ["lithium"] && project.unresolvedCommodities == ["quartz"])
        let group = try #require(contents.groups.first)
        #expect(group.facilities == ["ON-1", "QC-2"] && group.resources.map(\.category) == [.measuredAndIndicated])
        #expect(group.resources.first?.ore == Quantity(.value(10), unit: MeasureUnit("Mt")) && group.resources.first?.commodity == "copper")
        #expect(contents.setAside.map(\.reason) == [.ownersNote, .severalCommodities, .oreThroughput])
        #expect(contents.setAside.map(\.line) == [3, 5, 3])
    }

    @Test(
        "a bad row fails the whole read, naming the file, line and column",
        .enabled(if: SharedData.available),
        arguments: [
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Vermont,-81,48,active_facility,,,mining,Gold,,,\n", "province"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Ontario,-81,148,active_facility,,,mining,Gold,,,\n", "latitude"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Ontario,-81,48,active_facility,,,quarry,Gold,,,\n", "facility_type"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Ontario,-81,48,dormant,,,mining,Gold,,,\n", "status"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Ontario,-81,48,project_facility,Active,Dreaming,project,Gold,,,\n", "development_stage"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,,,Ontario,-81,48,active_facility,,,mining,Gold,,,2001–1990\n", "operation_periods"),
            (MetalliCanSites.facilitiesFile, "ON-1,X,,,Ontario,-81,48,active_facility,,,mining,Gold,,,\n", "main_id"),
            (MetalliCanSites.facilitiesFile, "ON-3,,,,Ontario,-81,48,active_facility,,,mining,Gold,,,\n", "facility_name"),
            (MetalliCanSites.facilitiesFile, "ON-3,X,GRP-1,Other Name,Ontario,-81,48,active_facility,,,mining,Gold,,,\n", "facility_group_name"),
            (MetalliCanSites.reservesFile, "R9,recent,Nickel,Reserves,Proven,1,Mt,1,%,,,ON-1,,S1\n", "year"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Both,Proven,1,Mt,1,%,,,ON-1,,S1\n", "reserves_resources"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Reserves,Possible,1,Mt,1,%,,,ON-1,,S1\n", "reserves_resources_type"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Reserves,Proven,lots,Mt,1,%,,,ON-1,,S1\n", "ore"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Reserves,Proven,1,Mt,1,,,,ON-1,,S1\n", "grade_unit"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Reserves,Proven,1,Mt,1,%,,,ZZ-9,,S1\n", "main_id"),
            (MetalliCanSites.reservesFile, "R9,2024,Nickel,Reserves,Proven,1,Mt,1,%,,,,,S1\n", "main_id"),
            (MetalliCanSites.reservesFile, "R9,2024,Ore,Resources,Measured & Indicated,3,Mt,,,,,,GRP-1,S2\n", "commodity"),
            (MetalliCanSites.productionFile, "P9,2023,Nickel,Usable ore,Concentrate,Forecast,t,1,,ON-1,\n", "data_type"),
            (MetalliCanSites.productionFile, "P9,2023,Nickel,Somewhere,Concentrate,Production,t,1,,ON-1,\n", "reference_point"),
            (MetalliCanSites.productionFile, "P9,2023,Nickel,Usable ore,Concentrate,Production,t,,,ON-1,\n", "value"),
            (MetalliCanSites.productionFile, "P9,2023,Nickel,Usable ore,Concentrate,Production,,1,,ON-1,\n", "unit"),
        ])
    func badRows(file: String, row: String, column: String) throws {
        let line = [MetalliCanSites.facilitiesFile: 4, MetalliCanSites.reservesFile: 5, MetalliCanSites.productionFile: 3][file]
        do {
            _ = try Self.read(
                facilities: file == MetalliCanSites.facilitiesFile ? row : "", reserves: file == MetalliCanSites.reservesFile ? row : "",
                production: file == MetalliCanSites.productionFile ? row : "")
            Issue.record("a bad \(column) was accepted")
        } catch let error as CritMinError {
            #expect(error.file == file && error.line == line && error.field == column, "\(error)")
        }
    }
}
