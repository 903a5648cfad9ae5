import ArgumentParser
import CritMinServer
import Foundation
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the web dashboard (/) and the HTTP API (/api/v1, /openapi.json, /health, /metrics) over the database, with access control and audit.",
        discussion: """
            Examples:
              critmin serve
              CRITMIN_PORT=9000 critmin serve --job-workers 2
            Create the first organisation, admin and token with `critmin admin`. SIGTERM or SIGINT stops the server gracefully: \
            requests in flight finish, running jobs are left to be taken over by another worker. Logs are JSON lines on standard error.
            """)

    @Option(help: "Address to listen on (default: $CRITMIN_HOST, else 127.0.0.1).") var host: String?
    @Option(help: "Port (default: $CRITMIN_PORT, else 8080).") var port: Int?
    @Option(help: "Jobs (simulations) this process runs at a time; 0 leaves them to `critmin worker`.") var jobWorkers = 1
    @Option(help: "Seconds a computation may take before the request gets 503.") var requestTimeout = 30
    @Option(help: "Largest dataset upload, in MiB.") var maxUploadMib = 32
    @Flag(help: "Mark the dashboard's cookies Secure (HTTPS only): for a server behind a TLS proxy.") var secureCookies = false
    @OptionGroup var jobs: JobOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0 to 65535.") }
        if jobWorkers < 0 || jobWorkers > 64 { throw ValidationError("--job-workers must be 0 to 64.") }
        if requestTimeout < 1 { throw ValidationError("--request-timeout must be 1 or more.") }
        if maxUploadMib < 1 || maxUploadMib > 64 { throw ValidationError("--max-upload-mib must be 1 to 64.") }
    }

    func run() async throws {
        let logger = ServerLogging.bootstrap(label: "critmin.serve")
        let environment = ProcessInfo.processInfo.environment
        let settings = ServerSettings(
            host: host ?? environment["CRITMIN_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: port ?? environment["CRITMIN_PORT"].flatMap(Int.init) ?? 8080, maxUploadBody: maxUploadMib << 20,
            requestTimeout: .seconds(requestTimeout), jobWorkers: jobWorkers, jobStaleAfter: .seconds(jobs.jobStaleAfter),
            secureCookies: secureCookies)
        let api = CritMinAPI(store: try await store.open(), settings: settings)
        try await api.application(logger: logger) { url in
            // Written unbuffered, so that a script reading the pipe sees it at once.
            FileHandle.standardOutput.write(Data("critmin: dashboard at \(url) (API at \(url)api/v1; stop with Ctrl-C)\n".utf8))
        }.runService()
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run queued jobs (simulations) from the database, beside or instead of the servers' own job workers.",
        discussion: "Example: critmin worker --workers 2. SIGTERM or SIGINT stops it; a job it was running is taken over by another worker.")

    @Option(help: "Jobs run at a time.") var workers = 1
    @OptionGroup var jobs: JobOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if workers < 1 || workers > 64 { throw ValidationError("--workers must be 1 to 64.") }
    }

    func run() async throws {
        let logger = ServerLogging.bootstrap(label: "critmin.worker")
        let api = CritMinAPI(store: try await store.open(), settings: ServerSettings(jobStaleAfter: .seconds(jobs.jobStaleAfter)))
        let group = ServiceGroup(
            configuration: .init(
                services: [JobRunner(api: api, workers: workers, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

struct JobOptions: ParsableArguments {
    @Option(help: "Seconds without a heartbeat after which a running job's worker counts as dead and another takes the job over.")
    var jobStaleAfter = 30

    func validate() throws {
        if jobStaleAfter < 1 { throw ValidationError("--job-stale-after must be 1 or more.") }
    }
}

enum ServerLogging {
    /// JSON log lines on standard error, at $LOG_LEVEL (default info).
    static func bootstrap(label: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        return Logger(label: label)
    }
}
