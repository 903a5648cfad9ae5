import CritMinCore
import CritMinSimulation
import CritMinStore

/// A country's (or both countries') net imports of a commodity at one stage, from the commodity's supply network.
public struct NetImports: Sendable {
    public var stage: Stage
    /// The stage's unit, as the production table states it ("t, lithium content").
    public var unit: String
    public var year: Int
    /// Imports from outside the economy less its exports to outside, per year.
    public var net: Double
    /// Imports from countries outside both the economy and the allies.
    public var fromOutsideAllies: Double
    /// The publications of the flows counted (bilateral trade, or the import totals and shares they were rebuilt from).
    public var citations: Set<CitationID>
}

extension ReportBuilder {
    /// The development stages counted as the pipeline: what produces now or could (the register's occurrences, past
    /// producers and bare explorations are left out).
    public static let pipelineStages: Set<DevelopmentStage> = [.production, .construction, .permitting, .feasibility, .advancedProject]

    /// Which stage of the supply chain a site supplies: plants refine, everything else mines.
    static func supplyStage(of kind: SiteKind) -> Stage { kind == .processingFacility ? .refinery : .mine }

    /// `critmin pipeline`: the mines and advanced projects of `economy` for a commodity with owners, stage, latest
    /// production or capacity and reserves or resources, each with its source; totals by stage; and what they would cover of
    /// the economy's net imports and of its imports from outside the allies.
    public func pipeline(_ register: SiteRegister, commodity name: String, economy: Economy, allies alliesID: String = "ALLIES") async throws
        -> Report
    {
        let commodity = try self.commodity(named: name)
        let ids = try siteCommodities(named: name)
        let pipeline = SitePipeline(register: register, commodities: ids, countries: economy.memberSet, stages: Self.pipelineStages)
        func source(_ entry: SitePipeline.Entry, _ record: Int?) -> String {
            guard let record else { return "" }
            return "\(entry.site.records[record].citation) \(entry.site.records[record].recordID)"
        }
        let sites = ReportTable(
            title: "Mines, plants and advanced projects",
            columns: [
                Column("Site", key: "id"), Column("Name", key: "name"), Column("Kind", key: "kind"), Column("Stage", key: "stage"),
                Column("Status", key: "status"),
                Column("Country", key: "country"), Column("Owners", key: "owners"), Column.figure("Production, per year", key: "production"),
                Column.figure("Capacity, per year", key: "capacity"), Column.figure("Reserves, contained", key: "reserves"),
                Column.figure("Resources, contained", key: "resources"), Column("Sources", key: "sources"),
            ],
            rows: pipeline.entries.map { entry in
                let site = entry.site
                let figureSources = [entry.production?.record, entry.capacity?.record, entry.estimatesRecord].compactMap { $0 }
                return [
                    Cell(site.id.rawValue, link: "/sites/\(site.id.rawValue)"), Cell(site.name.value), Cell(site.kind.value.rawValue),
                    Cell(site.stage?.value.rawValue ?? ""), Cell(site.status?.value.rawValue ?? ""), Cell(site.country.rawValue),
                    Self.listCell(site.owners?.value.map(Self.ownerText) ?? []), Self.outputCell(entry.production), Self.outputCell(entry.capacity),
                    Self.tonnesCell(entry.containedTonnes(reserves: true)), Self.tonnesCell(entry.containedTonnes(reserves: false)),
                    Self.listCell(
                        ([site.stage?.record, site.owners?.record].compactMap { $0 } + figureSources).reduce(into: [String]()) { list, record in
                            let text = source(entry, record)
                            if !list.contains(text) { list.append(text) }
                        }),
                ]
            },
            notes: [
                "Sites of \(economy) naming \(commodity.name) (or a member of its group) at stages production, construction, permitting, feasibility "
                    + "and advanced project; each figure is the latest the site's sources give, contained \(commodity.name) in metric tons "
                    + "(troy ounces, pounds and short tons converted exactly).",
                "Resources may include the reserves, as each company's reporting code says; they are shown apart and never added to them.",
            ])
        let totals = ReportTable(
            title: "Pipeline by stage",
            columns: [
                Column("Stage", key: "stage"), Column.figure("Sites", key: "sites"), Column.figure("Production, t/yr", key: "production_t"),
                Column.figure("Capacity, t/yr", key: "capacity_t"), Column.figure("Reserves, t", key: "reserves_t"),
                Column.figure("Resources, t", key: "resources_t"), Column("Not added (other units)", key: "not_added"),
            ],
            rows: pipeline.totals.map { total in
                [
                    Cell(total.stage?.rawValue ?? "not stated"), .integer(total.sites), Self.tonnesCell(total.productionTonnes),
                    Self.tonnesCell(total.capacityTonnes), Self.tonnesCell(total.reserveTonnes), Self.tonnesCell(total.resourceTonnes),
                    Self.listCell(total.notAdded),
                ]
            },
            notes: ["Figures of different bases (\"lithium content\", \"Li2O\", \"LCE\") are totalled apart, each labelled with its basis."])
        var tables = [sites, totals]
        tables.append(try await coverage(pipeline, commodity: commodity.id, economy: economy, allies: alliesID))
        let cited = Set(pipeline.entries.flatMap { $0.site.records.map(\.citation) })
        tables[tables.count - 1].citations += try await citationLines(ids: cited)
        return Report(
            title: "\(commodity.name) pipeline, \(economy)",
            facts: [("Commodity", commodity.id.rawValue), ("For", economy.description), ("Sites", String(pipeline.entries.count))], tables: tables)
    }

    /// What the pipeline's figures would cover of the economy's net imports at each stage: production and capacity as a
    /// share of a year's net imports, reserves as years of them.
    private func coverage(_ pipeline: SitePipeline, commodity: CommodityID, economy: Economy, allies alliesID: String) async throws -> ReportTable {
        let imports = try await netImports(commodity: commodity, economy: economy, allies: alliesID)
        var rows: [[Cell]] = []
        var notes: [String] = []
        for stage in [Stage.mine, .refinery] {
            let entries = pipeline.entries.filter { Self.supplyStage(of: $0.site.kind.value) == stage }
            guard !entries.isEmpty || imports[stage] != nil else { continue }
            func sum(_ figure: (SitePipeline.Entry) -> [String: Double]) -> [String: Double] {
                var totals: [String: Double] = [:]
                for entry in entries { totals.merge(figure(entry), uniquingKeysWith: +) }
                return totals
            }
            let annual = sum { entry in
                guard let output = entry.capacity ?? entry.production, let tonnes = SitePipeline.tonnes(output.output.quantity) else { return [:] }
                return [output.output.quantity.unit.basis ?? "": tonnes]
            }
            let reserves = sum { $0.containedTonnes(reserves: true) }
            let net = imports[stage]
            var row: [Cell] = [Cell(stage.rawValue), .integer(entries.count), Self.tonnesCell(annual), Self.tonnesCell(reserves)]
            if let net {
                row += [
                    Cell("\(NumberFormat.grouped(net.net, maximumFractionDigits: 0)) \(net.unit) (\(net.year))", json: .number(net.net)),
                    Cell(
                        "\(NumberFormat.grouped(net.fromOutsideAllies, maximumFractionDigits: 0)) \(net.unit)", json: .number(net.fromOutsideAllies)),
                ]
                let comparable = annual.filter { Self.sameBasis($0.key, stageUnit: net.unit) }.values.reduce(0, +)
                let comparableReserves = reserves.filter { Self.sameBasis($0.key, stageUnit: net.unit) }.values.reduce(0, +)
                row.append(net.net > 0 && comparable > 0 ? .percent(comparable / net.net, decimals: 0) : .empty)
                row.append(net.fromOutsideAllies > 0 && comparable > 0 ? .percent(comparable / net.fromOutsideAllies, decimals: 0) : .empty)
                row.append(net.net > 0 && comparableReserves > 0 ? .number(comparableReserves / net.net, decimals: 1) : .empty)
                if net.net <= 0 { notes.append("\(economy) is a net exporter at the \(stage.rawValue) stage: there are no net imports to cover.") }
            } else {
                row += [.empty, .empty, .empty, .empty, .empty]
                notes.append(
                    "No \(stage.rawValue)-stage supply network for \(commodity) (no world production table or trade codes): net imports unknown.")
            }
            rows.append(row)
        }
        notes += [
            "Net imports: the commodity's supply network (`critmin network`), BACI flows put in the production table's content unit; imports "
                + "from outside the allies exclude \(alliesID) members and \(economy) itself.",
            "Cover: the pipeline's latest production or capacity over a year's net imports, counting only figures on the stage's basis "
                + "(a figure without a basis is taken as contained \(commodity)); reserves cover that many years.",
        ]
        return ReportTable(
            title: "What the pipeline could cover",
            columns: [
                Column("Stage", key: "stage"), Column.figure("Sites", key: "sites"), Column.figure("Output, t/yr", key: "output_t"),
                Column.figure("Reserves, t", key: "reserves_t"), Column.figure("Net imports", key: "net_imports"),
                Column.figure("From outside allies", key: "imports_outside_allies"), Column.figure("Covers net imports", key: "covers_net_imports"),
                Column.figure("Covers non-allied imports", key: "covers_outside_allies"),
                Column.figure("Reserves, years of net imports", key: "reserve_years"),
            ], rows: rows, notes: notes, citations: try await citationLines(ids: Set(imports.values.flatMap(\.citations))))
    }

    /// Net imports of the economy by stage in the supply network's latest year; none for a commodity without a network.
    public func netImports(commodity: CommodityID, economy: Economy, allies alliesID: String) async throws -> [Stage: NetImports] {
        let network: SupplyNetwork
        do { network = try await supplyNetwork(commodity: commodity) } catch let error as CritMinError where error.code == .notFound { return [:] }
        let allies = try group(alliesID)
        let members = economy.memberSet
        var result: [Stage: NetImports] = [:]
        for stage in network.stages {
            let inbound = stage.flows.filter { members.contains($0.importer) && !members.contains($0.exporter) }
            let outbound = stage.flows.filter { members.contains($0.exporter) && !members.contains($0.importer) }
            let net = inbound.reduce(0) { $0 + $1.quantity } - outbound.reduce(0) { $0 + $1.quantity }
            let outside = inbound.filter { !allies.contains($0.exporter) }.reduce(0) { $0 + $1.quantity }
            var citations = Set<CitationID>()
            for flow in inbound + outbound {
                switch flow.provenance {
                case .reported(let citation): citations.insert(citation)
                case .reconstructed(let total, let shares): citations.formUnion([total, shares])
                }
            }
            result[stage.stage] = NetImports(
                stage: stage.stage, unit: stage.unit, year: network.year, net: net, fromOutsideAllies: outside, citations: citations)
        }
        return result
    }

    /// Whether a pipeline figure's basis is the stage unit's: the same substance once "content", "contained" and a
    /// chemical formula in brackets are left out ("lithium (Li)" and "t, lithium content" agree; "lithium carbonate
    /// (Li2CO3)" does not), or no basis at all.
    static func sameBasis(_ basis: String, stageUnit: String) -> Bool {
        guard stageUnit.hasPrefix("t") else { return false }
        func substance(_ text: String) -> String {
            let withoutFormula = text.replacing(/\([^)]*\)/, with: "")
            return Catalogue.nameKey(withoutFormula).split(separator: " ").filter { !["content", "contained"].contains($0) }.joined(separator: " ")
        }
        let stageBasis = stageUnit.split(separator: ",", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        return basis.isEmpty || substance(basis) == substance(stageBasis)
    }

    static func outputCell(_ output: (output: SiteOutput, record: Int)?) -> Cell {
        guard let output else { return .empty }
        var cell = quantityCell(output.output.quantity)
        if let year = output.output.year { cell.text += " (\(year))" }
        return cell
    }

    /// Metric tons by basis: "12,300 t" or "1,200 t lithium content; 45,000 t LCE".
    static func tonnesCell(_ totals: [String: Double]) -> Cell {
        guard !totals.isEmpty else { return .empty }
        let ordered = totals.sorted { $0.key < $1.key }
        let text = ordered.map { NumberFormat.grouped($0.value, maximumFractionDigits: 0) + " t" + ($0.key.isEmpty ? "" : " " + $0.key) }
        return Cell(
            text.joined(separator: "; "),
            json: ordered.count == 1 && ordered[0].key.isEmpty
                ? .number(ordered[0].value) : .object(ordered.map { ($0.key.isEmpty ? "unstated" : $0.key, .number($0.value)) }))
    }
}
