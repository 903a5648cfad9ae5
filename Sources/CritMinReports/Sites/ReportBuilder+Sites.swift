import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// Sources whose records win on name, place and deposit type when several report one site: the national surveys'
    /// curated layers first, then the surveys' deposit databases, then the compilations (docs/DATA.md, "Sites").
    public static let siteSourcePriority: [CitationID] = [
        "nrcan-critical-minerals-2025", "nrcan-900a-2023", "usgs-usmin-lithium", "usgs-minmod", "usgs-pp1802", "metallican", "mincan-2024",
        "nrcan-top100", "cmmi-canada", "us-federal-projects",
    ]

    /// The register of every site the builder's store may read, merged from their records.
    public func siteRegister() async throws -> SiteRegister { try await siteRegisterAndDatasets().register }

    /// The register and the datasets its records come from.
    public func siteRegisterAndDatasets() async throws -> (register: SiteRegister, datasets: Set<DatasetID>) {
        let records = try await store.siteRecords(SiteRecordQuery())
        return (
            SiteRegister(records: records.map(\.record), merger: SiteMerger(sourcePriority: Self.siteSourcePriority)), Set(records.map(\.dataset))
        )
    }

    /// A commodity and, for a group (rare earths, platinum-group metals), its members: what a site filter matches.
    public func siteCommodities(named name: String) throws(CritMinError) -> Set<CommodityID> {
        let commodity = try commodity(named: name)
        return Set([commodity.id] + catalogue.members(of: commodity.id).map(\.id))
    }

    /// `critmin sites`: the sites passing `filter`, or the `nearest` sites to a point, one row each.
    public func sites(_ register: SiteRegister, filter: SiteFilter, nearest: (count: Int, point: GeoPoint)? = nil) async throws -> Report {
        let rows: [(site: Site, distanceKm: Double?)] =
            if let nearest {
                register.nearest(nearest.count, to: nearest.point, filter: filter).map { ($0.site, $0.distanceKm) }
            } else {
                register.sites(filter).map { site in
                    (site, filter.near.flatMap { near in site.location.map { near.center.distanceKm(to: $0.value) } })
                }
            }
        let showsDistance = nearest != nil || filter.near != nil
        var columns = [
            Column("Site", key: "id"), Column("Name", key: "name"), Column("Kind", key: "kind"), Column("Stage", key: "stage"),
            Column("Status", key: "status"), Column("Country", key: "country"), Column("Province/state", key: "subdivision"),
            Column("Commodities", key: "commodities"), Column("Owners", key: "owners"), Column.figure("Latitude", key: "latitude"),
            Column.figure("Longitude", key: "longitude"),
        ]
        if showsDistance { columns.append(.figure("Distance, km", key: "distance_km")) }
        columns.append(Column("Sources", key: "sources"))
        let table = ReportTable(
            title: "Sites", columns: columns,
            rows: rows.map { site, distance in
                var cells = [
                    Cell(site.id.rawValue), Cell(site.name.value), Cell(site.kind.value.rawValue),
                    Cell(site.stage?.value.rawValue ?? "", json: site.stage.map { .string($0.value.rawValue) } ?? .null),
                    Cell(site.status?.value.rawValue ?? "", json: site.status.map { .string($0.value.rawValue) } ?? .null),
                    Cell(site.country.rawValue), Cell(site.subdivision?.value ?? "", json: site.subdivision.map { .string($0.value) } ?? .null),
                    Self.listCell(site.commodities.map(\.commodity.rawValue)), Self.listCell(site.owners?.value.map(Self.ownerText) ?? []),
                    site.location.map { .number($0.value.latitude, decimals: 5) } ?? .empty,
                    site.location.map { .number($0.value.longitude, decimals: 5) } ?? .empty,
                ]
                if showsDistance { cells.append(distance.map { .number($0, decimals: 1) } ?? .empty) }
                cells.append(Self.listCell(site.records.map(\.citation.rawValue)))
                return cells
            },
            notes: [
                "\(rows.count) of the register's \(register.sites.count) sites. `critmin sites show ID` gives a site's sources and how each attribute was chosen."
            ],
            citations: try await citationLines(ids: Set(rows.flatMap { $0.site.records.map(\.citation) })))
        return Report(title: "Sites", tables: [table])
    }

    /// `critmin sites show`: one site, each attribute with the record it was taken from and why, then every record's figures.
    public func site(_ register: SiteRegister, id: String) async throws -> Report {
        guard let site = register.site(SiteID(rawValue: id)) else {
            throw CritMinError(.notFound, "no site '\(id)' in the register; `critmin sites --name …` finds ids", field: "id", value: id)
        }
        func source(_ record: Int) -> String { "\(site.records[record].citation) \(site.records[record].recordID)" }
        func chosen<Value>(_ field: String, _ value: Chosen<Value>?, _ text: (Value) -> String, _ siteField: SiteField) -> [Cell]? {
            guard let value else { return nil }
            let unverified = site.isUnverified(siteField, chosenFrom: value.record)
            return [
                Cell(field), Cell(text(value.value) + (unverified ? " (unverified)" : "")), Cell(source(value.record)), Cell(value.rule.rawValue),
            ]
        }
        let attributes = ReportTable(
            title: "Attributes",
            columns: [
                Column("Attribute", key: "attribute"), Column("Value", key: "value"), Column("From", key: "record"), Column("Rule", key: "rule"),
            ],
            rows: [
                chosen("Name", site.name, { $0 }, .name), chosen("Kind", site.kind, \.rawValue, .kind),
                chosen(
                    "Location (WGS84)", site.location,
                    { "\(NumberFormat.fixed($0.latitude, fractionDigits: 5)), \(NumberFormat.fixed($0.longitude, fractionDigits: 5))" }, .location),
                chosen("Province/state", site.subdivision, { $0 }, .subdivision), chosen("Stage", site.stage, \.rawValue, .stage),
                chosen("Status", site.status, \.rawValue, .status),
                chosen("Owners", site.owners, { $0.map(Self.ownerText).joined(separator: "; ") }, .owners),
                chosen("Deposit type", site.depositType, { $0 }, .depositType),
            ].compactMap { $0 }
                + [
                    [
                        Cell("Commodities"), Self.listCell(site.commodities.map(\.commodity.rawValue)),
                        Cell(Set(site.commodities.flatMap(\.records)).sorted().map(source).joined(separator: "; ")), Cell("union of the sources"),
                    ]
                ]
                + (site.aliases.isEmpty ? [] : [[Cell("Also called"), Self.listCell(site.aliases), Cell(""), Cell("every other name")]]))
        let records = ReportTable(
            title: "Source records",
            columns: [
                Column("Source", key: "citation"), Column("Record", key: "record_id"), Column("Name", key: "name"), Column("Stage", key: "stage"),
                Column("Status", key: "status"), Column("As of", key: "as_of"), Column("Unverified", key: "unverified"),
                Column("Not in the catalogue", key: "unresolved"),
            ],
            rows: site.records.map { record in
                [
                    Cell(record.citation.rawValue), Cell(record.recordID), Cell(record.name), Cell(record.stage?.rawValue ?? ""),
                    Cell(record.status?.rawValue ?? ""),
                    record.asOf.map(Cell.integer) ?? .empty, Self.listCell(record.unverified.map(\.rawValue).sorted()),
                    Self.listCell(record.unresolvedCommodities),
                ]
            })
        var tables = [attributes, records]
        if !site.resources.isEmpty {
            tables.append(
                ReportTable(
                    title: "Reserves and resources",
                    columns: [
                        Column("Commodity", key: "commodity"), Column("Category", key: "category"), Column.figure("Year", key: "year"),
                        Column.figure("Ore", key: "ore"), Column.figure("Grade", key: "grade"), Column.figure("Contained", key: "contained"),
                        Column("Source", key: "source"),
                    ],
                    rows: site.resources.map { estimate, record in
                        [
                            Cell(estimate.commodity.rawValue), Cell(estimate.category.rawValue), estimate.year.map(Cell.integer) ?? .empty,
                            Self.quantityCell(estimate.ore), Self.quantityCell(estimate.grade), Self.quantityCell(estimate.contained),
                            Cell(source(record)),
                        ]
                    }))
        }
        if !site.outputs.isEmpty {
            tables.append(
                ReportTable(
                    title: "Production and capacity",
                    columns: [
                        Column("Commodity", key: "commodity"), Column("Kind", key: "kind"), Column.figure("Year", key: "year"),
                        Column.figure("Per year", key: "quantity"), Column("Source", key: "source"),
                    ],
                    rows: site.outputs.map { output, record in
                        [
                            Cell(output.commodity.rawValue), Cell(output.kind.rawValue), output.year.map(Cell.integer) ?? .empty,
                            Self.quantityCell(output.quantity), Cell(source(record)),
                        ]
                    }))
        }
        if !site.actions.isEmpty {
            tables.append(
                ReportTable(
                    title: "Public actions",
                    columns: [
                        Column("Date", key: "date"), Column("Action", key: "action"), Column("Agency", key: "agency"),
                        Column("Programme", key: "program"), Column.figure("Amount, USD", key: "amount_usd"), Column("Note", key: "note"),
                        Column("Source", key: "source"),
                    ],
                    rows: site.actions.map { action, record in
                        [
                            Cell(action.date ?? ""), Cell(action.action), Cell(action.agency ?? ""), Cell(action.program ?? ""),
                            action.amountUSD.map { Cell.quantity(Quantity($0, unit: MeasureUnit("USD"))) } ?? .empty, Cell(action.note ?? ""),
                            Cell(source(record)),
                        ]
                    }))
        }
        let history = site.records.enumerated().flatMap { index, record in record.stageHistory.map { ($0, index) } }
        if !history.isEmpty {
            tables.append(
                ReportTable(
                    title: "Stage history",
                    columns: [Column.figure("Year", key: "year"), Column("Stage", key: "stage"), Column("Source", key: "source")],
                    rows: history.sorted { $0.0.year < $1.0.year }.map { [Cell.integer($0.0.year), Cell($0.0.stage.rawValue), Cell(source($0.1))] }))
        }
        let formerOwners = site.records.enumerated().filter { !$1.formerOwners.isEmpty }
        if !formerOwners.isEmpty {
            tables.append(
                ReportTable(
                    title: "Former owners", columns: [Column("Owners, oldest first", key: "owners"), Column("Source", key: "source")],
                    rows: formerOwners.map { [Self.listCell($1.formerOwners), Cell(source($0))] }))
        }
        tables[tables.count - 1].citations = try await citationLines(ids: Set(site.records.map(\.citation)))
        return Report(
            title: site.name.value,
            facts: [("Site", site.id.rawValue), ("Country", site.country.rawValue), ("Sources", String(site.records.count))], tables: tables)
    }

    static func ownerText(_ owner: SiteOwnership) -> String {
        owner.company + (owner.share.map { " (\(NumberFormat.grouped($0 * 100, maximumFractionDigits: 1)) %)" } ?? "")
    }

    static func listCell(_ items: [String]) -> Cell { Cell(items.joined(separator: "; "), json: .array(items.map(JSONValue.string))) }

    static func quantityCell(_ quantity: Quantity?) -> Cell {
        guard let quantity else { return .empty }
        var cell = Cell.quantity(quantity)
        cell.text += " " + quantity.unit.description
        return cell
    }
}

extension ReportBuilder {
    /// The citations of the sites' records, for GeoJSON properties.
    public func siteCitations(_ sites: [Site]) async throws -> [CitationID: Citation] {
        try await store.citations(Set(sites.flatMap { $0.records.map(\.citation) }))
    }
}
