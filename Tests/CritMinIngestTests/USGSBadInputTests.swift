import CritMinCore
import CritMinIngest
import Foundation
import Testing

/// Bad inputs to both USGS importers, written as small temporary files: every error names the file, line, field and value.
@Suite struct USGSBadInputTests {
    /// Enough of the catalogue for the small files: cobalt, and the countries they name.
    private static let catalogue = Catalogue(
        commodities: [Commodity(id: "cobalt", name: "Cobalt", symbol: "Co", kind: .element)],
        countries: [
            Country(code: .unitedStates, name: "United States"), Country(code: .canada, name: "Canada"),
            Country(code: "NOR", name: "Norway"), Country(code: "COD", name: "Congo, The Democratic Republic of the",
                aliases: [CountryAlias(scheme: "usgs", name: "Congo (Kinshasa)")]),
        ])

    private static let commodities = [
        "slug,name,symbol,kind,parent_slug,edition,edition_date,source_url,units_note,latest_year,"
            + "stockpile_fy2025_potential_acquisitions,domestic_use_summary",
        "cobalt,Cobalt,Co,primary,,MCS 2026,2026-02,https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-cobalt.pdf,"
            + "\"(Data in metric tons, cobalt content, unless otherwise specified)\",2025e,,"
            + "\"An estimated 51% of cobalt consumed in the United States was used in superalloys.\"",
        "",
    ].joined(separator: "\n")
    private static let worldHeader =
        "slug,name,edition,table_label,country,year,production,capacity,reserves,production_raw,reserves_raw,note,units_note\n"
    private static let world = worldHeader + """
        cobalt,Cobalt,MCS 2026,World Mine Production and Reserves,Congo (Kinshasa),2024,226000.0,,6000000.0,226000,6000000,,
        cobalt,Cobalt,MCS 2026,World Mine Production and Reserves,Congo (Kinshasa),2025,230000.0,,6000000.0,230000,6000000,,

        """
    private static let salient = """
        slug,section,subsection,label,footnote,year,value,raw
        cobalt,Net import reliance as a percentage of apparent consumption,,Net import reliance as a percentage of apparent consumption,,2025e,79.0,79

        """
    private static let sources = """
        slug,range,category,country,share_pct
        cobalt,2021-24,"Metal, oxide, and salts",Norway,26.0
        cobalt,2021-24,"Metal, oxide, and salts",other,74.0

        """
    private static let nirHeader = "Source,Import_Share_Order,Commodity,Net_Import_Reliance_pct_2024,Major_Import_Sources_2020_2023,Notes\n"

    /// A temporary folder with the four MCS files, any of them replaced or left out.
    private func mcsFolder(_ replacing: [String: String] = [:], omitting omitted: String? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("usgs-mcs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = ["commodities.csv": Self.commodities, "world_production.csv": Self.world, "salient_stats.csv": Self.salient,
            "import_sources.csv": Self.sources]
        for (name, text) in files where name != omitted {
            try (replacing[name] ?? text).write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    private func nirFile(_ rows: String, header: String = nirHeader) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("MCS2025_Fig2_Net_Import_Reliance-\(UUID().uuidString).csv")
        try (header + rows).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private func mcsError(_ replacing: [String: String] = [:], omitting omitted: String? = nil) throws -> CritMinError {
        let folder = try mcsFolder(replacing, omitting: omitted)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try USGSMineralCommoditySummariesImporter().read(folder, catalogue: Self.catalogue)
        } catch {
            return error
        }
        Issue.record("the import did not fail")
        return CritMinError(.invalidValue, "no error")
    }

    private func nirError(_ rows: String, header: String = nirHeader) throws -> CritMinError {
        let file = try nirFile(rows, header: header)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try USGSNetImportRelianceImporter().read(file, catalogue: Self.catalogue)
        } catch {
            return error
        }
        Issue.record("the import did not fail")
        return CritMinError(.invalidValue, "no error")
    }

    @Test func smallFolderImports() throws {
        let folder = try mcsFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = try USGSMineralCommoditySummariesImporter().read(folder, catalogue: Self.catalogue)
        // 2 production rows + 1 reserves (repeated on both rows, kept once) + 1 net import reliance + 2 import shares + 1 end use.
        #expect(batch.observations.count == 7)
        #expect(batch.observations.filter { $0.measure == .reserves }.map(\.source.line) == [3])
        #expect(batch.sourceFiles == USGSMineralCommoditySummariesImporter.fileNames)
    }

    @Test func missingColumn() throws {
        let error = try mcsError(["world_production.csv": Self.world.replacingOccurrences(of: ",reserves_raw", with: "")])
        #expect(error.code == .missingField)
        #expect(error.file == "world_production.csv" && error.line == 1)
        #expect(error.message.contains("reserves_raw"))
    }

    @Test func unknownCountriesAreAllListed() throws {
        let world = Self.worldHeader + """
            cobalt,Cobalt,MCS 2026,World Mine Production and Reserves,Atlantis,2024,1.0,,,1,,,
            cobalt,Cobalt,MCS 2026,World Mine Production and Reserves,Canada,2024,1.0,,,1,,,
            cobalt,Cobalt,MCS 2026,World Mine Production and Reserves,Narnia,2025,1.0,,,1,,,

            """
        let error = try mcsError(["world_production.csv": world])
        #expect(error.code == .unknownNames)
        #expect(error.file == "world_production.csv" && error.line == 2 && error.field == "country")
        #expect(error.value == "Atlantis; Narnia")
        #expect(error.message.contains("\"Atlantis\" (line 2)") && error.message.contains("\"Narnia\" (line 4)"))
    }

    @Test func badNumber() throws {
        let error = try mcsError(["world_production.csv": Self.world.replacingOccurrences(of: ",226000,", with: ",22x6000,")])
        #expect(error.code == .invalidValue)
        #expect(error.file == "world_production.csv" && error.line == 2 && error.field == "production_raw" && error.value == "22x6000")
    }

    @Test func badYear() throws {
        let error = try mcsError(["salient_stats.csv": Self.salient.replacingOccurrences(of: ",2025e,", with: ",20x5,")])
        #expect(error.code == .invalidValue)
        #expect(error.file == "salient_stats.csv" && error.line == 2 && error.field == "year" && error.value == "20x5")
    }

    @Test func unknownCommodity() throws {
        let error = try mcsError(["commodities.csv": Self.commodities.replacingOccurrences(of: "\ncobalt,", with: "\nunobtainium,")])
        #expect(error.code == .unknownNames)
        #expect(error.file == "commodities.csv" && error.line == 2 && error.field == "slug" && error.value == "unobtainium")
    }

    @Test func unknownSalientSection() throws {
        let error = try mcsError(["salient_stats.csv": Self.salient.replacingOccurrences(of: "\ncobalt,Net import", with: "\ncobalt,Gross import")])
        #expect(error.code == .invalidValue)
        #expect(error.file == "salient_stats.csv" && error.line == 2 && error.field == "section")
        #expect(error.value == "Gross import reliance as a percentage of apparent consumption")
    }

    @Test func unknownWorldTable() throws {
        let error = try mcsError(["world_production.csv": Self.world.replacingOccurrences(of: "World Mine Production", with: "World Smelter Output")])
        #expect(error.code == .notFound)
        #expect(error.file == "world_production.csv" && error.line == 2 && error.field == "table_label")
        #expect(error.value == "World Smelter Output and Reserves")
    }

    @Test func unreadableFile() throws {
        let error = try mcsError(omitting: "salient_stats.csv")
        #expect(error.code == .io)
        #expect(error.file?.hasSuffix("salient_stats.csv") == true)
    }

    @Test func nirSmallFileImports() throws {
        let file = try nirFile("MCS2025,31,\"COBALT, metal, oxides, and salts\",76,\"Norway, Canada\",Descending order of import share.\n")
        defer { try? FileManager.default.removeItem(at: file) }
        let batch = try USGSNetImportRelianceImporter().read(file, catalogue: Self.catalogue)
        #expect(batch.observations.map(\.measure) == [.netImportReliance, .importSourceRank, .importSourceRank])
        #expect(batch.observations.map(\.label) == Array(repeating: "metal, oxides, and salts", count: 3))
        #expect(batch.observations.last?.partner == .country(.canada) && batch.observations.last?.rank == 2)
    }

    @Test func nirMissingColumn() throws {
        let header = "Source,Import_Share_Order,Commodity,Major_Import_Sources_2020_2023,Notes\n"
        let error = try nirError("MCS2025,31,COBALT,\"Norway\",\n", header: header)
        #expect(error.code == .missingField)
        #expect(error.line == 1 && error.field == "Net_Import_Reliance_pct_2024")
        #expect(error.file?.hasPrefix("MCS2025_Fig2_Net_Import_Reliance") == true)
    }

    @Test func nirUnknownCountriesAreAllListed() throws {
        let error = try nirError("MCS2025,1,COBALT,76,\"Norway, Atlantis\",\nMCS2025,2,COBALT,76,\"Narnia, Canada\",\n")
        #expect(error.code == .unknownNames)
        #expect(error.line == 2 && error.field == "Major_Import_Sources_2020_2023" && error.value == "Atlantis; Narnia")
        #expect(error.message.contains("\"Atlantis\" (line 2)") && error.message.contains("\"Narnia\" (line 3)"))
    }

    @Test func nirBadNumber() throws {
        let error = try nirError("MCS2025,1,COBALT,7x6,\"Norway\",\n")
        #expect(error.code == .invalidValue)
        #expect(error.line == 2 && error.field == "Net_Import_Reliance_pct_2024" && error.value == "7x6")
    }

    @Test func nirUnknownCommodity() throws {
        let error = try nirError("MCS2025,1,\"UNOBTAINIUM, metal\",76,\"Norway\",\nMCS2025,2,COBALT,76,Norway,\n")
        #expect(error.code == .unknownNames)
        #expect(error.line == 2 && error.field == "Commodity" && error.value == "UNOBTAINIUM, metal")
    }

    @Test func nirUnreadableFile() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).csv")
        #expect(throws: CritMinError.self) { try USGSNetImportRelianceImporter().read(missing, catalogue: Self.catalogue) }
        do {
            _ = try USGSNetImportRelianceImporter().read(missing, catalogue: Self.catalogue)
        } catch {
            #expect(error.code == .io && error.file == missing.path)
        }
    }
}
