import ArgumentParser
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinStore
import Foundation

/// Where the database is.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("SQLite database file.", discussion: "Default: $CRITMIN_DATABASE_URL, else ~/.local/share/critmin/critmin.sqlite."))
    var database: String?

    /// The database path from the option, the environment, or the default location.
    var path: String {
        if let database { return database }
        if let url = ProcessInfo.processInfo.environment["CRITMIN_DATABASE_URL"], !url.isEmpty {
            return url.hasPrefix("sqlite://") ? String(url.dropFirst("sqlite://".count)) : url
        }
        let environment = ProcessInfo.processInfo.environment
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/critmin/critmin.sqlite"
    }

    /// Opens the store, creating it from the bundled dataset first when the file does not exist.
    func open() async throws -> SQLiteStore {
        if !FileManager.default.fileExists(atPath: path) {
            try await DefaultDatabase.create(at: path, from: DatasetBundle.shipped(), progress: StandardError.write)
        }
        return try SQLiteStore(path: path)
    }
}

/// How data commands print.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Add the source file and line of every figure.")
    var trace = false

    /// Opens the store, builds the report and prints it in the chosen format.
    func print(from store: StoreOptions, _ build: (ReportBuilder) async throws -> Report) async throws {
        let builder = try await ReportBuilder(store: store.open(), trace: trace)
        Swift.print(try await build(builder).rendered(as: format), terminator: "")
    }
}

extension OutputFormat: ExpressibleByArgument {}

extension Stage: ExpressibleByArgument {}

extension SourceEditions: ExpressibleByArgument {}

/// Messages for people go to standard error, data to standard output.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
