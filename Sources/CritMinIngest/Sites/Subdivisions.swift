import CritMinCore

/// Provinces, territories and states by name (English and French) or code, as two-letter postal codes.
enum Subdivisions {
    static let canada: [String: String] = [
        "alberta": "AB", "british columbia": "BC", "colombie britannique": "BC", "manitoba": "MB", "new brunswick": "NB",
        "nouveau brunswick": "NB", "newfoundland and labrador": "NL", "newfoundland": "NL", "labrador": "NL", "terre neuve et labrador": "NL",
        "nova scotia": "NS", "nouvelle ecosse": "NS", "ontario": "ON", "prince edward island": "PE", "ile du prince edouard": "PE",
        "quebec": "QC", "saskatchewan": "SK", "northwest territories": "NT", "northwest territory": "NT", "territoires du nord ouest": "NT",
        "nunavut": "NU", "yukon": "YT", "yukon territory": "YT",
    ]

    static let unitedStates: [String: String] = [
        "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO", "connecticut": "CT",
        "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
        "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
        "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE",
        "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
        "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI",
        "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
        "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
    ]

    /// The code of a subdivision of the country named in English or French or given by code ("BC", "CA-BC", "US-NV").
    static func code(of name: String, in country: CountryCode) -> String? {
        let table = country == .canada ? canada : country == .unitedStates ? unitedStates : [:]
        if let code = table[Catalogue.nameKey(name)] { return code }
        let short = name.uppercased().split(separator: "-").last.map(String.init) ?? ""
        return Set(table.values).contains(short) ? short : nil
    }
}
