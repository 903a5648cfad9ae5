import CritMinCore
import Foundation
import GRDB

extension SQLiteStore {
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

/// Writes one batch inside the transaction of ``SQLiteStore/apply(_:importedBy:)``.
struct BatchWriter {
    let db: Database
    let batch: ImportBatch
    /// From this many trade flows on, a batch drops the table's indexes and creates them again after its rows.
    static let tradeFlowsRebuildingIndexes = 50_000

    func apply(importedBy: String) throws -> ImportOutcome {
        let check = BatchCheck(batch: batch)
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

    /// SQLite plans queries from table statistics: without them it reads observations through the dataset-version index,
    /// every row, where the measure index finds the few a query asks for. Refreshed, from a sample, for the record tables
    /// the batch wrote.
    private func refreshStatistics() throws {
        let written = [
            ("observations", !batch.observations.isEmpty), ("governance_scores", !batch.governance.isEmpty),
            ("trade_flows", !batch.tradeFlows.isEmpty),
        ]
        for (table, wrote) in written where wrote { try db.execute(sql: "\(Migrations.sampledStatisticsSQL) ANALYZE \(table)") }
    }

    private func writeCatalogue() throws {
        let commodity = try db.cachedStatement(sql: Commodity.upsertSQL)
        let commodityAlias = try db.cachedStatement(sql: Commodity.insertAliasSQL)
        for entry in batch.commodities {
            try commodity.execute(arguments: try entry.upsertArguments())
            for alias in entry.aliases { try commodityAlias.execute(arguments: [entry.id.rawValue, alias]) }
        }
        let country = try db.cachedStatement(sql: Country.upsertSQL)
        let countryAlias = try db.cachedStatement(sql: Country.insertAliasSQL)
        for entry in batch.countries {
            try country.execute(arguments: entry.upsertArguments())
            for alias in entry.aliases { try countryAlias.execute(arguments: [entry.code.rawValue, alias.scheme, alias.name]) }
        }
        let group = try db.cachedStatement(sql: CountryGroup.upsertSQL)
        let clearMembers = try db.cachedStatement(sql: CountryGroup.deleteMembersSQL)
        let member = try db.cachedStatement(sql: CountryGroup.insertMemberSQL)
        let edited = try String.fetchSet(db, sql: "SELECT id FROM country_groups WHERE edited_by IS NOT NULL")
        for entry in batch.countryGroups where !edited.contains(entry.id) {
            try group.execute(arguments: [entry.id, entry.name, entry.source])
            try clearMembers.execute(arguments: [entry.id])
            for (offset, code) in entry.members.enumerated() { try member.execute(arguments: [entry.id, offset + 1, code.rawValue]) }
        }
    }

    private func writeCitations() throws {
        let statement = try db.cachedStatement(sql: Citation.upsertSQL)
        for citation in batch.citations { try statement.execute(arguments: citation.upsertArguments()) }
    }

    /// The keys stored once the batch's catalogue and citations are merged.
    private func knownKeys() throws -> BatchCheck.KnownKeys {
        BatchCheck.KnownKeys(
            commodities: try String.fetchSet(db, sql: "SELECT id FROM commodities"),
            countries: try String.fetchSet(db, sql: "SELECT code FROM countries"),
            citations: try String.fetchSet(db, sql: "SELECT id FROM citations"))
    }

    /// Creates or updates the dataset row and inserts the version row.
    /// - Returns: The version's row id, which its records refer to.
    private func writeVersion(number: Int, importedBy: String) throws -> Int64 {
        let now = Date()
        try db.execute(sql: DatasetDescriptor.upsertSQL, arguments: batch.descriptor.upsertArguments(importedAt: now))
        try db.execute(
            sql: DatasetVersion.insertSQL,
            arguments: [
                batch.descriptor.id.rawValue, number, batch.checksum, now, importedBy, try JSONList.encode(batch.sourceFiles), batch.recordCount,
            ])
        return db.lastInsertedRowID
    }

    /// Checks and inserts every record, with one prepared statement per table.
    private func writeRecords(version: Int64, check: BatchCheck, known: BatchCheck.KnownKeys) throws {
        let observation = try db.cachedStatement(sql: Observation.insertSQL)
        for entry in batch.observations {
            try check.checkReferences(of: entry, known)
            // The arguments come from a fixed list matching the statement: binding them unchecked saves a validation per row.
            observation.setUncheckedArguments(entry.insertArguments(version: version))
            try observation.execute()
        }
        let score = try db.cachedStatement(sql: GovernanceScore.insertSQL)
        for entry in batch.governance {
            try check.checkReferences(of: entry, known)
            score.setUncheckedArguments(entry.insertArguments(version: version))
            try score.execute()
        }
        let list = try db.cachedStatement(sql: CriticalList.insertSQL)
        let member = try db.cachedStatement(sql: CriticalList.insertMemberSQL)
        for entry in batch.criticalLists {
            try check.checkReferences(of: entry, known)
            try list.execute(arguments: entry.insertArguments(version: version))
            let key = db.lastInsertedRowID
            for listed in entry.members { try member.execute(arguments: try listed.insertArguments(list: key)) }
        }
        let code = try db.cachedStatement(sql: HSCode.insertSQL)
        for entry in batch.hsCodes { try code.execute(arguments: entry.insertArguments(version: version)) }
        // Sorting a large batch into fresh indexes once is about twice as fast as inserting it into them row by row.
        let rebuildsIndexes = batch.tradeFlows.count >= Self.tradeFlowsRebuildingIndexes
        if rebuildsIndexes { try db.execute(sql: Migrations.dropTradeFlowIndexesSQL) }
        for entry in batch.tradeFlows { try check.checkReferences(of: entry, known) }
        var remaining = batch.tradeFlows[...]
        while !remaining.isEmpty {
            let flows = remaining.prefix(TradeFlow.rowsPerInsert)
            remaining = remaining.dropFirst(flows.count)
            let statement = try db.cachedStatement(sql: TradeFlow.insertSQL(rows: flows.count))
            // GRDB runs a statement again with whatever is bound once its arguments are set: they are set through GRDB
            // the first time, then the flows are bound with SQLite's own functions (see `TradeFlow.bind(_:to:version:)`).
            if statement.arguments.isEmpty {
                statement.setUncheckedArguments(flows.reduce(into: StatementArguments()) { $0 += $1.insertArguments(version: version) })
            }
            try TradeFlow.bind(flows, to: statement, version: version)
            try statement.execute()
        }
        if rebuildsIndexes { try db.execute(sql: Migrations.tradeFlowIndexesSQL) }
        // The years the version's flows span, so that "the latest trade year" needs no scan of the flows.
        if let first = batch.tradeFlows.lazy.map(\.year).min(), let last = batch.tradeFlows.lazy.map(\.year).max() {
            try db.execute(
                sql: "INSERT INTO trade_flow_years (dataset_version, first_year, last_year) VALUES (?, ?, ?)", arguments: [version, first, last])
        }
        let mapping = try db.cachedStatement(sql: TradeCodeMapping.insertSQL)
        for entry in batch.tradeCodes {
            try check.checkReferences(of: entry, known)
            try mapping.execute(arguments: try entry.insertArguments(version: version))
        }
    }
}
