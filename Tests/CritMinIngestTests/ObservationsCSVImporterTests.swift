import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Generic observations CSV importer")
struct ObservationsCSVImporterTests {
    static let header = "dataset,dataset_title,owner,classification,commodity,stage,measure,area,partner,period,label,value,unit,basis,estimated,"
        + "rank,note,publisher,publication,edition,table,year_published,url,licence,citation_note\n"
    static let dataset = "nrcan-test,NRCan test figures,NRCan,bilateral"
    static let citation = "Natural Resources Canada,Canadian Mineral Production,preliminary,Table 1,2024,https://example.org,OGL-Canada,typed in"

    func read(_ rows: String, header: String = Self.header) throws -> ImportBatch {
        let source = try ReferenceImportFixtures.write(header + rows, named: "observations.csv")
        return try ObservationsCSVImporter().read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
    }

    func readError(_ rows: String, header: String = Self.header) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(rows, header: header) }
    }

    /// A row of `dataset` and `citation` with the observation columns from commodity to note.
    func row(_ observation: String, dataset: String = Self.dataset, citation: String = Self.citation) -> String {
        "\(dataset),\(observation),\(citation)\n"
    }

    @Test("USGS notation, estimates, partners, spans and ranks; one citation per distinct citation fields")
    func smallFile() throws {
        let batch = try read(
            row("cobalt,mine,production,Canada,,2023,,\"3,350\",t,cobalt content,no,,")
                + row("Cobalt,mine,production,CAN,,2024,,\"3,500\",t,cobalt content,yes,,")
                + row("nickel,mine,production,World,,2023,,>95,t,,,,rounded")
                + row("nickel,mine,production,Other countries,,2023,,890–1000,t,,,,")
                + row("potash,,import-share,United States,Canada,2021-24,,79,%,,,1,")
                + row("potash,,production,CA,,2023,,W,kt,K2O equivalent,,,", citation: "NRCan,Other publication,,,,,,"))
        let ids = batch.citations.map(\.id)
        #expect(ids.count == 2)
        // "nrcan-test/" and 12 hexadecimal digits.
        #expect(ids.allSatisfy { $0.rawValue.hasPrefix("nrcan-test/") && $0.rawValue.count == 11 + 12 })
        #expect(batch.descriptor == DatasetDescriptor(
            id: "nrcan-test", title: "NRCan test figures", kind: "observations", owner: "NRCan", classification: .bilateral,
            citation: ids[0]))
        #expect(batch.observations.count == 6)
        let first = batch.observations[0]
        #expect(first.commodity == "cobalt" && first.stage == .mine && first.measure == .production && first.area == .country(.canada))
        #expect(first.quantity == Quantity(.value(3_350), unit: MeasureUnit("t", basis: "cobalt content")))
        #expect(first.source == CritMinCore.SourceLocation(file: "observations.csv", line: 2))
        #expect(batch.observations[1].quantity.estimated)
        #expect(batch.observations[2].area == .world && batch.observations[2].quantity.amount == .greaterThan(95))
        #expect(batch.observations[2].note == "rounded")
        // "890–1000" reads as a range and prints as "890–1,000": the verbatim text is kept.
        #expect(batch.observations[3].quantity.amount == .range(890, 1_000))
        #expect(batch.observations[3].quantity.raw == "890–1000")
        let share = batch.observations[4]
        #expect(share.partner == .country(.canada) && share.area == .country(.unitedStates))
        #expect(share.period == Period(start: 2021, end: 2024) && share.rank == 1 && share.stage == nil)
        #expect(batch.observations[5].quantity.amount == .withheld)
        #expect(batch.observations.map(\.citation) == [ids[0], ids[0], ids[0], ids[0], ids[0], ids[1]])
        #expect(batch.citations == [
            Citation(
                id: ids[0], publisher: "Natural Resources Canada", publication: "Canadian Mineral Production", edition: "preliminary",
                table: "Table 1", year: 2024, url: "https://example.org", licence: "OGL-Canada", note: "typed in"),
            Citation(id: ids[1], publisher: "NRCan", publication: "Other publication"),
        ])
    }

    @Test("citation ids depend on the citation fields only, not on row order or the other citations")
    func stableCitationIDs() throws {
        let other = "NRCan,Other publication,,,,,,"
        let cobalt = row("cobalt,mine,production,Canada,,2023,,1,t,,,,")
        let nickel = row("nickel,mine,production,Canada,,2023,,1,t,,,,", citation: other)
        let forward = try read(cobalt + nickel)
        let backward = try read(nickel + cobalt)
        #expect(forward.citations.map(\.id) == backward.citations.map(\.id).reversed())
        let edited = try read(cobalt + row("nickel,mine,production,Canada,,2023,,1,t,,,,", citation: "NRCan,Other publication,2nd,,,,,"))
        #expect(edited.citations[0].id == forward.citations[0].id)
        #expect(edited.citations[1].id != forward.citations[1].id)
    }

    @Test("optional columns may be left out of the header")
    func requiredColumnsOnly() throws {
        let header = "dataset,dataset_title,owner,classification,commodity,measure,area,period,value,unit,publisher,publication\n"
        let batch = try read("d,Title,Owner,public,cobalt,reserves,Canada,2024,\"220,000\",t,USGS,MCS 2026\n", header: header)
        #expect(batch.observations.first?.quantity.amount == .value(220_000))
        #expect(batch.observations.first?.stage == nil)
    }

    @Test("all rows must agree on the dataset")
    func oneDatasetPerFile() throws {
        let error = try readError(
            row("cobalt,mine,production,Canada,,2023,,1,t,,,,")
                + row("cobalt,mine,production,Canada,,2024,,1,t,,,,", dataset: "other,NRCan test figures,NRCan,bilateral"))
        ReferenceImportFixtures.check(error, .conflict, line: 3, field: "dataset", value: "other")
        #expect(error.message.contains("line 2"))
        let classification = try readError(
            row("cobalt,mine,production,Canada,,2023,,1,t,,,,")
                + row("cobalt,mine,production,Canada,,2024,,1,t,,,,", dataset: "nrcan-test,NRCan test figures,NRCan,public"))
        #expect(classification.line == 3)
        #expect(classification.field == "classification")
        #expect(classification.value == "public")
    }

    @Test("unknown commodities, stages and measures name line, column and the allowed values")
    func unknownVocabulary() throws {
        let commodity = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,") + row("kobalt,mine,production,Canada,,2024,,1,t,,,,"))
        ReferenceImportFixtures.check(commodity, .invalidValue, line: 3, field: "commodity", value: "kobalt")
        #expect(commodity.message.contains("aluminum, bauxite, cobalt, nickel, potash, rare-earths"))
        let stage = try readError(row("cobalt,smelter,production,Canada,,2023,,1,t,,,,"))
        ReferenceImportFixtures.check(stage, .invalidValue, field: "stage", value: "smelter")
        #expect(stage.message.contains("mine, refinery, secondary, processing"))
        let measure = try readError(row("cobalt,mine,output,Canada,,2023,,1,t,,,,"))
        ReferenceImportFixtures.check(measure, .invalidValue, field: "measure", value: "output")
        #expect(measure.message.contains("production, capacity, reserves"))
    }

    @Test("unknown areas and partners are reported together")
    func unknownNames() throws {
        let error = try readError(
            row("cobalt,mine,production,Atlantis,,2023,,1,t,,,,") + row("cobalt,mine,production,Canada,,2023,,1,t,,,,")
                + row("cobalt,,import-share,United States,Lemuria,2023,,5,%,,,,"))
        ReferenceImportFixtures.check(error, .unknownNames, file: "observations.csv")
        #expect(error.message.contains("Atlantis (line 2, area); Lemuria (line 4, partner)"))
    }

    @Test("bad values, periods, flags, ranks and dataset fields are refused")
    func badFields() throws {
        let words = try readError(row("cobalt,mine,production,Canada,,2023,,Small,t,,,,"))
        ReferenceImportFixtures.check(words, .invalidValue, field: "value", value: "Small")
        let suffix = try readError(row("cobalt,mine,production,Canada,,2023,,300e,t,,,,"))
        #expect(suffix.field == "value")
        #expect(suffix.value == "300e")
        #expect(suffix.message.contains("estimated"))
        let empty = try readError(row("cobalt,mine,production,Canada,,2023,,,t,,,,"))
        ReferenceImportFixtures.check(empty, .missingField, field: "value")
        let period = try readError(row("cobalt,mine,production,Canada,,FY2023,,1,t,,,,"))
        ReferenceImportFixtures.check(period, .invalidValue, field: "period", value: "FY2023")
        let backwards = try readError(row("cobalt,mine,production,Canada,,2024-21,,1,t,,,,"))
        #expect(backwards.field == "period")
        let estimated = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,maybe,,"))
        ReferenceImportFixtures.check(estimated, .invalidValue, field: "estimated", value: "maybe")
        let rank = try readError(row("cobalt,,import-share,United States,Canada,2023,,5,%,,,0,"))
        ReferenceImportFixtures.check(rank, .invalidValue, field: "rank")
        let unit = try readError(row("cobalt,mine,production,Canada,,2023,,1,,,,,"))
        ReferenceImportFixtures.check(unit, .missingField, field: "unit")
        let datasetID = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,", dataset: "NRCan Test,T,O,public"))
        ReferenceImportFixtures.check(datasetID, .invalidValue, field: "dataset", value: "NRCan Test")
        let classification = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,", dataset: "d,T,O,secret"))
        #expect(classification.field == "classification")
        #expect(classification.value == "secret")
        #expect(classification.message.contains("public, bilateral, national"))
        let publisher = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,", citation: ",Publication,,,,,,"))
        ReferenceImportFixtures.check(publisher, .missingField, field: "publisher")
        let year = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,", citation: "P,Publication,,,circa 2024,,,"))
        ReferenceImportFixtures.check(year, .invalidValue, field: "year_published")
    }

    @Test("the same figure twice is a conflict naming both lines; a file without rows is refused")
    func duplicatesAndEmpty() throws {
        let duplicate = try readError(row("cobalt,mine,production,Canada,,2023,,1,t,,,,") + row("cobalt,mine,production,CAN,,2023,,2,t,,,,"))
        ReferenceImportFixtures.check(duplicate, .conflict, line: 3)
        #expect(duplicate.message.contains("line 2"))
        let empty = try readError("")
        #expect(empty.code == .invalidFormat)
        let missing = try readError("", header: "dataset,commodity\n")
        #expect(missing.code == .missingField)
    }

    @Test("the example file: real Canadian figures with their citations", .enabled(if: SharedData.available))
    func exampleFile() throws {
        let batch = try ObservationsCSVImporter().read(
            ReferenceImportFixtures.fixture("observations-example.csv"), catalogue: ReferenceImportFixtures.sharedCatalogue())
        #expect(batch.descriptor.id == "canada-minerals-example")
        #expect(batch.observations.count == 10)
        // Cobalt's four rows share one citation; nickel, potash production, potash imports, antimony, indium and uranium
        // have one each: 1 + 6 = 7.
        #expect(batch.citations.count == 7)
        // USGS MCS 2026, cobalt, world_production.csv: Canada 2024 3,350 t, 2025 3,500 t (2025 is the estimated year).
        let cobalt = batch.observations.filter { $0.commodity == "cobalt" && $0.area == .country(.canada) }
        #expect(cobalt.map(\.quantity.amount) == [.value(3_350), .value(3_500)])
        #expect(cobalt.map(\.quantity.estimated) == [false, true])
        let share = try #require(batch.observations.first { $0.measure == .importShare })
        #expect(share.area == .country(.unitedStates))
        #expect(share.partner == .country(.canada))
        #expect(share.quantity.amount == .value(79))
        #expect(batch.observations.first { $0.commodity == "antimony" }?.quantity.amount == .zero)
        // World Mining Data, Uranium (U3O8), Canada 2024: 16,872 t.
        let uranium = try #require(batch.observations.first { $0.commodity == "uranium" })
        #expect(uranium.quantity == Quantity(.value(16_872), unit: MeasureUnit("t", basis: "U3O8 content")))
        #expect(batch.citations.first { $0.id == uranium.citation }?.publication == "World Mining Data")
    }
}
