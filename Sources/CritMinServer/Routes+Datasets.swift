import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

extension CritMinAPI {
    var dataEndpoints: [Endpoint] {
        [
            Endpoint(
                method: .get, path: "/api/v1/observations", operationID: "listObservations", tag: "data",
                summary: "Observations the caller may read, filtered, in pages; each with its amount as published and its citation.",
                parameters: [
                    .query("commodity", "Commodity ids, comma-separated."), .query("area", "Reporting areas: ISO codes, WORLD, OTHER, group:EU."),
                    .query("partner", "Partner areas."), .query("stage", "Stages, comma-separated: mine, refinery, secondary, processing."),
                    .query("measure", "Measures, comma-separated: production, reserves, imports, …"),
                    .query("years", "A year or a span, e.g. 2018-2024."), .query("dataset", "Dataset ids, comma-separated."),
                    .query("latestPeriodOnly", "Only each series' latest period.", schema: Schema.boolean), .limit, .offset,
                ],
                responses: [.json(200, "A page of observations.", Page.of(Schema.ref("Observation")), headers: ["ETag"]), Self.notModified],
                access: .anyone
            ) { [self] request, context in
                let query = try Self.observationQuery(QueryParameters(request))
                let page = try Page(QueryParameters(request))
                return try await cachedRead(request, context) { store in
                    let observations = try await store.observations(query)
                    let shown = page.slice(observations)
                    let citations = try await store.citations(Set(shown.map(\.observation.citation)))
                    return page.document(
                        shown.map { $0.jsonValue(citation: citations[$0.observation.citation]) }, total: observations.count, request: request
                    )
                    .rendered
                }
            },
            Endpoint(
                method: .get, path: "/api/v1/datasets", operationID: "listDatasets", tag: "data",
                summary: "The datasets the caller may read: latest version, owner, classification, citation.",
                parameters: [.limit, .offset],
                responses: [.json(200, "A page of datasets.", Page.of(Schema.ref("DatasetVersion")), headers: ["ETag"]), Self.notModified],
                access: .anyone
            ) { [self] request, context in
                let page = try Page(QueryParameters(request))
                return try await cachedRead(request, context) { store in
                    let versions = try await store.datasetVersions(latestOnly: true)
                    return page.document(page.slice(versions).map(\.jsonValue), total: versions.count, request: request).rendered
                }
            },
            Endpoint(
                method: .get, path: "/api/v1/datasets/{id}/versions", operationID: "listDatasetVersions", tag: "data",
                summary: "Every version of a dataset, oldest first.", parameters: [.path("id", "Dataset id.")],
                responses: [.json(200, "The versions.", Schema.array(Schema.ref("DatasetVersion")), headers: ["ETag"]), Self.notModified],
                access: .dataset
            ) { [self] request, context in
                let dataset = try await readableDataset(context)
                return try await cachedRead(request, context) { store in
                    JSONValue.array(
                        try await store.datasetVersions(latestOnly: false).filter { $0.descriptor.id == dataset.dataset }.map(\.jsonValue)
                    ).rendered
                }
            },
            Endpoint(
                method: .get, path: "/api/v1/datasets/{id}/data", operationID: "downloadDataset", tag: "data",
                summary: "A dataset version's records as CSV (the observations upload format, so it uploads again) or JSON.",
                parameters: [
                    .path("id", "Dataset id."), .query("format", "csv or json (default json).", schema: Schema.enumeration(["csv", "json"])),
                    .query("version", "Version number (default: the latest).", schema: Schema.integer(minimum: 1, maximum: 1_000_000)),
                ],
                responses: [
                    DocumentedResponse(
                        status: 200, description: "The records.",
                        content: [("application/json", Schema.ref("DatasetDownload")), ("text/csv", Schema.string)], headers: ["ETag"]),
                    Self.notModified,
                ],
                access: .dataset
            ) { [self] request, context in
                let dataset = try await readableDataset(context)
                let query = QueryParameters(request)
                let csv = try query.choice("format", DownloadFormat.self) == .csv
                let version = try query.integer("version", in: 1...1_000_000)
                let contentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
                var response = try await cachedRead(request, context, contentType: contentType) { store in
                    try await Self.download(dataset.dataset, version: version, csv: csv, store: store)
                }
                if csv { response.headers[.contentDisposition] = "attachment; filename=\"\(dataset.dataset.rawValue).csv\"" }
                return response
            },
            Endpoint(
                method: .post, path: "/api/v1/datasets", operationID: "uploadDataset", tag: "data",
                summary: "Publishes a dataset, or its next version, from an observations or site CSV or the same rows as JSON; all or nothing.",
                parameters: [
                    .query(
                        "fileName", "The file's name as recorded with the version (letters, digits, . _ -; ends in .csv).",
                        schema: Schema.text(minLength: 5, maxLength: 100, pattern: "^[A-Za-z0-9_.-]+$"))
                ],
                requestBody: Endpoint.Body(
                    content: [("text/csv", Schema.string), ("application/json", Schema.ref("ObservationRows"))],
                    description:
                        "The observations CSV or the generic site CSV (docs/DATA.md; a header with record_id and kind is a site file), or {\"rows\": [{column: value}]} with the same columns."
                ),
                responses: [
                    .json(201, "A new version was written.", Schema.ref("DatasetVersion"), headers: ["Location"]),
                    .json(200, "The content equals the latest version; nothing was written.", Schema.ref("DatasetVersion")),
                ],
                access: .role(.steward)
            ) { [self] request, context in try await upload(request, context) },
            Endpoint(
                method: .put, path: "/api/v1/datasets/{id}/classification", operationID: "classifyDataset", tag: "sharing",
                summary: "Sets a dataset's classification: public, bilateral (grantees) or national (grantees of the owner's country).",
                parameters: [.path("id", "Dataset id.")],
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("ClassificationChange"))], description: "The classification."),
                responses: [.json(200, "The dataset as it now is.", Schema.ref("DatasetVersion"))],
                access: .role(.steward)
            ) { [self] request, context in
                let dataset = try await readableDataset(context)
                try Self.require(.share(owner: dataset.owner), context)
                let change = try await Self.bodyJSON(ClassificationChange.self, request, limit: settings.maxJSONBody)
                try await store.setClassification(
                    change.classification, of: dataset.dataset,
                    audit: event(
                        "dataset.classify", dataset.dataset.rawValue, "\(dataset.classification.rawValue) → \(change.classification.rawValue)",
                        context))
                changed()
                let latest = try await store.datasetVersions(latestOnly: true).first { $0.descriptor.id == dataset.dataset }
                return Self.json(try latest.orThrow(APIError.notFound).jsonValue)
            },
        ]
    }

    static let notModified = DocumentedResponse(status: 304, description: "Unchanged since the ETag sent.", content: [])

    /// The dataset the path names, when the caller may read it; 404 otherwise (its existence is not revealed).
    func readableDataset(_ context: APIRequestContext) async throws -> DatasetAccess {
        let id = DatasetID(try context.pathParameter("id"))
        let snapshot = try await access.snapshot()
        guard let dataset = snapshot.byID[id] else {
            throw APIError(.notFound, "not-found", "no dataset '\(id)' you may read", field: "id", value: id.rawValue)
        }
        if case .allowed = snapshot.policy.decide(.readDataset(dataset), by: context.principal) { return dataset }
        if context.principal == nil {
            throw APIError(
                .notFound, "not-found", "no dataset '\(id)' you may read; sign in to see restricted datasets", field: "id", value: id.rawValue)
        }
        throw APIError(.notFound, "not-found", "no dataset '\(id)' you may read", field: "id", value: id.rawValue)
    }

    /// Throws the policy's refusal of an action that depends on role and organisation only (not on grants: dataset
    /// reads go through ``readableDataset(_:)``).
    static func require(_ action: Action, _ context: APIRequestContext) throws {
        if let error = APIError(AccessPolicy(grants: []).decide(action, by: context.principal)) { throw error }
    }

    private static func observationQuery(_ query: QueryParameters) throws -> ObservationQuery {
        func set<Value: Hashable>(_ name: String, _ make: (String) throws -> Value) throws -> Set<Value>? {
            try query.list(name).map { Set(try $0.map(make)) }
        }
        return ObservationQuery(
            commodities: try set("commodity", CommodityID.init),
            measures: try set("measure") { try Measure(rawValue: $0).orThrow(APIError.invalid("measure", "unknown measure", value: $0)) },
            stages: try set("stage") {
                try Stage(rawValue: $0).orThrow(APIError.invalid("stage", "expected mine, refinery, secondary or processing", value: $0))
            },
            areas: try set("area", Self.area("area")), partners: try set("partner", Self.area("partner")),
            years: try query.years("years"), datasets: try set("dataset", DatasetID.init),
            latestPeriodOnly: try query.choice("latestPeriodOnly", Flag.self) == .true)
    }

    private static func area(_ field: String) -> (String) throws -> Area {
        { code in
            do { return try Area(code: code) } catch { throw APIError.invalid(field, "expected an ISO code, WORLD, OTHER or group:ID", value: code) }
        }
    }

    private static func download(_ dataset: DatasetID, version: Int?, csv: Bool, store: any Store) async throws -> String {
        let pins = version.map { [dataset: $0] }
        let observations = try await store.observations(ObservationQuery(datasets: [dataset], versions: pins))
        let versions = try await store.datasetVersions(latestOnly: false).filter { $0.descriptor.id == dataset }
        guard let stored = version.map({ number in versions.first { $0.version == number } }) ?? versions.last else {
            throw APIError(.notFound, "not-found", "dataset '\(dataset)' has no version \(version ?? 0)", field: "version")
        }
        let citations = try await store.citations(Set(observations.map(\.observation.citation) + [stored.descriptor.citation]))
        if csv {
            let rows = ObservationsCSVImporter.rows(observations.map(\.observation), descriptor: stored.descriptor, citations: citations)
            return ([ObservationsCSVImporter.exportColumns] + rows).map { $0.map(CSVField.spreadsheetSafe).joined(separator: ",") }
                .joined(separator: "\r\n") + "\r\n"
        }
        let governance = try await store.governance(GovernanceQuery(datasets: [dataset], versions: pins))
        return JSONValue.object([
            ("dataset", stored.jsonValue),
            ("observations", .array(observations.map { $0.jsonValue(citation: nil) })),
            ("governance", .array(governance.map(\.jsonValue))),
            ("citations", .array(citations.values.sorted { $0.id < $1.id }.map(\.jsonValue))),
        ]).rendered
    }

    // MARK: Upload

    private func upload(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.principal.orThrow(APIError(.unauthorized, "unauthenticated", "sign in to publish"))
        let fileName = try Self.uploadFileName(QueryParameters(request).string("fileName"))
        let text = try await Self.bodyText(request, limit: settings.maxUploadBody)
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
        let csv = isJSON ? try UploadRows.csv(fromJSON: text) : text
        try UploadRows.rejectFormulas(csv, fileName: fileName)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(fileName)
        try Data(csv.utf8).write(to: file)
        // A header with a site's columns is the generic site CSV; any other is the observations CSV.
        let header = Set(
            (csv.split(separator: "\n", maxSplits: 1).first ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        let importer: any Importer = header.isSuperset(of: ["record_id", "kind"]) ? SitesCSVImporter() : ObservationsCSVImporter()
        let batch = try importer.read(file, catalogue: try await store.catalogue())
        let owner = try OrganisationID.validated(batch.descriptor.owner, field: "owner")
        guard owner == principal.organisation else {
            throw APIError(
                .forbidden, "forbidden", "the file's owner is '\(owner)'; you publish for '\(principal.organisation)'", field: "owner",
                value: owner.rawValue)
        }
        try Self.require(.publish(owner: owner), context)
        if let existing = try await access.snapshot().byID[batch.descriptor.id], existing.owner != owner {
            throw APIError(
                .conflict, "conflict", "dataset '\(batch.descriptor.id)' belongs to '\(existing.owner)'", field: "dataset",
                value: batch.descriptor.id.rawValue)
        }
        let outcome = try await store.publish(
            batch, importedBy: principal.user,
            audit: event("dataset.publish", batch.descriptor.id.rawValue, "\(batch.descriptor.classification.rawValue), file \(fileName)", context))
        changed()
        switch outcome {
        case .created(let version):
            return Self.json(version.jsonValue, status: .created, headers: [.location: "/api/v1/datasets/\(version.descriptor.id)/versions"])
        case .unchanged(let version):
            return Self.json(version.jsonValue)
        }
    }

    private static func uploadFileName(_ name: String?) throws -> String {
        guard let name else { return "upload.csv" }
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
        guard allowed, name.hasSuffix(".csv"), !name.hasPrefix("."), name.count <= 100 else {
            throw APIError.invalid("fileName", "a file name of letters, digits, '.', '_' and '-' ending in .csv, without folders", value: name)
        }
        return name
    }
}

enum DownloadFormat: String, CaseIterable {
    case csv, json
}

enum Flag: String, CaseIterable {
    case `true`, `false`
}

struct ClassificationChange: Decodable {
    var classification: Classification
}
