import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("BACI CSV importer")
struct BACICSVImporterTests {
    static let countryCodes = """
        country_code,country_name,country_iso2,country_iso3
        124,Canada,CA,CAN
        842,USA,US,USA
        180,Dem. Rep. of the Congo,CD,COD
        490,"Other Asia, nes",,S19

        """
    static let trade = """
        t,i,j,k,v,q
        2022,124,842,810510,77776.2,1307.775
        2022,490,842,810510,         NA,         NA
        2022,180,124,282200,12.0,
        2022,124,842,10110,1.5,2.0
        2022,842,124,999999,1,1

        """

    /// A folder with a BACI file of `trade` and the country codes beside it; the URL of the BACI file.
    static func files(trade: String = trade, countries: String? = countryCodes, name: String = "BACI_HS92_Y2022_V202401b.csv") throws -> URL {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try Data(trade.utf8).write(to: file)
        if let countries { try Data(countries.utf8).write(to: folder.appendingPathComponent("country_codes_V202401b.csv")) }
        return file
    }

    static func read(_ url: URL, headings: Set<String>? = ["8105", "2822", "0101"]) throws -> ImportBatch {
        try BACICSVImporter(hsHeadings: headings).read(url, catalogue: BACIImporterTests.catalogue())
    }

    @Test("rows become flows as from baci.db: NA and empty stay nil, codes resolve, five-digit codes regain their zero, rows are traced")
    func smallFile() throws {
        let batch = try Self.read(try Self.files())
        #expect(batch.descriptor.id == "baci-hs92" && batch.descriptor.kind == "baci-csv")
        #expect(batch.citations.map(\.id) == ["baci-hs92-csv"] && batch.citations[0].edition?.contains("V202401b") == true)
        #expect(batch.sourceFiles == ["BACI_HS92_Y2022_V202401b.csv", "country_codes_V202401b.csv"])
        let flows = batch.tradeFlows
        #expect(flows.count == 4, "the row of heading 9999 is left out")
        #expect(
            flows[0]
                == TradeFlow(
                    year: 2022, exporter: "CAN", importer: "USA", hsCode: "810510", value: 77776.2, quantity: 1307.775,
                    citation: "baci-hs92-csv", source: SourceLocation(file: "BACI_HS92_Y2022_V202401b.csv", line: 2)))
        #expect(flows[1].exporter == "XAS" && flows[1].value == nil && flows[1].quantity == nil)
        #expect(flows[2].quantity == nil && flows[2].value == 12)
        #expect(flows[3].hsCode == "010110")
    }

    @Test("a folder reads every BACI_HS92 file; the default keeps the headings of the catalogue's commodities' codes")
    func folderAndDefaultHeadings() throws {
        let file = try Self.files()
        var catalogue = BACIImporterTests.catalogue()
        catalogue.add(Commodity(id: "cobalt", name: "Cobalt", symbol: "Co", kind: .element, hsCodes: ["810520"]))
        let batch = try BACICSVImporter().read(file.deletingLastPathComponent(), catalogue: catalogue)
        #expect(batch.tradeFlows.map(\.hsCode) == ["810510", "810510"])
    }

    @Test("bad rows name the file, line, column and value")
    func badRows() throws {
        for (row, column) in [("2022,124,842,810510,abc,1", "v"), ("2022,124,842,81051x,1,1", "k"), ("20x2,124,842,810510,1,1", "t")] {
            let error = try #require(throws: CritMinError.self) { try Self.read(try Self.files(trade: "t,i,j,k,v,q\n\(row)\n")) }
            #expect(error.file == "BACI_HS92_Y2022_V202401b.csv" && error.line == 2 && error.field == column, "\(error)")
        }
    }

    @Test("unknown country codes are reported together; other layouts and missing files are refused")
    func refusals() throws {
        let unknown = try #require(throws: CritMinError.self) {
            try Self.read(try Self.files(trade: "t,i,j,k,v,q\n2022,999,842,810510,1,1\n2022,124,998,810510,1,1\n"))
        }
        #expect(unknown.code == .unknownNames && unknown.message.contains("999") && unknown.message.contains("998"))
        let header = try #require(throws: CritMinError.self) { try Self.read(try Self.files(trade: "year,i,j,k,v,q\n")) }
        #expect(header.code == .missingField && header.line == 1)
        let nomenclature = try #require(throws: CritMinError.self) { try Self.read(try Self.files(name: "BACI_HS17_Y2022_V202401b.csv")) }
        #expect(nomenclature.code == .invalidFormat)
        let noCountries = try #require(throws: CritMinError.self) { try Self.read(try Self.files(countries: nil)) }
        #expect(noCountries.code == .invalidFormat && noCountries.message.contains("country_codes"))
        let empty = try #require(throws: CritMinError.self) { try Self.read(try Self.files(), headings: ["2601"]) }
        #expect(empty.code == .invalidFormat)
    }

    @Test("the importer is registered as baci-csv")
    func registered() throws {
        #expect(try ImporterRegistry.importer(kind: "baci-csv") is BACICSVImporter)
    }
}
