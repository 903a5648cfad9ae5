import CritMinCore
import GRDB

extension SQLStore {
    /// Every commodity, country and group, in the order first stored; see ``Store/catalogue()``.
    public func catalogue() async throws -> Catalogue {
        try await read("cannot read the catalogue") { db in
            let entries = try Fetch.catalogue(db)
            return Catalogue(commodities: entries.commodities, countries: entries.countries, groups: entries.groups)
        }
    }

    /// Dataset versions in first-import order; see ``Store/datasetVersions(latestOnly:)``.
    public func datasetVersions(latestOnly: Bool) async throws -> [DatasetVersion] {
        try await read("cannot read the dataset versions") { db in
            let condition = latestOnly ? "WHERE \(DatasetVersion.isLatestSQL)" : ""
            return try db.rows("\(DatasetVersion.selectSQL) \(condition) \(DatasetVersion.orderSQL)", []).map { try DatasetVersion(row: $0) }
                .filter { scope?.readable.contains($0.descriptor.id) ?? true }
        }
    }

    /// The stored citations among `ids`; see ``Store/citations(_:)``.
    public func citations(_ ids: Set<CitationID>) async throws -> [CitationID: Citation] {
        try await read("cannot read citations") { db in
            Dictionary(uniqueKeysWithValues: try Fetch.citations(db, ids: ids).map { ($0.id, $0) })
        }
    }

    /// The lists of the latest versions; see ``Store/criticalLists()``.
    public func criticalLists() async throws -> [CriticalList] {
        try await read("cannot read the critical-mineral lists") { db in
            try Fetch.criticalLists(db, versions: try Fetch.versions(db, scope: scope))
        }
    }

    /// One list from the latest versions; see ``Store/criticalList(_:)``.
    public func criticalList(_ id: CriticalListID) async throws -> CriticalList? {
        try await read("cannot read critical-mineral list '\(id)'") { db in
            // Lists come in import order: the last one is the most recently imported.
            try Fetch.criticalLists(db, versions: try Fetch.versions(db, scope: scope), id: id).last
        }
    }

    /// The observations matching `query`; see ``Store/observations(_:)``.
    public func observations(_ query: ObservationQuery) async throws -> [StoredObservation] {
        try await read("cannot read observations") { db in
            var filter = SQLFilter()
            filter.require("commodity", in: query.commodities?.map(\.rawValue))
            filter.require("measure", in: query.measures?.map(\.rawValue))
            filter.require("stage", in: query.stages?.map(\.rawValue))
            filter.require("area", in: query.areas?.map(\.code))
            filter.require("partner", in: query.partners?.map(\.code))
            filter.require(start: "year_start", end: "year_end", overlapping: query.years)
            filter.require("label", in: query.labels.map(Array.init))
            let versions = try Fetch.versions(db, datasets: query.datasets, pins: query.versions, scope: scope)
            if query.latestPeriodOnly {
                var matching = filter
                matching.require("dataset_version", in: Array(versions.keys))
                let series = "dataset_version, commodity, measure, COALESCE(stage, ''), COALESCE(label, '')"
                filter.require(
                    "(\(series), year_start) IN (SELECT \(series), MAX(year_start) FROM observations \(matching.whereClause) GROUP BY \(series))",
                    arguments: matching.arguments)
            }
            return scope.noting(try Fetch.observations(db, versions: versions, filter: filter), \.dataset)
        }
    }

    /// The governance scores matching `query`; see ``Store/governance(_:)``.
    public func governance(_ query: GovernanceQuery) async throws -> [StoredGovernanceScore] {
        try await read("cannot read governance scores") { db in
            var filter = SQLFilter()
            filter.require("country", in: query.countries?.map(\.rawValue))
            filter.require("dimension", in: query.dimensions?.map(\.rawValue))
            filter.require(start: "year", end: "year", overlapping: query.years)
            let versions = try Fetch.versions(db, datasets: query.datasets, pins: query.versions, scope: scope)
            return scope.noting(try Fetch.governance(db, versions: versions, filter: filter), \.dataset)
        }
    }

    /// The trade flows matching `query`; see ``Store/tradeFlows(_:)``.
    public func tradeFlows(_ query: TradeFlowQuery) async throws -> [StoredTradeFlow] {
        try await read("cannot read trade flows") { db in
            var filter = SQLFilter()
            filter.require("importer", in: query.importers?.map(\.rawValue))
            filter.require("exporter", in: query.exporters?.map(\.rawValue))
            filter.require("hs_code", in: query.hsCodes.map(Array.init))
            filter.require(start: "year", end: "year", overlapping: query.years)
            return scope.noting(
                try Fetch.tradeFlows(db, versions: try Fetch.versions(db, pins: query.versions, scope: scope), filter: filter), \.dataset)
        }
    }

    /// The first and last year of the latest versions' trade flows; see ``Store/tradeFlowYears()``.
    public func tradeFlowYears() async throws -> ClosedRange<Int>? {
        try await read("cannot read trade flow years") { db in
            var filter = SQLFilter()
            filter.require("dataset_version", in: Array(try Fetch.versions(db, scope: scope).keys))
            var years: ClosedRange<Int>?
            for row in try db.rows("SELECT first_year, last_year FROM trade_flow_years \(filter.whereClause)", filter.arguments) {
                let first = try row.decode(Int.self, forColumn: "first_year")
                let last = try row.decode(Int.self, forColumn: "last_year")
                years = min(first, years?.lowerBound ?? first)...max(last, years?.upperBound ?? last)
            }
            return years
        }
    }

    /// The trade-code mappings of the latest versions; see ``Store/tradeCodes()``.
    public func tradeCodes() async throws -> [TradeCodeMapping] {
        try await read("cannot read trade codes") { db in
            try Fetch.tradeCodes(db, versions: try Fetch.versions(db, scope: scope))
        }
    }

    /// The site records matching `query`; see ``Store/siteRecords(_:)``.
    public func siteRecords(_ query: SiteRecordQuery) async throws -> [StoredSiteRecord] {
        try await read("cannot read site records") { db in
            var filter = SQLFilter()
            filter.require("country", in: query.countries?.map(\.rawValue))
            return scope.noting(
                try Fetch.siteRecords(db, versions: try Fetch.versions(db, pins: query.versions, scope: scope), filter: filter), \.dataset)
        }
    }

    /// The HS codes of the latest versions; see ``Store/hsCodes(prefix:)``.
    public func hsCodes(prefix: String?) async throws -> [HSCode] {
        try await read("cannot read HS codes") { db in
            var filter = SQLFilter()
            if let prefix {
                // length() counts characters in both engines, as the prefix's characters are counted.
                filter.require("substr(code, 1, length(?)) = ?", arguments: [prefix, prefix])
            }
            return try Fetch.hsCodes(db, versions: try Fetch.versions(db, scope: scope), filter: filter)
        }
    }
}

extension ReadScope? {
    /// Notes the datasets of `records` in the scope's log and returns them.
    func noting<Record>(_ records: [Record], _ dataset: KeyPath<Record, DatasetID>) -> [Record] {
        if let log = self?.log { log.note(Set(records.lazy.map { $0[keyPath: dataset] })) }
        return records
    }
}
