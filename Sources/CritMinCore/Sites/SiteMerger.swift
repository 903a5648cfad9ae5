/// Joins the records of several sources into sites: two records are one site when they are in the same country, share
/// a name (ignoring case, accents, punctuation and words like "mine" or "project"), and lie within
/// `maximumDistanceKm` of each other, or one of them has no location and they are in the same province or state.
public struct SiteMerger: Sendable {
    /// Citations (or citation prefixes) in the order their records win on name, location, subdivision and deposit type;
    /// unlisted sources come last.
    public var sourcePriority: [CitationID]
    public var maximumDistanceKm: Double

    public init(sourcePriority: [CitationID], maximumDistanceKm: Double = 5) {
        self.sourcePriority = sourcePriority
        self.maximumDistanceKm = maximumDistanceKm
    }

    /// Words that name what a site is rather than which site it is.
    static let genericWords: Set<String> = [
        "mine", "mines", "project", "projects", "deposit", "deposits", "property", "prospect", "occurrence", "the", "mill", "operation",
        "operations", "complex",
    ]

    /// The key names are compared by: "The Kings Valley Lithium Project" and "kings valley lithium" agree.
    public static func nameKey(_ name: String) -> String {
        let words = Catalogue.nameKey(name).split(separator: " ")
        let specific = words.filter { !genericWords.contains(String($0)) }
        return (specific.isEmpty ? words : specific).joined(separator: " ")
    }

    /// The sites, ordered by id.
    public func merge(_ records: [SiteRecord]) -> [Site] {
        var groups = UnionFind(count: records.count)
        let keys = records.map { record in Set(([record.name] + record.aliases).map(Self.nameKey).filter { !$0.isEmpty }) }
        var byName: [String: [Int]] = [:]
        for (index, record) in records.enumerated() {
            for key in keys[index] { byName[record.country.rawValue + "|" + key, default: []].append(index) }
        }
        let located = records.indices.compactMap { index in records[index].location.map { (point: $0, element: index) } }
        let index = SpatialIndex(located, cellDegrees: 0.5)
        for (point, first) in located {
            for hit in index.within(maximumDistanceKm, of: point) where hit.element > first {
                let second = hit.element
                if records[first].country == records[second].country, !keys[first].isDisjoint(with: keys[second]) { groups.join(first, second) }
            }
        }
        for members in byName.values where members.count > 1 {
            for first in members where records[first].location == nil {
                for second in members where second != first && Self.sameArea(records[first].subdivision, records[second].subdivision) {
                    groups.join(first, second)
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for index in records.indices { members[groups.root(index), default: []].append(index) }
        let sites = members.values.map { site(of: $0.map { records[$0] }) }
        return Self.withUniqueIDs(sites)
    }

    private static func sameArea(_ first: String?, _ second: String?) -> Bool {
        guard let first, let second else { return true }
        return first.uppercased() == second.uppercased()
    }

    /// A citation's rank: the first entry of `sourcePriority` it equals or starts with ("usgs-minmod-" ranks every MinMod
    /// dataset's citation).
    private func priority(_ record: SiteRecord) -> Int {
        sourcePriority.firstIndex { record.citation.rawValue.hasPrefix($0.rawValue) } ?? sourcePriority.count
    }

    /// One site from the records of one group.
    func site(of group: [SiteRecord]) -> Site {
        let records = group.sorted { (priority($0), $0.citation, $0.recordID) < (priority($1), $1.citation, $1.recordID) }
        func byPriority<Value>(_ value: (SiteRecord) -> Value?) -> Chosen<Value>? {
            let giving = records.indices.filter { value(records[$0]) != nil }
            guard let first = giving.first else { return nil }
            return Chosen(value: value(records[first])!, record: first, rule: giving.count == 1 ? .onlySource : .sourcePriority)
        }
        func mostRecent<Value>(_ value: (SiteRecord) -> Value?) -> Chosen<Value>? {
            let giving = records.indices.filter { value(records[$0]) != nil }
            // Latest year first; a record without a year counts as oldest; ties keep the source order.
            guard let latest = giving.max(by: { (records[$0].asOf ?? Int.min, -$0) < (records[$1].asOf ?? Int.min, -$1) }) else { return nil }
            return Chosen(value: value(records[latest])!, record: latest, rule: giving.count == 1 ? .onlySource : .mostRecent)
        }
        let name = byPriority { $0.name }!
        var aliases: [String] = []
        var aliasKeys: Set<String> = [Catalogue.nameKey(name.value)]
        for candidate in records.flatMap({ [$0.name] + $0.aliases }) where aliasKeys.insert(Catalogue.nameKey(candidate)).inserted {
            aliases.append(candidate)
        }
        var commodities: [(commodity: CommodityID, records: [Int])] = []
        for (index, record) in records.enumerated() {
            for commodity in record.commodities {
                if let position = commodities.firstIndex(where: { $0.commodity == commodity }) {
                    if commodities[position].records.last != index { commodities[position].records.append(index) }
                } else {
                    commodities.append((commodity, [index]))
                }
            }
        }
        return Site(
            id: "", records: records, name: name, aliases: aliases, kind: mostRecent { $0.kind }!, location: byPriority { $0.location },
            country: records[0].country, subdivision: byPriority { $0.subdivision }, commodities: commodities, stage: mostRecent { $0.stage },
            status: mostRecent { $0.status }, owners: mostRecent { $0.owners.isEmpty ? nil : $0.owners }, depositType: byPriority { $0.depositType })
    }

    /// Ids from country, subdivision and name; sites that would share one are numbered in order of their first record.
    static func withUniqueIDs(_ sites: [Site]) -> [Site] {
        func base(_ site: Site) -> String {
            let slug = Catalogue.nameKey(site.name.value).split(separator: " ").joined(separator: "-")
            return [site.country.rawValue, site.subdivision?.value.uppercased(), slug.isEmpty ? "site" : slug].compactMap { $0 }.joined(
                separator: "-")
        }
        let ordered = sites.sorted {
            (base($0), $0.records[0].citation, $0.records[0].recordID) < (base($1), $1.records[0].citation, $1.records[0].recordID)
        }
        // A numbered id never takes another site's own stem ("Sunrise" twice and "Sunrise 2" once in one state).
        let stems = ordered.map(base)
        var taken = Set(stems)
        var stemUsed = Set<String>()
        return zip(ordered, stems).map { site, stem in
            var site = site
            var id = stem
            if !stemUsed.insert(stem).inserted {
                var number = 2
                while taken.contains("\(stem)-\(number)") { number += 1 }
                id = "\(stem)-\(number)"
                taken.insert(id)
            }
            site.id = SiteID(rawValue: id)
            return site
        }
    }
}

/// Disjoint sets over 0..<count, with path halving.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func root(_ element: Int) -> Int {
        var element = element
        while parent[element] != element {
            parent[element] = parent[parent[element]]
            element = parent[element]
        }
        return element
    }

    mutating func join(_ first: Int, _ second: Int) {
        let (a, b) = (root(first), root(second))
        if a != b { parent[max(a, b)] = min(a, b) }
    }
}
