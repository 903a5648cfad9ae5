import ArgumentParser
import CritMinAnalysis
import CritMinCore
import CritMinReports
import Foundation

struct CommodityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commodity",
        abstract: "Everything on one commodity: lists, world production and reserves, US statistics, import sources, end uses.",
        discussion: "NAME is an id (cobalt), a name (Cobalt) or an alias (columbium). Example: critmin commodity cobalt")

    @Argument(help: "Commodity id, name or alias.") var name: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await output.print(from: store) { try await $0.commodity(name) }
    }
}

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Which countries an importer relies on, per commodity; or where one supplier ranks.",
        discussion: """
            Examples:
              critmin sources --importer USA --commodity cobalt
              critmin sources --importer USA --list US-2022
              critmin sources --supplier CAN --importer USA --list US-2018
            Data: US import shares from the newest USGS Mineral Commodity Summaries and ranked major import sources \
            from the newest MCS data release (Figure 2); --editions all reads every edition in the store.
            """)

    @Option(help: "Importing country (code or name).") var importer: String
    @Option(help: "Only for commodities where this country is a listed source.") var supplier: String?
    @Option(help: "One commodity (with its group members).") var commodity: String?
    @Option(help: "The commodities of a critical-mineral list (US-2018, US-2022, CA-2021, CA-2024).") var list: String?
    @Option(help: "latest or all editions.") var editions: SourceEditions = .latest
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if commodity != nil, list != nil { throw ValidationError("Give --commodity or --list, not both.") }
    }

    func run() async throws {
        try await output.print(from: store) { builder in
            if let supplier {
                try await builder.supplierSources(supplier: supplier, importer: importer, commodity: commodity, list: list, editions: editions)
            } else {
                try await builder.sources(importer: importer, commodity: commodity, list: list, editions: editions)
            }
        }
    }
}

struct ConcentrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concentration",
        abstract: "How concentrated world production is: HHI, top-1 and top-3 shares, band; most concentrated first.",
        discussion: "Example: critmin concentration --stage mine --list US-2022")

    @Option(help: "mine, refinery, secondary or processing.") var stage: Stage?
    @Option(help: "Only the commodities of this critical-mineral list.") var list: String?
    @Option(help: "Year (default: each commodity's latest).") var year: Int?
    @Option(help: "Production dataset id (default: the newest usgs-mcs edition; world-mining-data also works).") var dataset: String?
    @Option(help: "HHI from which a market is moderately concentrated.") var moderateFrom: Double = 1_500
    @Option(help: "HHI above which a market is highly concentrated.") var highFrom: Double = 2_500
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard moderateFrom > 0, highFrom >= moderateFrom, highFrom <= 10_000 else {
            throw ValidationError("Need 0 < --moderate-from <= --high-from <= 10000.")
        }
    }

    func run() async throws {
        let bands = ConcentrationBands(moderateFrom: moderateFrom, highFrom: highFrom)
        try await output.print(from: store) { try await $0.concentration(stage: stage, list: list, year: year, dataset: dataset, bands: bands) }
    }
}

struct CountryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "country",
        abstract: "One country: names, groups, governance scores, where it leads production, what it supplies to the US.",
        discussion: "Example: critmin country CHN")

    @Argument(help: "ISO 3166 code or name.") var name: String
    @Option(help: "Share of world production (%) from which a producer counts as leading, besides the top three.") var leadingShare: Double = 10
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...100).contains(leadingShare) else { throw ValidationError("--leading-share is a percentage, 0 to 100.") }
    }

    func run() async throws {
        try await output.print(from: store) { try await $0.country(name, leadingShare: leadingShare / 100) }
    }
}

struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Critical-mineral lists: all of them, one, or two compared.",
        subcommands: [All.self, Show.self, Compare.self],
        defaultSubcommand: All.self)

    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "all", abstract: "Every list in the store.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await output.print(from: store) { try await $0.lists() }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "The entries of one list.")
        @Argument(help: "List id, e.g. US-2022.") var list: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await output.print(from: store) { try await $0.list(named: list) }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare", abstract: "Commodities on both lists and on only one.",
            discussion: "Example: critmin lists compare US-2022 CA-2024")
        @Argument(help: "First list id.") var first: String
        @Argument(help: "Second list id.") var second: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await output.print(from: store) { try await $0.compareLists(first, second) }
        }
    }
}

struct CommoditiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "commodities", abstract: "Every commodity critmin knows, with ids and aliases.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await output.print(from: store) { try await $0.commodities() }
    }
}

struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets", abstract: "The datasets in the store, their versions, checksums and sources.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await output.print(from: store) { try await $0.datasets() }
    }
}
