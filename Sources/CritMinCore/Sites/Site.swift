/// A site's id in the register: "CAN-QC-laronde" (country, subdivision, name), unique within the register.
public struct SiteID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// An attribute value taken from one of a site's records, with the rule that chose it.
public struct Chosen<Value: Sendable>: Sendable {
    /// Why this record's value was taken over the others'.
    public enum Rule: String, Hashable, Sendable, Codable {
        /// Only one record gives the attribute.
        case onlySource = "only source"
        /// The record of the source ranked first for the register (official surveys before compilations).
        case sourcePriority = "source priority"
        /// The record describing the latest year: stage, status and owners change.
        case mostRecent = "most recent source"
    }

    public var value: Value
    /// Index into the site's `records`.
    public var record: Int
    public var rule: Rule
}

/// One physical site: the records of every source that reports it, and the attributes chosen from them.
public struct Site: Sendable {
    public var id: SiteID
    /// The sources' records, in the register's source order.
    public var records: [SiteRecord]
    public var name: Chosen<String>
    /// Every other name any record uses.
    public var aliases: [String]
    public var kind: Chosen<SiteKind>
    public var location: Chosen<GeoPoint>?
    public var country: CountryCode
    public var subdivision: Chosen<String>?
    /// Each commodity any record names, with the records that name it.
    public var commodities: [(commodity: CommodityID, records: [Int])]
    public var stage: Chosen<DevelopmentStage>?
    public var status: Chosen<ActivityStatus>?
    public var owners: Chosen<[SiteOwnership]>?
    public var depositType: Chosen<String>?

    /// Resource estimates, outputs and actions of every record, with the record each comes from.
    public var resources: [(estimate: ResourceEstimate, record: Int)] {
        records.enumerated().flatMap { index, record in record.resources.map { ($0, index) } }
    }
    public var outputs: [(output: SiteOutput, record: Int)] {
        records.enumerated().flatMap { index, record in record.outputs.map { ($0, index) } }
    }
    public var actions: [(action: SiteAction, record: Int)] {
        records.enumerated().flatMap { index, record in record.actions.map { ($0, index) } }
    }

    /// Whether the chosen value of the field comes from a record that flags it unverified.
    public func isUnverified(_ field: SiteField, chosenFrom record: Int) -> Bool { records[record].unverified.contains(field) }
}
