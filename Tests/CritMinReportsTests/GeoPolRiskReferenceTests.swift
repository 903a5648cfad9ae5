import CritMinAnalysis
import CritMinCore
import CritMinReports
import Foundation
import Testing

/// critmin's GeoPolRisk against the reference implementation, geopolrisk-py 2.0.1, on the same inputs.
///
/// Runs where a Python with geopolrisk-py 2.0.1 is available: `CRITMIN_PYTHON`, or the package's `.venv-tools` that
/// `.ci/run` creates; skipped otherwise.
@Suite(.serialized) struct GeoPolRiskReferenceTests {
    static let years = 2018...2024
    /// geopolrisk-py's raw materials that critmin leaves out of scope: the mineral fuels.
    static let fuels: Set<String> = ["Coking Coal", "Crude oil", "Lignite", "Natural gas", "Steam Coal"]

    struct ReferenceRow {
        var country: String
        var material: String
        var year: Int
        var values: [String: Double]
    }

    static var python: String? {
        if let python = ProcessInfo.processInfo.environment["CRITMIN_PYTHON"], !python.isEmpty { return python }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let venv = packageRoot.appendingPathComponent(".venv-tools/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    @Test(.enabled(if: python != nil, "needs geopolrisk-py 2.0.1: run .ci/run once, or set CRITMIN_PYTHON"))
    func sameResultsAsGeopolriskPy() async throws {
        let reference = try Self.runReference()
        #expect(reference.count >= 600, "geopolrisk-py gave only \(reference.count) rows")
        let store = try await ShippedStore.get()
        let builder = try await ReportBuilder(store: store)
        let catalogue = try await store.catalogue()
        var ours: [String: GeoPolRiskScore] = [:]
        for (name, code) in [("USA", "USA"), ("Canada", "CAN")] {
            for score in try await builder.geoPolRiskScores(
                for: Economy(parsing: code, catalogue: catalogue), years: Self.years, method: GeoPolRiskMethod(parameters: .geopolriskPy))
            {
                ours["\(name)|\(score.reference)|\(score.year)"] = score
            }
        }
        var compared = 0
        for row in reference where !Self.fuels.contains(row.material) {
            let key = "\(row.country)|\(row.material)|\(row.year)"
            guard let score = ours[key] else {
                Issue.record("critmin has no GeoPolRisk for \(key)")
                continue
            }
            let pairs: [(String, Double)] = [
                ("score", score.result.score), ("hhi", score.result.hhi), ("import_risk", score.result.importRisk),
                ("price", score.result.price), ("cf", score.result.characterisationFactor),
            ]
            for (field, value) in pairs {
                let expected = row.values[field]!
                let difference = abs(value - expected)
                #expect(
                    difference <= 1e-9 * max(abs(expected), 1e-300) || difference < 1e-15,
                    "\(key) \(field): critmin \(value), geopolrisk-py \(expected)")
            }
            compared += 1
        }
        let covered = reference.filter { !Self.fuels.contains($0.material) }.count
        #expect(compared == covered)
        #expect(compared >= 600)
    }

    /// Runs geopolrisk_reference.py in a scratch HOME and reads its CSV, or reads the CSV of an earlier run named by
    /// `CRITMIN_GEOPOLRISK_REFERENCE` (the run takes about two minutes).
    static func runReference() throws -> [ReferenceRow] {
        if let earlier = ProcessInfo.processInfo.environment["CRITMIN_GEOPOLRISK_REFERENCE"] {
            return try read(URL(fileURLWithPath: earlier))
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-geopolrisk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("reference.csv")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Tools/geopolrisk_reference.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [script.path, output.path, String(years.lowerBound), String(years.upperBound)]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CritMinError(.io, "geopolrisk_reference.py exited with status \(process.terminationStatus)")
        }
        return try read(output)
    }

    static func read(_ file: URL) throws -> [ReferenceRow] {
        let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        return lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let names = ["score", "cf", "hhi", "import_risk", "price"]
            return ReferenceRow(
                country: fields[0], material: fields[1], year: Int(fields[2])!,
                values: Dictionary(uniqueKeysWithValues: zip(names, fields[3...7].map { Double($0)! })))
        }
    }
}
