import CritMinCore
import Foundation
import GRDB

/// A stored dataset version as records refer to it.
struct VersionKey: Hashable, Sendable {
    /// The `dataset_versions` row id.
    var key: Int64
    var dataset: DatasetID
    var version: Int
}

/// Every catalogue entry, in the order each was first stored, aliases in the order they were added.
struct CatalogueEntries: Sendable {
    var commodities: [Commodity]
    var countries: [Country]
    var groups: [CountryGroup]
}

/// The reads shared by queries and export; each runs inside an access opened by ``SQLiteStore``.
enum Fetch {
    /// The versions queries read, by row id: the latest version of each dataset, or the one `pins` names.
    /// - Parameters:
    ///   - datasets: Only these datasets; `nil` for all.
    ///   - scope: The datasets a scoped store may see; the others are treated as absent.
    /// - Throws: ``CritMinError`` `.notFound` when a pinned dataset or version is not in the store.
    static func versions(
        _ db: some SQLDatabase, datasets: Set<DatasetID>? = nil, pins: [DatasetID: Int]? = nil, scope: ReadScope? = nil
    ) throws -> [Int64: VersionKey] {
        var stored: [DatasetID: [Int: VersionKey]] = [:]
        for row in try db.rows("SELECT id, dataset, version FROM dataset_versions", []) {
            let key = VersionKey(
                key: try row.decode(Int64.self, forColumn: "id"), dataset: DatasetID(try row.decode(String.self, forColumn: "dataset")),
                version: try row.decode(Int.self, forColumn: "version"))
            if let scope, !scope.readable.contains(key.dataset) { continue }
            stored[key.dataset, default: [:]][key.version] = key
        }
        for (dataset, version) in pins ?? [:] where stored[dataset]?[version] == nil {
            let held = stored[dataset].map { "its versions are \($0.keys.sorted().map(String.init).joined(separator: ", "))" }
            throw CritMinError(
                .notFound, "dataset '\(dataset)' has no version \(version) (\(held ?? "the dataset is not in the store"))", field: "version",
                value: String(version))
        }
        var selected: [Int64: VersionKey] = [:]
        for (dataset, versions) in stored where datasets?.contains(dataset) ?? true {
            if let latest = versions.keys.max(), let key = versions[pins?[dataset] ?? latest] { selected[key.key] = key }
        }
        return selected
    }

    static func catalogue(_ db: some SQLDatabase) throws -> CatalogueEntries {
        var commodityAliases: [String: [String]] = [:]
        for row in try db.rows("SELECT commodity, alias FROM commodity_aliases ORDER BY rowid", []) {
            commodityAliases[try row.decode(String.self, forColumn: "commodity"), default: []].append(try row.decode(String.self, forColumn: "alias"))
        }
        var countryAliases: [String: [CountryAlias]] = [:]
        for row in try db.rows("SELECT country, scheme, name FROM country_aliases ORDER BY rowid", []) {
            countryAliases[try row.decode(String.self, forColumn: "country"), default: []].append(
                CountryAlias(scheme: try row.decode(String.self, forColumn: "scheme"), name: try row.decode(String.self, forColumn: "name")))
        }
        var members: [String: [CountryCode]] = [:]
        for row in try db.rows("SELECT country_group, country FROM country_group_members ORDER BY country_group, position", []) {
            members[try row.decode(String.self, forColumn: "country_group"), default: []].append(
                CountryCode(try row.decode(String.self, forColumn: "country")))
        }
        return CatalogueEntries(
            commodities: try db.rows("SELECT * FROM commodities ORDER BY rowid", []).map { row in
                try Commodity(row: row, aliases: commodityAliases[try row.decode(String.self, forColumn: "id")] ?? [])
            },
            countries: try db.rows("SELECT * FROM countries ORDER BY rowid", []).map { row in
                try Country(row: row, aliases: countryAliases[try row.decode(String.self, forColumn: "code")] ?? [])
            },
            groups: try db.rows("SELECT id, name, source FROM country_groups ORDER BY rowid", []).map { row in
                let id = try row.decode(String.self, forColumn: "id")
                return CountryGroup(
                    id: id, name: try row.decode(String.self, forColumn: "name"), members: members[id] ?? [],
                    source: try row.decode(String.self, forColumn: "source"))
            })
    }

    /// Citations by id order; `nil` for all of them.
    static func citations(_ db: some SQLDatabase, ids: Set<CitationID>?) throws -> [Citation] {
        var filter = SQLFilter()
        filter.require("id", in: ids?.map(\.rawValue))
        let sql = "SELECT \(Citation.selectColumns) FROM citations \(filter.whereClause) ORDER BY id"
        return try db.rows(sql, filter.arguments).map { try Citation(row: $0) }
    }

    /// The observations of `versions` that pass `filter`, in import order.
    static func observations(_ db: some SQLDatabase, versions: [Int64: VersionKey], filter: SQLFilter = SQLFilter()) throws -> [StoredObservation] {
        try records(db, table: "observations", columns: Observation.selectColumns, versions: versions, filter: filter) { row, version in
            StoredObservation(observation: try Observation(row: row), dataset: version.dataset, version: version.version)
        }
    }

    /// The governance scores of `versions` that pass `filter`, in import order.
    static func governance(_ db: some SQLDatabase, versions: [Int64: VersionKey], filter: SQLFilter = SQLFilter()) throws -> [StoredGovernanceScore] {
        try records(db, table: "governance_scores", columns: GovernanceScore.selectColumns, versions: versions, filter: filter) { row, version in
            StoredGovernanceScore(score: try GovernanceScore(row: row), dataset: version.dataset, version: version.version)
        }
    }

    /// The trade flows of `versions` that pass `filter`, in import order.
    static func tradeFlows(_ db: some SQLDatabase, versions: [Int64: VersionKey], filter: SQLFilter = SQLFilter()) throws -> [StoredTradeFlow] {
        try records(db, table: "trade_flows", columns: TradeFlow.selectColumns, versions: versions, filter: filter) { row, version in
            StoredTradeFlow(flow: try TradeFlow(row: row), dataset: version.dataset, version: version.version)
        }
    }

    /// The trade-code mappings of `versions`, in import order.
    static func tradeCodes(_ db: some SQLDatabase, versions: [Int64: VersionKey]) throws -> [TradeCodeMapping] {
        try records(db, table: "trade_codes", columns: TradeCodeMapping.selectColumns, versions: versions, filter: SQLFilter()) { row, _ in
            try TradeCodeMapping(row: row)
        }
    }

    /// The site records of `versions` that pass `filter`, in import order.
    static func siteRecords(_ db: some SQLDatabase, versions: [Int64: VersionKey], filter: SQLFilter = SQLFilter()) throws -> [StoredSiteRecord] {
        let decoder = JSONDecoder()
        return try records(db, table: "site_records", columns: SiteRecord.selectColumns, versions: versions, filter: filter) { row, version in
            StoredSiteRecord(record: try SiteRecord(row: row, decoder: decoder), dataset: version.dataset, version: version.version)
        }
    }

    /// The HS codes of `versions` that pass `filter`, by edition and code.
    static func hsCodes(_ db: some SQLDatabase, versions: [Int64: VersionKey], filter: SQLFilter = SQLFilter()) throws -> [HSCode] {
        var filter = filter
        filter.require("dataset_version", in: Array(versions.keys))
        return try db.rows("SELECT \(HSCode.selectColumns) FROM hs_codes \(filter.whereClause) ORDER BY edition, code, rowid", filter.arguments)
            .map { try HSCode(row: $0) }
    }

    /// The critical lists of `versions` in import order, optionally only those with one id.
    static func criticalLists(_ db: some SQLDatabase, versions: [Int64: VersionKey], id: CriticalListID? = nil) throws -> [CriticalList] {
        var filter = SQLFilter()
        filter.require("l.dataset_version", in: Array(versions.keys))
        filter.require("l.id", in: id.map { [$0.rawValue] })
        var members: [Int64: [CriticalListMember]] = [:]
        let memberSQL = """
            SELECT m.list, m.position, m.as_listed, m.commodities FROM critical_list_members m JOIN critical_lists l ON l.key = m.list
            \(filter.whereClause) ORDER BY m.rowid
            """
        for row in try db.rows(memberSQL, filter.arguments) {
            members[try row.decode(Int64.self, forColumn: "list"), default: []].append(try CriticalListMember(row: row))
        }
        let listSQL = "SELECT * FROM critical_lists l \(filter.whereClause) ORDER BY l.key"
        return try db.rows(listSQL, filter.arguments).map { row in
            try CriticalList(row: row, members: members[try row.decode(Int64.self, forColumn: "key")] ?? [])
        }
    }

    /// Rows of a record table belonging to `versions`, in import order: by version, then as in the batch. `columns` starts
    /// with `dataset_version`.
    private static func records<DB: SQLDatabase, Record>(
        _ db: DB, table: String, columns: String, versions: [Int64: VersionKey], filter: SQLFilter,
        _ read: (DB.ResultRow, VersionKey) throws -> Record
    ) throws -> [Record] {
        var filter = filter
        filter.require("dataset_version", in: Array(versions.keys))
        var records: [Record] = []
        try db.forEachRow("SELECT \(columns) FROM \(table) \(filter.whereClause) ORDER BY dataset_version, rowid", filter.arguments) { row in
            let key = try row.decode(Int64.self, atIndex: 0)
            guard let version = versions[key] else {
                throw CritMinError(.storage, "a \(table) row refers to dataset version row \(key), which was not selected")
            }
            records.append(try read(row, version))
        }
        return records
    }
}
