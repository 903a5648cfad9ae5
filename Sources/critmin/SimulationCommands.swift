import ArgumentParser
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation
import Foundation
import Synchronization

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "What if a supplier cuts exports: each country's shortfall by month and sector, who covers it and for how long.",
        discussion: """
            Examples:
              critmin simulate examples/gallium-germanium-2023.yaml
              critmin simulate examples/cobalt-drc-2025.yaml --for USA,CAN,JPN --format json
              critmin simulate examples/rare-earths-2025.yaml --draws 10000 --seed 7
            Scenario files: docs/SCENARIOS.md; the model: docs/METHODS.md ("Disruption propagation").
            """)

    @Argument(help: "A scenario file, YAML or JSON.") var scenario: String
    @OptionGroup var simulation: SimulationRunOptions
    @Option(help: "Monte Carlo draws (adds the distribution of each shortfall).") var draws: Int?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let draws, draws < 1 || draws > 10_000_000 { throw ValidationError("--draws must be between 1 and 10,000,000.") }
    }

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open(), trace: output.trace)
        let scenario = try ScenarioFile.read(URL(fileURLWithPath: scenario), catalogue: builder.catalogue)
        let options = try simulation.options(draws: draws, catalogue: builder.catalogue)
        let progress = draws.map { ProgressBar(total: $0, label: "draws") }
        let update: (@Sendable (Int) -> Void)? = progress.map { bar in { @Sendable completed in bar.update(completed) } }
        let result = try await builder.run(scenario, options: options, progress: update)
        progress?.finish()
        print(try await builder.simulationReport(result).rendered(as: output.format), terminator: "")
    }
}

struct InterventionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interventions",
        abstract: "What buys the most security: candidate mines, refineries, stockpiles, recycling and agreements ranked by shortfall avoided.",
        discussion: """
            Examples:
              critmin interventions examples/interventions.yaml
              critmin interventions candidates.yaml --scenario examples/graphite-2023.yaml --draws 5000
            Each candidate is measured against each scenario (by default every shipped one) over the same Monte Carlo draws.
            """)

    @Argument(help: "A file of candidate actions, YAML or JSON (docs/SCENARIOS.md).") var candidates: String
    @Option(name: .customLong("scenario"), help: "A scenario to measure against (repeatable; default: every shipped scenario).")
    var scenarios: [String] = []
    @OptionGroup var simulation: SimulationRunOptions
    @Option(help: "Monte Carlo draws per scenario.") var draws = 2_000
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if draws < 1 || draws > 10_000_000 { throw ValidationError("--draws must be between 1 and 10,000,000.") }
    }

    func run() async throws {
        let builder = try await ReportBuilder(store: store.open(), trace: output.trace)
        let catalogue = builder.catalogue
        let file = URL(fileURLWithPath: candidates)
        let sites = try InterventionsFile.namesSites(at: file) ? try await builder.siteRegister() : nil
        let candidates = try InterventionsFile.read(file, catalogue: catalogue, sites: sites)
        let scenarios =
            try scenarios.isEmpty
            ? ShippedScenarios.scenarios(catalogue: catalogue)
            : scenarios.map { path throws(CritMinError) in try ScenarioFile.read(URL(fileURLWithPath: path), catalogue: catalogue) }
        let options = try simulation.options(draws: draws, catalogue: catalogue)
        var rankings: [InterventionRanking] = []
        for scenario in scenarios { rankings.append(try await builder.rankInterventions(candidates, in: scenario, options: options, draws: draws)) }
        print(try await builder.interventionsReport(rankings, draws: draws, seed: simulation.seed).rendered(as: output.format), terminator: "")
    }
}

/// The options `simulate` and `interventions` share.
struct SimulationRunOptions: ParsableArguments {
    @Option(name: .customLong("for"), help: "Countries reported first, ISO codes joined by ','.") var countries = "USA,CAN"
    @Option(help: "Country group counted as allies.") var allies = "ALLIES"
    @Option(help: "Seed of the Monte Carlo draws.") var seed: UInt64 = 2020
    @Option(help: "Worker threads for the draws (default: every core); results do not depend on it.") var threads: Int?

    func options(draws: Int?, catalogue: Catalogue) throws -> SimulationOptions {
        let focus = countries.split(separator: ",").map { CountryCode(String($0).trimmingCharacters(in: .whitespaces)) }
        for code in focus where catalogue.countries[code] == nil {
            throw ValidationError("--for: '\(code)' is not a country code critmin knows (critmin country NAME finds codes).")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more.") }
        return SimulationOptions(focus: focus, allies: allies, draws: draws, seed: seed, threads: threads)
    }
}

/// A progress bar on standard error for long runs, drawn only when standard error is a terminal; updates come from
/// worker threads and are drawn at most once per percent.
final class ProgressBar: Sendable {
    private let total: Int
    private let label: String
    private let drawn = Mutex(-1)
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int, label: String) {
        self.total = max(1, total)
        self.label = label
    }

    func update(_ completed: Int) {
        guard enabled else { return }
        let percent = min(100, completed * 100 / total)
        let redraw = drawn.withLock { last in
            guard percent > last else { return false }
            last = percent
            return true
        }
        guard redraw else { return }
        let width = 40
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(percent)% of \(NumberFormat.grouped(Double(total))) \(label)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
