import Foundation

enum SharedData { static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data"); static var available: Bool { FileManager.default.fileExists(atPath: root.path) }; static func url(_ path: String) -> URL { root.appendingPathComponent(path) } }
