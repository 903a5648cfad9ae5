import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation
import CritMinStore
import Foundation
import Hummingbird

extension CritMinAPI {
    var jobEndpoints: [Endpoint] {
        [
            submission(
                .simulation, path: "/api/v1/simulations", operationID: "submitSimulation",
                summary: "Queues a disruption scenario (YAML or JSON, docs/SCENARIOS.md) to run on the caller's datasets; poll the job for progress.",
                body: "The scenario file."),
            submission(
                .interventions, path: "/api/v1/interventions", operationID: "submitInterventionRanking",
                summary:
                    "Queues a ranking of candidate actions (mines, refineries, stockpiles, recycling, agreements; YAML or JSON, docs/SCENARIOS.md) "
                    + "by shortfall avoided in every shipped scenario, over the same Monte Carlo draws.",
                body: "The candidate-actions file."),
            Endpoint(
                method: .get, path: "/api/v1/jobs", operationID: "listJobs", tag: "jobs", summary: "The caller's organisation's jobs, newest first.",
                parameters: [.limit], responses: [.json(200, "The jobs.", Schema.array(Schema.ref("Job")))], access: .signedIn
            ) { [self] request, context in
                let principal = try context.principal.orThrow(APIError.notFound)
                let limit = try QueryParameters(request).integer("limit", in: 1...1_000) ?? 100
                return Self.json(.array(try await store.jobs(of: principal.organisation, limit: limit).map(\.jsonValue)))
            },
            Endpoint(
                method: .get, path: "/api/v1/jobs/{id}", operationID: "getJob", tag: "jobs", summary: "A job's state, progress and result URL.",
                parameters: [.path("id", "Job id.")], responses: [.json(200, "The job.", Schema.ref("Job"))], access: .signedIn
            ) { [self] _, context in
                Self.json(try await ownJob(context).jsonValue)
            },
            Endpoint(
                method: .get, path: "/api/v1/jobs/{id}/result", operationID: "getJobResult", tag: "jobs",
                summary: "A finished job's result: the simulation report.", parameters: [.path("id", "Job id.")],
                responses: [.json(200, "The result.", Schema.ref("Report"))], access: .signedIn
            ) { [self] _, context in
                let job = try await ownJob(context)
                switch job.state {
                case .succeeded: return Self.json(.null).with(body: job.result ?? "null")
                case .failed: throw APIError(.conflict, "job-failed", "the job failed: \(job.error ?? "no message")")
                case .queued, .running:
                    throw APIError(.conflict, "job-not-finished", "the job is \(job.state.rawValue) (\(Int(job.progress * 100)) %)")
                }
            },
        ]
    }

    /// A POST route that checks a file at once (a bad one is a 422 here, not a failed job later) and queues it.
    private func submission(_ kind: JobInput.Kind, path: String, operationID: String, summary: String, body: String) -> Endpoint {
        Endpoint(
            method: .post, path: path, operationID: operationID, tag: "jobs", summary: summary,
            parameters: [
                .query("draws", "Monte Carlo draws (interventions: 2,000 by default).", schema: Schema.integer(minimum: 1, maximum: 100_000)),
                .query("seed", "Seed of the draws.", schema: Schema.integer(minimum: 0, maximum: Int.max)),
                .query("for", "Countries reported first, ISO codes joined by ',' (default USA,CAN)."), .allies,
            ],
            requestBody: Endpoint.Body(
                content: [("application/yaml", Schema.string), ("application/json", .object([("type", .string("object"))]))], description: body),
            responses: [.json(202, "Queued; the job's URL is in Location.", Schema.ref("Job"), headers: ["Location"])],
            access: .role(.analyst)
        ) { [self] request, context in
            let principal = try context.principal.orThrow(APIError.notFound)
            try Self.require(.run, context)
            let query = QueryParameters(request)
            let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
            let input = JobInput(
                kind: kind, document: try await Self.bodyText(request, limit: settings.maxJSONBody),
                fileName: "\(kind.rawValue).\(isJSON ? "json" : "yaml")", draws: try query.integer("draws", in: 1...100_000) ?? kind.defaultDraws,
                seed: UInt64(try query.integer("seed", in: 0...Int.max) ?? 2020), focus: try query.list("for") ?? ["USA", "CAN"],
                allies: try query.string("allies") ?? "ALLIES")
            let catalogue = try await store.catalogue()
            // Project candidates name sites: checked against the register the job will read, the submitter's.
            let snapshot = try await access.snapshot()
            let sites =
                try kind == .interventions && InterventionsFile.namesSites(input.document, fileName: input.fileName)
                ? try await ReportBuilder(store: store.scoped(to: access.scope(for: principal, in: snapshot).readable, log: nil)).siteRegister()
                : nil
            try input.check(catalogue: catalogue, sites: sites)
            let job = try await store.enqueue(
                kind: kind.rawValue, input: try input.encoded(), submittedBy: principal, audit: event("job.submit", "", kind.rawValue, context))
            return Self.json(job.jsonValue, status: .accepted, headers: [.location: "/api/v1/jobs/\(job.id)"])
        }
    }

    /// The job the path names, when it belongs to the caller's organisation; 404 otherwise.
    func ownJob(_ context: APIRequestContext) async throws -> Job {
        let principal = try context.principal.orThrow(APIError.notFound)
        let id = try context.pathParameter("id")
        guard let job = try await store.job(id), job.organisation == principal.organisation else {
            throw APIError(.notFound, "not-found", "no job '\(id)' of '\(principal.organisation)'", field: "id", value: id)
        }
        return job
    }
}

extension Response {
    /// The response with `text` as its body.
    func with(body text: String) -> Response {
        var response = self
        response.body = .init(byteBuffer: ByteBuffer(string: text))
        return response
    }
}

/// What a job runs, as stored in the queue.
struct JobInput: Codable {
    enum Kind: String, Codable, CaseIterable {
        /// A scenario file, run by ``ReportBuilder/run(_:options:progress:)``.
        case simulation
        /// A candidate-actions file, ranked in every shipped scenario.
        case interventions

        var defaultDraws: Int? { self == .interventions ? 2_000 : nil }
    }

    var kind: Kind
    /// The scenario or candidate-actions file.
    var document: String
    var fileName: String
    var draws: Int?
    var seed: UInt64
    var focus: [String]
    var allies: String

    /// Parses the file and checks the countries, as the job will.
    func check(catalogue: Catalogue, sites: SiteRegister?) throws {
        switch kind {
        case .simulation: _ = try ScenarioFile.parse(document, fileName: fileName, catalogue: catalogue)
        case .interventions: _ = try InterventionsFile.parse(document, fileName: fileName, catalogue: catalogue, sites: sites)
        }
        for code in focus where catalogue.countries[CountryCode(code)] == nil {
            throw APIError.invalid("for", "'\(code)' is not a country code critmin knows", value: code)
        }
    }

    var options: SimulationOptions {
        SimulationOptions(focus: focus.map(CountryCode.init), allies: allies, draws: draws, seed: seed)
    }

    func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

extension Job {
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)), ("kind", .string(kind)), ("state", .string(state.rawValue)), ("progress", .number(progress)),
            ("organisation", .string(organisation.rawValue)), ("submittedBy", .string(submittedBy)), ("attempts", .integer(attempts)),
            ("createdAt", .string(createdAt.formatted(.iso8601))), ("finishedAt", finishedAt.map { .string($0.formatted(.iso8601)) } ?? .null),
            ("error", error.map(JSONValue.string) ?? .null),
            ("resultUrl", state == .succeeded ? .string("/api/v1/jobs/\(id)/result") : .null),
        ])
    }
}
