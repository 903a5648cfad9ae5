/// Country outlines for maps: one shape per country, each a set of rings in longitude and latitude (WGS 84, degrees).
/// Rings are filled with the even-odd rule, so holes (lakes, enclaves) are rings inside others.
public struct WorldMap: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public var longitude: Double
        public var latitude: Double

        public init(longitude: Double, latitude: Double) {
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    public struct Shape: Hashable, Sendable {
        /// ISO 3166-1 alpha-3 where the source gives one; `nil` for territories without (Kosovo in Natural Earth).
        public var country: CountryCode?
        public var name: String
        public var rings: [[Point]]

        public init(country: CountryCode?, name: String, rings: [[Point]]) {
            self.country = country
            self.name = name
            self.rings = rings
        }
    }

    public var shapes: [Shape]
    /// Where the outlines come from, and how they were simplified.
    public var citation: Citation

    public init(shapes: [Shape], citation: Citation) {
        self.shapes = shapes
        self.citation = citation
    }
}
