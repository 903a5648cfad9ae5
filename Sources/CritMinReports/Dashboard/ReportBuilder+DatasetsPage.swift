import CritMinCore

extension ReportBuilder {
    /// `/datasets`: the datasets the reader may see, with owner, classification, versions, citation and downloads.
    public func datasetsPage() async throws -> DashboardPage {
        let all = try await store.datasetVersions(latestOnly: false)
        let byDataset = Dictionary(grouping: all, by: \.descriptor.id)
        let citations = try await store.citations(Set(all.map(\.descriptor.citation)))
        let latest = byDataset.values.compactMap { $0.max { $0.version < $1.version } }.sorted { $0.descriptor.id < $1.descriptor.id }
        let download = { (id: DatasetID, format: String) in "/api/v1/datasets/\(id.rawValue)/data?format=\(format)" }
        let overview = ReportTable(
            title: "Datasets you may read (\(latest.count))",
            columns: [
                Column("Dataset"), Column("Title"), Column("Owner"), Column("Classification"), .figure("Versions"), .figure("Records"),
                Column("Citation"), Column("Download"),
            ],
            rows: latest.map { version in
                let id = version.descriptor.id
                return [
                    Cell(id.rawValue), Cell(version.descriptor.title), Cell(version.descriptor.owner),
                    Cell(version.descriptor.classification.rawValue), .integer(byDataset[id]?.count ?? 1), .integer(version.recordCount),
                    Cell(citations[version.descriptor.citation]?.line ?? version.descriptor.citation.rawValue),
                    Cell("CSV", link: download(id, "csv")),
                ]
            },
            notes: [
                "Classification: public datasets are open to anyone; bilateral ones to the owner's organisation and those it granted; "
                    + "national ones to organisations of the owner's country. Every read of a non-public dataset is audited."
            ])
        let versionSections = latest.map { newest in
            let id = newest.descriptor.id
            let versions = (byDataset[id] ?? []).sorted { $0.version > $1.version }
            return BriefingBlock.table(
                ReportTable(
                    title: "\(id.rawValue): \(newest.descriptor.title)",
                    columns: [
                        .figure("Version"), Column("Imported"), Column("Imported by"), .figure("Records"), Column("SHA-256"), Column("Source files"),
                        Column("Download"),
                    ],
                    rows: versions.map { version in
                        [
                            .integer(version.version), Cell(version.importedAt.formatted(.iso8601)), Cell(version.importedBy),
                            .integer(version.recordCount), Cell(String(version.checksum.prefix(16))),
                            Cell(version.sourceFiles.joined(separator: " ")),
                            Cell("CSV", link: download(id, "csv") + "&version=\(version.version)"),
                        ]
                    },
                    citations: citations[newest.descriptor.citation].map { [$0.line] } ?? []))
        }
        let document = Briefing(
            title: "Datasets", subtitle: "What the store holds that you may read · critmin",
            summary: [
                .text("Each dataset is an immutable, versioned batch with one owner and a source citation; queries read the latest version. "),
                .text("Downloads give the records in the observations upload format, so they import again."),
            ],
            sections: [
                BriefingSection(title: "Datasets", blocks: [.table(overview)]), BriefingSection(title: "Versions", blocks: versionSections),
            ],
            sources: Array(citations.values).sorted { $0.id < $1.id })
        return DashboardPage(document: document)
    }
}
