import CritMinTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `critmin serve` and `critmin worker` as processes: over real sockets, sharing one database, killed and stopped.
@Suite(.serialized) struct ServeCommandTests {
    /// A database with two organisations, a steward and an analyst each, and their tokens.
    struct Deployment {
        var database: String
        var tokens: [String: String]
    }

    /// The shipped database in PostgreSQL, filled once by `critmin init`; each deployment's database is a copy.
    static let postgresTemplate = Task { () throws -> String in
        let url = try await TestPostgres.newDatabase()
        let result = try CLI.run(["init", "--database", url])
        precondition(result.status == 0, "critmin init failed on PostgreSQL: \(result.errors)")
        return url
    }

    static func deployment(_ engine: StoreEngine) async throws -> Deployment {
        let database: String
        switch engine {
        case .sqlite:
            database = try CLI.temporaryFolder().appendingPathComponent("shared.sqlite").path
            try FileManager.default.copyItem(atPath: CLI.sharedDatabase, toPath: database)
        case .postgres:
            database = try await TestPostgres.newDatabase(copying: try await postgresTemplate.value)
        }
        var tokens: [String: String] = [:]
        for (organisation, country) in [("nrcan", "CAN"), ("usgs", "USA")] {
            #expect(
                try CLI.run(["admin", "create-org", organisation, "--name", organisation.uppercased(), "--country", country, "--database", database])
                    .status == 0)
            for role in ["steward", "analyst"] {
                let user = "\(role)@\(organisation)"
                #expect(try CLI.run(["admin", "create-user", user, "--org", organisation, "--role", role, "--database", database]).status == 0)
                let token = try CLI.run(["admin", "create-token", user, "--database", database])
                #expect(token.status == 0)
                tokens[user] = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return Deployment(database: database, tokens: tokens)
    }

    /// A started process with its standard error kept in a file (a pipe nobody reads would fill and block it).
    final class Started: @unchecked Sendable {
        let process = Process()
        let log: URL

        init(_ arguments: [String]) throws {
            log = try CLI.temporaryFolder().appendingPathComponent("stderr.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = CLI.executable
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        func stop() -> (status: Int32, log: String) {
            if process.isRunning { signal(SIGTERM) }
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    /// A port for a test server, below Linux's ephemeral range (32768–60999), where the suite's own client sockets and
    /// the CI PostgreSQL (55433) would otherwise collide with it now and then ("Address already in use").
    static func freePort() -> Int { Int.random(in: 20_000...32_000) }

    static func serve(_ deployment: Deployment, port: Int, extra: [String] = []) async throws -> Started {
        let server = try Started(["serve", "--port", String(port), "--database", deployment.database] + extra)
        for _ in 0..<100 {
            if (try? await HTTP.send("GET", port: port, "/health"))?.status == 200 { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the server on port \(port) did not start: \(server.stop().log)")
        return server
    }

    @Test(arguments: StoreEngine.available) func twoServersShareOneDatabaseAndStopGracefully(engine: StoreEngine) async throws {
        let deployment = try await Self.deployment(engine)
        let (portA, portB) = (Self.freePort(), Self.freePort() + 1)
        let serverA = try await Self.serve(deployment, port: portA)
        let serverB = try await Self.serve(deployment, port: portB)
        let csv = """
            dataset,dataset_title,owner,classification,commodity,stage,measure,area,period,value,unit,publisher,publication
            nrcan-live,Live figures,nrcan,bilateral,cobalt,mine,production,CAN,2024,"3,900",t,NRCan,Live release

            """
        let upload = try await HTTP.send(
            "POST", port: portA, "/api/v1/datasets", token: deployment.tokens["steward@nrcan"], body: csv, contentType: "text/csv")
        #expect(upload.status == 201, "\(upload.text)")
        let grant = try await HTTP.send(
            "POST", port: portA, "/api/v1/grants", token: deployment.tokens["steward@nrcan"], body: #"{"grantee":"usgs"}"#)
        #expect(grant.status == 201)
        // Server B learns of A's writes within its change-check interval (1 s).
        var seen = 0
        for _ in 0..<30 where seen == 0 {
            let reply = try await HTTP.send("GET", port: portB, "/api/v1/datasets/nrcan-live/data", token: deployment.tokens["analyst@usgs"])
            if reply.status == 200 { seen = 1 } else { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(seen == 1, "server B never saw the dataset and grant written through server A")
        let metrics = try await HTTP.send("GET", port: portB, "/metrics")
        #expect(metrics.text.contains("critmin_http_requests_total"))
        let (statusA, logA) = serverA.stop()
        let (statusB, _) = serverB.stop()
        #expect(statusA == 0 && statusB == 0, "SIGTERM must stop the servers cleanly")
        let line = try #require(logA.split(separator: "\n").first { $0.contains("\"message\":\"request\"") && $0.contains("/api/v1/datasets") })
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(((entry["requestId"] as? String)?.count ?? 0) >= 16)
        #expect(entry["status"] as? String == "201")
        let audit = try CLI.run(["admin", "verify-audit", "--database", deployment.database])
        #expect(audit.status == 0 && audit.output.contains("intact"), "\(audit.errors)")
    }

    @Test(arguments: StoreEngine.available) func aJobWhoseWorkerIsKilledIsTakenOverByAnother(engine: StoreEngine) async throws {
        let deployment = try await Self.deployment(engine)
        let port = Self.freePort()
        let server = try await Self.serve(deployment, port: port, extra: ["--job-workers", "0"])
        // A ranking of candidate actions over every shipped scenario, long enough to be killed while it runs (one
        // scenario's simulation now finishes within a second, before the first poll may see it running). Under the
        // suite's load the worker may still finish between the poll that sees it running and the kill: that run
        // tests nothing, so a new job is submitted, up to three times.
        let scenario = try String(contentsOfFile: "examples/interventions.yaml", encoding: .utf8)
        var killedWhileRunning: String?
        for _ in 0..<3 where killedWhileRunning == nil {
            let submitted = try await HTTP.send(
                "POST", port: port, "/api/v1/interventions?draws=100000", token: deployment.tokens["analyst@usgs"], body: scenario,
                contentType: "application/yaml")
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try #require(submitted.object["id"] as? String)
            let first = try Started(["worker", "--job-stale-after", "2", "--database", deployment.database])
            // Generous bounds: a debug build under the whole suite's load may take many seconds to start a worker.
            var running = false
            for _ in 0..<600 where !running {
                running = try await Self.job(id, port, deployment)["state"] as? String == "running"
                if !running { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(running, "the first worker never claimed the job")
            first.signal(SIGKILL)
            _ = first.stop()
            if try await Self.job(id, port, deployment)["state"] as? String != "succeeded" { killedWhileRunning = id }
        }
        let id = try #require(killedWhileRunning, "in three tries the worker always finished before it was killed")
        let second = try Started(["worker", "--job-stale-after", "2", "--database", deployment.database])
        var takenOver = false
        for _ in 0..<300 where !takenOver {
            takenOver = try await Self.job(id, port, deployment)["attempts"] as? Int == 2
            if !takenOver { try await Task.sleep(for: .milliseconds(200)) }
        }
        let state = try await Self.job(id, port, deployment)
        #expect(takenOver, "no worker took the job over: \(state)")
        #expect(second.stop().status == 0)
        _ = server.stop()
    }

    /// The job as the API reports it to its submitter.
    static func job(_ id: String, _ port: Int, _ deployment: Deployment) async throws -> [String: Any] {
        try await HTTP.send("GET", port: port, "/api/v1/jobs/\(id)", token: deployment.tokens["analyst@usgs"]).object
    }

    /// Waits until a write is under way: on PostgreSQL until another connection holds a writing transaction (so that a
    /// kill lands halfway through it), on SQLite for a while. A debug server under the whole suite's load may parse the
    /// 20 MB body for many seconds before it writes.
    static func waitUntilWriting(_ engine: StoreEngine, _ deployment: Deployment) async throws {
        guard engine == .postgres else { return try await Task.sleep(for: .milliseconds(2_000)) }
        for _ in 0..<1_200 {
            if try await TestPostgres.isWriting(deployment.database) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no write transaction began within 60 s")
    }

    /// 200,000 observations of nrcan's, about 20 MB.
    static func bigUpload() throws -> URL {
        let file = try CLI.temporaryFolder().appendingPathComponent("big.csv")
        var lines = ["dataset,dataset_title,owner,classification,commodity,stage,measure,area,period,value,unit,label,publisher,publication"]
        for index in 0..<200_000 {
            lines.append("nrcan-big,Big,nrcan,bilateral,cobalt,mine,production,CAN,2024,\(index),t,series \(index),NRCan,Big release")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(arguments: StoreEngine.available) func anUploadWhoseServerIsKilledLeavesTheDatabaseAsItWas(engine: StoreEngine) async throws {
        let deployment = try await Self.deployment(engine)
        let file = try Self.bigUpload()
        let before = try CLI.run(["datasets", "--database", deployment.database, "--format", "json"]).output
        let port = Self.freePort()
        let server = try await Self.serve(deployment, port: port)
        let body = try String(contentsOf: file, encoding: .utf8)
        let token = deployment.tokens["steward@nrcan"]
        let upload = Task { try? await HTTP.send("POST", port: port, "/api/v1/datasets", token: token, body: body, contentType: "text/csv") }
        try await Self.waitUntilWriting(engine, deployment)
        #expect(server.process.isRunning)
        server.signal(SIGKILL)
        _ = server.stop()
        let reply = await upload.value
        #expect(reply == nil || reply?.status != 201, "the upload finished before the server could be killed; use a larger file")
        let after = try CLI.run(["datasets", "--database", deployment.database, "--format", "json"])
        #expect(after.status == 0 && after.output == before)
        let audit = try CLI.run(["admin", "verify-audit", "--database", deployment.database])
        #expect(audit.status == 0, "\(audit.errors)")
    }

    @Test(arguments: StoreEngine.available) func verifyAuditFailsOnAnAlteredEntry(engine: StoreEngine) async throws {
        let deployment = try await Self.deployment(engine)
        let intact = try CLI.run(["admin", "verify-audit", "--database", deployment.database])
        #expect(intact.status == 0 && intact.output.contains("intact"))
        try await engine.executeRaw("UPDATE audit_log SET actor = 'nobody' WHERE sequence = 2", at: deployment.database)
        let broken = try CLI.run(["admin", "verify-audit", "--database", deployment.database])
        #expect(broken.status == 1)
        #expect(broken.errors.contains("broken at entry 2"), "\(broken.errors)")
    }

    @Test(arguments: StoreEngine.available) func anImportKilledHalfwayLeavesTheDatabaseAsItWas(engine: StoreEngine) async throws {
        let deployment = try await Self.deployment(engine)
        let file = try Self.bigUpload()
        let before = try CLI.run(["datasets", "--database", deployment.database, "--format", "json"]).output
        let importer = try Started(["import", "observations", file.path, "--database", deployment.database])
        try await Self.waitUntilWriting(engine, deployment)
        #expect(importer.process.isRunning, "the import finished before it could be killed; use a larger file")
        importer.signal(SIGKILL)
        _ = importer.stop()
        let after = try CLI.run(["datasets", "--database", deployment.database, "--format", "json"])
        #expect(after.status == 0)
        #expect(after.output == before)
        let audit = try CLI.run(["admin", "verify-audit", "--database", deployment.database])
        #expect(audit.status == 0, "\(audit.errors)")
    }
}

/// A minimal HTTP/1.1 client over URLSession for the process tests.
enum HTTP {
    struct Reply {
        var status: Int
        var text: String
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    static func send(
        _ method: String, port: Int, _ path: String, token: String? = nil, body: String? = nil, contentType: String = "application/json"
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, text: String(decoding: data, as: UTF8.self))
    }
}
