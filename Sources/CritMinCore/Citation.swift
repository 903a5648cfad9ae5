/// Where a figure comes from: publisher, publication, edition, table and year.
public struct Citation: Hashable, Sendable, Codable, Identifiable {
    public var id: CitationID
    /// "U.S. Geological Survey".
    public var publisher: String
    /// "Mineral Commodity Summaries 2026".
    public var publication: String
    /// "MCS 2026", "2024 update", "V202401b".
    public var edition: String?
    /// The table or figure within the publication ("Cobalt — World Mine Production and Reserves").
    public var table: String?
    /// Year of publication.
    public var year: Int?
    public var url: String?
    /// Licence of the source and the attribution it asks for.
    public var licence: String?
    /// How the figures reached critmin (transcription, extraction), and caveats.
    public var note: String?

    public init(
        id: CitationID, publisher: String, publication: String, edition: String? = nil, table: String? = nil, year: Int? = nil,
        url: String? = nil, licence: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.publisher = publisher
        self.publication = publication
        self.edition = edition
        self.table = table
        self.year = year
        self.url = url
        self.licence = licence
        self.note = note
    }

    /// One line for the foot of a table: "U.S. Geological Survey, Mineral Commodity Summaries 2026 (MCS 2026),
    /// Cobalt — World Mine Production and Reserves, 2026."
    public var line: String {
        var text = "\(publisher), \(publication)"
        if let edition, !publication.contains(edition) { text += " (\(edition))" }
        if let table { text += ", \(table)" }
        if let year, !text.contains(String(year)) { text += ", \(year)" }
        if let url { text += ". \(url)" }
        return text
    }
}
