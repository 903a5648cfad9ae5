import CritMinCore
import CritMinIngest
import Foundation
import Testing

/// The MCS 2026 importer against the real transcription in ../shared/data/usgs-mcs2026.
@Suite(.enabled(if: SharedData.available))
struct USGSMineralCommoditySummariesImporterTests {
    let batch: ImportBatch

    init() throws {
        batch = try USGSMineralCommoditySummariesImporter().read(USGSTestSupport.mcsFolder, catalogue: try USGSTestSupport.catalogue())
    }

    private func observations(_ commodity: CommodityID, _ measure: Measure, area: Area? = nil) -> [Observation] {
        batch.observations.filter { $0.commodity == commodity && $0.measure == measure && (area == nil || $0.area == area) }
    }

    @Test func datasetAndPublicationCitation() throws {
        #expect(batch.descriptor.id == "usgs-mcs-2026")
        #expect(batch.descriptor.title == "USGS Mineral Commodity Summaries 2026")
        #expect(batch.descriptor.kind == "usgs-mcs")
        let publication = try #require(batch.citations.first { $0.id == batch.descriptor.citation })
        #expect(publication.publication == "Mineral Commodity Summaries 2026")
        #expect(publication.url == "https://pubs.usgs.gov/periodicals/mcs2026/")
        #expect(batch.sourceFiles == ["commodities.csv", "world_production.csv", "salient_stats.csv", "import_sources.csv", "SOURCE.txt"])
    }

    @Test func cobaltWorldTableCitation() throws {
        let citation = try #require(batch.citations.first { $0.id == "usgs-mcs-2026/cobalt/world" })
        #expect(citation.publisher == "U.S. Geological Survey")
        #expect(citation.publication == "Mineral Commodity Summaries 2026")
        #expect(citation.edition == "MCS 2026")
        #expect(citation.table == "Cobalt — World Mine Production and Reserves")
        #expect(citation.year == 2026)
        #expect(citation.url == "https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-cobalt.pdf")
        #expect(citation.licence == "Public domain (U.S. Government work)")
        // SOURCE.txt: cobalt was transcribed from data/audit/cobalt/data.json at commit 2514d2bf….
        #expect(citation.note?.contains("data/audit/cobalt/data.json") == true)
        #expect(citation.note?.contains("2514d2bf45d514b45435a62983869ba1738349ad") == true)
        for table in ["salient", "import-sources", "end-uses"] {
            #expect(batch.citations.contains { $0.id.rawValue == "usgs-mcs-2026/cobalt/\(table)" })
        }
    }

    @Test func cobaltWorldMineProduction() throws {
        let production = observations("cobalt", .production).filter { $0.citation == "usgs-mcs-2026/cobalt/world" }
        // world_production.csv lines 238–265: 14 areas (12 countries, Other countries, World total) × 2 years.
        #expect(production.count == 28)
        let congo = try #require(production.first { $0.area == .country("COD") && $0.period == Period(2025) })
        // Line 247: Congo (Kinshasa), 2025, production_raw 230000; the chapter's latest year is "2025e".
        #expect(congo.quantity.amount == .value(230_000))
        #expect(congo.quantity.unit == MeasureUnit("t", basis: "cobalt content"))
        #expect(congo.quantity.estimated)
        #expect(congo.stage == .mine)
        #expect(congo.source == SourceLocation(file: "world_production.csv", line: 247))
        let world = try #require(production.first { $0.area == .world && $0.period == Period(2025) })
        #expect(world.quantity.amount == .value(310_000))  // line 265: World total (rounded), 310000
        let congo2024 = try #require(production.first { $0.area == .country("COD") && $0.period == Period(2024) })
        #expect(congo2024.quantity.amount == .value(226_000) && !congo2024.quantity.estimated)  // line 246
        #expect(production.contains { $0.area == .otherCountries && $0.quantity.amount == .value(9_100) })  // line 263
    }

    @Test func cobaltReservesOncePerCountry() throws {
        let reserves = observations("cobalt", .reserves)
        // One per area (14), although each is repeated on the 2024 and 2025 rows; dated to the latest year.
        #expect(reserves.count == 14)
        #expect(Set(reserves.map(\.area)).count == 14)
        #expect(reserves.allSatisfy { $0.period == Period(2025) && $0.stage == .mine })
        let congo = try #require(reserves.first { $0.area == .country("COD") })
        #expect(congo.quantity.amount == .value(6_000_000))  // line 247: reserves_raw 6000000
        let world = try #require(reserves.first { $0.area == .world })
        #expect(world.quantity.amount == .value(12_000_000))  // line 265
    }

    @Test func cobaltNetImportReliance() throws {
        let reliance = observations("cobalt", .netImportReliance)
        #expect(reliance.count == 5)  // 2021–2025
        let latest = try #require(reliance.first { $0.period == Period(2025) })
        // salient_stats.csv: "Net import reliance as a percentage of apparent consumption", 2025e, raw 79.
        #expect(latest.quantity.amount == .value(79))
        #expect(latest.quantity.unit == .percent)
        #expect(latest.quantity.estimated)
        #expect(latest.area == .country(.unitedStates))
        #expect(latest.label == "Net import reliance as a percentage of apparent consumption")
    }

    @Test func salientStatisticsUnitsAndStages() throws {
        let secondary = try #require(
            observations("cobalt", .production).first { $0.label == "Production — Secondary" && $0.period == Period(2024) })
        #expect(secondary.stage == .secondary && secondary.quantity.amount == .value(2_050))
        let price = try #require(observations("cobalt", .price).first { $0.period == Period(2024) && $0.label?.contains("U.S. spot") == true })
        #expect(price.quantity.unit == MeasureUnit("USD/lb") && price.quantity.amount == .value(16.77))
        let aluminumPrice = try #require(observations("aluminum", .price).first { $0.period == Period(2024) })
        #expect(aluminumPrice.quantity.unit == MeasureUnit("USc/lb") && aluminumPrice.quantity.amount == .value(129.5))
        let aluminumConsumption = try #require(observations("aluminum", .consumption).first { $0.period == Period(2025) })
        #expect(aluminumConsumption.label == "Consumption, apparent" && aluminumConsumption.quantity.unit == MeasureUnit("kt"))
        let employment = try #require(observations("aluminum", .employment).first { $0.period == Period(2021) })
        #expect(employment.quantity.unit == MeasureUnit("persons") && employment.quantity.amount == .value(28_900))
        // Rhenium's net import reliance sat under "Employment, number" with the label "Small Net import reliance …".
        let rhenium = try #require(observations("rhenium", .netImportReliance).first { $0.period == Period(2025) })
        #expect(rhenium.quantity.amount == .value(75) && rhenium.quantity.unit == .percent)
        #expect(observations("rhenium", .employment).isEmpty)
        // Titanium has two tables with the same rows: sponge metal, then TiO2 pigment.
        let titanium = observations("titanium", .netImportReliance).filter { $0.period == Period(2025) }
        #expect(titanium.first { $0.label?.hasPrefix("Sponge metal") == true }?.quantity.amount == .value(100))
        #expect(titanium.first { $0.label?.hasPrefix("TiO2 pigment") == true }?.quantity.amount == .netExporter)
        // Bounds and symbols stay what they are: titanium 2021 ">95", zirconium "<25", abrasives "E".
        #expect(observations("titanium", .netImportReliance).contains { $0.quantity.amount == .greaterThan(95) })
        #expect(observations("zirconium", .netImportReliance).contains { $0.quantity.amount == .lessThan(25) })
        // Potash prices are per metric ton of K2O, the subscript restored.
        let potash = try #require(observations("potash", .price).first { $0.period == Period(2025) && $0.label?.hasSuffix("MOP") == true })
        #expect(potash.quantity.unit == MeasureUnit("USD/t", basis: "K2O equivalent"))
        // Platinum-group metal rows named after a member metal belong to that metal.
        #expect(observations("palladium", .production).contains {
            $0.stage == .mine && $0.period == Period(2024) && $0.quantity.amount == .value(10_200)
        })
    }

    @Test func cobaltImportSources() throws {
        let shares = observations("cobalt", .importShare).sorted { ($0.rank ?? 99) < ($1.rank ?? 99) }
        // import_sources.csv lines 128–132, category "Metal, oxide, and salts", 2021-24.
        #expect(shares.map(\.partner) == [.country("NOR"), .country("FIN"), .country("CAN"), .country("JPN"), .otherCountries])
        #expect(shares.map(\.quantity.amount) == [.value(26), .value(16), .value(14), .value(14), .value(30)])
        #expect(shares.map(\.rank) == [1, 2, 3, 4, nil])
        // 26 + 16 + 14 + 14 + 30 = 100.
        #expect(shares.compactMap(\.quantity.amount.exactValue).reduce(0, +) == 100)
        #expect(shares.allSatisfy { $0.period == Period(start: 2021, end: 2024) && $0.label == "Metal, oxide, and salts" })
        #expect(shares.allSatisfy { $0.area == .country(.unitedStates) && $0.quantity.unit == .percent })
    }

    @Test func importSourceListsAndCorrections() throws {
        // Aluminum lists the same countries twice (category and flat list): imported once, without a label.
        let aluminum = observations("aluminum", .importShare)
        #expect(aluminum.count == 5 && aluminum.allSatisfy { $0.label == nil })
        // Magnesium "Scrap" merges two lists; the second (after "other") is not imported: 4 countries + other.
        #expect(observations("magnesium", .importShare).filter { $0.label == "Scrap" }.count == 5)
        // Scandium's first entry is the sentence ending in "Japan"; silver's "Chile and Turkey" is one combined share.
        #expect(observations("scandium", .importShare).first { $0.rank == 1 }?.partner == .country("JPN"))
        let silver = try #require(observations("silver", .importShare).first { $0.rank == 3 })
        #expect(silver.partner == .group("CHL+TUR") && silver.quantity.amount == .value(5))
        #expect(observations("titanium", .importShare).contains { $0.label == "TiO2 pigment" })
    }

    @Test func worldTablesByStage() throws {
        // Copper's production column is refinery output: Chile 1,940 kt in 2024 (line 272).
        let chile = try #require(observations("copper", .production, area: .country("CHL")).first { $0.period == Period(2024) && $0.stage != nil })
        #expect(chile.stage == .refinery && chile.quantity.amount == .value(1_940) && chile.label == "Refinery production")
        #expect(observations("copper", .reserves, area: .country("CHL")).first?.stage == .mine)
        // Tellurium: "United States (copper telluride)" is the United States, the qualifier kept in the label.
        let tellurium = try #require(
            observations("tellurium", .production, area: .country(.unitedStates)).first { $0.period == Period(2024) && $0.stage != nil })
        #expect(tellurium.label == "copper telluride" && tellurium.quantity.amount == .withheld && tellurium.stage == .refinery)
        // Boron: "Argentina, crude ore" 160 kt in 2024.
        let argentina = try #require(observations("boron", .production, area: .country("ARG")).first { $0.period == Period(2024) && $0.stage != nil })
        #expect(argentina.label == "crude ore" && argentina.quantity.amount == .value(160))
        // Bismuth has no years in the transcription: dated from the column markers, 2024 and 2025, and noted.
        let bismuth = observations("bismuth", .production, area: .country(.china)).filter { $0.stage == .refinery }
        #expect(Set(bismuth.map(\.period)) == [Period(2024), Period(2025)])
        #expect(bismuth.allSatisfy { $0.note?.contains("Year not given") == true })
        // Iron and steel 2025: pig iron from production_raw (21), not the extraction's sum 103; raw steel 82 from the sub-metal row.
        let steel = observations("iron-and-steel", .production, area: .country(.unitedStates))
            .filter { $0.stage == .processing && $0.period == Period(2025) }
        #expect(steel.first { $0.label == "Pig iron" }?.quantity.amount == .value(21))
        #expect(steel.first { $0.label == "Raw steel" }?.quantity.amount == .value(82))
        // Platinum-group metals: the main column is palladium, the sub-metal column platinum; reserves for the group.
        #expect(observations("platinum", .production, area: .world).first { $0.stage == .mine }?.quantity.amount == .value(170_000))
        #expect(observations("platinum-group-metals", .reserves, area: .world).first?.quantity.amount == .greaterThan(76_000_000))
        // Abrasives' table is capacity; molybdenum reserves are in kt; beryllium has no reserves (paragraph debris).
        #expect(observations("abrasives", .capacity, area: .world).contains {
            $0.label == "Silicon carbide" && $0.quantity.amount == .value(1_000_000)
        })
        #expect(observations("molybdenum", .reserves, area: .country(.china)).first?.quantity.unit == MeasureUnit("kt", basis: "molybdenum content"))
        #expect(observations("beryllium", .reserves).isEmpty)
        // Aluminum capacity is printed once per country: Canada 3,310 kt, dated 2025.
        let capacity = observations("aluminum", .capacity, area: .country(.canada))
        #expect(capacity.count == 1 && capacity.first?.quantity.amount == .value(3_310) && capacity.first?.period == Period(2025))
    }

    @Test func aluminumEndUses() throws {
        let uses = observations("aluminum", .endUseShare)
        // "Transportation applications accounted for 36% …; the remainder was used in packaging, 24%; building, 13%;
        // electrical, 9%; consumer durables and machinery, 8% each; and other, 2%."  36+24+13+9+8+8+2 = 100.
        #expect(uses.map(\.label) == [
            "transportation applications", "packaging", "building", "electrical", "consumer durables", "machinery", "other",
        ])
        #expect(uses.map(\.quantity.amount) == [36, 24, 13, 9, 8, 8, 2].map { .value($0) })
        #expect(uses.allSatisfy { $0.area == .country(.unitedStates) && $0.period == Period(2025) && $0.quantity.unit == .percent })
        #expect(uses.allSatisfy { $0.source.file == "commodities.csv" && $0.source.line == 3 })
        // Lithium's shares are global, so the area is the world.
        #expect(observations("lithium", .endUseShare).allSatisfy { $0.area == .world })
    }

    @Test func endUseCoverage() throws {
        // 19 of the 43 chapters state shares in the explicit patterns EndUseParser reads.
        let byChapter = Dictionary(grouping: batch.observations.filter { $0.measure == .endUseShare }, by: \.citation)
        #expect(byChapter.count == 19)
        // Where every share is an exact value, they add up to 99–100 (gallium's 73 + 26 = 99) or to a partial total
        // (lead 67, tungsten 60: the text names only the leading use).
        let partial: Set<CitationID> = ["usgs-mcs-2026/lead/end-uses", "usgs-mcs-2026/tungsten/end-uses"]
        for (citation, shares) in byChapter where !partial.contains(citation) {
            let values = shares.compactMap(\.quantity.amount.exactValue)
            guard values.count == shares.count else { continue }
            #expect((99...100).contains(values.reduce(0, +)), "\(citation)")
        }
    }

    @Test func everyObservationIsCitedAndTraceable() throws {
        let citations = Set(batch.citations.map(\.id))
        var lines: [String: [Substring]] = [:]
        for file in batch.sourceFiles {
            let text = try String(contentsOf: USGSTestSupport.mcsFolder.appendingPathComponent(file), encoding: .utf8)
            lines[file] = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        }
        for observation in batch.observations {
            #expect(citations.contains(observation.citation), "\(observation.citation)")
            let line = try #require(lines[observation.source.file]?[observation.source.line - 1])
            let figure = observation.quantity.raw ?? observation.quantity.amount.notation
            #expect(line.contains(figure), "\(observation.source): \(figure)")
        }
    }

    @Test func observationsAreUnique() {
        var seen = Set<String>()
        for observation in batch.observations {
            let key = [observation.commodity.rawValue, observation.stage?.rawValue ?? "", observation.measure.rawValue, observation.area.code,
                observation.partner?.code ?? "", observation.period.description, observation.label ?? ""].joined(separator: "|")
            #expect(seen.insert(key).inserted, "\(key)")
        }
    }

    @Test func countsPerMeasure() {
        let counts = Dictionary(grouping: batch.observations, by: \.measure).mapValues(\.count)
        // End uses: 19 chapters; import shares: 479 rows less repeated flat lists, the magnesium second list and
        // entries after a residual. The other counts are recorded in the report.
        #expect(counts[.endUseShare] == 70)
        #expect(counts[.importShare] == 418)
        #expect(batch.observations.count == counts.values.reduce(0, +))
    }

    @Test func reimportGivesTheSameChecksum() throws {
        let again = try USGSMineralCommoditySummariesImporter().read(USGSTestSupport.mcsFolder, catalogue: try USGSTestSupport.catalogue())
        #expect(again.checksum == batch.checksum)
        #expect(again.observations == batch.observations)
    }
}
