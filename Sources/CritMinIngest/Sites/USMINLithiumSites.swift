import CritMinCore
import Foundation

/// "Lithium Deposits in the United States" (Karl, Mauk, Reyes and Scott, 2019, USGS data release doi:10.5066/P9ZKRWQF,
/// public domain), the USMIN tables as CSV (`../shared/data/deposits/usgs-lithium-us`). One record per site of
/// `Site.csv`, joined by site id with the features of `Loc_Pt.csv` (which give the kind), the resource and reserve
/// estimates of `Resources.csv`, the production of `Production.csv`, the stage by year of `History.csv` and the deposit
/// models of `Dep_Model.csv`. Every row of every file must read, or none is returned.
///
/// Conventions of the tables: "<Null>" marks an empty cell; a figure ending in ".111" ("35,000.111") is one the compilers
/// calculated (tonnage times grade, the sum of several sources) and is read as an estimate; a negative ore tonnage is
/// one ore body reported with several commodities, so that sums count it once: its size is kept, the sign only in the
/// raw text.
public struct USMINLithiumSites: Sendable {
    /// The year the data are current to.
    public var asOf: Int

    public init(asOf: Int = 2019) { self.asOf = asOf }

    static let siteColumn = "Site_ID *"

    /// The sites of the folder, each citing `citation`, in the order of `Site.csv`; record ids are the site ids ("NV00118").
    public func read(folder: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var sites = try readSites(folder.appendingPathComponent("Site.csv"), commodities: commodities, citation: citation)
        var position: [String: Int] = [:]
        for (index, site) in sites.enumerated() { position[site.recordID] = index }
        /// The related rows of a file, each with the index of its site; a site id not in `Site.csv` is an error.
        func related(_ file: String, required: [String]) throws(CritMinError) -> [(site: Int, row: CSVRow)] {
            var table = try CSVTable(url: folder.appendingPathComponent(file), required: [Self.siteColumn] + required)
            var rows: [(Int, CSVRow)] = []
            while let row = try table.next() {
                guard let index = position[try row.required(Self.siteColumn)] else {
                    throw row.error(.notFound, "no site with this id in Site.csv", column: Self.siteColumn)
                }
                rows.append((index, row))
            }
            return rows
        }

        var kinds: [Int: SiteKind] = [:]
        for (site, row) in try related("Loc_Pt.csv", required: ["Ftr_Group", "Ftr_Type"]) {
            let kind = try Self.kind(row)
            if let known = kinds[site], Self.kindOrder.firstIndex(of: known)! >= Self.kindOrder.firstIndex(of: kind)! { continue }
            kinds[site] = kind
        }
        for (site, kind) in kinds { sites[site].kind = kind }

        for (site, row) in try related("Dep_Model.csv", required: ["DpMd_NoNm"]) {
            guard let model = row.cell("DpMd_NoNm") else { continue }
            let known = sites[site].depositType.map { $0.components(separatedBy: "; ") } ?? []
            if !known.contains(model) { sites[site].depositType = (known + [model]).joined(separator: "; ") }
        }

        for (site, row) in try related("Resources.csv", required: Self.resourceColumns) {
            guard let commodity = try Self.material(row, commodities: commodities, into: &sites[site]) else { continue }
            sites[site].resources.append(try Self.estimate(row, commodity: commodity))
        }

        for (site, row) in try related("Production.csv", required: Self.productionColumns) {
            guard let commodity = try Self.material(row, commodities: commodities, into: &sites[site]) else { continue }
            sites[site].outputs.append(try Self.output(row, commodity: commodity))
        }

        var histories: [Int: [CSVRow]] = [:]
        for (site, row) in try related("History.csv", required: ["Status", "Year_From", "Year_To"]) { histories[site, default: []].append(row) }
        for (site, rows) in histories {
            let (changes, producing) = try history(rows)
            sites[site].stageHistory = changes
            sites[site].stage = producing ? .production : changes.last?.stage
            sites[site].status = producing ? .active : nil
        }
        return sites
    }

    private func readSites(_ url: URL, commodities: SiteCommodities, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        var table = try CSVTable(url: url, required: [Self.siteColumn, "Site_Name", "Other_Name", "Commodity", "Approx_Lat", "Approx_Lon"])
        var sites: [SiteRecord] = []
        var seen: Set<String> = []
        while let row = try table.next() {
            let id = try row.required(Self.siteColumn)
            guard seen.insert(id).inserted else { throw row.error(.conflict, "a second site with this id", column: Self.siteColumn) }
            // USMIN site ids begin with the state's postal code ("NV00118").
            guard let state = Subdivisions.code(of: String(id.prefix(2)), in: .unitedStates) else {
                throw row.error(.invalidValue, "a USMIN site id begins with a state's postal code", column: Self.siteColumn)
            }
            let (found, unresolved) = commodities.resolve(row.cell("Commodity") ?? "")
            sites.append(
                SiteRecord(
                    citation: citation, recordID: id, name: try row.required("Site_Name"),
                    aliases: row.cell("Other_Name")?.components(separatedBy: "; ") ?? [],
                    // The site's own point, the approximate centre of its area (WGS84 in the USMIN metadata), rather
                    // than one of its features (wells, lenses, mines) in Loc_Pt.
                    kind: .deposit, location: try Self.point(row), country: .unitedStates, subdivision: state, commodities: found,
                    unresolvedCommodities: unresolved, asOf: asOf))
        }
        return sites
    }

    static func point(_ row: CSVRow) throws(CritMinError) -> GeoPoint {
        let (latitude, longitude) = (try row.double("Approx_Lat"), try row.double("Approx_Lon"))
        do throws(CritMinError) {
            return try GeoPoint(latitude: latitude, longitude: longitude)
        } catch {
            throw row.error(error.code, error.message, column: error.field == "longitude" ? "Approx_Lon" : "Approx_Lat")
        }
    }

    /// Mines and their features (wells, pits, brine operations) make a mine; deposits a deposit; prospects and mineral
    /// regions (districts, a geothermal field) an occurrence. A site is the most developed of its features.
    static func kind(_ row: CSVRow) throws(CritMinError) -> SiteKind {
        switch try row.required("Ftr_Group") {
        case "Mine Feature": return .mine
        case "Mineral Occurrence": return try row.required("Ftr_Type") == "Deposit" ? .deposit : .occurrence
        case "Mineral Region": return .occurrence
        default: throw row.error(.invalidValue, "expected Mine Feature, Mineral Occurrence or Mineral Region", column: "Ftr_Group")
        }
    }

    static let kindOrder: [SiteKind] = [.occurrence, .deposit, .mine]

    /// Compounds and minerals the tables name for the commodity recovered from them ("boric acid (H3BO3)", "potassium
    /// sulfate (K2SO4)"); the figure's unit keeps the compound.
    static let compounds: [String: CommodityID] = [
        "boric acid": "boron", "boron trioxide": "boron", "synthetic colemanite": "boron", "tungsten trioxide": "tungsten",
        "lithium carbonate equivalent": "lithium", "dilithium sodium phosphate": "lithium", "potassium sulfate": "potash",
    ]

    /// The commodity of a row's `Material`; a material the catalogue does not know is kept among the site's unresolved
    /// commodities, without its formula ("quartz (SiO2)" as "quartz"), and its figure left out (`nil`).
    private static func material(_ row: CSVRow, commodities: SiteCommodities, into site: inout SiteRecord) throws(CritMinError) -> CommodityID? {
        let material = try row.required("Material")
        let name = material.components(separatedBy: " (")[0]
        if let compound = Self.compounds[Catalogue.nameKey(name)] { return compound }
        let found = commodities.resolve(name).commodities
        if found.count == 1 { return found[0] }
        if !site.unresolvedCommodities.contains(name) { site.unresolvedCommodities.append(name) }
        return nil
    }

    static let resourceColumns = [
        "Material", "Rsrc_Date", "Mat_Type", "Mat_Amnt", "Mat_Units", "Grade", "Grade_Unit", "Contained", "Cont_Units", "Rsrc_Class",
    ]

    static func estimate(_ row: CSVRow, commodity: CommodityID) throws(CritMinError) -> ResourceEstimate {
        let material = try row.required("Material")
        let type = try row.required("Mat_Type")
        let classText = try row.required("Rsrc_Class")
        guard let category = categories[classText] else {
            throw row.error(
                .invalidValue, "unknown resource class; expected one of \(categories.keys.sorted().joined(separator: ", "))", column: "Rsrc_Class")
        }
        let contained = try quantity(row, "Contained", unit: "Cont_Units", basis: material)
        // "commodity" rows give the commodity itself as the material amount, the same figure as the contained amount.
        let ore = type == "commodity" ? nil : try quantity(row, "Mat_Amnt", unit: "Mat_Units", basis: type)
        return ResourceEstimate(
            commodity: commodity, category: category, year: try row.year("Rsrc_Date"), ore: ore,
            grade: try quantity(row, "Grade", unit: "Grade_Unit", basis: material), contained: contained)
    }

    /// The tables' classes. "Demonstrated" is measured plus indicated (USGS Circular 831); "Indicated plus Inferred" has
    /// no category of its own, nor do the old "Possible" and "Subeconomic": they are unclassified.
    static let categories: [String: ResourceEstimate.Category] = [
        "Measured": .measured, "Indicated": .indicated, "Inferred": .inferred, "Proven": .proven, "Probable": .probable,
        "Proven plus Probable": .provenAndProbable, "Demonstrated": .measuredAndIndicated,
        "Measured, Indicated, Inferred": .measuredIndicatedAndInferred, "Indicated plus Inferred": .unclassified,
        "Unclassified": .unclassified, "Possible": .unclassified, "Subeconomic": .unclassified,
    ]

    static let productionColumns = ["Material", "Year_From", "Year_To", "Mat_Amnt", "Mat_Units", "Contained", "Cont_Units"]

    /// Production over the life of the mine or well as the table aggregates it: the contained commodity (or, for rows of
    /// the commodity itself, the material amount), a total for the period its unit names, dated by the period's last year.
    static func output(_ row: CSVRow, commodity: CommodityID) throws(CritMinError) -> SiteOutput {
        let material = try row.required("Material")
        let (from, to) = (try row.year("Year_From"), try row.year("Year_To"))
        let period = [from, to].compactMap { $0 }.map(String.init).joined(separator: "–")
        let basis = period.isEmpty ? "\(material), total" : "\(material), total \(period)"
        var produced = try quantity(row, "Contained", unit: "Cont_Units", basis: basis)
        if produced == nil { produced = try quantity(row, "Mat_Amnt", unit: "Mat_Units", basis: basis) }
        guard let produced else { throw row.error(.missingField, "a produced amount is required", column: "Contained") }
        return SiteOutput(commodity: commodity, kind: .cumulativeProduction, year: to ?? from, quantity: produced)
    }

    /// The tables' units as symbols; the figures are not converted.
    static let units: [String: String] = [
        "tonnes": "t", "metric tons": "t", "kilograms": "kg", "short tons": "short ton", "cubic meters": "m3", "U.S. barrels": "bbl",
        "percent": "%", "weight percent": "%", "parts per million": "ppm", "milligrams per liter": "mg/L",
    ]

    /// A figure with its unit from the unit column; `nil` for an empty cell.
    static func quantity(_ row: CSVRow, _ column: String, unit unitColumn: String, basis: String) throws(CritMinError) -> Quantity? {
        guard let text = row.cell(column) else { return nil }
        var digits = text.replacingOccurrences(of: ",", with: "")
        if digits.hasPrefix("-") { digits.removeFirst() }
        let calculated = digits.contains(".") && digits.hasSuffix("111")
        if calculated { digits.removeLast(3) }
        guard let value = Double(digits), value.isFinite else { throw row.error(.invalidValue, "not a number", column: column) }
        guard let unitText = row.cell(unitColumn) else { throw row.error(.missingField, "the figure in \(column) needs a unit", column: unitColumn) }
        guard let symbol = units[unitText] else {
            throw row.error(.invalidValue, "unknown unit; expected one of \(units.keys.sorted().joined(separator: ", "))", column: unitColumn)
        }
        let amount = Amount.value(value)
        return Quantity(amount, unit: MeasureUnit(symbol, basis: basis), estimated: calculated, raw: text == amount.notation ? nil : text)
    }

    /// The tables' statuses as stages: a discovery is an occurrence, an evaluation (a resource report, a study) an
    /// advanced project, development the building of a mine or plant.
    static let stages: [String: DevelopmentStage] = [
        "Discovery": .occurrence, "Exploration": .exploration, "Evaluation": .advancedProject, "Development": .construction,
        "Active": .production,
    ]

    /// Each status gives its stage from its first year. An active period gives past production from its last year when
    /// it closed before the compilers' time; one running to the year before `asOf` or later (Searles Lake, "1873–2018")
    /// still runs, and the site still produces. Sorted by year, a year's most advanced stage last.
    func history(_ rows: [CSVRow]) throws(CritMinError) -> (changes: [StageChange], producing: Bool) {
        var changes: Set<StageChange> = []
        var producing = false
        for row in rows {
            guard let stage = Self.stages[try row.required("Status")] else {
                throw row.error(
                    .invalidValue, "unknown status; expected one of \(Self.stages.keys.sorted().joined(separator: ", "))", column: "Status")
            }
            guard let from = try row.year("Year_From") else { continue }
            changes.insert(StageChange(year: from, stage: stage))
            guard stage == .production else { continue }
            if let to = try row.year("Year_To"), to < asOf - 1 {
                changes.insert(StageChange(year: to, stage: .pastProducer))
            } else {
                producing = true
            }
        }
        return (changes.sorted { ($0.year, $0.stage) < ($1.year, $1.stage) }, producing)
    }
}

extension CSVRow {
    /// A USMIN cell: `nil` when empty or "<Null>".
    fileprivate func cell(_ column: String) -> String? {
        let text = self[column]
        return text.isEmpty || text == "<Null>" ? nil : text
    }

    /// A four-digit year, or `nil` for an empty cell.
    fileprivate func year(_ column: String) throws(CritMinError) -> Int? {
        guard let text = cell(column) else { return nil }
        guard text.count == 4, let year = Int(text) else { throw error(.invalidValue, "expected a year", column: column) }
        return year
    }
}
