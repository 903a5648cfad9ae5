import CritMinAnalysis
import CritMinCore
import CritMinStore

/// Builds the reports the CLI prints (and the server will serve) from the store: it resolves names, picks the
/// datasets, runs the analysis and lays out tables with their citations.
public struct ReportBuilder: Sendable {
    private(set) var store: any Store
    /// The catalogue as the builder loaded it.
    public let catalogue: Catalogue
    let versions: [DatasetVersion]
    /// Add a "Source rows" column naming the file and line of every figure.
    public var trace: Bool
    /// Datasets whose country production figures replace the base figures wherever world production is read
    /// (assessments, supply networks, simulations): a partner agency's own national figures. See
    /// ``ProductionOverlay``.
    public var productionOverlays: [DatasetID] = []

    /// Loads the catalogue and the dataset versions once, for all reports built with this builder.
    public init(store: any Store, trace: Bool = false) async throws {
        self.store = store
        self.trace = trace
        catalogue = try await store.catalogue()
        versions = try await store.datasetVersions(latestOnly: true)
    }

    /// The same builder reading through another store (the same data, another request's read log): the catalogue and
    /// the versions are not read again.
    public func reading(through store: any Store) -> ReportBuilder {
        var builder = self
        builder.store = store
        return builder
    }

    // MARK: Names

    /// The commodity a name, id or alias stands for.
    /// - Throws: ``CritMinError`` `.notFound` with close matches as suggestions.
    public func commodity(named name: String) throws(CritMinError) -> Commodity {
        if let id = catalogue.commodity(named: name), let commodity = catalogue.commodities[id] { return commodity }
        let key = Catalogue.nameKey(name)
        let suggestions = catalogue.commodities.values
            .filter { Catalogue.nameKey($0.name).hasPrefix(String(key.prefix(3))) || $0.id.rawValue.hasPrefix(String(key.prefix(3))) }
            .map(\.id.rawValue).sorted()
        let hint = suggestions.isEmpty ? "; `critmin commodities` lists them all" : "; did you mean: \(suggestions.joined(separator: ", "))?"
        throw CritMinError(.notFound, "no commodity is called '\(name)'\(hint)", field: "commodity", value: name)
    }

    /// The country a name, ISO code or alias stands for.
    public func country(named name: String) throws(CritMinError) -> Country {
        if case .country(let code) = catalogue.area(named: name), let country = catalogue.countries[code] { return country }
        throw CritMinError(
            .notFound, "no country is called '\(name)' (use an ISO 3166 code such as CAN, USA, CHN, or a name)",
            field: "country", value: name)
    }

    /// A display name for an area: the country's name, "World total", "Other countries", or the group's name.
    func name(of area: Area) -> String {
        switch area {
        case .country(let code): catalogue.countries[code].map(Self.shortName) ?? code.rawValue
        case .world: "World total"
        case .otherCountries: "Other countries"
        case .group(let id): catalogue.groups[id]?.name ?? id
        }
    }

    /// The name analysts read in USGS tables ("Russia", "Congo (Kinshasa)") where there is one, else ISO's common or
    /// official short name.
    static func shortName(_ country: Country) -> String {
        country.aliases.first { $0.scheme == "usgs" }?.name ?? country.aliases.first { $0.scheme == "iso" }?.name ?? country.name
    }

    // MARK: Datasets

    /// The latest version of the newest dataset of a kind ("usgs-mcs" → usgs-mcs-2026).
    func dataset(kind: String) throws(CritMinError) -> DatasetVersion {
        guard let newest = datasets(kind: kind).last else {
            throw CritMinError(.notFound, "the store holds no \(kind) dataset; import one with `critmin import \(kind) PATH`")
        }
        return newest
    }

    /// The latest version of a dataset by id.
    func dataset(named id: DatasetID) throws(CritMinError) -> DatasetVersion {
        guard let version = versions.first(where: { $0.descriptor.id == id }) else {
            throw CritMinError(.notFound, "no dataset '\(id)' in the store; `critmin datasets` lists them", field: "dataset", value: id.rawValue)
        }
        return version
    }

    /// Latest versions of every dataset of a kind, oldest edition first (by id).
    func datasets(kind: String) -> [DatasetVersion] {
        versions.filter { $0.descriptor.kind == kind }.sorted { $0.descriptor.id < $1.descriptor.id }
    }

    /// "usgs-mcs-2026 v1".
    func label(_ version: DatasetVersion) -> String { "\(version.descriptor.id) v\(version.version)" }

    // MARK: Citations

    /// Citation lines for the observations, in first-use order, each with its dataset version.
    func citationLines(_ observations: [StoredObservation]) async throws -> [String] {
        var order: [CitationID] = []
        var datasetsByCitation: [CitationID: Set<String>] = [:]
        for stored in observations {
            let id = stored.observation.citation
            if datasetsByCitation[id] == nil { order.append(id) }
            datasetsByCitation[id, default: []].insert("\(stored.dataset) v\(stored.version)")
        }
        let citations = try await store.citations(Set(order))
        return order.map { id in
            let text = citations[id]?.line ?? id.rawValue
            return text + " [dataset " + (datasetsByCitation[id] ?? []).sorted().joined(separator: ", ") + "]"
        }
    }

    /// The "Source rows" cell for a row's figures.
    func traceCell(_ observations: [StoredObservation]) -> Cell {
        let locations = observations.map { $0.observation.source.description }
        return Cell(locations.joined(separator: " "), json: .array(locations.map(JSONValue.string)))
    }

    /// Appends the trace column and cells when tracing is on.
    func traced(_ table: ReportTable, sources: [[StoredObservation]]) -> ReportTable {
        guard trace else { return table }
        var table = table
        table.columns.append(Column("Source rows", key: "source_rows"))
        table.rows = zip(table.rows, sources).map { $0 + [traceCell($1)] }
        return table
    }

    /// A figure cell whose JSON also names the dataset and source row.
    func figure(_ stored: StoredObservation?) -> Cell {
        guard let stored else { return .empty }
        var cell = Cell.quantity(stored.observation.quantity)
        if case .object(var members) = cell.json {
            members.append(("dataset", .string("\(stored.dataset) v\(stored.version)")))
            members.append(("source", .string(stored.observation.source.description)))
            cell.json = .object(members)
        }
        return cell
    }

    // MARK: Production series

    /// Production figures that form series with shares: per stage, the unlabelled main series and every labelled
    /// series the source totals on its own (PGM: "Palladium", "Platinum"). Rows whose label qualifies one country
    /// ("crude ore") are left out: they are in different bases and the source gives no total for them.
    func productionSeries(_ observations: [StoredObservation]) -> [StoredObservation] {
        let totalled = Set(observations.filter { $0.observation.area == .world }.map { SeriesKey($0.observation) })
        return observations.filter { $0.observation.stage != nil && ($0.observation.label == nil || totalled.contains(SeriesKey($0.observation))) }
    }

    /// One production series of one source table: commodity, stage and label.
    struct SeriesKey: Hashable {
        var commodity: CommodityID
        var stage: Stage?
        var label: String?

        init(_ observation: Observation) {
            commodity = observation.commodity
            stage = observation.stage
            label = observation.label
        }
    }

    // MARK: Lists

    /// The commodities a list covers, its group entries expanded to their members, with the entry that names each.
    func coverage(of list: CriticalList) -> [(commodity: CommodityID, asListed: String, viaGroup: Bool)] {
        var result: [(CommodityID, String, Bool)] = []
        var seen = Set<CommodityID>()
        for member in list.members {
            for id in member.commodities where seen.insert(id).inserted {
                result.append((id, member.asListed, false))
            }
        }
        for member in list.members {
            for id in member.commodities where catalogue.commodities[id]?.kind == .group {
                for child in catalogue.members(of: id) where seen.insert(child.id).inserted {
                    result.append((child.id, member.asListed, true))
                }
            }
        }
        return result
    }

    /// The list, or an error naming the lists there are.
    func list(_ id: CriticalListID) async throws -> CriticalList {
        if let list = try await store.criticalList(id) { return list }
        let known = try await store.criticalLists().map(\.id.rawValue).joined(separator: ", ")
        throw CritMinError(.notFound, "no critical-mineral list '\(id)'; the store has: \(known)", field: "list", value: id.rawValue)
    }
}
