import CritMinCore
import CritMinStore

/// Which editions of import-source data a sources report reads.
public enum SourceEditions: String, Sendable, CaseIterable {
    /// The newest MCS (import shares) and the newest data-release Figure 2 (ranked sources).
    case latest
    /// Every edition in the store.
    case all
}

extension ReportBuilder {
    /// `critmin sources --importer USA [--commodity X] [--list L]`: the countries an importer relies on, per commodity.
    public func sources(importer: String, commodity: String? = nil, list: String? = nil, editions: SourceEditions = .latest) async throws -> Report {
        let importerCountry = try country(named: importer)
        let scope = try await commodityScope(commodity: commodity, list: list)
        let observations = try await importSourceObservations(importer: importerCountry.code, commodities: scope.ids, editions: editions)
        struct RowKey: Hashable {
            var commodity: CommodityID
            var label: String?
            var dataset: DatasetID
            var period: Period
        }
        let sorted = observations.sorted { order(scope, $0, $1) }
        let keys = orderedKeys(
            sorted.map {
                RowKey(commodity: $0.observation.commodity, label: $0.observation.label, dataset: $0.dataset, period: $0.observation.period)
            })
        var rows: [[Cell]] = []
        var sources: [[StoredObservation]] = []
        for key in keys {
            let matching = sorted.filter {
                $0.observation.commodity == key.commodity && $0.observation.label == key.label && $0.dataset == key.dataset
                    && $0.observation.period == key.period
            }
            let listed = matching.map { stored -> String in
                let partner = stored.observation.partner.map(name(of:)) ?? "?"
                return stored.observation.measure == .importShare ? "\(partner) \(stored.observation.quantity.notation)%" : partner
            }
            rows.append([
                Cell(catalogue.commodities[key.commodity]?.name ?? key.commodity.rawValue, json: .string(key.commodity.rawValue)),
                Cell(key.label ?? ""), Cell(listed.joined(separator: ", "), json: .array(matching.map(sourceJSON))),
                Cell(key.period.description), Cell(key.dataset.rawValue),
            ])
            sources.append(matching)
        }
        let missing = scope.ids.filter { id in !observations.contains { $0.observation.commodity == id } }
        var notes = [
            "Import shares (usgs-mcs) are percentages of imports over the period; ranked lists (usgs-nir, MCS data-release Figure 2) give "
                + "the major sources in descending order of import share without shares."
        ]
        if !missing.isEmpty, scope.explicit {
            notes.append("No import-source data for: \(missing.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        let table = traced(
            ReportTable(
                title: "Import sources of \(importerCountry.name)\(scope.title)",
                columns: [
                    Column("Commodity"), Column("Form"), Column("Sources (largest first)", key: "sources"), Column("Period"), Column("Dataset"),
                ],
                rows: rows, notes: notes, citations: try await citationLines(observations)),
            sources: sources)
        return Report(title: "Who \(importerCountry.name) relies on", facts: scope.facts, tables: [table])
    }

    /// `critmin sources --supplier CAN --importer USA --list US-2018`: the commodities for which the supplier is a listed
    /// source of the importer, with its rank and share where known and the edition and period they come from.
    public func supplierSources(
        supplier: String, importer: String, commodity: String? = nil, list: String? = nil,
        editions: SourceEditions = .latest
    ) async throws -> Report {
        let supplierCountry = try country(named: supplier)
        let importerCountry = try country(named: importer)
        let scope = try await commodityScope(commodity: commodity, list: list)
        let observations = try await importSourceObservations(importer: importerCountry.code, commodities: scope.ids, editions: editions)
        let supplierArea = Area.country(supplierCountry.code)
        struct ListKey: Hashable {
            var commodity: CommodityID
            var label: String?
            var dataset: DatasetID
            var period: Period
        }
        let lists = Dictionary(grouping: observations) {
            ListKey(commodity: $0.observation.commodity, label: $0.observation.label, dataset: $0.dataset, period: $0.observation.period)
        }
        let hits = observations.filter { $0.observation.partner == supplierArea }.sorted { order(scope, $0, $1) }
        let rows = hits.map { stored -> [Cell] in
            let key = ListKey(
                commodity: stored.observation.commodity, label: stored.observation.label, dataset: stored.dataset, period: stored.observation.period)
            let listed = (lists[key] ?? []).filter { $0.observation.partner != .otherCountries }.count
            return [
                Cell(
                    catalogue.commodities[stored.observation.commodity]?.name ?? stored.observation.commodity.rawValue,
                    json: .string(stored.observation.commodity.rawValue)),
                Cell(scope.asListed[stored.observation.commodity] ?? ""), Cell(stored.observation.label ?? ""),
                stored.observation.rank.map(Cell.integer) ?? .empty, .integer(listed),
                stored.observation.measure == .importShare ? figure(stored) : Cell("", json: .null),
                Cell(stored.observation.period.description), Cell(stored.dataset.rawValue),
            ]
        }
        let covered = Set(hits.map(\.observation.commodity))
        let withData = Set(observations.map(\.observation.commodity))
        var facts = scope.facts
        if scope.entries.isEmpty {
            facts.append(
                (
                    "\(supplierCountry.name) listed for",
                    "\(covered.count) of \(scope.ids.count) commodities (\(withData.count) with import-source data)"
                ))
        } else {
            let coveredEntries = Set(covered.flatMap { scope.entries(of: $0) })
            let entriesWithData = Set(withData.flatMap { scope.entries(of: $0) })
            facts.append(
                (
                    "\(supplierCountry.name) listed for",
                    "\(coveredEntries.count) of the \(scope.entries.count) list entries (\(entriesWithData.count) with import-source data)"
                ))
        }
        var notes = [
            "Rank = position among the listed source countries (1 = largest); 'of' = how many countries that list names. "
                + "Shares come from usgs-mcs import-source tables; usgs-nir lists give ranks only."
        ]
        let notListed = withData.subtracting(covered).map(\.rawValue).sorted()
        if !notListed.isEmpty { notes.append("\(supplierCountry.name) is not a listed source for: \(notListed.joined(separator: ", ")).") }
        // A list entry without data for any of its commodities; commodity ids when the scope is not a list.
        let noData =
            scope.entries.isEmpty
            ? Set(scope.ids).subtracting(withData).map(\.rawValue).sorted()
            : scope.entries.filter { entry in !withData.contains { scope.entries(of: $0).contains(entry) } }
        if !noData.isEmpty { notes.append("No import-source data in the store for: \(noData.joined(separator: ", ")).") }
        let table = traced(
            ReportTable(
                title: "\(supplierCountry.name) as a source of imports into \(importerCountry.name)\(scope.title)",
                columns: [
                    Column("Commodity"), Column("As listed"), Column("Form"), .figure("Rank"), .figure("Of", key: "sources_listed"),
                    .figure("Share %", key: "share"), Column("Period"), Column("Dataset"),
                ],
                rows: rows, notes: notes, citations: try await citationLines(hits)),
            sources: hits.map { [$0] })
        return Report(title: "\(supplierCountry.name) as a supplier of \(importerCountry.name)", facts: facts, tables: [table])
    }

    struct CommodityScope {
        var ids: [CommodityID]
        var asListed: [CommodityID: String]
        var title: String
        var facts: [(String, String)]
        var explicit: Bool
        /// The list's entries as written, when the scope is a list.
        var entries: [String]
        /// For a group added because the list names its members: the entries of those members.
        var groupEntries: [CommodityID: Set<String>]
        let position: [CommodityID: Int]

        init(
            ids: [CommodityID], asListed: [CommodityID: String], title: String, facts: [(String, String)], explicit: Bool, entries: [String] = [],
            groupEntries: [CommodityID: Set<String>] = [:]
        ) {
            self.ids = ids
            self.entries = entries
            self.groupEntries = groupEntries
            self.asListed = asListed
            self.title = title
            self.facts = facts
            self.explicit = explicit
            position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// The list entries a commodity stands for in this scope.
        func entries(of commodity: CommodityID) -> Set<String> {
            groupEntries[commodity] ?? Set([asListed[commodity]].compactMap { $0 })
        }
    }

    /// The commodities a report covers: one commodity (with its group members), a list (groups expanded), or all.
    func commodityScope(commodity: String?, list: String?) async throws -> CommodityScope {
        if let commodity {
            let found = try self.commodity(named: commodity)
            let ids = [found.id] + (found.kind == .group ? catalogue.members(of: found.id).map(\.id) : [])
            return CommodityScope(ids: ids, asListed: [:], title: ": \(found.name)", facts: [("Commodity", found.name)], explicit: true)
        }
        if let list {
            let critical = try await self.list(CriticalListID(list))
            let covered = coverage(of: critical)
            var asListed = Dictionary(covered.map { ($0.commodity, $0.asListed) }, uniquingKeysWith: { first, _ in first })
            // Sources often report a group as a whole (rare earths): a list naming its members covers the group too.
            var ids = covered.map(\.commodity)
            var memberEntries: [CommodityID: Set<String>] = [:]
            for parent in orderedKeys(ids.compactMap { catalogue.commodities[$0]?.parent }) where asListed[parent] == nil {
                let members = ids.filter { catalogue.commodities[$0]?.parent == parent }
                asListed[parent] = "group of listed members"
                memberEntries[parent] = Set(members.compactMap { asListed[$0] })
                ids.append(parent)
            }
            return CommodityScope(
                ids: ids, asListed: asListed,
                title: ", \(critical.id) list", facts: [("List", "\(critical.id): \(critical.title) (\(critical.members.count) entries)")],
                explicit: true,
                entries: critical.members.map(\.asListed), groupEntries: memberEntries)
        }
        return CommodityScope(ids: catalogue.commodities.keys.sorted(), asListed: [:], title: "", facts: [], explicit: false)
    }

    /// Import shares and ranked import sources of an importer from the chosen editions.
    func importSourceObservations(importer: CountryCode, commodities: [CommodityID], editions: SourceEditions) async throws -> [StoredObservation] {
        var datasets: [DatasetVersion] = []
        for kind in ["usgs-mcs", "usgs-nir"] {
            let ofKind = self.datasets(kind: kind)
            datasets += editions == .all ? ofKind : Array(ofKind.suffix(1))
        }
        guard !datasets.isEmpty else { return [] }
        var query = ObservationQuery()
        query.commodities = Set(commodities)
        query.measures = [.importShare, .importSourceRank]
        query.areas = [.country(importer)]
        query.datasets = Set(datasets.map(\.descriptor.id))
        return try await store.observations(query)
    }

    /// Scope order (list order), then newest dataset first, then form, then rank.
    private func order(_ scope: CommodityScope, _ lhs: StoredObservation, _ rhs: StoredObservation) -> Bool {
        let left = (
            scope.position[lhs.observation.commodity] ?? .max, lhs.dataset.rawValue, lhs.observation.label ?? "", lhs.observation.rank ?? .max
        )
        let right = (
            scope.position[rhs.observation.commodity] ?? .max, rhs.dataset.rawValue, rhs.observation.label ?? "", rhs.observation.rank ?? .max
        )
        if left.0 != right.0 { return left.0 < right.0 }
        if left.1 != right.1 { return left.1 > right.1 }
        if left.2 != right.2 { return left.2 < right.2 }
        return left.3 < right.3
    }

    private func sourceJSON(_ stored: StoredObservation) -> JSONValue {
        var members: [(String, JSONValue)] = [("partner", stored.observation.partner.map { .string($0.code) } ?? .null)]
        members.append(("rank", stored.observation.rank.map { .integer($0) } ?? .null))
        if stored.observation.measure == .importShare { members.append(("share", figure(stored).json)) }
        members.append(("source", .string(stored.observation.source.description)))
        return .object(members)
    }
}
