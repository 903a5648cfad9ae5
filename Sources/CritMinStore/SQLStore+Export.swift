import CritMinCore
import GRDB

extension SQLStore {
    /// The latest version of every dataset as an ``ImportBatch``; see ``Store/exportBatches()``.
    ///
    /// The first batch carries the whole catalogue and the citations no batch uses.
    public func exportBatches() async throws -> [ImportBatch] {
        try await read("cannot export the datasets") { db in
            let latest = try db.rows("\(DatasetVersion.selectSQL) WHERE \(DatasetVersion.isLatestSQL) \(DatasetVersion.orderSQL)", [])
            var batches = try latest.compactMap { row -> ImportBatch? in
                let version = try DatasetVersion(row: row)
                if let scope, !scope.readable.contains(version.descriptor.id) { return nil }
                return try Self.batch(db, version: version, key: try row.decode(Int64.self, forColumn: "version_key"))
            }
            guard !batches.isEmpty else { return [] }
            let catalogue = try Fetch.catalogue(db)
            let cited = Set(batches.flatMap { $0.citations.map(\.id) })
            batches[0].commodities = catalogue.commodities
            batches[0].countries = catalogue.countries
            batches[0].countryGroups = catalogue.groups
            batches[0].citations += try Fetch.citations(db, ids: nil).filter { !cited.contains($0.id) }
            return batches
        }
    }

    /// One version's records as a batch, with the citations its description and records use.
    private static func batch(_ db: some SQLDatabase, version: DatasetVersion, key: Int64) throws -> ImportBatch {
        let versions = [key: VersionKey(key: key, dataset: version.descriptor.id, version: version.version)]
        let observations = try Fetch.observations(db, versions: versions).map(\.observation)
        let governance = try Fetch.governance(db, versions: versions).map(\.score)
        let tradeFlows = try Fetch.tradeFlows(db, versions: versions).map(\.flow)
        let tradeCodes = try Fetch.tradeCodes(db, versions: versions)
        let siteRecords = try Fetch.siteRecords(db, versions: versions).map(\.record)
        var cited = Set([version.descriptor.citation] + observations.map(\.citation) + governance.map(\.citation))
        cited.formUnion(tradeFlows.map(\.citation))
        cited.formUnion(tradeCodes.flatMap { [$0.citation, $0.productionCitation] })
        cited.formUnion(siteRecords.map(\.citation))
        return ImportBatch(
            descriptor: version.descriptor, checksum: version.checksum, sourceFiles: version.sourceFiles,
            citations: try Fetch.citations(db, ids: cited), criticalLists: try Fetch.criticalLists(db, versions: versions),
            hsCodes: try Fetch.hsCodes(db, versions: versions), observations: observations, governance: governance, tradeFlows: tradeFlows,
            tradeCodes: tradeCodes, siteRecords: siteRecords)
    }
}
