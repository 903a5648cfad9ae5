import CritMinCore
import Foundation
import GRDB

extension SQLStore {
    /// Writes a batch in one transaction; see ``Store/apply(_:importedBy:)``.
    ///
    /// Catalogue entries are merged first (a batch's entry replaces the stored fields, aliases accumulate, a group's
    /// membership is replaced unless someone set it by hand with ``setCountryGroup(_:editedBy:)``), then citations (replaced by id), then the dataset and its new version with every record.
    public func apply(_ batch: ImportBatch, importedBy: String) async throws -> ImportOutcome {
        try await write("cannot import dataset '\(batch.descriptor.id)'") { db in
            try BatchWriter(db: db, batch: batch).apply(importedBy: importedBy)
        }
    }
}

/// Writes one batch inside the transaction of ``Store/apply(_:importedBy:)``.
struct BatchWriter<DB: SQLDatabase> {
    let db: DB
    let batch: ImportBatch
    /// From this many trade flows on, a batch drops the table's indexes and creates them again after its rows.
    static var tradeFlowsRebuildingIndexes: Int { 50_000 }

    func apply(importedBy: String) throws -> ImportOutcome {
        let check = BatchCheck(batch: batch)
        if let lock = db.dialect.datasetLockSQL { try db.execute(lock, [batch.descriptor.id.rawValue]) }
        let latest = try DatasetVersion.fetchLatest(db, of: batch.descriptor.id)
        if let latest, latest.checksum == batch.checksum { return .unchanged(latest) }
        try check.checkConsistency()
        try writeCatalogue()
        try writeCitations()
        let known = try knownKeys()
        try check.checkCatalogue(known)
        let version = try writeVersion(number: (latest?.version ?? 0) + 1, importedBy: importedBy)
        try writeRecords(version: version, check: check, known: known)
        try refreshStatistics()
        return .created(try DatasetVersion.fetch(db, key: version))
    }

    /// Both engines plan queries from table statistics: without them SQLite reads observations through the dataset-version
    /// index, every row, where the measure index finds the few a query asks for. Refreshed for the record tables the batch
    /// wrote (SQLite's from a sample).
    private func refreshStatistics() throws {
        let written = [
            ("observations", !batch.observations.isEmpty), ("governance_scores", !batch.governance.isEmpty),
            ("trade_flows", !batch.tradeFlows.isEmpty),
        ]
        for (table, wrote) in written where wrote {
            for statement in db.dialect.statisticsSQL(table) { try db.execute(statement, []) }
        }
    }

    private func writeCatalogue() throws {
        for entry in batch.commodities {
            try db.execute(Commodity.upsertSQL, try entry.upsertArguments())
            for alias in entry.aliases { try db.execute(Commodity.insertAliasSQL, [entry.id.rawValue, alias]) }
        }
        for entry in batch.countries {
            try db.execute(Country.upsertSQL, entry.upsertArguments())
            for alias in entry.aliases { try db.execute(Country.insertAliasSQL, [entry.code.rawValue, alias.scheme, alias.name]) }
        }
        let edited = try db.strings("SELECT id FROM country_groups WHERE edited_by IS NOT NULL")
        for entry in batch.countryGroups where !edited.contains(entry.id) {
            try db.execute(CountryGroup.upsertSQL, [entry.id, entry.name, entry.source])
            try db.execute(CountryGroup.deleteMembersSQL, [entry.id])
            for (offset, code) in entry.members.enumerated() { try db.execute(CountryGroup.insertMemberSQL, [entry.id, offset + 1, code.rawValue]) }
        }
    }

    private func writeCitations() throws {
        for citation in batch.citations { try db.execute(Citation.upsertSQL, citation.upsertArguments()) }
    }

    /// The keys stored once the batch's catalogue and citations are merged.
    private func knownKeys() throws -> BatchCheck.KnownKeys {
        BatchCheck.KnownKeys(
            commodities: try db.strings("SELECT id FROM commodities"),
            countries: try db.strings("SELECT code FROM countries"),
            citations: try db.strings("SELECT id FROM citations"))
    }

    /// Creates or updates the dataset row and inserts the version row.
    /// - Returns: The version's row id, which its records refer to.
    private func writeVersion(number: Int, importedBy: String) throws -> Int64 {
        let now = Date()
        try db.execute(DatasetDescriptor.upsertSQL, batch.descriptor.upsertArguments(importedAt: now))
        let arguments: SQLArguments = [
            batch.descriptor.id.rawValue, number, batch.checksum, now, importedBy, try JSONList.encode(batch.sourceFiles), batch.recordCount,
        ]
        return try insertReturningKey(DatasetVersion.insertSQL + " RETURNING id", arguments)
    }

    /// Runs an insert ending in `RETURNING` a row id, and returns the id.
    private func insertReturningKey(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        guard let key = try db.value(Int64.self, sql, arguments) else {
            throw CritMinError(.storage, "the database returned no row id for: \(sql)")
        }
        return key
    }

    /// Checks every record, then inserts each table's rows in bulk.
    private func writeRecords(version: Int64, check: BatchCheck, known: BatchCheck.KnownKeys) throws {
        for entry in batch.observations { try check.checkReferences(of: entry, known) }
        try db.insertRows(Observation.table, batch.observations.lazy.map { $0.insertArguments(version: version) })
        for entry in batch.governance { try check.checkReferences(of: entry, known) }
        try db.insertRows(GovernanceScore.table, batch.governance.lazy.map { $0.insertArguments(version: version) })
        for entry in batch.criticalLists {
            try check.checkReferences(of: entry, known)
            let key = try insertReturningKey(CriticalList.insertSQL + " RETURNING key", entry.insertArguments(version: version))
            for listed in entry.members { try db.execute(CriticalList.insertMemberSQL, try listed.insertArguments(list: key)) }
        }
        try db.insertRows(HSCode.table, batch.hsCodes.lazy.map { $0.insertArguments(version: version) })
        for entry in batch.tradeFlows { try check.checkReferences(of: entry, known) }
        // Sorting a large batch into fresh indexes once is about twice as fast as inserting it into them row by row; but
        // PostgreSQL would lock the table against every reader until the import commits.
        let rebuildsIndexes = db.dialect == .sqlite && batch.tradeFlows.count >= Self.tradeFlowsRebuildingIndexes
        if rebuildsIndexes { for statement in Migrations.dropTradeFlowIndexes { try db.execute(statement, []) } }
        try db.insertTradeFlows(batch.tradeFlows, version: version)
        if rebuildsIndexes { for statement in Migrations.tradeFlowIndexes { try db.execute(statement, []) } }
        // The years the version's flows span, so that "the latest trade year" needs no scan of the flows.
        if let first = batch.tradeFlows.lazy.map(\.year).min(), let last = batch.tradeFlows.lazy.map(\.year).max() {
            try db.execute("INSERT INTO trade_flow_years (dataset_version, first_year, last_year) VALUES (?, ?, ?)", [version, first, last])
        }
        for entry in batch.tradeCodes { try check.checkReferences(of: entry, known) }
        try db.insertRows(TradeCodeMapping.table, try batch.tradeCodes.map { try $0.insertArguments(version: version) })
        for entry in batch.siteRecords { try check.checkReferences(of: entry, known) }
        let encoder = SiteRecord.documentEncoder()
        try db.insertRows(SiteRecord.table, try batch.siteRecords.map { try $0.insertArguments(version: version, encoder: encoder) })
    }
}
