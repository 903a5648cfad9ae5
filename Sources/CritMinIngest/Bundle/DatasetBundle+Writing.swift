import CritMinCore
import Foundation

extension DatasetBundle {
    /// Writes batches as a bundle into `folder`, replacing a bundle already there.
    ///
    /// The new bundle is written beside the folder and moved into place at the end, so an interrupted write
    /// leaves the previous bundle intact.
    public static func write(_ batches: [ImportBatch], to folder: URL) throws(CritMinError) {
        let fileManager = FileManager.default
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).staging-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            var entries: [ManifestEntry] = []
            for batch in batches {
                let directory = staging.appendingPathComponent(batch.descriptor.id.rawValue)
                try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
                var files: [String: String] = [:]
                func save(_ data: Data, _ name: String) throws {
                    try data.write(to: directory.appendingPathComponent(name))
                    files[name] = SourceChecksum.sha256(of: data)
                }
                try save(try documentData(batch), "dataset.json")
                if !batch.observations.isEmpty { try save(Data(observationsCSV(batch.observations).utf8), "observations.csv") }
                if !batch.governance.isEmpty { try save(Data(governanceCSV(batch.governance).utf8), "governance.csv") }
                if !batch.tradeFlows.isEmpty { try save(Data(tradeCSV(batch.tradeFlows).utf8), "trade.csv") }
                if !batch.siteRecords.isEmpty { try save(try sitesJSONLines(batch.siteRecords), "sites.jsonl") }
                entries.append(ManifestEntry(id: batch.descriptor.id, records: batch.recordCount, files: files))
            }
            let manifest = Manifest(format: formatName, formatVersion: formatVersion, datasets: entries)
            try encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.json"))
            // Two renames: the old bundle is set aside, the new one moved in, and only then the old one removed.
            let previous = staging.appendingPathExtension("previous")
            let hadBundle = fileManager.fileExists(atPath: folder.path)
            if hadBundle { try fileManager.moveItem(at: folder, to: previous) }
            try fileManager.moveItem(at: staging, to: folder)
            if hadBundle { try fileManager.removeItem(at: previous) }
        } catch let error as CritMinError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw CritMinError(.io, "cannot write the bundle: \(error.localizedDescription)", file: folder.path)
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private static func documentData(_ batch: ImportBatch) throws -> Data {
        try encoder.encode(
            DatasetDocument(
                descriptor: batch.descriptor, checksum: batch.checksum, sourceFiles: batch.sourceFiles, citations: batch.citations,
                commodities: batch.commodities, countries: batch.countries, countryGroups: batch.countryGroups,
                criticalLists: batch.criticalLists, hsCodes: batch.hsCodes, tradeCodes: batch.tradeCodes.isEmpty ? nil : batch.tradeCodes,
                tradeFlows: try tradeFlowOrigin(batch)))
    }

    /// The citation and source file all of a batch's trade flows share, which `trade.csv` does not repeat on every row.
    /// - Throws: ``CritMinError`` `.invalidFormat` when the flows come from several citations or files.
    private static func tradeFlowOrigin(_ batch: ImportBatch) throws(CritMinError) -> TradeFlowOrigin? {
        guard let first = batch.tradeFlows.first else { return nil }
        let origin = TradeFlowOrigin(citation: first.citation, sourceFile: first.source.file)
        if let other = batch.tradeFlows.first(where: { $0.citation != origin.citation || $0.source.file != origin.sourceFile }) {
            throw CritMinError(
                .invalidFormat,
                "dataset '\(batch.descriptor.id)': the bundle format holds one citation and source file for all of a dataset's trade flows, "
                    + "but \(other.source) differs from \(first.source)", file: "trade.csv", field: "citation, source_file")
        }
        return origin
    }

    /// One record per line, keys sorted: a changed record changes one line of the file.
    static func sitesJSONLines(_ records: [SiteRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for record in records {
            data.append(try encoder.encode(record))
            data.append(0x0A)
        }
        return data
    }

    static func observationsCSV(_ observations: [Observation]) -> String {
        var lines = [observationColumns.joined(separator: ",")]
        lines.reserveCapacity(observations.count + 1)
        for observation in observations {
            let amount = observation.quantity.amount.storageForm
            let fields: [String] = [
                observation.commodity.rawValue, observation.stage?.rawValue ?? "", observation.measure.rawValue, observation.area.code,
                observation.partner?.code ?? "", String(observation.period.start), String(observation.period.end), observation.label ?? "",
                amount.kind, amount.value.map(exactText) ?? "", amount.high.map(exactText) ?? "", amount.text ?? "",
                observation.quantity.unit.symbol, observation.quantity.unit.basis ?? "", observation.quantity.estimated ? "1" : "",
                observation.quantity.raw ?? "", observation.rank.map(String.init) ?? "", observation.note ?? "",
                observation.citation.rawValue, observation.source.file, String(observation.source.line),
            ]
            lines.append(fields.map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func governanceCSV(_ scores: [GovernanceScore]) -> String {
        var lines = [governanceColumns.joined(separator: ",")]
        lines.reserveCapacity(scores.count + 1)
        for score in scores {
            let fields: [String] = [
                score.country.rawValue, String(score.year), score.dimension.rawValue, exactText(score.estimate),
                score.standardError.map(exactText) ?? "", score.sourceCount.map(String.init) ?? "",
                score.percentileRank.map(exactText) ?? "", score.percentileRankLower.map(exactText) ?? "",
                score.percentileRankUpper.map(exactText) ?? "", score.citation.rawValue, score.source.file, String(score.source.line),
            ]
            lines.append(fields.map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func tradeCSV(_ flows: [TradeFlow]) -> String {
        var lines = [tradeColumns.joined(separator: ",")]
        lines.reserveCapacity(flows.count + 1)
        for flow in flows {
            lines.append(
                "\(flow.year),\(CSVField.escape(flow.exporter.rawValue)),\(CSVField.escape(flow.importer.rawValue)),\(CSVField.escape(flow.hsCode)),"
                    + "\(flow.value.map(exactText) ?? ""),\(flow.quantity.map(exactText) ?? ""),\(flow.source.line)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The shortest text that reads back as the same Double.
    private static func exactText(_ number: Double) -> String { "\(number)" }
}
