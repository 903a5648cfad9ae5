import CritMinTestSupport
import Foundation
import Testing

/// The live server against its own OpenAPI document, with the tools `.ci/run` installs in `.venv-tools`:
/// openapi-spec-validator checks the document, schemathesis fuzzes every operation (coverage, fuzzing and stateful
/// phases) and fails on any 5xx, undocumented status, content type or header, body that breaks its schema, or method
/// a path does not take (405). Skipped where the tools are absent.
@Suite(.serialized) struct APIContractTests {
    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".venv-tools/bin")
    static let available = FileManager.default.isExecutableFile(atPath: tools.appendingPathComponent("schemathesis").path)

    static func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = tools.appendingPathComponent(name)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: available, "needs schemathesis and openapi-spec-validator: run .ci/run once"), arguments: StoreEngine.available)
    func theServerKeepsItsDocumentUnderFuzzing(engine: StoreEngine) async throws {
        let deployment = try await ServeCommandTests.deployment(engine)
        #expect(
            try CLI.run(["admin", "create-user", "fuzzer@nrcan", "--org", "nrcan", "--role", "admin", "--database", deployment.database]).status == 0)
        let token = try CLI.run(["admin", "create-token", "fuzzer@nrcan", "--database", deployment.database]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let port = ServeCommandTests.freePort()
        // A debug build under the whole suite's load takes seconds over a full read from PostgreSQL: a 503 for that would be
        // slowness, not the fault this test looks for.
        let server = try await ServeCommandTests.serve(deployment, port: port, extra: ["--job-workers", "0", "--request-timeout", "60"])
        let document = try await HTTP.send("GET", port: port, "/openapi.json")
        let file = try CLI.temporaryFolder().appendingPathComponent("openapi.json")
        try document.text.write(to: file, atomically: true, encoding: .utf8)
        let validation = try Self.tool("openapi-spec-validator", [file.path])
        #expect(validation.status == 0, "\(validation.output)")
        // Revoking tokens is left out: the fuzzer would revoke its own and stop testing anything else. One worker: with
        // threads, CPython 3.11.7's ast module can fail inside Hypothesis (python/cpython#106905). The client waits as
        // long as the server may take (60 s), not schemathesis's 10 s default, for the same reason as above.
        let run = try Self.tool(
            "schemathesis",
            [
                "run", "http://127.0.0.1:\(port)/openapi.json", "-H", "Authorization: Bearer \(token)", "--max-examples", "15", "--workers", "1",
                "--request-timeout", "60",
                "--exclude-operation-id", "revokeToken", "--seed", "2020", "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method",
            ])
        // The failures, with a curl line for each, come before schemathesis's long summary.
        let failures = run.output.range(of: "FAILURES").map { String(run.output[$0.lowerBound...].prefix(8_000)) } ?? String(run.output.suffix(6_000))
        #expect(run.status == 0, "\(engine): \(failures)")
        let (status, log) = server.stop()
        #expect(status == 0)
        #expect(
            !log.contains("\"level\":\"error\""),
            "the server logged errors under fuzzing: \(log.split(separator: "\n").filter { $0.contains("\"level\":\"error\"") }.prefix(5))")
    }
}
