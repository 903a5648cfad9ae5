import CritMinTestSupport
import Foundation
import Testing

@Suite("critmin import and init")
struct ImportCommandTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CritMinIngestTests/Fixtures/observations-example.csv")

    /// A private copy of the shared database, for commands that write.
    static func copyOfDatabase() throws -> String {
        let path = try CLI.temporaryFolder().appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: CLI.sharedDatabase, toPath: path)
        return path
    }

    @Test("an analyst's observations file becomes a dataset version; importing it again changes nothing")
    func importObservations() throws {
        let database = try Self.copyOfDatabase()
        let first = try CLI.run(["import", "observations", Self.example.path, "--database", database, "--by", "analyst"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("canada-minerals-example version 1 created: 10 records"))
        let second = try CLI.run(["import", "observations", Self.example.path, "--database", database])
        #expect(second.status == 0)
        #expect(second.output.contains("canada-minerals-example unchanged"))
        let datasets = try CLI.run(["datasets", "--database", database, "--format", "csv"])
        #expect(datasets.output.contains("canada-minerals-example,1,observations,public,10,"))
        #expect(datasets.output.contains(",analyst,"))
    }

    @Test("a bad file is refused with file, line, field and value, and the database is unchanged")
    func badFileChangesNothing() throws {
        let database = try Self.copyOfDatabase()
        let before = try CLI.run(["datasets", "--database", database, "--format", "csv"]).output
        let lines = try String(contentsOf: Self.example, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var broken = lines
        broken[3] = broken[3].replacingOccurrences(of: "\"7,780\"", with: "lots")
        broken[4] = broken[4].replacingOccurrences(of: ",Canada,", with: ",Kanadia,")
        let file = try CLI.temporaryFolder().appendingPathComponent("broken.csv")
        try broken.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["import", "observations", file.path, "--database", database])
        #expect(result.status != 0)
        #expect(result.errors.contains("broken.csv"))
        #expect(result.errors.contains("Kanadia") || result.errors.contains("lots"))
        #expect(try CLI.run(["datasets", "--database", database, "--format", "csv"]).output == before)
    }

    @Test("an unknown importer kind is refused with the kinds there are")
    func unknownKind() throws {
        let result = try CLI.run(["import", "comtrade", "x.csv", "--database", CLI.sharedDatabase])
        #expect(result.status != 0)
        #expect(result.errors.contains("usgs-mcs"))
    }

    @Test("init refuses to overwrite a database without --replace, and --replace rebuilds it")
    func initReplace() throws {
        let database = try Self.copyOfDatabase()
        _ = try CLI.run(["import", "observations", Self.example.path, "--database", database])
        let refused = try CLI.run(["init", "--database", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--replace"))
        #expect(try CLI.run(["datasets", "--database", database]).output.contains("canada-minerals-example"))
        let replaced = try CLI.run(["init", "--replace", "--database", database])
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(!(try CLI.run(["datasets", "--database", database]).output.contains("canada-minerals-example")))
    }

    @Test(
        "on PostgreSQL, init imports only the shipped datasets the database lacks and keeps what was imported since",
        .enabled(if: TestPostgres.serverURL != nil))
    func initOnPostgres() async throws {
        let database = try await TestPostgres.newDatabase(copying: try await ServeCommandTests.postgresTemplate.value)
        let imported = try CLI.run(["import", "observations", Self.example.path, "--database", database])
        #expect(imported.status == 0, "\(imported.errors)")
        let before = try CLI.run(["datasets", "--database", database, "--format", "csv"]).output
        let again = try CLI.run(["init", "--database", database])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.errors.contains("usgs-mcs-2026: held already"))
        #expect(try CLI.run(["datasets", "--database", database, "--format", "csv"]).output == before)
        let replace = try CLI.run(["init", "--replace", "--database", database])
        #expect(replace.status != 0 && replace.errors.contains("SQLite files only"), "\(replace.errors)")
    }
}
