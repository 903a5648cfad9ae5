import CritMinCore

/// The economy an assessment is for: one country, or several assessed together ("USA+CAN"), whose trade with each
/// other carries no geopolitical risk and whose production adds up.
public struct Economy: Hashable, Sendable, CustomStringConvertible {
    public var members: [CountryCode]

    public init(members: [CountryCode]) {
        precondition(!members.isEmpty, "an economy has at least one member")
        self.members = members
    }

    /// Reads "USA", "CAN", "USA+CAN" (ISO codes or names, joined by "+").
    /// - Throws: ``CritMinError`` `.notFound` naming the part that is no country.
    public init(parsing text: String, catalogue: Catalogue) throws(CritMinError) {
        var members: [CountryCode] = []
        for part in text.split(separator: "+").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard case .country(let code) = catalogue.area(named: part) else {
                throw CritMinError(.notFound, "'\(part)' is no country (use ISO codes joined by '+', e.g. USA+CAN)", field: "for", value: text)
            }
            if !members.contains(code) { members.append(code) }
        }
        guard !members.isEmpty else { throw CritMinError(.invalidValue, "name at least one country", field: "for", value: text) }
        self.init(members: members)
    }

    public var memberSet: Set<CountryCode> { Set(members) }
    public var isSingleCountry: Bool { members.count == 1 }
    /// "USA+CAN".
    public var description: String { members.map(\.rawValue).joined(separator: "+") }
}
