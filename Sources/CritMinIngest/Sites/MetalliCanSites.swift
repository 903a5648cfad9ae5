import CritMinCore
import Foundation

/// MetalliCan, the database of metal-related production in Canada (Pellan et al., CIRAIG / Polytechnique Montréal,
/// Zenodo record 17289399, CC BY 4.0), as the CSV tables of the authors' repository (`../shared/data/deposits/metallican`):
/// 270 facilities — active mines and plants and advanced projects — with owners' shares, and the reserves, resources,
/// production and capacity figures the authors compiled from company reports.
///
/// Figures keep the units the tables give ("Mt", "million short tons", "koz", "Mlbs", "% U3O8", "t of copper ore"):
/// none is converted, including the evidently mislabelled ore tonnages ("755000 Mt" at 7.14 g/t). A figure row's
/// `source_id` names a company report that the model has no field for; it is not kept. Rows the register cannot carry
/// without inventing something are returned in ``Contents/setAside`` with the reason (``SetAside/Reason``); figures
/// a company reports for a group of facilities as a whole are returned apart, in ``Contents/groups``. Every row of
/// the three tables must read, or nothing is returned.
public struct MetalliCanSites: Sendable {
    public static let facilitiesFile = "main_table_facilities.csv"
    public static let reservesFile = "reserves_table.csv"
    public static let productionFile = "production_table.csv"

    public static let facilityColumns = [
        "main_id", "facility_name", "facility_group_id", "facility_group_name", "province", "longitude", "latitude", "status", "activity_status",
        "development_stage", "facility_type", "commodities", "owner(s)", "operator(s)", "operation_periods",
    ]
    public static let reserveColumns = [
        "reserves_id", "year", "commodity", "reserves_resources", "reserves_resources_type", "ore", "ore_unit", "grade", "grade_unit",
        "metal_content", "metal_content_unit", "main_id", "facility_group_id", "source_id",
    ]
    public static let productionColumns = [
        "prod_id", "year", "commodity", "reference_point", "material_type", "data_type", "unit", "value", "comment", "main_id",
        "facility_group_id",
    ]

    /// The facilities' records, the facility groups' own figures, and what was read but not attached.
    public struct Contents: Sendable {
        /// One per facility, in file order; record ids are MetalliCan's `main_id`.
        public var records: [SiteRecord]
        /// The groups that have figures of their own, in the order their first facility appears.
        public var groups: [GroupFigures]
        public var setAside: [SetAside]
    }

    /// Figures a company reports for a facility group as a whole (the Meadowbank complex: Amaruq and Meadowbank),
    /// which belong to no one of its facilities. They are not copied to each facility, which would count them once
    /// per facility.
    public struct GroupFigures: Sendable {
        /// MetalliCan's `facility_group_id` ("GRP-0a2c0d69").
        public var groupID: String
        public var name: String
        /// The record ids of the group's facilities, in file order.
        public var facilities: [String]
        public var citation: CitationID
        public var resources: [ResourceEstimate]
        public var outputs: [SiteOutput]
        /// What the compilers flag as unverified, as in ``SiteRecord/unverified``.
        public var unverified: Set<SiteField>
    }

    /// A row, or an owners cell, that was read but is not in any record or group.
    public struct SetAside: Hashable, Sendable {
        public enum Reason: String, Hashable, Sendable {
            /// The owners cell is a note, not companies with their shares ("Not found", "x", a sentence about a
            /// parent company); an operators cell repeating the note is the same note.
            case ownersNote = "owners-note"
            /// The commodity cell names several commodities ("Gold, silver", "Copper, gold, silver") for one figure:
            /// whose figure it is the row does not say (at Casa Berardi the "copper" grade is in oz/t).
            case severalCommodities = "several-commodities"
            /// The commodity cell names no catalogue commodity: "Ore" tonnage with no grade rows to carry it, "Other
            /// metals", gold-equivalent ounces ("GEOs"), "Concentrate", nothing.
            case noCommodity = "no-commodity"
            /// A reserve or resource of a commodity the facility (or no facility of the group) is listed with: the
            /// impurity grades of the iron-ore tables (Al2O3, MgO, P; SiO2 and CaO are no catalogue commodity), and
            /// rows filed under the wrong facility (gold at the Diavik diamond mine, lead and zinc at Casa Berardi).
            /// Outputs are not held to the list: mines produce by-products it leaves out (silver from gold mines).
            case notListed = "not-listed"
            /// Ore mined, milled or processed (or a mill's capacity): a tonnage of ore, not an output of the commodity.
            case oreThroughput = "ore-throughput"
            /// A reserve or resource row with no tonnage, grade or contained figure.
            case noFigure = "no-figure"
            /// The row names a facility group the facility table does not have (GRP-de097f21 … f49, which follow
            /// GRP-de097f20 one by one).
            case unknownGroup = "unknown-group"
        }
        public var file: String
        public var line: Int
        /// The row's id (`reserves_id`, `prod_id`), or the facility's `main_id` for an owners cell.
        public var id: String
        public var reason: Reason
        /// The cell that decided: the commodity, the reference point, the group id or the owners cell, verbatim.
        public var text: String
    }

    /// The database's vintage (the authors' repository, October 2025, on the NRCan layer of spring 2025).
    public var asOf: Int

    public init(asOf: Int = 2025) { self.asOf = asOf }

    /// The facilities of `directory` with their figures, each citing `citation`.
    public func read(_ directory: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> Contents {
        var register = try facilities(directory.appendingPathComponent(Self.facilitiesFile), catalogue: catalogue, citation: citation)
        try reserves(directory.appendingPathComponent(Self.reservesFile), into: &register)
        try production(directory.appendingPathComponent(Self.productionFile), into: &register)
        let groups = register.groupOrder.compactMap { id -> GroupFigures? in
            let group = register.groups[id]!
            guard !group.resources.isEmpty || !group.outputs.isEmpty else { return nil }
            return GroupFigures(
                groupID: id, name: group.name, facilities: group.members, citation: citation, resources: group.resources, outputs: group.outputs,
                unverified: group.unverified)
        }
        return Contents(records: register.records, groups: groups, setAside: register.setAside)
    }

    /// The records under construction, and the groups their figures may belong to.
    struct Register {
        struct Group {
            var name: String
            var members: [String]
            var resources: [ResourceEstimate] = []
            var outputs: [SiteOutput] = []
            var unverified: Set<SiteField> = []
        }
        let catalogue: Catalogue
        let commodities: SiteCommodities
        var records: [SiteRecord] = []
        var index: [String: Int] = [:]
        var groups: [String: Group] = [:]
        var groupOrder: [String] = []
        var setAside: [SetAside] = []

        mutating func add(_ estimate: ResourceEstimate, to holder: Holder, unverified: Bool) {
            switch holder {
            case .facility(let index): records[index].resources.append(estimate)
            case .group(let group): groups[group]!.resources.append(estimate)
            }
            if unverified { mark(.resources, at: holder) }
        }

        mutating func add(_ output: SiteOutput, to holder: Holder, unverified: Bool) {
            switch holder {
            case .facility(let index): records[index].outputs.append(output)
            case .group(let group): groups[group]!.outputs.append(output)
            }
            if unverified { mark(.outputs, at: holder) }
        }

        private mutating func mark(_ field: SiteField, at holder: Holder) {
            switch holder {
            case .facility(let index): records[index].unverified.insert(field)
            case .group(let group): groups[group]!.unverified.insert(field)
            }
        }
    }

    /// Who a figure row belongs to.
    enum Holder {
        case facility(Int)
        case group(String)
    }

    private func facilities(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> Register {
        var table = try CSVTable(url: url, required: Self.facilityColumns)
        var register = Register(catalogue: catalogue, commodities: SiteCommodities(catalogue: catalogue, symbols: false))
        while let row = try table.next() {
            let id = try row.required("main_id")
            guard register.index[id] == nil else { throw row.error(.conflict, "a second facility with this id", column: "main_id") }
            let typeText = try row.required("facility_type")
            guard let kind = Self.kinds[typeText] else {
                throw row.error(.invalidValue, "expected mining, manufacturing or project", column: "facility_type")
            }
            let active: Bool
            switch try row.required("status") {
            case "active_facility": active = true
            case "project_facility": active = false
            default: throw row.error(.invalidValue, "expected active_facility or project_facility", column: "status")
            }
            // Projects carry the NRCan layer's stage and status, read as its reader reads them; an active facility
            // produces.
            var stage: DevelopmentStage? = active ? .production : nil
            if !row["development_stage"].isEmpty {
                guard let given = NRCanCriticalMineralsSites.stage(row["development_stage"]) else {
                    throw row.error(.invalidValue, "unknown development stage", column: "development_stage")
                }
                stage = given
            }
            var status: ActivityStatus? = active ? .active : nil
            if !row["activity_status"].isEmpty {
                guard let given = NRCanCriticalMineralsSites.statuses[row["activity_status"]] else {
                    throw row.error(.invalidValue, "unknown activity status; expected Active or On hold / suspended", column: "activity_status")
                }
                status = given
            }
            let subdivision = try row.province("province")
            let location = try row.point()
            let history = try Self.history(row)
            let (found, unresolved) = register.commodities.resolve(row["commodities"])
            let (owners, ownersNote, doubtful) = Self.owners(row["owner(s)"], operators: row["operator(s)"])
            if ownersNote {
                register.setAside.append(SetAside(file: row.fileName, line: row.line, id: id, reason: .ownersNote, text: row["owner(s)"]))
            }
            let group = row["facility_group_id"]
            if !group.isEmpty {
                if let known = register.groups[group] {
                    guard known.name == row["facility_group_name"] else {
                        throw row.error(.conflict, "the group has another name on an earlier row: \(known.name)", column: "facility_group_name")
                    }
                    register.groups[group]?.members.append(id)
                } else {
                    register.groups[group] = Register.Group(name: row["facility_group_name"], members: [id])
                    register.groupOrder.append(group)
                }
            }
            register.index[id] = register.records.count
            register.records.append(
                SiteRecord(
                    citation: citation, recordID: id, name: try row.required("facility_name"), kind: kind, location: location, country: .canada,
                    subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved, stage: stage, status: status,
                    stageHistory: history, owners: owners, asOf: asOf, unverified: doubtful ? [.owners] : []))
        }
        return register
    }

    static let kinds: [String: SiteKind] = ["mining": .mine, "manufacturing": .processingFacility, "project": .project]

    /// "1956–1959; 1974–1975; 1988–open": production from each opening year, past producer from each closing year.
    static func history(_ row: CSVRow) throws(CritMinError) -> [StageChange] {
        let text = row["operation_periods"]
        guard !text.isEmpty else { return [] }
        var changes: [StageChange] = []
        for period in text.split(separator: ";") {
            let years = period.split(whereSeparator: { $0 == "–" || $0 == "-" }).map { $0.trimmingCharacters(in: .whitespaces) }
            guard years.count == 2, let opened = Int(years[0]), years[1] == "open" || (Int(years[1]) ?? .min) >= opened else {
                throw row.error(.invalidValue, "expected periods such as \"1956–1959; 1988–open\"", column: "operation_periods")
            }
            changes.append(StageChange(year: opened, stage: .production))
            if let closed = Int(years[1]) { changes.append(StageChange(year: closed, stage: .pastProducer)) }
        }
        return changes
    }

    /// The owners with their shares ("Rio Tinto (58.7%), Mitsubishi Corporation (26.2%) and Labrador Iron Ore Royalty
    /// Corporation (15.1%)", "AMAG Austria Metall AG (Austria, 20%)") and the operator; an owner or operator that is
    /// also the other is one owner-operator. A closing "through Diavik Diamond Mines Inc subsidiary" names the holding
    /// vehicle, not an owner, and is left out; a "?" marks the owners unverified.
    /// - Returns: `ownersNote` when the owners cell is not a list of companies with shares (see ``SetAside/Reason/ownersNote``),
    ///   whose owners are then left out.
    static func owners(_ ownersCell: String, operators operatorCell: String) -> (owners: [SiteOwnership], ownersNote: Bool, doubtful: Bool) {
        var owners: [SiteOwnership] = []
        var rest = Substring(ownersCell)
        while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")"),
            let share = percent(rest[rest.index(after: open)..<close])
        {
            var company = rest[..<open].trimmingCharacters(in: .whitespaces)
            if company.hasPrefix(",") { company = company.dropFirst().trimmingCharacters(in: .whitespaces) }
            if company.hasPrefix("and ") { company = String(company.dropFirst(4)) }
            guard !company.isEmpty else { break }
            owners.append(SiteOwnership(company: company, role: .owner, share: share / 100))
            rest = rest[rest.index(after: close)...]
        }
        var remainder = rest.trimmingCharacters(in: .whitespaces)
        var doubtful = remainder.hasPrefix("?")
        if doubtful { remainder = remainder.dropFirst().trimmingCharacters(in: .whitespaces) }
        let note = !ownersCell.isEmpty && (owners.isEmpty || !(remainder.isEmpty || remainder.hasPrefix("through ")))
        if note { owners = [] }
        guard !operatorCell.isEmpty, !note || operatorCell != ownersCell else { return (owners, note, doubtful) }
        var company = operatorCell
        if company.hasSuffix("?") {
            doubtful = true
            company = company.dropLast().trimmingCharacters(in: .whitespaces)
        }
        if company.hasSuffix("%)"), let open = company.lastIndex(of: "(") { company = company[..<open].trimmingCharacters(in: .whitespaces) }
        if let owner = owners.firstIndex(where: { $0.company == company }) {
            owners[owner].role = .ownerOperator
        } else {
            owners.append(SiteOwnership(company: company, role: .operator))
        }
        return (owners, note, doubtful)
    }

    /// The percentage closing a bracket's text: "100%", "Austria, 20%".
    private static func percent(_ text: Substring) -> Double? {
        let last = text.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) ?? ""
        guard last.hasSuffix("%"), let value = Double(last.dropLast()), (0...100).contains(value) else { return nil }
        return value
    }

    // MARK: - Figures

    /// The facility or group a figure row names by `main_id`, else by `facility_group_id`; `nil` for a group the
    /// facility table does not have.
    private func holder(_ row: CSVRow, in register: Register) throws(CritMinError) -> Holder? {
        let facility = row["main_id"]
        if !facility.isEmpty {
            guard let index = register.index[facility] else { throw row.error(.notFound, "no facility has this id", column: "main_id") }
            return .facility(index)
        }
        let group = row["facility_group_id"]
        guard !group.isEmpty else { throw row.error(.missingField, "the row names no facility and no facility group", column: "main_id") }
        return register.groups[group] == nil ? nil : .group(group)
    }

    /// Catalogue ids for the figure tables' own names: "6E" (platinum, palladium, rhodium, ruthenium, iridium and gold,
    /// as PGM mines report them) and titanium slag, which USGS counts with the titanium mineral concentrates.
    static let figureNames: [String: CommodityID] = ["6E": "platinum-group-metals", "Titanium dioxide slag": "titanium-mineral-concentrates"]

    /// The one commodity a figure row is of, or why it has none.
    private func commodity(_ text: String, in register: Register) -> FigureCommodity {
        if let id = Self.figureNames[text] { return .resolved(id) }
        let (found, unresolved) = register.commodities.resolve(text)
        guard found.count + unresolved.count <= 1 else { return .setAside(.severalCommodities) }
        guard let id = found.first else { return .setAside(.noCommodity) }
        return .resolved(id)
    }

    /// Whether the facility, or a facility of the group, is listed with the commodity, its group (palladium at a mine
    /// listed with "platinum group metals") or a member of it.
    private func isListed(_ id: CommodityID, at holder: Holder, in register: Register) -> Bool {
        let listed: [CommodityID]
        switch holder {
        case .facility(let index): listed = register.records[index].commodities
        case .group(let group): listed = register.groups[group]!.members.flatMap { register.records[register.index[$0]!].commodities }
        }
        let parent = register.catalogue.commodities[id]?.parent
        return listed.contains { $0 == id || $0 == parent || register.catalogue.commodities[$0]?.parent == id }
    }

    enum FigureCommodity {
        case resolved(CommodityID)
        case setAside(SetAside.Reason)
    }

    /// A figure and its unit; "" and "-" (a figure the report gives only in total) are no figure.
    private static func quantity(_ row: CSVRow, _ column: String, unit unitColumn: String) throws(CritMinError) -> Quantity? {
        guard row[column] != "-", let value = try row.optionalDouble(column) else { return nil }
        return Quantity(.value(value), unit: MeasureUnit(try row.required(unitColumn)))
    }

    /// The category of `reserves_resources_type`: "Proved" is proven; "Proven & Probable", "Measured & Indicated",
    /// "Inferred+Indicated+Measured" are the combined totals; a "Total" of reserves is proven and probable, a "Total"
    /// of resources (with or without inferred, it does not say) and "?" are unclassified, "?" unverified.
    static func category(_ text: String, reserves: Bool) -> (category: ResourceEstimate.Category, doubtful: Bool)? {
        switch text.lowercased() {
        case "total": return (reserves ? .provenAndProbable : .unclassified, false)
        case "?": return (.unclassified, true)
        default: break
        }
        let names: [String: ResourceEstimate.Category] = [
            "proven": .proven, "proved": .proven, "probable": .probable, "measured": .measured, "indicated": .indicated, "inferred": .inferred,
        ]
        let parts = text.lowercased().split(whereSeparator: { $0 == "&" || $0 == "+" }).map { names[$0.trimmingCharacters(in: .whitespaces)] }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        switch Set(parts.map { $0! }) {
        case let single where single.count == 1 && parts.count == 1: return (single.first!, false)
        case [.proven, .probable]: return (.provenAndProbable, false)
        case [.measured, .indicated]: return (.measuredAndIndicated, false)
        case [.measured, .indicated, .inferred]: return (.measuredIndicatedAndInferred, false)
        default: return nil
        }
    }

    /// Estimates by facility or group. An "Ore" row gives the tonnage of a category whose grades follow in rows
    /// of their own without one (Raglan: ore 8.2 Mt, then nickel 3.12 %, copper 0.85 % …): those rows take it.
    /// Where `reserves_resources` and the category disagree ("Reserves", "Measured") the category decides.
    private func reserves(_ url: URL, into register: inout Register) throws(CritMinError) {
        var table = try CSVTable(url: url, required: Self.reserveColumns)
        let rows = try table.rows()
        struct Tonnage: Hashable {
            var holder: String, year: String, category: String, source: String
            init(_ row: CSVRow) {
                (holder, year, category, source) = (
                    row["main_id"].isEmpty ? row["facility_group_id"] : row["main_id"], row["year"], row["reserves_resources_type"], row["source_id"]
                )
            }
        }
        var tonnages: [Tonnage: (ore: Quantity, row: CSVRow)] = [:]
        for row in rows where row["commodity"] == "Ore" {
            guard let ore = try Self.quantity(row, "ore", unit: "ore_unit") else {
                throw row.error(.missingField, "an Ore row gives the ore tonnage", column: "ore")
            }
            guard tonnages.updateValue((ore, row), forKey: Tonnage(row)) == nil else {
                throw row.error(.conflict, "a second Ore row for the same facility, year, category and source", column: "commodity")
            }
        }
        var carried: Set<Tonnage> = []
        let firstSetAside = register.setAside.count
        for row in rows {
            let id = try row.required("reserves_id")
            let year = try row.int("year")
            let reserves: Bool
            switch try row.required("reserves_resources") {
            case "Reserves": reserves = true
            case "Resources": reserves = false
            default: throw row.error(.invalidValue, "expected Reserves or Resources", column: "reserves_resources")
            }
            guard let category = Self.category(try row.required("reserves_resources_type"), reserves: reserves) else {
                throw row.error(
                    .invalidValue, "expected Proven, Probable, Measured, Indicated, Inferred, a combination with & or +, Total or ?",
                    column: "reserves_resources_type")
            }
            var ore = try Self.quantity(row, "ore", unit: "ore_unit")
            let grade = try Self.quantity(row, "grade", unit: "grade_unit")
            let contained = try Self.quantity(row, "metal_content", unit: "metal_content_unit")
            let holder = try self.holder(row, in: register)
            let commodityText = row["commodity"]
            guard commodityText != "Ore" else { continue }
            func setAside(_ reason: SetAside.Reason, _ text: String) {
                register.setAside.append(SetAside(file: row.fileName, line: row.line, id: id, reason: reason, text: text))
            }
            guard let holder else {
                setAside(.unknownGroup, row["facility_group_id"])
                continue
            }
            let commodity: CommodityID
            switch self.commodity(commodityText, in: register) {
            case .resolved(let id) where isListed(id, at: holder, in: register): commodity = id
            case .resolved:
                setAside(.notListed, commodityText)
                continue
            case .setAside(let reason):
                setAside(reason, commodityText)
                continue
            }
            if ore == nil, let tonnage = tonnages[Tonnage(row)] {
                ore = tonnage.ore
                carried.insert(Tonnage(row))
            }
            guard ore != nil || grade != nil || contained != nil else {
                setAside(.noFigure, commodityText)
                continue
            }
            let estimate = ResourceEstimate(
                commodity: commodity, category: category.category, year: year, ore: ore, grade: grade, contained: contained)
            register.add(estimate, to: holder, unverified: category.doubtful)
        }
        for (key, tonnage) in tonnages where !carried.contains(key) {
            let row = tonnage.row
            let reason: SetAside.Reason = try self.holder(row, in: register) == nil ? .unknownGroup : .noCommodity
            register.setAside.append(
                SetAside(
                    file: row.fileName, line: row.line, id: row["reserves_id"], reason: reason,
                    text: reason == .unknownGroup ? row["facility_group_id"] : "Ore"))
        }
        register.setAside[firstSetAside...].sort { $0.line < $1.line }
    }

    /// Reference points of commodity output; "Crude ore" and "Total extraction" are ore throughput.
    static let outputPoints: Set<String> = ["Usable ore", "Intermediate metal produced", "Refined metal produced"]
    static let throughputPoints: Set<String> = ["Crude ore", "Total extraction"]

    /// Words of the compilers' comments that say a figure is their own assumption or doubtful.
    static let doubtWords = ["assumed", "calculated", "not sure", "unclear", "ambigous", "ambiguous", "probably", "hypothesis"]

    /// Outputs by facility or group. The unit's basis is what the row says is counted (`material_type`: "Contained
    /// metal in concentrate", "Concentrate", "Smelter production"), or its `reference_point` when it says nothing.
    private func production(_ url: URL, into register: inout Register) throws(CritMinError) {
        var table = try CSVTable(url: url, required: Self.productionColumns)
        while let row = try table.next() {
            let id = try row.required("prod_id")
            let year = try row.int("year")
            let kind: SiteOutput.Kind
            switch try row.required("data_type") {
            case "Production": kind = .production
            case "Capacity": kind = .capacity
            default: throw row.error(.invalidValue, "expected Production or Capacity", column: "data_type")
            }
            let point = try row.required("reference_point")
            guard Self.outputPoints.contains(point) || Self.throughputPoints.contains(point) else {
                throw row.error(
                    .invalidValue,
                    "unknown reference point; expected one of \((Self.outputPoints.union(Self.throughputPoints)).sorted().joined(separator: ", "))",
                    column: "reference_point")
            }
            let value = try row.double("value")
            let unit = MeasureUnit(try row.required("unit"), basis: row["material_type"].isEmpty ? point : row["material_type"])
            let holder = try self.holder(row, in: register)
            func setAside(_ reason: SetAside.Reason, _ text: String) {
                register.setAside.append(SetAside(file: row.fileName, line: row.line, id: id, reason: reason, text: text))
            }
            guard let holder else {
                setAside(.unknownGroup, row["facility_group_id"])
                continue
            }
            guard Self.outputPoints.contains(point) else {
                setAside(.oreThroughput, point)
                continue
            }
            let commodity: CommodityID
            switch self.commodity(row["commodity"], in: register) {
            case .resolved(let id): commodity = id
            case .setAside(let reason):
                setAside(reason, row["commodity"])
                continue
            }
            let output = SiteOutput(commodity: commodity, kind: kind, year: year, quantity: Quantity(.value(value), unit: unit))
            let comment = row["comment"].lowercased()
            register.add(output, to: holder, unverified: Self.doubtWords.contains { comment.contains($0) })
        }
    }
}
