import CritMinCore
import CritMinServer
import CritMinStore
import CritMinTestSupport
import Foundation
import Testing

/// Malformed, oversized, wrongly encoded or hostile input gets a 4xx with a clear message, and changes nothing.
@Suite struct HostileInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var method: String = "POST"
        var uri: String = "/api/v1/datasets"
        var body: String?
        var contentType = "text/csv"
        var status: Int
        var code: String
        var description: String { name }
    }

    static let good = TestWorld.datasetCSV("nrcan-hostile", owner: "nrcan", classification: .bilateral)

    static let cases: [Case] = [
        Case(
            name: "formula in a text cell", body: good.replacingOccurrences(of: "Test release", with: "=HYPERLINK(\"http://x\")"), status: 422,
            code: "formula-like-cell"),
        Case(
            name: "formula starting with @", body: good.replacingOccurrences(of: "Test release", with: "@SUM(A1)"), status: 422,
            code: "formula-like-cell"),
        Case(name: "path in the file name", uri: "/api/v1/datasets?fileName=../../etc/passwd.csv", body: good, status: 400, code: "invalid-value"),
        Case(name: "absolute file name", uri: "/api/v1/datasets?fileName=/tmp/x.csv", body: good, status: 400, code: "invalid-value"),
        Case(
            name: "SQL in the dataset id", body: good.replacingOccurrences(of: "nrcan-hostile", with: "x'; DROP TABLE datasets; --"), status: 422,
            code: "invalid-value"),
        Case(name: "huge number", body: good.replacingOccurrences(of: "3,900", with: "1e999"), status: 422, code: "invalid-value"),
        Case(name: "NaN", body: good.replacingOccurrences(of: "3,900", with: "NaN"), status: 422, code: "invalid-value"),
        Case(
            name: "another organisation's owner", body: good.replacingOccurrences(of: ",nrcan,bilateral", with: ",usgs,bilateral"), status: 403,
            code: "forbidden"),
        Case(name: "unknown commodity", body: good.replacingOccurrences(of: ",cobalt,", with: ",unobtainium,"), status: 422, code: "invalid-value"),
        Case(name: "header only", body: String(good.split(separator: "\n")[0]) + "\n", status: 422, code: "invalid-format"),
        Case(name: "not CSV at all", body: "\u{0}\u{1}binary", status: 422, code: "invalid-format"),
        Case(
            name: "a NUL byte in a text cell", body: good.replacingOccurrences(of: "Test release", with: "Test\u{0}release"), status: 422,
            code: "invalid-format"),
        Case(
            name: "a NUL in a token label", uri: "/api/v1/tokens", body: #"{"label": "laptop\u0000"}"#, contentType: "application/json", status: 400,
            code: "invalid-value"),
        Case(name: "malformed JSON rows", body: #"{"rows": [1, 2"#, contentType: "application/json", status: 400, code: "invalid-json"),
        Case(name: "JSON booleans", body: #"{"rows": [{"dataset": true}]}"#, contentType: "application/json", status: 400, code: "invalid-json"),
        Case(name: "oversized upload", body: String(repeating: "x", count: (1 << 20) + 1), status: 413, code: "too-large"),
        Case(
            name: "bad grant JSON", uri: "/api/v1/grants", body: #"{"grantee": 5}"#, contentType: "application/json", status: 400,
            code: "invalid-json"),
        Case(
            name: "SQL in a grantee", uri: "/api/v1/grants", body: #"{"grantee": "acme' OR '1'='1"}"#, contentType: "application/json", status: 422,
            code: "invalid-value"),
        Case(name: "SQL in a query", method: "GET", uri: "/api/v1/observations?commodity=cobalt'%20OR%201=1--", status: 200, code: ""),
        Case(name: "huge page", method: "GET", uri: "/api/v1/observations?limit=99999999999999999999", status: 400, code: "invalid-value"),
        Case(name: "negative offset", method: "GET", uri: "/api/v1/datasets?offset=-1", status: 400, code: "invalid-value"),
        Case(name: "unknown stage", method: "GET", uri: "/api/v1/observations?stage=moon", status: 400, code: "invalid-value"),
        Case(name: "control characters", method: "GET", uri: "/api/v1/sources?importer=%00USA", status: 400, code: "invalid-value"),
        Case(name: "unknown commodity name", method: "GET", uri: "/api/v1/commodities/%27%3B%20DROP%20TABLE", status: 404, code: "not-found"),
        Case(name: "no such route", method: "GET", uri: "/api/v1/../../etc/passwd", status: 404, code: "not-found"),
        Case(name: "draws beyond the limit", method: "GET", uri: "/api/v1/assessments?for=CAN&draws=5000000", status: 400, code: "invalid-value"),
        Case(
            name: "a malformed scenario", uri: "/api/v1/simulations", body: "horizon_months: [", contentType: "application/yaml", status: 422,
            code: "invalid-format"),
    ]

    @Test(arguments: cases)
    func isRefusedAndChangesNothing(_ test: Case) async throws {
        for engine in StoreEngine.available { try await checkRefused(test, engine) }
    }

    private func checkRefused(_ test: Case, _ engine: StoreEngine) async throws {
        let settings = ServerSettings(maxUploadBody: 1 << 20, changeCheckInterval: .zero, jobWorkers: 0, bcryptCost: 4)
        let world = try await TestWorld.make(engine, settings: settings)
        let before = try await world.store.generation()
        let datasets = try await world.store.datasetVersions(latestOnly: false)
        try await world.run { client in
            let reply = try await client.send(
                test.method == "GET" ? .get : .post, test.uri, as: "admin@nrcan", body: test.body, contentType: test.contentType)
            #expect(reply.status == test.status, "\(engine), \(test.name): \(reply.text.prefix(300))")
            if test.status >= 400 {
                #expect(reply.errorCode == test.code, "\(test.name): \(reply.text.prefix(300))")
                let message = (reply.object["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.count > 10, "\(test.name): the message must say what is wrong")
            }
        }
        #expect(try await world.store.generation() == before, "\(test.name) changed the store")
        #expect(try await world.store.datasetVersions(latestOnly: false) == datasets)
    }

    @Test(arguments: StoreEngine.available) func wronglyEncodedTextIsRefused(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        let latin1 = Data(Self.good.replacingOccurrences(of: "Test release", with: "Québec").data(using: .isoLatin1)!)
        try await world.run { client in
            let reply = try await client.client.execute(
                uri: "/api/v1/datasets", method: .post,
                headers: [.authorization: "Bearer \(world.tokens["steward@nrcan"]!)", .contentType: "text/csv"],
                body: .init(bytes: latin1)
            ) { response in (response.status.code, String(buffer: response.body)) }
            #expect(reply.0 == 400 && reply.1.contains("invalid-encoding"))
        }
    }
}
