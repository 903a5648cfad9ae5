/// An official critical-mineral list (US 2018, US 2022, Canada 2021, Canada 2024…).
public struct CriticalList: Hashable, Sendable, Codable, Identifiable {
    public var id: CriticalListID
    /// The country that published the list.
    public var jurisdiction: CountryCode
    public var title: String
    public var publisher: String
    /// Publication date, ISO 8601 ("2018-05-18").
    public var date: String
    /// Legal or official reference ("83 FR 23295").
    public var reference: String
    public var members: [CriticalListMember]

    public init(
        id: CriticalListID, jurisdiction: CountryCode, title: String, publisher: String, date: String, reference: String,
        members: [CriticalListMember]
    ) {
        self.id = id
        self.jurisdiction = jurisdiction
        self.title = title
        self.publisher = publisher
        self.date = date
        self.reference = reference
        self.members = members
    }

    /// Every commodity the list names, in list order, without repeats.
    public var commodities: [CommodityID] {
        var seen = Set<CommodityID>()
        return members.flatMap(\.commodities).filter { seen.insert($0).inserted }
    }
}

/// One entry of a list, as written, with the commodities it stands for.
public struct CriticalListMember: Hashable, Sendable, Codable {
    /// 1-based position in the published list.
    public var position: Int
    /// The entry as the list writes it ("Aluminum (bauxite)", "Platinum group metals").
    public var asListed: String
    /// The commodities the entry names; a group entry names the group.
    public var commodities: [CommodityID]

    public init(position: Int, asListed: String, commodities: [CommodityID]) {
        self.position = position
        self.asListed = asListed
        self.commodities = commodities
    }
}
