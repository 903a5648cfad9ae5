/// Which sites a query asks for. Every filter is optional (`nil` matches everything); an empty set matches nothing.
public struct SiteFilter: Hashable, Sendable {
    /// Sites any record of which names one of these commodities (expand groups to their members before filtering).
    public var commodities: Set<CommodityID>?
    public var countries: Set<CountryCode>?
    /// Provinces, territories or states, by postal code ("QC", "NV").
    public var subdivisions: Set<String>?
    public var kinds: Set<SiteKind>?
    public var stages: Set<DevelopmentStage>?
    public var statuses: Set<ActivityStatus>?
    /// Sites whose current owners or operators include a company whose name contains this text (ignoring case and accents).
    public var owner: String? { didSet { ownerKey = owner.map(Catalogue.nameKey) } }
    /// `owner` as names are compared, computed once rather than for every site.
    private var ownerKey: String?
    /// Sites inside the box.
    public var box: GeoBox?
    /// Sites within this many km of a point (haversine).
    public var near: (center: GeoPoint, radiusKm: Double)? {
        get { circle.map { ($0.center, $0.radiusKm) } }
        set { circle = newValue.map { Circle(center: $0.center, radiusKm: $0.radiusKm) } }
    }
    private var circle: Circle?

    private struct Circle: Hashable, Sendable {
        var center: GeoPoint
        var radiusKm: Double
    }

    public init(
        commodities: Set<CommodityID>? = nil, countries: Set<CountryCode>? = nil, subdivisions: Set<String>? = nil, kinds: Set<SiteKind>? = nil,
        stages: Set<DevelopmentStage>? = nil, statuses: Set<ActivityStatus>? = nil, owner: String? = nil, box: GeoBox? = nil
    ) {
        self.commodities = commodities
        self.countries = countries
        self.subdivisions = subdivisions
        self.kinds = kinds
        self.stages = stages
        self.statuses = statuses
        self.owner = owner
        ownerKey = owner.map(Catalogue.nameKey)
        self.box = box
    }

    /// Whether a site passes every filter but the spatial ones, which the register answers from its index.
    func admits(_ site: Site) -> Bool {
        if let countries, !countries.contains(site.country) { return false }
        if let subdivisions, !(site.subdivision.map { subdivisions.contains($0.value) } ?? false) { return false }
        if let kinds, !kinds.contains(site.kind.value) { return false }
        if let stages, !(site.stage.map { stages.contains($0.value) } ?? false) { return false }
        if let statuses, !(site.status.map { statuses.contains($0.value) } ?? false) { return false }
        if let commodities, !site.commodities.contains(where: { commodities.contains($0.commodity) }) { return false }
        if let ownerKey {
            guard site.owners?.value.contains(where: { Catalogue.nameKey($0.company).contains(ownerKey) }) == true else { return false }
        }
        return true
    }
}

/// Every site of the register, merged from the records of the readable datasets, with a spatial index over their locations.
public struct SiteRegister: Sendable {
    /// Ordered by id.
    public let sites: [Site]
    private let positions: [SiteID: Int]
    private let index: SpatialIndex<Int>

    /// The register of `records` as `merger` joins them.
    public init(records: [SiteRecord], merger: SiteMerger) {
        let merged = merger.merge(records)
        sites = merged
        positions = Dictionary(uniqueKeysWithValues: merged.enumerated().map { ($1.id, $0) })
        index = SpatialIndex(merged.indices.compactMap { position in merged[position].location.map { ($0.value, position) } })
    }

    public func site(_ id: SiteID) -> Site? { positions[id].map { sites[$0] } }

    /// The sites passing `filter`: by distance from the centre when the filter gives one, by id otherwise.
    public func sites(_ filter: SiteFilter) -> [Site] {
        var candidates: [Int]
        if let near = filter.near {
            candidates = index.within(near.radiusKm, of: near.center).map(\.element)
            if let box = filter.box { candidates = candidates.filter { box.contains(sites[$0].location!.value) } }
        } else if let box = filter.box {
            candidates = index.within(box).sorted()
        } else {
            return sites.filter(filter.admits)
        }
        return candidates.lazy.map { sites[$0] }.filter(filter.admits)
    }

    /// The `count` located sites passing `filter` nearest to `point`, nearest first.
    public func nearest(_ count: Int, to point: GeoPoint, filter: SiteFilter = SiteFilter()) -> [(site: Site, distanceKm: Double)] {
        guard count > 0 else { return [] }
        // Ask the index for more until enough hits pass the filter or every located site has been seen.
        var asked = count
        while true {
            let hits = index.nearest(asked, to: point)
            let passing = hits.lazy.map { (site: sites[$0.element], distanceKm: $0.distanceKm) }.filter { filter.admits($0.site) }
            if passing.count >= count || hits.count < asked { return Array(passing.prefix(count)) }
            asked *= 4
        }
    }
}
