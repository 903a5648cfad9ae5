/// What the register holds for one commodity in some countries: each site with its stage, owners, latest production or
/// capacity and latest reserves and resources, and totals by stage. Figures in mass units are added up in metric tons
/// (``MeasureUnit/metricTons``) only with others of the same basis; any other figure is listed, never added.
public struct SitePipeline: Sendable {
    /// One site's figures for the commodity, each from one of its records.
    public struct Entry: Sendable {
        public var site: Site
        /// The latest production and capacity figures of the commodity (per year), with the record each is from.
        public var production: (output: SiteOutput, record: Int)?
        public var capacity: (output: SiteOutput, record: Int)?
        /// The estimates of the most recent year the site's records give for the commodity, all from one record (adding
        /// two sources' estimates of the same deposit would count it twice).
        public var estimates: [ResourceEstimate]
        public var estimatesRecord: Int?

        /// Contained commodity in metric tons by reserve or resource and by basis ("" when the source names none).
        public func containedTonnes(reserves: Bool) -> [String: Double] {
            var totals: [String: Double] = [:]
            for estimate in estimates where estimate.category.isReserve == reserves {
                if let contained = estimate.contained, let tonnes = SitePipeline.tonnes(contained) {
                    totals[contained.unit.basis ?? "", default: 0] += tonnes
                }
            }
            return totals
        }
    }

    /// The sites of one stage and what they add up to.
    public struct StageTotal: Sendable {
        /// `nil` for sites no source gives a stage.
        public var stage: DevelopmentStage?
        public var sites: Int
        /// Metric tons per year by basis.
        public var productionTonnes: [String: Double]
        public var capacityTonnes: [String: Double]
        /// Contained commodity in metric tons by basis.
        public var reserveTonnes: [String: Double]
        public var resourceTonnes: [String: Double]
        /// Figures that cannot be added in metric tons (carats, brine volumes, a unit without a mass), as "site: figure".
        public var notAdded: [String]
    }

    public var commodities: Set<CommodityID>
    public var countries: Set<CountryCode>
    /// By stage, latest first (production, construction, … occurrence), then by name.
    public var entries: [Entry]
    public var totals: [StageTotal]

    /// The pipeline of the sites of `countries` naming one of `commodities` (a commodity and the members of its group).
    public init(register: SiteRegister, commodities: Set<CommodityID>, countries: Set<CountryCode>, stages: Set<DevelopmentStage>? = nil) {
        self.commodities = commodities
        self.countries = countries
        let sites = register.sites(SiteFilter(commodities: commodities, countries: countries, stages: stages))
        entries =
            sites.map { Self.entry($0, commodities: commodities) }
            .sorted { (Self.stageOrder($0.site.stage?.value), $0.site.name.value) < (Self.stageOrder($1.site.stage?.value), $1.site.name.value) }
        var totals: [StageTotal] = []
        for entry in entries {
            let stage = entry.site.stage?.value
            if totals.last.map({ $0.stage != stage }) ?? true {
                totals.append(
                    StageTotal(
                        stage: stage, sites: 0, productionTonnes: [:], capacityTonnes: [:], reserveTonnes: [:], resourceTonnes: [:], notAdded: []))
            }
            totals[totals.count - 1].add(entry)
        }
        self.totals = totals
    }

    /// Production first, occurrences and sites without a stage last.
    static func stageOrder(_ stage: DevelopmentStage?) -> Int {
        guard let stage else { return Int.max }
        return stage == .pastProducer
            ? DevelopmentStage.allCases.count : DevelopmentStage.allCases.count - 1 - DevelopmentStage.allCases.firstIndex(of: stage)!
    }

    /// Metric tons of a quantity in a mass unit; `nil` for other units and for amounts without a number.
    public static func tonnes(_ quantity: Quantity) -> Double? {
        guard let factor = quantity.unit.metricTons, let value = quantity.amount.boundValue else { return nil }
        return value * factor
    }

    private static func entry(_ site: Site, commodities: Set<CommodityID>) -> Entry {
        func latest(_ kind: SiteOutput.Kind) -> (output: SiteOutput, record: Int)? {
            site.outputs.filter { $0.output.kind == kind && commodities.contains($0.output.commodity) }
                .max { ($0.output.year ?? Int.min, -$0.record) < ($1.output.year ?? Int.min, -$1.record) }
        }
        let estimates = site.resources.filter { commodities.contains($0.estimate.commodity) }
        let newest = estimates.max { ($0.estimate.year ?? Int.min, -$0.record) < ($1.estimate.year ?? Int.min, -$1.record) }
        let chosen = newest.map { newest in
            estimates.filter { $0.record == newest.record && $0.estimate.year == newest.estimate.year }.map(\.estimate)
        }
        return Entry(
            site: site, production: latest(.production), capacity: latest(.capacity), estimates: chosen ?? [], estimatesRecord: newest?.record)
    }
}

extension SitePipeline.StageTotal {
    fileprivate mutating func add(_ entry: SitePipeline.Entry) {
        sites += 1
        let name = entry.site.name.value
        func add(_ quantity: Quantity, to totals: inout [String: Double]) {
            if let tonnes = SitePipeline.tonnes(quantity) {
                totals[quantity.unit.basis ?? "", default: 0] += tonnes
            } else {
                notAdded.append("\(name): \(quantity.notation) \(quantity.unit)")
            }
        }
        if let production = entry.production { add(production.output.quantity, to: &productionTonnes) }
        if let capacity = entry.capacity { add(capacity.output.quantity, to: &capacityTonnes) }
        for estimate in entry.estimates {
            guard let contained = estimate.contained else { continue }
            if estimate.category.isReserve { add(contained, to: &reserveTonnes) } else { add(contained, to: &resourceTonnes) }
        }
    }
}
