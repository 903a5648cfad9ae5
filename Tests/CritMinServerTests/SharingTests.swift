import CritMinCore
import CritMinIngest
import CritMinServer
import CritMinStore
import CritMinTestSupport
import Foundation
import HTTPTypes
import Logging
import Testing

/// The issue's acceptance: a Canadian and an American organisation each publish a bilateral dataset, grant the other,
/// read the other's data and run an assessment over both; a third organisation without a grant sees neither; every
/// read is in a verifiable audit log.
@Suite struct SharingTests {
    @Test(arguments: StoreEngine.available) func twoAgenciesShareWhileAThirdSeesNothingAndEveryReadIsAudited(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.publish("nrcan-cobalt-2024", owner: "nrcan", classification: .bilateral)
        try await world.publish("usgs-cobalt-2024", owner: "usgs", classification: .bilateral)
        try await world.run { client in
            // Before any grant each sees only its own.
            let before = try await client.send(.get, "/api/v1/datasets/nrcan-cobalt-2024/data", as: "analyst@usgs")
            #expect(before.status == 404)
            #expect(try await client.send(.post, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"usgs"}"#).status == 201)
            #expect(
                try await client.send(.post, "/api/v1/grants", as: "steward@usgs", body: #"{"grantee":"nrcan","dataset":"usgs-cobalt-2024"}"#).status
                    == 201)
            for (reader, other) in [("analyst@usgs", "nrcan-cobalt-2024"), ("analyst@nrcan", "usgs-cobalt-2024")] {
                let data = try await client.send(.get, "/api/v1/datasets/\(other)/data", as: reader)
                #expect(data.status == 200, "\(reader) reads \(other): \(data.text)")
                #expect((data.object["observations"] as? [Any])?.count == 1)
            }
            let both = "/api/v1/observations?dataset=nrcan-cobalt-2024,usgs-cobalt-2024"
            #expect(try await client.send(.get, both, as: "viewer@nrcan").object.page?["total"] as? Int == 2)
            #expect(try await client.send(.get, both, as: "viewer@usgs").object.page?["total"] as? Int == 2)
            // An assessment over both: the partners' figures replace USGS's for their country.
            let assessment = try await client.send(
                .get, "/api/v1/assessments?for=USA%2BCAN&method=eu&list=US-2022&overlay=nrcan-cobalt-2024,usgs-cobalt-2024", as: "analyst@usgs")
            #expect(assessment.status == 200, "\(assessment.text.prefix(300))")
            #expect(assessment.text.contains("nrcan-cobalt-2024"))
            // The third organisation sees neither, by any route.
            #expect(try await client.send(.get, both, as: "admin@acme").object.page?["total"] as? Int == 0)
            #expect(try await client.send(.get, "/api/v1/datasets/usgs-cobalt-2024/versions", as: "admin@acme").status == 404)
            let listed = try await client.send(.get, "/api/v1/datasets?limit=1000", as: "admin@acme").object["items"] as? [[String: Any]] ?? []
            #expect(!listed.contains { ($0["id"] as? String)?.hasSuffix("cobalt-2024") == true })
            let hidden = try await client.send(
                .get, "/api/v1/assessments?for=USA%2BCAN&method=eu&list=US-2022&overlay=nrcan-cobalt-2024", as: "admin@acme")
            #expect(hidden.status == 404)
            #expect(try await client.send(.get, both).object.page?["total"] as? Int == 0)
        }
        // Every read of the other's data is in the log, and the log verifies.
        let entries = try await world.store.auditEntries(after: 0, limit: 10_000, organisation: nil)
        let reads = entries.filter { $0.event.action == "data.read" }
        for (reader, dataset) in [("analyst@usgs", "nrcan-cobalt-2024"), ("analyst@nrcan", "usgs-cobalt-2024"), ("viewer@usgs", "nrcan-cobalt-2024")]
        {
            #expect(reads.contains { $0.event.actor == reader && $0.event.target == dataset }, "no audit entry of \(reader) reading \(dataset)")
        }
        #expect(!reads.contains { $0.event.organisation == "acme" })
        #expect(entries.contains { $0.event.action == "grant.create" && $0.event.actor == "steward@nrcan" })
        guard case .intact = try await world.store.verifyAudit() else {
            Issue.record("the audit log must verify")
            return
        }
    }

    @Test(arguments: StoreEngine.available) func nationalDataStaysInItsCountry(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.publish("nrcan-national", owner: "nrcan", classification: .national)
        try await world.run { client in
            for grantee in ["cgs", "usgs"] {
                #expect(try await client.send(.post, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"\#(grantee)"}"#).status == 201)
            }
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-national/data", as: "viewer@cgs").status == 200)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-national/data", as: "viewer@usgs").status == 404)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-national/data", as: "viewer@acme").status == 404)
            // Reclassified bilateral, the American grantee reads it too.
            let change = try await client.send(
                .put, "/api/v1/datasets/nrcan-national/classification", as: "steward@nrcan", body: #"{"classification":"bilateral"}"#)
            #expect(change.status == 200)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-national/data", as: "viewer@usgs").status == 200)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-national/data", as: "viewer@acme").status == 404)
        }
    }

    @Test(arguments: StoreEngine.available) func revokedTokensAndGrantsStopWorkingAtOnce(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.publish("nrcan-revoke", owner: "nrcan", classification: .bilateral)
        try await world.run { client in
            #expect(try await client.send(.post, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"usgs"}"#).status == 201)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-revoke/data", as: "viewer@usgs").status == 200)
            #expect(try await client.send(.delete, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"usgs"}"#).status == 204)
            #expect(try await client.send(.get, "/api/v1/datasets/nrcan-revoke/data", as: "viewer@usgs").status == 404)
            let tokens = try await client.send(.get, "/api/v1/tokens", as: "viewer@usgs").json as? [[String: Any]] ?? []
            let id = try #require(tokens.first?["id"] as? String)
            #expect(try await client.send(.delete, "/api/v1/tokens/\(id)", as: "viewer@usgs").status == 204)
            let refused = try await client.send(.get, "/api/v1/me", as: "viewer@usgs")
            #expect(refused.status == 401 && refused.errorCode == "unauthenticated")
        }
    }

    @Test(arguments: StoreEngine.available) func aPasswordSignInIssuesATokenShownOnce(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.run { client in
            let created = try await client.send(
                .post, "/api/v1/users", as: "admin@usgs", body: #"{"name":"carol@usgs","role":"analyst","password":"correct horse battery"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(try await client.send(.post, "/api/v1/auth/token", body: #"{"user":"carol@usgs","password":"wrong password!"}"#).status == 401)
            let signedIn = try await client.send(.post, "/api/v1/auth/token", body: #"{"user":"carol@usgs","password":"correct horse battery"}"#)
            #expect(signedIn.status == 201)
            let token = try #require(signedIn.object["token"] as? String)
            let me = try await client.client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                String(buffer: $0.body)
            }
            #expect(me.contains("\"role\":\"analyst\""))
            let listed = try await client.send(.get, "/api/v1/users", as: "admin@usgs").text
            #expect(listed.contains("carol@usgs") && !listed.contains("correct horse"))
            #expect(try await client.send(.post, "/api/v1/users", as: "steward@usgs", body: #"{"name":"dan@usgs","role":"admin"}"#).status == 403)
        }
        let hashes = try await world.store.user(named: "carol@usgs")?.passwordHash
        #expect(hashes?.hasPrefix("$2") == true)
    }
}

extension Dictionary where Key == String, Value == Any {
    var page: [String: Any]? { self["page"] as? [String: Any] }
}

/// Lists come in pages whose `next` link reads the following page.
@Suite struct PaginationTests {
    @Test(arguments: StoreEngine.available) func nextPagesCoverTheListOnceEach(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.run { client in
            var uri: String? = "/api/v1/observations?commodity=cobalt&measure=production&limit=7"
            var seen: [String] = []
            var total = 0
            while let next = uri {
                let page = try await client.send(.get, next)
                #expect(page.status == 200, "\(page.text.prefix(200))")
                let items = page.object["items"] as? [[String: Any]] ?? []
                seen += items.map { item in
                    ["dataset", "source", "stage", "area", "partner", "periodStart", "label", "unit"].map { "\(item[$0] ?? "")" }.joined(
                        separator: "|")
                }
                total = page.object.page?["total"] as? Int ?? 0
                uri = page.object.page?["next"] as? String
                #expect(items.count <= 7)
            }
            #expect(total > 7)
            #expect(seen.count == total && Set(seen).count == total)
        }
    }

    @Test(arguments: StoreEngine.available) func anUnchangedReadAnswers304(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.run { client in
            let first = try await client.send(.get, "/api/v1/commodities/cobalt")
            let etag = try #require(first.headers[.eTag])
            let again = try await client.send(.get, "/api/v1/commodities/cobalt", headers: [.ifNoneMatch: etag])
            #expect(again.status == 304 && again.text.isEmpty)
            #expect(try await client.send(.get, "/api/v1/commodities/cobalt", headers: [.ifNoneMatch: "\"other\""]).status == 200)
        }
    }
}

/// Simulations submitted over HTTP run as jobs over the submitter's datasets.
@Suite struct JobTests {
    /// Posts a shipped example file as `user` and runs the queued job; the submission's reply.
    static func submitAndRun(_ world: TestWorld, _ uri: String, example: String, as user: String) async throws -> TestWorld.Reply {
        let file = try String(contentsOf: ShippedScenarios.folder().appendingPathComponent(example), encoding: .utf8)
        let submitted = try await world.run { client in
            try await client.send(.post, uri, as: user, body: file, contentType: "application/yaml")
        }
        #expect(submitted.status == 202, "\(submitted.text)")
        let runner = JobRunner(api: world.api, workers: 1, logger: Logger(label: "tests"))
        #expect(try await runner.runNext(worker: "tests"))
        #expect(try await runner.runNext(worker: "tests") == false)
        return submitted
    }

    @Test(arguments: StoreEngine.available) func aSubmittedSimulationRunsAsAJobAndItsResultIsServed(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        let submitted = try await Self.submitAndRun(
            world, "/api/v1/simulations?draws=20&seed=7", example: "gallium-germanium-2023.yaml", as: "analyst@usgs")
        let location = try #require(submitted.headers[.location])
        try await world.run { client in
            let job = try await client.send(.get, location, as: "viewer@usgs")
            #expect(job.object["state"] as? String == "succeeded", "\(job.text)")
            #expect(job.object["progress"] as? Double == 1)
            let resultURL = try #require(job.object["resultUrl"] as? String)
            let result = try await client.send(.get, resultURL, as: "viewer@usgs")
            #expect(result.status == 200)
            #expect((result.object["title"] as? String)?.isEmpty == false)
            #expect(try await client.send(.get, location, as: "viewer@nrcan").status == 404)
        }
    }

    @Test(arguments: StoreEngine.available) func aRankingOfCandidateActionsRunsAsAJob(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        let submitted = try await Self.submitAndRun(world, "/api/v1/interventions?draws=20", example: "interventions.yaml", as: "analyst@nrcan")
        let id = try #require(submitted.object["id"] as? String)
        let job = try #require(try await world.store.job(id))
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        #expect(job.result?.contains("shortfall") == true || job.result?.contains("avoided") == true)
    }

    @Test(arguments: StoreEngine.available) func aScenarioThatDoesNotParseIsRefusedBeforeItIsQueued(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        let reply = try await world.run { client in
            try await client.send(
                .post, "/api/v1/simulations", as: "analyst@usgs", body: "name: x\nhorizon_months: 12\nshocks: 5\n", contentType: "application/yaml")
        }
        #expect(reply.status == 422)
        #expect(try await world.store.jobs(of: "usgs", limit: 10).isEmpty)
    }
}
