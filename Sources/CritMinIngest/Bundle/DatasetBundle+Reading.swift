import CritMinCore
import Foundation
import Synchronization

extension DatasetBundle {
    /// Reads a bundle into batches, in the order they must be applied.
    /// - Throws: ``CritMinError`` when the manifest is missing or of another format, when a file's checksum
    ///   differs from the manifest's, or when a row cannot be read (naming the file, line and field).
    public static func read(_ folder: URL) throws(CritMinError) -> [ImportBatch] {
        let manifest: Manifest = try decodeJSON(folder.appendingPathComponent("manifest.json"))
        guard manifest.format == formatName, manifest.formatVersion == formatVersion else {
            throw CritMinError(
                .invalidFormat, "not a \(formatName) version \(formatVersion) manifest", file: "manifest.json",
                value: "\(manifest.format) \(manifest.formatVersion)")
        }
        // The datasets are independent: read them on all cores, as the trade flows alone take as long as all the rest.
        let datasets = manifest.datasets
        let results = Mutex<[Result<ImportBatch, CritMinError>?]>(Array(repeating: nil, count: datasets.count))
        DispatchQueue.concurrentPerform(iterations: datasets.count) { index in
            let result = Result { () throws(CritMinError) in try readDataset(datasets[index], in: folder) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { $0 }.map { result throws(CritMinError) in try result!.get() }
    }

    private static func readDataset(_ entry: ManifestEntry, in folder: URL) throws(CritMinError) -> ImportBatch {
        let directory = folder.appendingPathComponent(entry.id.rawValue)
        var contents: [String: Data] = [:]
        for (name, expected) in entry.files {
            let url = directory.appendingPathComponent(name)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw CritMinError(.io, "bundle file missing or unreadable", file: "\(entry.id)/\(name)")
            }
            guard SourceChecksum.sha256(of: data) == expected else {
                throw CritMinError(
                    .invalidFormat, "bundle file does not match its manifest checksum (damaged or edited)",
                    file: "\(entry.id)/\(name)")
            }
            contents[name] = data
        }
        guard let documentData = contents["dataset.json"] else {
            throw CritMinError(.invalidFormat, "dataset.json is missing", file: "\(entry.id)/dataset.json")
        }
        let document: DatasetDocument = try decode(documentData, file: "\(entry.id)/dataset.json")
        let observations =
            try contents["observations.csv"].map { data throws(CritMinError) in
                try readObservations(data, fileName: "\(entry.id)/observations.csv")
            } ?? []
        let governance =
            try contents["governance.csv"].map { data throws(CritMinError) in
                try readGovernance(data, fileName: "\(entry.id)/governance.csv")
            } ?? []
        var tradeFlows: [TradeFlow] = []
        if let data = contents["trade.csv"] {
            guard let origin = document.tradeFlows else {
                throw CritMinError(.invalidFormat, "trade.csv without its citation and source file (tradeFlows)", file: "\(entry.id)/dataset.json")
            }
            tradeFlows = try readTradeFlows(data, fileName: "\(entry.id)/trade.csv", origin: origin)
        }
        let siteRecords =
            try contents["sites.jsonl"].map { data throws(CritMinError) in try readSites(data, fileName: "\(entry.id)/sites.jsonl") } ?? []
        return ImportBatch(
            descriptor: document.descriptor, checksum: document.checksum, sourceFiles: document.sourceFiles, citations: document.citations,
            commodities: document.commodities, countries: document.countries, countryGroups: document.countryGroups,
            criticalLists: document.criticalLists, hsCodes: document.hsCodes, observations: observations, governance: governance,
            tradeFlows: tradeFlows, tradeCodes: document.tradeCodes ?? [], siteRecords: siteRecords)
    }

    private static func readSites(_ data: Data, fileName: String) throws(CritMinError) -> [SiteRecord] {
        let decoder = JSONDecoder()
        var records: [SiteRecord] = []
        for (offset, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do { records.append(try decoder.decode(SiteRecord.self, from: line)) } catch {
                throw CritMinError(.invalidFormat, "cannot decode the site record: \(error)", file: fileName, line: offset + 1)
            }
        }
        return records
    }

    private static func readObservations(_ data: Data, fileName: String) throws(CritMinError) -> [Observation] {
        var table = try CSVTable(data: data, fileName: fileName, required: observationColumns)
        var observations: [Observation] = []
        while let row = try table.next() {
            let period = Period(start: try row.int("period_start"), end: try row.int("period_end"))
            let amount: Amount
            do {
                amount = try Amount(
                    kind: row["amount_kind"], value: try row.optionalDouble("value"), high: try row.optionalDouble("value_high"),
                    text: row.verbatim("text"))
            } catch {
                throw error.located(file: fileName, line: row.line)
            }
            guard let measure = Measure(rawValue: row["measure"]) else {
                throw row.error(.invalidValue, "unknown measure", column: "measure")
            }
            let stageText = row["stage"]
            guard stageText.isEmpty || Stage(rawValue: stageText) != nil else {
                throw row.error(.invalidValue, "unknown stage", column: "stage")
            }
            let area: Area
            let partner: Area?
            do {
                area = try Area(code: row["area"])
                partner = row["partner"].isEmpty ? nil : try Area(code: row["partner"])
            } catch {
                throw error.located(file: fileName, line: row.line, field: "area")
            }
            observations.append(
                Observation(
                    commodity: CommodityID(try row.required("commodity")), stage: Stage(rawValue: stageText), measure: measure, area: area,
                    partner: partner, period: period, label: row.verbatim("label").nilIfEmpty,
                    quantity: Quantity(
                        amount, unit: MeasureUnit(row["unit"], basis: row.verbatim("basis").nilIfEmpty), estimated: row["estimated"] == "1",
                        raw: row.verbatim("raw").nilIfEmpty),
                    rank: try row.optionalInt("rank"), note: row.verbatim("note").nilIfEmpty, citation: CitationID(try row.required("citation")),
                    source: SourceLocation(file: row.verbatim("source_file"), line: try row.int("source_line"))))
        }
        return observations
    }

    private static func readGovernance(_ data: Data, fileName: String) throws(CritMinError) -> [GovernanceScore] {
        var table = try CSVTable(data: data, fileName: fileName, required: governanceColumns)
        var scores: [GovernanceScore] = []
        while let row = try table.next() {
            guard let dimension = GovernanceDimension(rawValue: row["dimension"]) else {
                throw row.error(.invalidValue, "unknown governance dimension", column: "dimension")
            }
            scores.append(
                GovernanceScore(
                    country: CountryCode(try row.required("country")), year: try row.int("year"), dimension: dimension,
                    estimate: try row.double("estimate"), standardError: try row.optionalDouble("standard_error"),
                    sourceCount: try row.optionalInt("source_count"), percentileRank: try row.optionalDouble("percentile_rank"),
                    percentileRankLower: try row.optionalDouble("percentile_rank_lower"),
                    percentileRankUpper: try row.optionalDouble("percentile_rank_upper"), citation: CitationID(try row.required("citation")),
                    source: SourceLocation(file: row.verbatim("source_file"), line: try row.int("source_line"))))
        }
        return scores
    }

    private static func readTradeFlows(_ data: Data, fileName: String, origin: TradeFlowOrigin) throws(CritMinError) -> [TradeFlow] {
        var table = try CSVTable(data: data, fileName: fileName, required: tradeColumns)
        var flows: [TradeFlow] = []
        while let row = try table.next() {
            flows.append(
                TradeFlow(
                    year: try row.int("year"), exporter: CountryCode(try row.required("exporter")),
                    importer: CountryCode(try row.required("importer")),
                    hsCode: try row.required("hs"), value: try row.optionalDouble("value"), quantity: try row.optionalDouble("quantity"),
                    citation: origin.citation, source: SourceLocation(file: origin.sourceFile, line: try row.int("row"))))
        }
        return flows
    }

    private static func decodeJSON<T: Decodable>(_ url: URL) throws(CritMinError) -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CritMinError(.io, "cannot read the bundle manifest: \(error.localizedDescription)", file: url.path)
        }
        return try decode(data, file: url.lastPathComponent)
    }

    private static func decode<T: Decodable>(_ data: Data, file: String) throws(CritMinError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CritMinError(.invalidFormat, "cannot decode: \(error)", file: file)
        }
    }
}
