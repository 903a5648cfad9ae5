import ArgumentParser

@main
struct Critmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critmin",
        abstract: "Critical-mineral supply-chain security for Canada and the United States.",
        discussion: """
            critmin keeps cited figures on critical minerals (USGS Mineral Commodity Summaries, World Mining Data, World Bank \
            governance indicators, the official critical-mineral lists) and answers who depends on whom. Every figure carries \
            its source; every table ends with its citations.

            The database is a SQLite file: --database PATH, or CRITMIN_DATABASE_URL, or ~/.local/share/critmin/critmin.sqlite. \
            A command run against a missing database first creates it from the dataset bundled with critmin.
            """,
        subcommands: [
            BriefCommand.self, AssessCommand.self, ComplementCommand.self, SimulateCommand.self, InterventionsCommand.self, TradeCommand.self,
            CommodityCommand.self, SourcesCommand.self,
            ConcentrationCommand.self, CountryCommand.self, ListsCommand.self,
            CommoditiesCommand.self, DatasetsCommand.self, GroupsCommand.self, ImportCommand.self, InitCommand.self, BundleCommand.self,
            ServeCommand.self, WorkerCommand.self, AdminCommand.self, SitesCommand.self, PipelineCommand.self,
        ]
    )
}
