import CritMinCore
import Foundation

extension ReferenceFiles {
    /// A curated file from `folder` when one is given (tests, a user's own mappings), else the shipped one.
    static func url(_ name: String, in folder: URL?) throws(CritMinError) -> URL {
        guard let folder else { return try url(name) }
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CritMinError(.io, "reference file missing", file: url.path)
        }
        return url
    }
}

extension Catalogue {
    /// The country a name or code stands for; `nil` for unknown names and for the world, residual and groups.
    func country(named name: String) -> CountryCode? {
        area(named: name)?.country
    }
}

extension Character {
    /// "0"…"9" only (``isNumber`` also accepts other scripts' digits and fractions).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
