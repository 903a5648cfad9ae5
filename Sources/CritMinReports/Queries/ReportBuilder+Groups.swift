import CritMinCore

extension ReportBuilder {
    /// `critmin groups`: every country group with its size and source; with an id, its members.
    public func groups(_ id: String? = nil) throws(CritMinError) -> Report {
        if let id {
            let group = try group(named: id)
            let rows = group.members.map { [Cell($0.rawValue), Cell(name(of: .country($0)))] }
            return Report(
                title: "\(group.id): \(group.name)", facts: [("Members", String(group.members.count)), ("Source", group.source)],
                tables: [ReportTable(title: "Members", columns: [Column("Code"), Column("Country")], rows: rows)])
        }
        let rows = catalogue.groups.values.sorted { $0.id < $1.id }.map { group in
            [Cell(group.id), Cell(group.name), .integer(group.members.count), Cell(group.source)]
        }
        return Report(
            title: "Country groups",
            tables: [
                ReportTable(
                    title: "Country groups (allies, partners, countries of concern)",
                    columns: [Column("Id"), Column("Name"), .figure("Members", key: "members"), Column("Source")], rows: rows,
                    notes: [
                        "`critmin assess --allies ID --concern ID` reads any of them; `critmin groups set ID CODES…` edits one "
                            + "(imports then leave it as set)."
                    ])
            ])
    }

    /// A country group by id.
    /// - Throws: ``CritMinError`` `.notFound` naming the id and the command that lists the groups.
    func group(named id: String) throws(CritMinError) -> CountryGroup {
        guard let group = catalogue.groups[id] else {
            throw CritMinError(.notFound, "no country group '\(id)'; `critmin groups` lists them", field: "group", value: id)
        }
        return group
    }
}
