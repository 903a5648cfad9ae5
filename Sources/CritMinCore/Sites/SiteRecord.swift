/// What a place in the register is.
public enum SiteKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A reported mineral occurrence, without a known resource.
    case occurrence
    /// A deposit with a known or estimated resource.
    case deposit
    case mine
    /// A concentrator, smelter, refinery or plant that processes ore or intermediates.
    case processingFacility = "processing-facility"
    /// A planned or advanced project towards a mine or a plant.
    case project
}

/// How far along a site is, from a bare occurrence to a closed mine, in the order of a mine's life.
public enum DevelopmentStage: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case occurrence
    case exploration
    /// An advanced project: a resource estimate, economic studies under way.
    case advancedProject = "advanced-project"
    case feasibility
    case permitting
    case construction
    case production
    case pastProducer = "past-producer"

    public static func < (lhs: DevelopmentStage, rhs: DevelopmentStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether work at a site goes on.
public enum ActivityStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case active
    case onHold = "on-hold"
    case inactive
    case closed
}

/// One owner or operator of a site.
public struct SiteOwnership: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable {
        case owner, `operator`
        case ownerOperator = "owner-operator"
    }
    public var company: String
    public var role: Role
    /// The owner's share, 0 … 1, when the source gives one.
    public var share: Double?

    public init(company: String, role: Role, share: Double? = nil) {
        self.company = company
        self.role = role
        self.share = share
    }
}

/// A resource or reserve estimate of one commodity at a site.
public struct ResourceEstimate: Hashable, Sendable, Codable {
    /// The reporting category (CIM / JORC / SEC S-K 1300).
    public enum Category: String, Hashable, Sendable, Codable, CaseIterable {
        case proven, probable, measured, indicated, inferred
        /// Totals a source reports for several categories together, never split by critmin.
        case provenAndProbable = "proven+probable"
        case measuredAndIndicated = "measured+indicated"
        case measuredIndicatedAndInferred = "measured+indicated+inferred"
        /// A figure the source gives without a category (historical or unclassified).
        case unclassified
        /// Reserves, as opposed to resources, which include them or not as each code says.
        public var isReserve: Bool { self == .proven || self == .probable || self == .provenAndProbable }
    }

    public var commodity: CommodityID
    public var category: Category
    public var year: Int?
    /// Tonnage of ore (or brine volume): unit explicit.
    public var ore: Quantity?
    /// Grade as the source gives it ("1.2 %", "450 g/t", "mg/L").
    public var grade: Quantity?
    /// Contained commodity, unit explicit.
    public var contained: Quantity?

    public init(commodity: CommodityID, category: Category, year: Int?, ore: Quantity?, grade: Quantity?, contained: Quantity?) {
        self.commodity = commodity
        self.category = category
        self.year = year
        self.ore = ore
        self.grade = grade
        self.contained = contained
    }
}

/// A capacity or production figure of a site.
public struct SiteOutput: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Per year.
        case capacity, production
        /// The total over the years the unit's basis names (USMIN's "total 1967–2017"), never read as a year's output.
        case cumulativeProduction = "cumulative-production"
    }
    public var commodity: CommodityID
    public var kind: Kind
    public var year: Int?
    /// Per year unless the unit says otherwise.
    public var quantity: Quantity

    public init(commodity: CommodityID, kind: Kind, year: Int?, quantity: Quantity) {
        self.commodity = commodity
        self.kind = kind
        self.year = year
        self.quantity = quantity
    }
}

/// A public action on a site: a grant, loan, equity stake, permit decision or listing for expedited permitting.
public struct SiteAction: Hashable, Sendable, Codable {
    public var action: String
    public var agency: String?
    public var program: String?
    /// US dollars as stated; nil when the source gives none.
    public var amountUSD: Amount?
    /// "2025-04-18" as the source dates it.
    public var date: String?
    /// What the source says about the amount ("conditional commitment", "DoD, more than; plus 112000000 48C").
    public var note: String?

    public init(action: String, agency: String?, program: String?, amountUSD: Amount?, date: String?, note: String? = nil) {
        self.action = action
        self.agency = agency
        self.program = program
        self.amountUSD = amountUSD
        self.date = date
        self.note = note
    }
}

/// The stage a source gives a site in a year.
public struct StageChange: Hashable, Sendable, Codable {
    public var year: Int
    public var stage: DevelopmentStage

    public init(year: Int, stage: DevelopmentStage) {
        self.year = year
        self.stage = stage
    }
}

/// An attribute of a site record, for marking what the source flags as unverified.
public enum SiteField: String, Hashable, Sendable, Codable, CaseIterable {
    case name, kind, location, subdivision, commodities
    case depositType = "deposit-type"
    case stage, status, owners, resources, outputs, actions
}

/// What one source says about one site: every attribute carries this record's citation.
public struct SiteRecord: Hashable, Sendable {
    /// The publication the record comes from.
    public var citation: CitationID
    /// The record's id in its source ("NV00118", "objectid 12").
    public var recordID: String
    public var name: String
    public var aliases: [String]
    public var kind: SiteKind
    /// WGS84; sources in NAD27 are converted on import.
    public var location: GeoPoint?
    public var country: CountryCode
    /// Province, territory or state, as the two-letter postal code ("BC", "NV").
    public var subdivision: String?
    public var commodities: [CommodityID]
    /// Commodity spellings the catalogue does not resolve, kept as the source wrote them (never dropped silently).
    public var unresolvedCommodities: [String]
    public var depositType: String?
    public var stage: DevelopmentStage?
    public var status: ActivityStatus?
    /// Stage by year where the source gives a history.
    public var stageHistory: [StageChange]
    public var owners: [SiteOwnership]
    /// Companies that owned the site before `owners`, oldest first, where the source gives the succession.
    public var formerOwners: [String]
    public var resources: [ResourceEstimate]
    public var outputs: [SiteOutput]
    public var actions: [SiteAction]
    /// The year the source describes (its vintage), which decides between sources on stage, status and owners.
    public var asOf: Int?
    /// Attributes the source itself flags as unverified (a compiler's annotation, an owner marked "?").
    public var unverified: Set<SiteField>

    public init(
        citation: CitationID, recordID: String, name: String, aliases: [String] = [], kind: SiteKind, location: GeoPoint?, country: CountryCode,
        subdivision: String?, commodities: [CommodityID], unresolvedCommodities: [String] = [], depositType: String? = nil,
        stage: DevelopmentStage? = nil, status: ActivityStatus? = nil, stageHistory: [StageChange] = [],
        owners: [SiteOwnership] = [], formerOwners: [String] = [], resources: [ResourceEstimate] = [], outputs: [SiteOutput] = [],
        actions: [SiteAction] = [],
        asOf: Int? = nil, unverified: Set<SiteField> = []
    ) {
        self.citation = citation
        self.recordID = recordID
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.location = location
        self.country = country
        self.subdivision = subdivision
        self.commodities = commodities
        self.unresolvedCommodities = unresolvedCommodities
        self.depositType = depositType
        self.stage = stage
        self.status = status
        self.stageHistory = stageHistory
        self.owners = owners
        self.formerOwners = formerOwners
        self.resources = resources
        self.outputs = outputs
        self.actions = actions
        self.asOf = asOf
        self.unverified = unverified
    }
}
