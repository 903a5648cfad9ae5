import CritMinTestSupport
import Foundation
import Testing

/// The dashboard as a user sees it: `critmin serve` on a copy of the default database, its main pages opened in headless
/// Chromium (Debian's `chromium`, which `.ci/run` installs), screenshots kept under `.build/dashboard-screenshots/`.
/// Skipped where no Chromium is installed.
@Suite(.serialized, .enabled(if: Chromium.path != nil, "needs Chromium (apt-get install chromium)"))
struct DashboardBrowserTests {

    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/dashboard-screenshots")

    /// Runs Chromium headless on `url` with `arguments`, returning what it prints on standard output.
    static func chromium(_ arguments: [String], _ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Chromium.path))
        let profile = try CLI.temporaryFolder()
        process.arguments =
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)"] + arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theMainPagesRenderWithChartsAndMapsInABrowser() async throws {
        let deployment = try await ServeCommandTests.deployment(.sqlite)
        let port = ServeCommandTests.freePort()
        let server = try await ServeCommandTests.serve(deployment, port: port)
        defer { _ = server.stop() }
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let pages: [(name: String, path: String, charts: Int)] = [
            ("overview", "/", 2), ("commodity-cobalt", "/commodities/cobalt", 6), ("country-china", "/countries/CHN", 3),
            ("assessment", "/assessment", 0), ("partnership", "/partnership", 4), ("scenarios", "/scenarios", 0),
            ("scenario-gallium-germanium", "/scenarios/gallium-germanium-2023?draws=200", 3), ("datasets", "/datasets", 0),
        ]
        for page in pages {
            let url = "http://127.0.0.1:\(port)\(page.path)"
            // The DOM as the browser built it: a heading that is no error, and the charts drawn.
            let dom = try Self.chromium(["--dump-dom"], url)
            let heading = dom.components(separatedBy: "<h1>").dropFirst().first?.components(separatedBy: "</h1>").first ?? ""
            #expect(!heading.isEmpty && heading.first?.isNumber == false, "\(page.path): no page heading, or an error page: \(heading)")
            #expect(dom.components(separatedBy: "<svg").count - 1 >= page.charts, "\(page.path): fewer charts than expected")
            for (width, suffix) in [(1280, ""), (390, "-phone")] {
                let file = Self.screenshots.appendingPathComponent("\(page.name)\(suffix).png")
                try? FileManager.default.removeItem(at: file)
                _ = try Self.chromium(["--window-size=\(width),1600", "--screenshot=\(file.path)"], url)
                let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                // A blank page compresses to a few kilobytes; text, charts and maps do not.
                #expect(size > 25_000, "\(page.path) at \(width) px: the screenshot looks blank (\(size) bytes)")
            }
        }
        let map = try Self.chromium(["--dump-dom"], "http://127.0.0.1:\(port)/commodities/cobalt")
        #expect(map.components(separatedBy: "<path").count > 150, "the cobalt page's map has no country shapes")
    }
}

enum Chromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
