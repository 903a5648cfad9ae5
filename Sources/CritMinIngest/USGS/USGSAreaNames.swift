import CritMinCore
import Foundation

/// Resolves the country names of one USGS file to areas, collecting every unknown name so that the file fails once
/// with all of them.
///
/// A name is read, in order: as listed in `usgs-corrections.csv` for the file and scope (a verbatim text → an area
/// code); as a whole by the catalogue ("Korea, Republic of", "Other countries", "World total (rounded)"); as a country
/// with a qualifier in parentheses ("United States (copper telluride)") or after the first comma ("Argentina, crude
/// ore"), the qualifier being kept for the observation's label. Nothing else is tried.
struct USGSAreaNames {
    /// An area and what the source said beyond the name.
    struct Resolution {
        let area: Area
        /// The form or product the row is for ("crude ore", "copper telluride").
        let qualifier: String?
        /// The verbatim name and the reason, when a correction read it.
        let correctionNote: String?
    }

    private let catalogue: Catalogue
    private let corrections: USGSCorrections
    private let file: String
    private var unknown: [(name: String, line: Int)] = []

    init(catalogue: Catalogue, corrections: USGSCorrections, file: String) {
        self.catalogue = catalogue
        self.corrections = corrections
        self.file = file
    }

    /// The area a name stands for, or `nil` (and the name is remembered) when it resolves to none.
    /// - Throws: ``CritMinError`` `.invalidValue` when a correction gives a malformed area code.
    mutating func resolve(_ name: String, scope: String, line: Int) throws(CritMinError) -> Resolution? {
        if let correction = corrections.replacement(file: file, scope: scope, field: "country", verbatim: name) {
            do {
                let area = try Area(code: correction.text)
                return Resolution(area: area, qualifier: nil, correctionNote: "source text \"\(name)\" read as \(area.code): \(correction.reason)")
            } catch {
                throw CritMinError(.invalidValue, "usgs-corrections.csv gives no valid area code for \"\(name)\": \(error.message)",
                    file: "usgs-corrections.csv", field: "replacement", value: correction.text)
            }
        }
        if let area = catalogue.area(named: name) { return Resolution(area: area, qualifier: nil, correctionNote: nil) }
        if name.hasSuffix(")"), let open = name.range(of: " (", options: .backwards),
            let area = catalogue.area(named: String(name[..<open.lowerBound]))
        {
            let qualifier = name[open.upperBound..<name.index(before: name.endIndex)]
            return Resolution(area: area, qualifier: String(qualifier), correctionNote: nil)
        }
        if let comma = name.range(of: ", "), let area = catalogue.area(named: String(name[..<comma.lowerBound])) {
            return Resolution(area: area, qualifier: String(name[comma.upperBound...]), correctionNote: nil)
        }
        unknown.append((name, line))
        return nil
    }

    /// Throws one `.unknownNames` error listing every name that resolved to no area, with its line; the error's line
    /// is the first one.
    func checkAllKnown(field: String) throws(CritMinError) {
        guard let first = unknown.first else { return }
        let listed = unknown.map { "\"\($0.name)\" (line \($0.line))" }.joined(separator: ", ")
        throw CritMinError(.unknownNames,
            "\(unknown.count) name(s) resolve to no known country or area (add an alias to country-aliases.csv or a correction "
                + "to usgs-corrections.csv): \(listed)",
            file: file, line: first.line, field: field, value: unknown.map(\.name).joined(separator: "; "))
    }
}
