import Foundation

/// The shared reference data beside the repository (`../shared/data`); tests that read it skip when it is absent.
enum SharedData {
    /// `Tests/CritMinIngestTests/Support/SharedData.swift` → package root → its parent → `shared/data`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
}
