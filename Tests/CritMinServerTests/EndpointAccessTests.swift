import CritMinCore
import CritMinIngest
import CritMinServer
import CritMinStore
import CritMinTestSupport
import Foundation
import HTTPTypes
import Testing

/// Every endpoint, called by every role of the owner's organisation, of another organisation of its country and of a
/// foreign one, and anonymously, on a dataset of every classification with and without a grant: the status (and, for
/// reads, whether the dataset shows) must be what this file's own table of the rules says, and every response must
/// match the OpenAPI document.
@Suite(.serialized) struct EndpointAccessTests {
    /// Who calls: nobody, or a role in an organisation related to the dataset's owner (nrcan, Canadian).
    struct Caller: CustomStringConvertible {
        enum Relation: String, CaseIterable { case owner, sameCountry, foreign }
        var role: Role?
        var relation: Relation

        var organisation: String {
            switch relation {
            case .owner: "nrcan"
            case .sameCountry: "cgs"
            case .foreign: "usgs"
            }
        }
        var user: String? { role.map { "\($0.rawValue)@\(organisation)" } }
        var description: String { user ?? "anonymous" }

        static let all: [Caller] =
            [Caller(role: nil, relation: .foreign)]
            + Relation.allCases.flatMap { relation in Role.allCases.map { Caller(role: $0, relation: relation) } }
    }

    /// The rules, written out independently of the policy type: who reads a dataset.
    static func mayRead(_ caller: Caller, _ classification: Classification, granted: Bool) -> Bool {
        switch (classification, caller.role, caller.relation) {
        case (.public, _, _): true
        case (_, nil, _): false
        case (_, _, .owner): true
        case (.bilateral, _, _): granted
        case (.national, _, .sameCountry): granted
        case (.national, _, .foreign): false
        }
    }

    /// 401 for nobody, 403 below `role`, else `allowed`.
    static func needs(_ role: Role, _ caller: Caller, _ allowed: Int) -> Int {
        guard let held = caller.role else { return 401 }
        return held >= role ? allowed : 403
    }

    /// One call of an endpoint and the status the rules expect.
    struct Call {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var contentType = "application/json"
        var expected: Int
        /// For reads of data: whether the restricted dataset must appear in the response.
        var shows: Bool?
    }

    static let dataset = "nrcan-matrix"
    static let candidates = try! String(contentsOf: ShippedScenarios.folder().appendingPathComponent("interventions.yaml"), encoding: .utf8)
    static let scenario = try! String(contentsOf: ShippedScenarios.folder().appendingPathComponent("gallium-germanium-2023.yaml"), encoding: .utf8)

    /// The call of each endpoint, by operation id; a new endpoint without an entry fails `everyEndpointIsCovered`.
    static func call(_ operation: String, _ caller: Caller, _ classification: Classification, granted: Bool, job: String, serial: Int) -> Call? {
        let readable = mayRead(caller, classification, granted: granted)
        let signedIn = caller.role == nil ? 401 : 200
        switch operation {
        case "health", "metrics", "openAPI":
            return Call(method: .get, uri: operation == "health" ? "/health" : operation == "metrics" ? "/metrics" : "/openapi.json", expected: 200)
        case "listCommodities": return Call(method: .get, uri: "/api/v1/commodities", expected: 200)
        case "listSites": return Call(method: .get, uri: "/api/v1/sites?commodity=lithium&country=CAN&stage=production", expected: 200)
        case "getSite": return Call(method: .get, uri: "/api/v1/sites/CAN-QC-laronde", expected: 200)
        case "getPipeline": return Call(method: .get, uri: "/api/v1/pipeline?commodity=cobalt&for=CAN", expected: 200)
        case "getCommodity": return Call(method: .get, uri: "/api/v1/commodities/gallium", expected: 200)
        case "getCountry": return Call(method: .get, uri: "/api/v1/countries/CAN", expected: 200)
        case "listGroups": return Call(method: .get, uri: "/api/v1/groups", expected: 200)
        case "getGroup": return Call(method: .get, uri: "/api/v1/groups/ALLIES", expected: 200)
        case "listCriticalLists": return Call(method: .get, uri: "/api/v1/lists", expected: 200)
        case "getCriticalList": return Call(method: .get, uri: "/api/v1/lists/CA-2024", expected: 200)
        case "compareCriticalLists": return Call(method: .get, uri: "/api/v1/list-comparisons?first=US-2022&second=CA-2024", expected: 200)
        case "getSources": return Call(method: .get, uri: "/api/v1/sources?importer=USA&commodity=cobalt", expected: 200)
        case "getConcentration": return Call(method: .get, uri: "/api/v1/concentration?stage=mine&list=US-2018", expected: 200)
        case "getTradeDependence": return Call(method: .get, uri: "/api/v1/trade?importer=CAN&commodity=cobalt", expected: 200)
        case "getAssessment":
            return Call(
                method: .get, uri: "/api/v1/assessments?for=CAN&method=eu&list=CA-2024&overlay=\(dataset)", expected: readable ? 200 : 404,
                shows: readable ? true : nil)
        case "getComplementarity": return Call(method: .get, uri: "/api/v1/complementarity?list=US-2022", expected: 200)
        case "getDatasetsReport": return Call(method: .get, uri: "/api/v1/datasets-summary", expected: 200, shows: readable)
        case "getBriefing": return Call(method: .get, uri: "/api/v1/briefings?for=CAN&draws=1&list=CA-2024", expected: 200)
        case "listObservations": return Call(method: .get, uri: "/api/v1/observations?dataset=\(dataset)", expected: 200, shows: readable)
        case "listDatasets": return Call(method: .get, uri: "/api/v1/datasets?limit=1000", expected: 200, shows: readable)
        case "listDatasetVersions":
            return Call(method: .get, uri: "/api/v1/datasets/\(dataset)/versions", expected: readable ? 200 : 404, shows: readable ? true : nil)
        case "downloadDataset":
            return Call(
                method: .get, uri: "/api/v1/datasets/\(dataset)/data?format=csv", expected: readable ? 200 : 404, shows: readable ? true : nil)
        case "uploadDataset":
            let owner = caller.organisation
            return Call(
                method: .post, uri: "/api/v1/datasets?fileName=matrix.csv",
                body: TestWorld.datasetCSV("\(owner)-upload-\(serial)", owner: owner, classification: .bilateral), contentType: "text/csv",
                expected: needs(.steward, caller, 201))
        case "classifyDataset":
            let expected: Int =
                switch (caller.role, readable) {
                case (nil, _): 401
                case (let role?, _) where role < .steward: 403
                case (_, false): 404
                default: caller.relation == .owner ? 200 : 403
                }
            return Call(
                method: .put, uri: "/api/v1/datasets/\(dataset)/classification", body: #"{"classification":"\#(classification.rawValue)"}"#,
                expected: expected)
        case "listGrants": return Call(method: .get, uri: "/api/v1/grants", expected: signedIn)
        case "createGrant":
            return Call(method: .post, uri: "/api/v1/grants", body: #"{"grantee":"acme","dataset":null}"#, expected: needs(.steward, caller, 201))
        case "revokeGrant":
            return Call(method: .delete, uri: "/api/v1/grants", body: #"{"grantee":"critmin"}"#, expected: needs(.steward, caller, 404))
        case "signIn": return Call(method: .post, uri: "/api/v1/auth/token", body: #"{"user":"nobody","password":"not a password"}"#, expected: 401)
        case "whoAmI": return Call(method: .get, uri: "/api/v1/me", expected: signedIn)
        case "listOrganisations": return Call(method: .get, uri: "/api/v1/organisations", expected: signedIn)
        case "listUsers": return Call(method: .get, uri: "/api/v1/users", expected: needs(.admin, caller, 200))
        case "createUser":
            return Call(
                method: .post, uri: "/api/v1/users", body: #"{"name":"new\#(serial)@\#(caller.organisation)","role":"viewer"}"#,
                expected: needs(.admin, caller, 201))
        case "listTokens": return Call(method: .get, uri: "/api/v1/tokens", expected: signedIn)
        case "createToken":
            return Call(
                method: .post, uri: "/api/v1/tokens", body: #"{"label":"matrix","expiresInDays":1}"#, expected: caller.role == nil ? 401 : 201)
        case "revokeToken": return Call(method: .delete, uri: "/api/v1/tokens/tok_missing", expected: needs(.admin, caller, 404))
        case "listAuditEntries": return Call(method: .get, uri: "/api/v1/audit?limit=5", expected: needs(.admin, caller, 200))
        case "submitSimulation":
            return Call(
                method: .post, uri: "/api/v1/simulations", body: scenario, contentType: "application/yaml", expected: needs(.analyst, caller, 202))
        case "submitInterventionRanking":
            return Call(
                method: .post, uri: "/api/v1/interventions?draws=10", body: candidates, contentType: "application/yaml",
                expected: needs(.analyst, caller, 202))
        case "listJobs": return Call(method: .get, uri: "/api/v1/jobs", expected: signedIn)
        case "getJob":
            return Call(method: .get, uri: "/api/v1/jobs/\(job)", expected: caller.role == nil ? 401 : caller.relation == .owner ? 200 : 404)
        case "getJobResult":
            return Call(method: .get, uri: "/api/v1/jobs/\(job)/result", expected: caller.role == nil ? 401 : caller.relation == .owner ? 409 : 404)
        default: return nil
        }
    }

    @Test(arguments: StoreEngine.available) func everyEndpointIsCovered(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(world.api.openAPIDocument.rendered.utf8)) as? [String: Any])
        let operations = (document["paths"] as? [String: [String: [String: Any]]] ?? [:]).values.flatMap {
            $0.values.compactMap { $0["operationId"] as? String }
        }
        #expect(operations.count > 30)
        for operation in operations {
            #expect(Self.call(operation, Caller.all[0], .public, granted: false, job: "j", serial: 0) != nil, "no access case for \(operation)")
        }
    }

    @Test(arguments: Classification.allCases, [false, true])
    func everyCallerGetsWhatTheRulesSay(_ classification: Classification, _ granted: Bool) async throws {
        for engine in StoreEngine.available { try await checkEveryCaller(engine, classification, granted) }
    }

    private func checkEveryCaller(_ engine: StoreEngine, _ classification: Classification, _ granted: Bool) async throws {
        let world = try await TestWorld.make(engine)
        try await world.publish(Self.dataset, owner: "nrcan", classification: classification)
        if granted {
            for grantee in ["cgs", "usgs"] {
                try await world.store.grant(
                    Grant(grantor: "nrcan", grantee: OrganisationID(grantee), dataset: nil),
                    audit: AuditEvent(actor: "tests", organisation: nil, action: "grant", target: grantee))
            }
        }
        let job = try await world.store.enqueue(
            kind: "simulation", input: "{}", submittedBy: Principal(user: "analyst@nrcan", organisation: "nrcan", country: "CAN", role: .analyst),
            audit: AuditEvent(actor: "tests", organisation: nil, action: "job.submit", target: ""))
        let documentText = world.api.openAPIDocument.rendered
        let jobID = job.id
        try await world.run { client in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(documentText.utf8)) as? [String: Any])
            let validator = SchemaValidator(document: document)
            let paths = document["paths"] as? [String: [String: [String: Any]]] ?? [:]
            var serial = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, operation) in methods.sorted(by: { $0.key < $1.key }) {
                    let id = try #require(operation["operationId"] as? String)
                    for caller in Caller.all {
                        serial += 1
                        let call = try #require(Self.call(id, caller, classification, granted: granted, job: jobID, serial: serial))
                        #expect(call.method.rawValue.lowercased() == method, "\(id) is documented as \(method) at \(path)")
                        let reply = try await client.send(call.method, call.uri, as: caller.user, body: call.body, contentType: call.contentType)
                        let context =
                            "\(engine): \(id) by \(caller) on a \(classification.rawValue) dataset\(granted ? " with a grant" : ""): \(reply.text.prefix(200))"
                        #expect(reply.status == call.expected, "\(context)")
                        if let shows = call.shows, reply.status == 200 {
                            #expect(reply.text.contains(Self.dataset) == shows, "\(context)")
                        }
                        Self.checkDocumented(reply, operation: operation, validator: validator, context: context)
                    }
                }
            }
        }
    }

    /// The status is documented for the operation, and a JSON body matches its schema.
    static func checkDocumented(_ reply: TestWorld.Reply, operation: [String: Any], validator: SchemaValidator, context: String) {
        let responses = operation["responses"] as? [String: [String: Any]] ?? [:]
        guard var response = responses[String(reply.status)] else {
            Issue.record("status \(reply.status) is not documented — \(context)")
            return
        }
        if response["$ref"] != nil {
            // The shared error responses all carry the Error schema.
            response = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        }
        guard let content = response["content"] as? [String: [String: Any]] else {
            #expect(reply.text.isEmpty, "a bodiless response has a body — \(context)")
            return
        }
        let type = reply.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
        guard let schema = content[type]?["schema"] as? [String: Any] else {
            Issue.record("content type '\(type)' is not documented — \(context)")
            return
        }
        guard type == "application/json" else { return }
        guard let value = reply.json else {
            Issue.record("the body is not JSON — \(context)")
            return
        }
        if let problem = validator.violation(value, schema) { Issue.record("\(problem) — \(context)") }
    }
}
