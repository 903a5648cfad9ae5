import ArgumentParser
import CritMinAnalysis
import CritMinCore
import CritMinIngest
import CritMinReports
import Foundation

struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Where a country is most vulnerable: commodities ranked by the EU, USGS and GeoPolRisk methods, with components.",
        discussion: """
            Examples:
              critmin assess --for USA --method all
              critmin assess --for CAN --method eu --list CA-2024 --year 2023
              critmin assess --for USA+CAN --method geopolrisk --draws 1000
            By default the commodities of the newest list of each country assessed. Methods and sources: docs/METHODS.md.
            """)

    @Option(name: .customLong("for"), help: "USA, CAN or USA+CAN (ISO codes joined by '+').") var economy: String
    @Option(help: "eu, usgs, geopolrisk or all.") var method: MethodChoice = .all
    @Option(help: "A critical-mineral list (US-2018, US-2022, CA-2021, CA-2024), or all.") var list: String?
    @Option(help: "Reference year of trade and production (default: the latest with trade data).") var year: Int?
    @OptionGroup var groups: GroupRoleOptions
    @Option(help: "Monte Carlo draws per score over the inputs' intervals (adds p5–p95 and a sensitivity table).") var draws: Int?
    @Option(help: "Seed of the Monte Carlo draws.") var seed: UInt64 = 2020
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let draws, draws < 1 || draws > 1_000_000 { throw ValidationError("--draws must be between 1 and 1,000,000.") }
    }

    func run() async throws {
        let options = AssessmentOptions(
            methods: method.methods, list: list, year: year, allies: groups.allies, concern: groups.concern, draws: draws, seed: seed)
        try await output.print(from: store) { try await $0.assess(economy, options: options) }
    }
}

/// `--method`: one method or all.
enum MethodChoice: String, ExpressibleByArgument, CaseIterable {
    case eu, usgs, geopolrisk, all

    var methods: [AssessmentMethod] {
        switch self {
        case .eu: [.eu]
        case .usgs: [.usgs]
        case .geopolrisk: [.geopolrisk]
        case .all: AssessmentMethod.allCases
        }
    }
}

struct ComplementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complement",
        abstract: "Canada–US complementarity: what each supplies the other, and how much of non-allied imports the partner could cover.",
        discussion: "Example: critmin complement --list US-2022")

    @Option(help: "A critical-mineral list (default: the newest US and Canadian lists united).") var list: String?
    @Option(help: "Reference year (default: the latest with trade data).") var year: Int?
    @Option(help: "Country group read as allies.") var allies = "ALLIES"
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await output.print(from: store) { try await $0.complementarity(list: list, year: year, allies: allies) }
    }
}

struct BriefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract:
            "A briefing: where we are most vulnerable, on whom we rely, the partner's role, what if a supplier cuts us off, and what buys "
            + "the most security; every figure cited.",
        discussion: """
            Examples:
              critmin brief --for USA+CAN --format html > brief.html
              critmin brief --for CAN --format md
            """)

    @Option(name: .customLong("for"), help: "USA, CAN or USA+CAN.") var economy: String
    @Option(help: "md or html.") var format: BriefFormat = .md
    @Option(help: "A critical-mineral list (default: the newest list of each country).") var list: String?
    @Option(help: "Reference year (default: the latest with trade data).") var year: Int?
    @OptionGroup var groups: GroupRoleOptions
    @Option(help: "Monte Carlo draws behind the score ranges.") var draws = 1_000
    @Option(help: "Seed of the Monte Carlo draws.") var seed: UInt64 = 2020
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open())
        let options = AssessmentOptions(list: list, year: year, allies: groups.allies, concern: groups.concern, draws: draws, seed: seed)
        let scenarios = BriefingScenarios(
            scenarios: try ShippedScenarios.scenarios(catalogue: builder.catalogue),
            candidates: try ShippedScenarios.interventions(catalogue: builder.catalogue), draws: draws, seed: seed)
        let briefing = try await builder.briefing(economy, options: options, scenarios: scenarios)
        print(format == .html ? briefing.html() : briefing.markdown(), terminator: "")
    }
}

enum BriefFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
}

struct TradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "Trade-based import dependence of any country: shares of its imports of a commodity by partner and year (BACI).",
        discussion: """
            Examples:
              critmin trade --importer CAN --commodity cobalt
              critmin trade --importer CAN --commodity lithium --basis quantity --years 2020-2024
            """)

    @Option(help: "Importing country (code or name).") var importer: String
    @Option(help: "Commodity id, name or alias.") var commodity: String
    @Option(help: "Years, e.g. 2022 or 2018-2024 (default: all in the store).") var years: String?
    @Option(help: "value (thousand USD) or quantity (t).") var basis: TradeBasis = .value
    @OptionGroup var groups: GroupRoleOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let range = try years.map { text throws -> ClosedRange<Int> in
            guard let period = Period(text: text) else { throw ValidationError("--years takes a year or a span such as 2018-2024.") }
            return period.start...period.end
        }
        try await output.print(from: store) {
            try await $0.tradeDependence(
                importer: importer, commodity: commodity, years: range, basis: basis, allies: groups.allies, concern: groups.concern)
        }
    }
}

extension TradeBasis: ExpressibleByArgument {}

/// The country groups a command reads as allies and as countries of concern (`critmin groups` lists them).
struct GroupRoleOptions: ParsableArguments {
    @Option(help: "Country group read as allies.") var allies = "ALLIES"
    @Option(help: "Country group read as countries of concern.") var concern = "CONCERN"
}
