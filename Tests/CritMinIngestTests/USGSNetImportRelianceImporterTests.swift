import CritMinCore
import CritMinIngest
import Foundation
import Testing

/// The Figure 2 importer against the real MCS 2023, 2024 and 2025 data-release files in ../shared/data/usgs-mcs-trends.
@Suite(.enabled(if: SharedData.available))
struct USGSNetImportRelianceImporterTests {
    let catalogue: Catalogue

    init() throws {
        catalogue = try USGSTestSupport.catalogue()
    }

    private func read(_ year: Int) throws -> ImportBatch {
        try USGSNetImportRelianceImporter().read(USGSTestSupport.nirFile(year), catalogue: catalogue)
    }

    private func reliance(_ batch: ImportBatch, _ commodity: CommodityID, label: String? = nil) -> Observation? {
        batch.observations.first { $0.commodity == commodity && $0.measure == .netImportReliance && $0.label == label }
    }

    private func sources(_ batch: ImportBatch, _ commodity: CommodityID, label: String? = nil) -> [Observation] {
        batch.observations.filter { $0.commodity == commodity && $0.measure == .importSourceRank && $0.label == label }
            .sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }
    }

    @Test func mcs2025CobaltAndCitation() throws {
        let batch = try read(2025)
        #expect(batch.descriptor.id == "usgs-mcs-2025-nir")
        #expect(batch.descriptor.kind == "usgs-nir")
        let citation = try #require(batch.citations.first)
        #expect(citation.publication == "Mineral Commodity Summaries 2025 Data Release")
        #expect(citation.table == "Figure 2 (Net import reliance)")
        #expect(citation.url == "https://doi.org/10.5066/P13XCP3R")
        // Line 32: MCS2025,31,"COBALT, metal, oxides, and salts",76,"Norway, Finland, Japan, Canada".
        let cobalt = try #require(reliance(batch, "cobalt", label: "metal, oxides, and salts"))
        #expect(cobalt.quantity.amount == .value(76) && cobalt.quantity.unit == .percent)
        #expect(cobalt.period == Period(2024) && cobalt.area == .country(.unitedStates))
        #expect(cobalt.source == SourceLocation(file: "MCS2025_Fig2_Net_Import_Reliance.csv", line: 32))
        let ranked = sources(batch, "cobalt", label: "metal, oxides, and salts")
        #expect(ranked.map(\.partner) == [.country("NOR"), .country("FIN"), .country("JPN"), .country("CAN")])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4])
        #expect(ranked.map(\.quantity.amount) == [.value(1), .value(2), .value(3), .value(4)])
        #expect(ranked.allSatisfy { $0.period == Period(start: 2020, end: 2023) && $0.quantity.unit == MeasureUnit("rank") })
        #expect(ranked.allSatisfy { $0.note == "Descending order of import share." && $0.citation == citation.id })
    }

    @Test func mcs2025NamesBoundsAndCorrections() throws {
        let batch = try read(2025)
        // Line 11: NIOBIUM (COLUMBIUM),100,"Brazil, Canada  " (trailing spaces).
        #expect(reliance(batch, "niobium")?.quantity.amount == .value(100))
        #expect(sources(batch, "niobium").map(\.partner) == [.country("BRA"), .country(.canada)])
        // ">95" and "<25" stay bounds.
        #expect(reliance(batch, "titanium", label: "sponge metal")?.quantity.amount == .greaterThan(95))
        #expect(reliance(batch, "bromine")?.quantity.amount == .lessThan(25))
        #expect(reliance(batch, "zirconium", label: "ores and concentrates")?.quantity.amount == .lessThan(25))
        // Canada is the first source of potash (line 21).
        #expect(sources(batch, "potash").first?.partner == .country(.canada))
        // "China3": a footnote marker glued to the name, read as China with the raw text kept.
        let garnet = try #require(sources(batch, "garnet").last)
        #expect(garnet.partner == .country(.china) && garnet.rank == 4 && garnet.quantity.raw == "China3")
        #expect(garnet.note?.contains("China3") == true)
        #expect(reliance(batch, "magnesium")?.quantity.amount == .greaterThan(75))  // MAGNESIUM METAL
        #expect(reliance(batch, "titanium-mineral-concentrates")?.quantity.amount == .value(86))
        #expect(reliance(batch, "rare-earths", label: "compounds and metals")?.quantity.amount == .value(80))
        #expect(reliance(batch, "alumina")?.quantity.amount == .value(59))
        // 64 commodities, each with its net import reliance.
        #expect(batch.observations.filter { $0.measure == .netImportReliance }.count == 64)
    }

    @Test func mcs2023Layout() throws {
        let batch = try read(2023)
        #expect(batch.descriptor.id == "usgs-mcs-2023-nir")
        #expect(batch.citations.first?.url == "https://doi.org/10.5066/P9WCYUI6")
        // Net_Import_Reliance_pct_2022 and Major_Import_Sources_2018_2021; no Notes column.
        let cobalt = try #require(reliance(batch, "cobalt"))
        #expect(cobalt.period == Period(2022) && cobalt.quantity.amount == .value(76))
        let ranked = sources(batch, "cobalt")
        #expect(ranked.map(\.partner) == [.country("NOR"), .country(.canada), .country("FIN"), .country("JPN")])
        #expect(ranked.allSatisfy { $0.period == Period(start: 2018, end: 2021) && $0.note == nil })
        // Scandium's first source is "Europe", kept as a region.
        #expect(sources(batch, "scandium").first?.partner == .group("europe"))
        // "Congo (Kinshasa),  India": the double space does not matter.
        #expect(sources(batch, "diamond", label: "stones").map(\.partner).contains(.country("COD")))
        #expect(reliance(batch, "rare-earths", label: "compounds and metals, including lanthanides")?.quantity.amount == .greaterThan(95))
    }

    @Test func mcs2024LayoutWithByteOrderMark() throws {
        let batch = try read(2024)
        #expect(batch.descriptor.id == "usgs-mcs-2024-nir")
        #expect(batch.citations.first?.edition == "MCS 2024, ver. 2.0, March 2024")
        let cobalt = try #require(reliance(batch, "cobalt"))
        #expect(cobalt.period == Period(2023) && cobalt.quantity.amount == .value(67))
        #expect(sources(batch, "cobalt").allSatisfy { $0.period == Period(start: 2019, end: 2022) })
        #expect(sources(batch, "potash").map(\.partner) == [.country(.canada), .country("RUS"), .country("BLR")])
    }

    @Test(arguments: [2023, 2024, 2025])
    func everyObservationIsCitedAndTraceable(year: Int) throws {
        let batch = try read(year)
        let citations = Set(batch.citations.map(\.id))
        let lines = try String(contentsOf: USGSTestSupport.nirFile(year), encoding: .utf8)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for observation in batch.observations {
            #expect(citations.contains(observation.citation))
            let figure = observation.quantity.raw ?? observation.quantity.amount.notation
            #expect(lines[observation.source.line - 1].contains(figure), "\(observation.source): \(figure)")
        }
        let again = try read(year)
        #expect(again.checksum == batch.checksum)
    }
}
