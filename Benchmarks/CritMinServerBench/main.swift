// The server's speed with wrk on loopback: a cached commodity read of `critmin serve` against a bare Hummingbird route
// that returns the same bytes, measured in the same run, interleaved; then a long run at 64 connections for errors and
// memory. Build with `swift build -c release --product critmin-server-bench`; see docs/PERFORMANCE.md.
import CritMinServer
import CritMinStore
import Foundation
import Hummingbird
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct WrkResult {
    var requestsPerSecond: Double
    var p50: String
    var p99: String
    var errors: String
}

/// Runs wrk and reads its summary.
func wrk(_ url: String, seconds: Int, connections: Int) throws -> WrkResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", url]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    func field(_ prefix: String) -> String {
        text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) } ?? ""
    }
    let errors = text.split(separator: "\n").filter { $0.contains("Socket errors") || $0.contains("Non-2xx") }.joined(separator: "; ")
    return WrkResult(
        requestsPerSecond: Double(field("Requests/sec:")) ?? 0, p50: field("50%"), p99: field("99%"), errors: errors.isEmpty ? "none" : errors)
}

func residentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1_024
}

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil } ?? fallback
}
let database = option("--database", (ProcessInfo.processInfo.environment["HOME"] ?? "") + "/.local/share/critmin/critmin.sqlite")
let path = option("--path", "/api/v1/commodities/cobalt")
let seconds = Int(option("--seconds", "10")) ?? 10
let soakSeconds = Int(option("--soak-seconds", "60")) ?? 60
let rounds = Int(option("--rounds", "3")) ?? 3

LoggingSystem.bootstrap { label in
    var handler = JSONLogHandler(label: label)
    handler.logLevel = .info
    return handler
}
let logger = Logger(label: "critmin.bench")
// A postgres:// URL benchmarks the server over PostgreSQL.
let store: any ServerStore =
    database.hasPrefix("postgres://") ? try await PostgresStore.connect(url: database) : try SQLiteStore(path: database)
let api = CritMinAPI(store: store, settings: ServerSettings(port: 18_080, jobWorkers: 0))
let critmin = try api.application(logger: logger)

func fetch(_ url: String) async throws -> Data {
    for _ in 0..<100 {
        if let (data, response) = try? await URLSession.shared.data(from: URL(string: url)!), (response as? HTTPURLResponse)?.statusCode == 200 {
            return data
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw CancellationError()
}

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await critmin.runService(gracefulShutdownSignals: []) }
    let critminURL = "http://127.0.0.1:18080\(path)"
    // The bare route serves exactly the bytes critmin answers for the path.
    let body = try await fetch(critminURL)
    let router = Router()
    router.get(RouterPath(path)) { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    let bare = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 18_081)), logger: Logger(label: "bare"))
    group.addTask { try await bare.runService(gracefulShutdownSignals: []) }
    let bareURL = "http://127.0.0.1:18081\(path)"
    _ = try await fetch(bareURL)
    print("Body: \(body.count) bytes of \(path); wrk -t2 -c64, \(seconds) s a run, \(rounds) rounds interleaved")
    var ratios: [Double] = []
    for round in 1...rounds {
        let reference = try wrk(bareURL, seconds: seconds, connections: 64)
        let ours = try wrk(critminURL, seconds: seconds, connections: 64)
        ratios.append(ours.requestsPerSecond / reference.requestsPerSecond)
        print(
            "round \(round): bare \(Int(reference.requestsPerSecond)) req/s (p50 \(reference.p50), p99 \(reference.p99)); critmin "
                + "\(Int(ours.requestsPerSecond)) req/s (p50 \(ours.p50), p99 \(ours.p99), errors \(ours.errors)); ratio "
                + String(format: "%.2f", ratios.last!))
    }
    print("ratio median \(String(format: "%.2f", ratios.sorted()[ratios.count / 2]))")
    if soakSeconds > 0 {
        let before = residentMegabytes()
        let soak = try wrk(critminURL, seconds: soakSeconds, connections: 64)
        print(
            "soak \(soakSeconds) s: \(Int(soak.requestsPerSecond)) req/s, p99 \(soak.p99), errors \(soak.errors); resident memory "
                + String(format: "%.0f → %.0f MB", before, residentMegabytes()))
    }
    group.cancelAll()
}
