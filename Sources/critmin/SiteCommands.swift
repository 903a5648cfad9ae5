import ArgumentParser
import CritMinCore
import CritMinReports
import Foundation

/// How site commands print: the report formats, or GeoJSON.
enum SiteOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, geojson
}

struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "The register of deposits, mines, plants and projects: find sites, or show one with its sources.",
        subcommands: [SitesListCommand.self, SitesShowCommand.self], defaultSubcommand: SitesListCommand.self)
}

struct SitesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Sites by commodity, country, province or state, kind, stage, status, owner; in a box, near a point, or nearest.",
        discussion: """
            Examples:
              critmin sites --commodity lithium --country CAN --stage production
              critmin sites --bbox 45,-80,50,-70 --kind mine
              critmin sites --near 48.25,-78.43 --radius 50
              critmin sites --nearest 5 --near 39.5,-117.0 --commodity lithium --format geojson
            """)

    @Option(help: "A commodity (a group's members too): lithium, rare-earths, cobalt…") var commodity: String?
    @Option(help: "Countries, comma-separated (CAN,USA).") var country: String?
    @Option(help: "Provinces, territories or states by postal code, comma-separated (QC,ON,NV).") var province: String?
    @Option(help: "Kinds, comma-separated: \(SiteKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
    @Option(help: "Stages, comma-separated: \(DevelopmentStage.allCases.map(\.rawValue).joined(separator: ", ")).") var stage: String?
    @Option(help: "Statuses, comma-separated: \(ActivityStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
    @Option(help: "Owners or operators whose name contains this text.") var owner: String?
    @Option(help: "Bounding box south,west,north,east in degrees (WGS84).") var bbox: String?
    @Option(help: "A point latitude,longitude (WGS84): with --radius, the sites within it; with --nearest, the nearest sites.") var near: String?
    @Option(help: "Distance from --near, km.") var radius: Double?
    @Option(help: "The N sites nearest to --near.") var nearest: Int?
    @OptionGroup var store: StoreOptions
    @Option(help: "table, json, csv or geojson.") var format: SiteOutputFormat = .table

    func validate() throws {
        if (radius != nil || nearest != nil) && near == nil { throw ValidationError("--radius and --nearest need --near LAT,LON.") }
        if radius != nil && nearest != nil { throw ValidationError("Give --radius or --nearest, not both.") }
        if let radius, !(radius > 0) { throw ValidationError("--radius must be a positive number of km.") }
        if let nearest, nearest < 1 { throw ValidationError("--nearest must be at least 1.") }
    }

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open())
        let register = try await builder.siteRegister()
        var filter = try SiteQueryText.filter(
            builder: builder, commodity: commodity, countries: country, subdivisions: province, kinds: kind, stages: stage, statuses: status,
            owner: owner, bbox: bbox)
        let point = try near.map { text throws(CritMinError) in try SiteQueryText.point(text, field: "near") }
        if let point, let radius { filter.near = (point, radius) }
        let nearestQuery = point.flatMap { point in nearest.map { (count: $0, point: point) } }
        if format == .geojson {
            let sites =
                nearestQuery.map { register.nearest($0.count, to: $0.point, filter: filter).map(\.site) } ?? register.sites(filter)
            print(SiteGeoJSON.featureCollection(sites, citations: try await builder.siteCitations(sites)).pretty())
            return
        }
        let report = try await builder.sites(register, filter: filter, nearest: nearestQuery)
        print(try report.rendered(as: OutputFormat(rawValue: format.rawValue)!), terminator: "")
    }
}

struct SitesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One site: each attribute with the source it was taken from and why, then every source's figures.",
        discussion: "Example: critmin sites show CAN-QC-laronde")

    @Argument(help: "The site's id, as `critmin sites` lists it.") var id: String
    @OptionGroup var store: StoreOptions
    @Option(help: "table, json, csv or geojson.") var format: SiteOutputFormat = .table

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open())
        let register = try await builder.siteRegister()
        if format == .geojson {
            guard let site = register.site(SiteID(rawValue: id)) else {
                throw CritMinError(.notFound, "no site '\(id)' in the register", field: "id", value: id)
            }
            print(SiteGeoJSON.featureCollection([site], citations: try await builder.siteCitations([site])).pretty())
            return
        }
        print(try await builder.site(register, id: id).rendered(as: OutputFormat(rawValue: format.rawValue)!), terminator: "")
    }
}

struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "A commodity's mines and advanced projects in Canada, the US or both, and how much of their net imports they could cover.",
        discussion: "Example: critmin pipeline --commodity lithium --for USA+CAN")

    @Option(help: "Commodity id, name or alias.") var commodity: String
    @Option(name: .customLong("for"), help: "CAN, USA or USA+CAN.") var economy: String = "USA+CAN"
    @Option(help: "The country group counted as allies.") var allies: String = "ALLIES"
    @OptionGroup var store: StoreOptions
    @Option(help: "table, json, csv or geojson (the pipeline's sites).") var format: SiteOutputFormat = .table

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open())
        let register = try await builder.siteRegister()
        let economy = try Economy(parsing: economy, catalogue: builder.catalogue)
        if format == .geojson {
            let pipeline = SitePipeline(
                register: register, commodities: try builder.siteCommodities(named: commodity), countries: economy.memberSet,
                stages: ReportBuilder.pipelineStages)
            let sites = pipeline.entries.map(\.site)
            print(SiteGeoJSON.featureCollection(sites, citations: try await builder.siteCitations(sites)).pretty())
            return
        }
        let report = try await builder.pipeline(register, commodity: commodity, economy: economy, allies: allies)
        print(try report.rendered(as: OutputFormat(rawValue: format.rawValue)!), terminator: "")
    }
}
