import CritMinCore

/// A choropleth world map: countries coloured on the sequential scale by a value (a share of world production),
/// countries without one in a light no-data fill, and some outlined (the briefing's own countries).
public struct MapChart: Sendable, Hashable {
    /// One country's figure.
    public struct Region: Sendable, Hashable {
        public var country: CountryCode
        /// Where the country falls on the scale, in the same terms as ``MapChart/scaleMaximum``; `nil` for no data.
        public var value: Double?
        /// What the tooltip and the data table show: "23.4 %", "W".
        public var text: String

        public init(_ country: CountryCode, value: Double?, text: String) {
            self.country = country
            self.value = value
            self.text = text
        }
    }

    public var title: String
    /// What the colour measures, with its unit: "Share of world mine production, 2024 (0–1)".
    public var scaleLabel: String
    public var regions: [Region]
    public var map: WorldMap
    /// Countries drawn with a thicker dark outline (the United States and Canada).
    public var highlighted: [CountryCode]
    /// The value the darkest colour stands for; larger values take the darkest colour too.
    public var scaleMaximum: Double
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, scaleLabel: String, regions: [Region], map: WorldMap, highlighted: [CountryCode] = [], scaleMaximum: Double = 1,
        caption: String, citations: [CitationID]
    ) {
        self.title = title
        self.scaleLabel = scaleLabel
        self.regions = regions
        self.map = map
        self.highlighted = highlighted
        self.scaleMaximum = scaleMaximum
        self.caption = caption
        self.citations = citations
    }

    /// The country's name as the map gives it, else its code.
    func name(_ country: CountryCode) -> String { map.shapes.first { $0.country == country }?.name ?? country.rawValue }

    /// The chart's numbers as a table: countries with a value, largest first, then those with only a text.
    public var dataTable: ReportTable {
        let valued = regions.compactMap { region in region.value.flatMap { $0.isFinite ? (region, $0) : nil } }
            .sorted { ($1.1, name($0.0.country)) < ($0.1, name($1.0.country)) }
            .map(\.0)
        let textOnly = regions.filter { region in !region.text.isEmpty && !(region.value?.isFinite ?? false) }
        var notes = ["Colour scale: \(scaleLabel), darkest at \(maximumText) or more."]
        if !highlighted.isEmpty { notes.append("Outlined: \(highlighted.map(name).joined(separator: ", ")).") }
        return ReportTable(
            title: title, columns: [Column("Country"), .figure(scaleLabel)],
            rows: (valued + textOnly).map { [Cell(name($0.country)), Cell($0.text)] }, notes: notes)
    }

    /// The scale's top: ``scaleMaximum``, or 1 when it is not a positive number (nothing could be coloured by it).
    var colourMaximum: Double { scaleMaximum.isFinite && scaleMaximum > 0 ? scaleMaximum : 1 }

    var maximumText: String { ChartNumber.text(colourMaximum, decimals: ChartNumber.decimals(forLargest: [colourMaximum])) }
}
