import CritMinCore
import CritMinIngest
import CritMinServer
import CritMinStore
import CritMinTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A server over a fresh copy of the shipped database, with organisations of three countries and a user of every
/// role in each, all signed in with tokens.
struct TestWorld {
    /// nrcan and cgs are Canadian, usgs American, acme Australian.
    static let organisations: [Organisation] = [
        Organisation(id: "nrcan", name: "Natural Resources Canada", country: "CAN"),
        Organisation(id: "cgs", name: "Canadian Geological Survey (test)", country: "CAN"),
        Organisation(id: "usgs", name: "U.S. Geological Survey", country: "USA"),
        Organisation(id: "acme", name: "Acme Mining", country: "AUS"),
    ]

    let store: any TestStore
    let api: CritMinAPI
    /// Tokens by user name ("steward@nrcan").
    let tokens: [String: String]

    /// The shipped database, built once per test process for each engine: a SQLite file each test copies, a PostgreSQL
    /// database each test's database is created from.
    private static let sqliteTemplate = Task { () throws -> String in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-server-template-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        for batch in try DatasetBundle.read(DatasetBundle.shipped()) { _ = try await store.apply(batch, importedBy: "tests") }
        try store.close()
        return path
    }
    private static let postgresTemplate = Task { () throws -> String in
        let url = try await TestPostgres.newDatabase()
        let store = try await PostgresStore.connect(url: url)
        for batch in try DatasetBundle.read(DatasetBundle.shipped()) { _ = try await store.apply(batch, importedBy: "tests") }
        await store.close()
        return url
    }

    static func make(_ engine: StoreEngine = .sqlite, settings: ServerSettings = TestWorld.settings) async throws -> TestWorld {
        let store: any TestStore
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-server-\(UUID().uuidString).sqlite").path
            try FileManager.default.copyItem(atPath: try await sqliteTemplate.value, toPath: path)
            store = try SQLiteStore(path: path)
        case .postgres:
            store = try await PostgresStore.connect(url: try await TestPostgres.newDatabase(copying: try await postgresTemplate.value))
        }
        let audit = AuditEvent(actor: "tests", organisation: nil, action: "setup", target: "world")
        var tokens: [String: String] = [:]
        for organisation in organisations {
            try await store.createOrganisation(organisation, audit: audit)
            for role in Role.allCases {
                let name = "\(role.rawValue)@\(organisation.id)"
                try await store.createUser(UserAccount(name: name, organisation: organisation.id, role: role), passwordHash: nil, audit: audit)
                let (token, hash) = APIToken.generate()
                let now = Date()
                try await store.createToken(
                    TokenRecord(id: APIToken.newID(), user: name, label: "tests", createdAt: now, expiresAt: now.addingTimeInterval(86_400)),
                    hash: hash,
                    audit: audit)
                tokens[name] = token
            }
        }
        return TestWorld(store: store, api: CritMinAPI(store: store, settings: settings), tokens: tokens)
    }

    /// Tests see every change at once and hash passwords cheaply; a debug build under the full suite's load
    /// may take minutes over a briefing, which is slowness, not the 503 these tests check for.
    static let settings = ServerSettings(requestTimeout: .seconds(900), changeCheckInterval: .zero, jobWorkers: 0, bcryptCost: 4)

    /// Sends requests to the router, without a network.
    func run<Value: Sendable>(_ body: @escaping @Sendable (Client) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "critmin.tests")
        logger.logLevel = .warning
        let app = Application(router: try api.router(), logger: logger)
        return try await app.test(.router) { client in try await body(Client(client: client, tokens: tokens)) }
    }

    struct Client {
        let client: any TestClientProtocol
        let tokens: [String: String]

        /// A request as `user` (anonymous when `nil`).
        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, as user: String? = nil, body: String? = nil, contentType: String = "application/json",
            headers extra: HTTPFields = [:]
        ) async throws -> Reply {
            var headers = extra
            if let user { headers[.authorization] = "Bearer \(try #require(tokens[user], "no token for \(user)"))" }
            if body != nil { headers[.contentType] = contentType }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                Reply(status: response.status.code, headers: response.headers, text: String(buffer: response.body))
            }
        }
    }

    struct Reply {
        var status: Int
        var headers: HTTPFields
        var text: String

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    }

    /// An observations CSV of one figure, owned by `owner`.
    static func datasetCSV(_ id: String, owner: String, classification: Classification, value: String = "3,900") -> String {
        """
        dataset,dataset_title,owner,classification,commodity,stage,measure,area,period,value,unit,basis,publisher,publication
        \(id),Test figures of \(owner),\(owner),\(classification.rawValue),cobalt,mine,production,CAN,2024,"\(value)",t,cobalt content,\(owner) statistics,Test release

        """
    }

    /// Publishes a dataset as `owner`'s steward, through the API.
    func publish(_ id: String, owner: String, classification: Classification) async throws {
        let reply = try await run { client in
            try await client.send(
                .post, "/api/v1/datasets", as: "steward@\(owner)", body: Self.datasetCSV(id, owner: owner, classification: classification),
                contentType: "text/csv")
        }
        #expect(reply.status == 201, "\(reply.text)")
    }
}
