import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin commodities`: the commodity catalogue.
    public func commodities() async throws -> Report {
        let rows = catalogue.commodities.values.sorted { $0.id < $1.id }.map { commodity in
            [
                Cell(commodity.id.rawValue), Cell(commodity.name), Cell(commodity.symbol ?? ""), Cell(commodity.kind.rawValue),
                Cell(commodity.parent?.rawValue ?? ""),
                Cell(commodity.aliases.joined(separator: "; "), json: .array(commodity.aliases.map(JSONValue.string))),
            ]
        }
        let citations = try await store.citations([CitationID("critmin/reference")]).values.map(\.line)
        return Report(
            title: "Commodities",
            tables: [
                ReportTable(
                    title: "Commodity catalogue (\(rows.count))",
                    columns: [
                        Column("Id"), Column("Name"), Column("Symbol"), Column("Kind"), Column("Group"), Column("Also called", key: "aliases"),
                    ],
                    rows: rows, citations: citations)
            ])
    }

    /// `critmin datasets`: every dataset version in the store.
    public func datasets() async throws -> Report {
        let all = try await store.datasetVersions(latestOnly: false)
        let citations = try await store.citations(Set(all.map(\.descriptor.citation)))
        let rows = all.map { version in
            [
                Cell(version.descriptor.id.rawValue), .integer(version.version), Cell(version.descriptor.kind),
                Cell(version.descriptor.classification.rawValue),
                .integer(version.recordCount), Cell(String(version.checksum.prefix(12)), json: .string(version.checksum)),
                Cell(version.importedBy), Cell(version.sourceFiles.joined(separator: " "), json: .array(version.sourceFiles.map(JSONValue.string))),
            ]
        }
        return Report(
            title: "Datasets",
            tables: [
                ReportTable(
                    title: "Dataset versions (\(all.count))",
                    columns: [
                        Column("Dataset"), .figure("Version"), Column("Kind"), Column("Classification"), .figure("Records"), Column("SHA-256"),
                        Column("Imported by"), Column("Source files"),
                    ],
                    rows: rows, notes: ["Queries read the latest version of each dataset."],
                    citations: all.compactMap { citations[$0.descriptor.citation]?.line }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
            ])
    }
}
