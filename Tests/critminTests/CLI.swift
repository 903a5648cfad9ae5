import Foundation
import Testing

/// Runs the built `critmin` executable as a user would, and reads what it prints.
enum CLI {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The `critmin` binary beside the test bundle in the build products folder.
    static let executable: URL = {
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("critmin").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("critmin")
    }()

    /// Runs critmin with arguments and an environment that points at no default database.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        base["CRITMIN_DATABASE_URL"] = nil
        process.environment = base.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A database built once from the shipped bundle by the CLI itself; tests that write copy it first.
    static let sharedDatabase: String = {
        let path = (try! temporaryFolder()).appendingPathComponent("shared.sqlite").path
        let result = try! run(["init", "--database", path])
        precondition(result.status == 0, "critmin init failed: \(result.errors)")
        return path
    }()

    /// Runs a read-only command on the shared database and parses its JSON output.
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(arguments + ["--database", sharedDatabase, "--format", "json"])
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return try #require(object as? [String: Any])
    }

    /// The rows of the report's table whose title starts with `prefix`.
    static func rows(_ report: [String: Any], table prefix: String) throws -> [[String: Any]] {
        let tables = try #require(report["tables"] as? [[String: Any]])
        let table = try #require(tables.first { ($0["title"] as? String)?.hasPrefix(prefix) == true }, "no table titled \(prefix)…")
        return try #require(table["rows"] as? [[String: Any]])
    }
}
