import ArgumentParser
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinServer
import CritMinStore
import Foundation

/// Where the database is.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite database file, or a postgres:// URL.",
            discussion: "Default: $CRITMIN_DATABASE_URL (a postgres:// URL, a sqlite:// URL or a path), else ~/.local/share/critmin/critmin.sqlite."))
    var database: String?

    /// The database the option, the environment or the default names.
    var location: StoreLocation {
        let named = database ?? ProcessInfo.processInfo.environment["CRITMIN_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let named {
            if named.hasPrefix("postgres://") || named.hasPrefix("postgresql://") { return .postgres(url: named) }
            return .sqlite(path: named.hasPrefix("sqlite://") ? String(named.dropFirst("sqlite://".count)) : named)
        }
        let environment = ProcessInfo.processInfo.environment
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return .sqlite(path: dataHome + "/critmin/critmin.sqlite")
    }

    /// Opens the store, filling it from the bundled dataset first when it is new: a SQLite file that does not exist, a
    /// PostgreSQL database that holds no dataset.
    func open() async throws -> any ServerStore {
        switch location {
        case .sqlite(let path):
            if !FileManager.default.fileExists(atPath: path) {
                try await DefaultDatabase.create(at: path, from: DatasetBundle.shipped(), progress: StandardError.write)
            }
            return try SQLiteStore(path: path)
        case .postgres(let url):
            let store = try await PostgresStore.connect(url: url)
            if try await store.datasetVersions(latestOnly: true).isEmpty {
                StandardError.write("critmin: the PostgreSQL database holds no dataset; importing the bundled default dataset")
                try await DefaultDatabase.fill(store, from: DatasetBundle.shipped(), progress: StandardError.write)
            }
            return store
        }
    }
}

/// A SQLite file or a PostgreSQL database.
enum StoreLocation {
    case sqlite(path: String)
    case postgres(url: String)
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
