import CritMinCore

/// The supply network of one commodity in one year: for each stage, the countries that produce, hold and consume it
/// and the trade flows between them. All quantities of a stage share one unit, ``StageNetwork/unit``.
public struct SupplyNetwork: Hashable, Sendable {
    public var commodity: CommodityID
    public var year: Int
    /// Upstream first (mine before refinery). A stage with ``StageNetwork/inputRatio`` draws on the stage before it.
    public var stages: [StageNetwork]
    /// How the commodity's consumption splits over industrial sectors (shares of one country's use, applied to every
    /// country the network has unless ``EndUseShare/country`` says otherwise).
    public var endUseShares: [EndUseShare]
    /// One sentence per assumption made in building the network (defaults, reconstructed flows, unit conversions).
    public var notes: [String]

    public init(commodity: CommodityID, year: Int, stages: [StageNetwork], endUseShares: [EndUseShare] = [], notes: [String] = []) {
        self.commodity = commodity
        self.year = year
        self.stages = stages
        self.endUseShares = endUseShares
        self.notes = notes
    }
}

/// One stage of a ``SupplyNetwork``.
public struct StageNetwork: Hashable, Sendable {
    public var stage: Stage
    /// The unit of every quantity of the stage ("t" of contained metal, "t" gross weight, …), as the sources state it.
    public var unit: String
    public var nodes: [SupplyNode]
    public var flows: [SupplyFlow]
    /// Units of this stage's output made from one unit of the previous stage's product consumed; `nil` when the stage
    /// is not coupled to the one before it.
    public var inputRatio: Double?

    public init(stage: Stage, unit: String, nodes: [SupplyNode], flows: [SupplyFlow], inputRatio: Double? = nil) {
        self.stage = stage
        self.unit = unit
        self.nodes = nodes
        self.flows = flows
        self.inputRatio = inputRatio
    }
}

/// A country in a stage network. Apparent consumption is production + imports − exports (from ``StageNetwork/flows``).
public struct SupplyNode: Hashable, Sendable {
    public var country: CountryCode
    /// Units per year.
    public var production: Double
    /// Industry stocks at the start, in units; drawn on first when supply falls short.
    public var industryStocks: Double
    /// Government stockpile at the start, in units; released only as the scenario's ``StockpileRelease`` allows.
    public var governmentStockpile: Double
    /// Units per year the country could add to its production when others fall short (spare capacity).
    public var spareCapacity: Double
    /// The citations of the node's figures.
    public var sources: [CitationID]

    public init(
        country: CountryCode, production: Double, industryStocks: Double = 0, governmentStockpile: Double = 0, spareCapacity: Double = 0,
        sources: [CitationID] = []
    ) {
        self.country = country
        self.production = production
        self.industryStocks = industryStocks
        self.governmentStockpile = governmentStockpile
        self.spareCapacity = spareCapacity
        self.sources = sources
    }
}

/// A trade flow of a stage's product from one country to another.
public struct SupplyFlow: Hashable, Sendable {
    public var exporter: CountryCode
    public var importer: CountryCode
    /// Units per year.
    public var quantity: Double
    public var provenance: FlowProvenance

    public init(exporter: CountryCode, importer: CountryCode, quantity: Double, provenance: FlowProvenance) {
        self.exporter = exporter
        self.importer = importer
        self.quantity = quantity
        self.provenance = provenance
    }
}

/// Where a flow's figure comes from: outputs say which flows were reported and which rebuilt.
public enum FlowProvenance: Hashable, Sendable {
    /// A bilateral figure the source reports.
    case reported(CitationID)
    /// Rebuilt from the importer's total imports and its import-source shares, both cited, where the source has no
    /// bilateral figure.
    case reconstructed(total: CitationID, shares: CitationID)
}

/// The share of a commodity's consumption that goes to one industrial sector.
public struct EndUseShare: Hashable, Sendable {
    /// The sector as its source names it ("batteries", "superalloys").
    public var sector: String
    /// 0 … 1.
    public var share: Double
    /// The country whose use the share describes; `nil` when it stands for every country of the network.
    public var country: CountryCode?
    public var source: CitationID

    public init(sector: String, share: Double, country: CountryCode? = nil, source: CitationID) {
        self.sector = sector
        self.share = share
        self.country = country
        self.source = source
    }
}
