import CritMinCore
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distribution of one country's horizon shortfall in one commodity over the draws of a Monte Carlo run.
public struct ShortfallDistribution: Hashable, Sendable {
    public var commodity: CommodityID
    public var country: CountryCode
    /// The final stage's unit.
    public var unit: String
    /// Baseline consumption over the horizon; shares below are of it.
    public var horizonConsumption: Double
    /// Mean shortfall over the draws, in `unit`.
    public var mean: Double
    /// Expected shortfall: the mean of the worst 5 % of draws (the ⌈0.05·N⌉ largest shortfalls), in `unit`.
    public var expectedShortfall: Double
    /// 95th percentile (linear interpolation between order statistics), in `unit`.
    public var percentile95: Double
    public var maximum: Double
    /// Share of draws whose shortfall exceeds the threshold share of horizon consumption; `nil` when the country
    /// consumes nothing.
    public var probabilityAboveThreshold: Double?
    /// Share of draws with a shortfall above ``CommodityOutcome/recoveryTolerance`` of horizon consumption (the cascade's
    /// last residual, below its tolerance, is no shortfall).
    public var probabilityOfShortfall: Double
}

/// The result of ``monteCarlo(networks:scenario:settings:governance:draws:seed:focus:threads:progress:)``.
public struct MonteCarloResult: Sendable {
    public var draws: Int
    public var seed: UInt64
    public var horizonMonths: Int
    /// The threshold share of horizon consumption of ``ShortfallDistribution/probabilityAboveThreshold``.
    public var threshold: Double
    /// Every (commodity, country) with a shortfall in some draw, plus the focus countries of every commodity; sorted by
    /// commodity, then the focus countries in their order, then the others by code.
    public var distributions: [ShortfallDistribution]
    /// Probability over the horizon that each supplier bans its exports of a commodity, as the draws used it.
    public var banProbabilities: [CountryCode: Double]
    /// Per draw (draw 0 first), each focus country's months of consumption lost, summed over commodities (a
    /// commodity's shortfall divided by the country's baseline monthly consumption of it).
    public var focusMonthsLost: [CountryCode: [Double]]
    /// How many distinct commodity outcomes the run evaluated (draws that disrupt the same suppliers share one).
    public var distinctOutcomes: Int
    public var notes: [String]

    public func distribution(_ commodity: CommodityID, _ country: CountryCode) -> ShortfallDistribution? {
        distributions.first { $0.commodity == commodity && $0.country == country }
    }
}

/// How governance scores become disruption probabilities when ``MonteCarloSettings/governanceDefault`` is set.
public enum GovernanceRisk {
    /// The annual probability that a supplier with the worst governance (score 0) bans its exports of a commodity.
    /// An assumption of critmin, not a published calibration: give ``MonteCarloSettings/supplierProbabilities`` to
    /// replace it.
    public static let maximumAnnualBanProbability = 0.05

    /// `maximumAnnualBanProbability · (1 − score)`, for a score in 0 … 1 where 1 is the most stable.
    public static func annualBanProbability(score: Double) -> Double {
        maximumAnnualBanProbability * (1 - score)
    }

    /// The probability of at least one ban within `months`, from an annual probability (independent years, so
    /// 1 − (1 − p)^(months/12)).
    public static func probability(annual: Double, months: Int) -> Double {
        annual >= 1 ? 1 : 1 - pow(1 - annual, Double(months) / 12)
    }
}

/// Runs `draws` Monte Carlo draws of `scenario` on `networks`.
///
/// In each draw, every scenario shock with a ``Shock/probability`` happens or not (one draw per shock: a shock naming
/// several commodities hits all or none of them; shocks without a probability always happen), and every exporter of
/// every network bans all its exports of that commodity for the whole horizon with its probability: the supplier's
/// own from `settings`, else (when ``MonteCarloSettings/governanceDefault`` is set) ``GovernanceRisk`` of its
/// governance score, else never. Draw k uses `SplitMix64(seed: seed, stream: k)`; draws are grouped by the set of
/// disruptions they give each commodity, each set is simulated once, and the results are reduced in draw order, so
/// the result is the same bit for bit whatever `threads` is.
/// - Parameters:
///   - governance: Scores 0 … 1, 1 the most stable.
///   - threads: Worker threads; the active processor count by default.
///   - progress: Called with the number of draws completed.
/// - Throws: ``CritMinError`` for invalid inputs, naming the field.
public func monteCarlo(
    networks: [SupplyNetwork], scenario: Scenario, settings: MonteCarloSettings, governance: [CountryCode: Double] = [:], draws: Int, seed: UInt64,
    focus: CoverageGroups, threads: Int? = nil, progress: (@Sendable (Int) -> Void)? = nil
) throws -> MonteCarloResult {
    let threads = max(1, threads ?? ActiveProcessors.count)
    let run = try MonteCarloRun(
        networks: networks, scenario: scenario, settings: settings, governance: governance, draws: draws, seed: seed, threads: threads)
    let outcomes = run.evaluate(adjustments: Adjustments(), threads: threads, progress: progress)
    return run.result(outcomes, focus: focus, threads: threads)
}

/// The processor count without Foundation.
enum ActiveProcessors {
    static var count: Int {
        #if canImport(Glibc)
            return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #elseif canImport(Darwin)
            return Int(sysconf(_SC_NPROCESSORS_ONLN))
        #else
            return 1
        #endif
    }
}

/// The draws of a Monte Carlo run, made once and shared by the baseline and every intervention (common random
/// numbers): for each commodity, the distinct disruption sets and which draw gave which.
struct MonteCarloRun: Sendable {
    let scenario: Scenario
    let settings: MonteCarloSettings
    let networks: [CompiledNetwork]
    let draws: Int
    let seed: UInt64
    /// `drawOutcome[c][d]`: the index in `disruptions[c]` of draw d's disruption of commodity c; −1 for none.
    let drawOutcome: [[Int32]]
    /// Per commodity, the distinct disruptions in order of first appearance: fired scenario shocks and banned exporters.
    let disruptions: [[Disruption]]
    let banProbabilities: [CountryCode: Double]
    let notes: [String]
    /// Per network and stage, the exact solver of a month's rounds, for the networks some draw disrupts.
    let responses: [[StageResponse?]]

    struct Disruption: Hashable, Sendable {
        var firedShocks: [Int]
        var bannedExporters: [Int]
    }

    init(
        networks: [SupplyNetwork], scenario: Scenario, settings: MonteCarloSettings, governance: [CountryCode: Double], draws: Int, seed: UInt64,
        threads: Int
    ) throws {
        let byCommodity = try Validation.networks(networks, for: scenario)
        try Validation.scenario(scenario, networks: byCommodity)
        guard draws >= 1 else { throw Validation.invalid("draws", draws, "must be at least 1") }
        for (country, probability) in settings.supplierProbabilities.sorted(by: { $0.key < $1.key }) {
            try Validation.checkFraction(probability, "monteCarlo.supplierProbabilities[\(country)]")
        }
        try Validation.checkNonNegative(settings.shortfallThreshold, "monteCarlo.shortfallThreshold")
        for (country, score) in governance.sorted(by: { $0.key < $1.key }) { try Validation.checkFraction(score, "governance[\(country)]") }
        self.scenario = scenario
        self.settings = settings
        self.draws = draws
        self.seed = seed
        let compiled = byCommodity.keys.sorted().map { CompiledNetwork(byCommodity[$0]!, response: scenario.response) }
        self.networks = compiled
        var notes: [String] = []
        // Horizon probability of a ban by each exporter.
        var probabilities: [CountryCode: Double] = [:]
        var withoutScore = Set<CountryCode>()
        for network in compiled {
            for country in network.countries where probabilities[country] == nil {
                if let annual = settings.supplierProbabilities[country] {
                    probabilities[country] = GovernanceRisk.probability(annual: annual, months: scenario.horizonMonths)
                } else if settings.governanceDefault {
                    if let score = governance[country] {
                        let annual = GovernanceRisk.annualBanProbability(score: score)
                        probabilities[country] = GovernanceRisk.probability(annual: annual, months: scenario.horizonMonths)
                    } else {
                        withoutScore.insert(country)
                    }
                }
            }
        }
        if !withoutScore.isEmpty {
            notes.append(
                "No governance score for \(withoutScore.sorted().map(\.rawValue).joined(separator: ", ")): they never ban exports in the draws.")
        }
        banProbabilities = probabilities.filter { $0.value > 0 }
        // Exporters that may ban, by commodity: (country number, probability), in country order.
        let candidates: [[(country: Int, probability: Double)]] = compiled.map { network in
            (0..<network.countryCount).compactMap { country in
                guard let probability = probabilities[network.countries[country]], probability > 0,
                    network.stages.contains(where: { $0.exports[country] > 0 })
                else { return nil }
                return (country, probability)
            }
        }
        let shocksOfCommodity: [[Int]] = compiled.map { network in
            scenario.shocks.indices.filter { scenario.shocks[$0].commodities.contains(network.commodity) }
        }
        // Draw k's generator gives one number to each scenario shock with a probability, then one to each candidate of
        // each commodity in turn; `firstNumber[c]` is where commodity c's numbers start.
        let shockCount = scenario.shocks.count
        let probabilistic = scenario.shocks.filter { $0.probability != nil }.count
        let firstNumber = candidates.reduce(into: [probabilistic]) { $0.append($0.last! + $1.count) }
        // `fired[draw · shockCount + shock]`
        let fired = parallelMap(draws, threads: threads) { draw -> [Bool] in
            var generator = SplitMix64(seed: seed, stream: UInt64(draw))
            return scenario.shocks.map { shock in shock.probability.map { generator.nextUnit() < $0 } ?? true }
        }.flatMap { $0 }
        // Commodity by commodity side by side, each numbering its distinct disruptions in draw order of first appearance.
        let commodityCount = compiled.count
        let grouped = parallelMap(commodityCount, threads: threads) { commodity -> (disruptions: [Disruption], drawOutcome: [Int32]) in
            var ids: [Disruption: Int32] = [:]
            var disruptions: [Disruption] = []
            var drawOutcome = [Int32](repeating: -1, count: draws)
            var key = Disruption(firedShocks: [], bannedExporters: [])
            for draw in 0..<draws {
                var generator = SplitMix64(seed: seed, stream: UInt64(draw))
                generator.skip(firstNumber[commodity])
                key.bannedExporters.removeAll(keepingCapacity: true)
                for candidate in candidates[commodity] where generator.nextUnit() < candidate.probability { key.bannedExporters.append(candidate.country) }
                key.firedShocks.removeAll(keepingCapacity: true)
                for shock in shocksOfCommodity[commodity] where fired[draw * shockCount + shock] { key.firedShocks.append(shock) }
                guard !key.bannedExporters.isEmpty || !key.firedShocks.isEmpty else { continue }
                if let id = ids[key] {
                    drawOutcome[draw] = id
                } else {
                    let id = Int32(disruptions.count)
                    ids[key] = id
                    disruptions.append(key)
                    drawOutcome[draw] = id
                }
            }
            return (disruptions, drawOutcome)
        }
        let disruptions = grouped.map(\.disruptions)
        let drawOutcome = grouped.map(\.drawOutcome)
        self.drawOutcome = drawOutcome
        self.disruptions = disruptions
        self.notes = notes
        // One inverse per stage of every disrupted network, built side by side.
        let cutFraction = scenario.response.consumptionCutFraction
        let responses = parallelMap(commodityCount, threads: threads) { number -> [StageResponse?] in
            disruptions[number].isEmpty ? [] : compiled[number].stages.map { StageResponse(stage: $0, cutFraction: cutFraction) }
        }
        self.responses = responses
    }

    /// Final-stage consumption loss of the countries that lost some, for each distinct disruption:
    /// `[commodity][disruption]`.
    typealias Outcomes = [[[CountryLoss]]]

    /// Simulates every distinct disruption (of `only` when given, reusing `reuse` for the others) on `threads` threads.
    func evaluate(
        adjustments: Adjustments, only commodity: Int? = nil, reuse: Outcomes? = nil, threads: Int, progress: (@Sendable (Int) -> Void)? = nil
    ) -> Outcomes {
        let jobs: [(commodity: Int, disruption: Int)] = networks.indices.flatMap { number -> [(commodity: Int, disruption: Int)] in
            guard commodity == nil || commodity == number else { return [] }
            return disruptions[number].indices.map { (number, $0) }
        }
        var losses: [[CountryLoss]] = []
        losses.reserveCapacity(jobs.count)
        for range in Self.rounds(of: jobs.count, told: progress != nil) {
            losses += parallelMap(range, threads: threads, chunk: 16, state: { [CommodityRun?](repeating: nil, count: networks.count) }) {
                job, runners in
                let (number, disruption) = jobs[job]
                return finalStageLoss(commodity: number, disruption: disruptions[number][disruption], adjustments: adjustments, runners: &runners)
            }
            if let progress { progress(draws * range.upperBound / jobs.count) }
        }
        var outcomes: Outcomes = reuse ?? networks.indices.map { [[CountryLoss]](repeating: [], count: disruptions[$0].count) }
        for (job, loss) in zip(jobs, losses) { outcomes[job.commodity][job.disruption] = loss }
        if jobs.isEmpty, let progress { progress(draws) }
        return outcomes
    }

    /// The jobs in consecutive rounds of parallel work, up to 20 when progress is told between them, one otherwise.
    static func rounds(of jobs: Int, told: Bool) -> [Range<Int>] {
        let perRound = told ? max(1, (jobs + 19) / 20) : max(1, jobs)
        return stride(from: 0, to: jobs, by: perRound).map { $0..<min(jobs, $0 + perRound) }
    }

    /// - Parameter runners: The worker's runner for each network, made at first use and reused run after run.
    func finalStageLoss(commodity number: Int, disruption: Disruption, adjustments: Adjustments, runners: inout [CommodityRun?]) -> [CountryLoss] {
        let network = networks[number]
        let plan = CommodityPlan(
            network: network, scenario: scenario, adjustments: adjustments, firing: { disruption.firedShocks.contains($0) },
            bannedExporters: disruption.bannedExporters)
        if runners[number] == nil {
            runners[number] = CommodityRun(network: network, plan: plan, detailed: false, responses: responses[number])
        }
        return runners[number]!.finalStageLoss(of: plan)
    }

    /// Months of consumption each focus country lost in each draw, summed over commodities.
    func focusMonthsLost(_ outcomes: Outcomes, focus: CoverageGroups) -> [CountryCode: [Double]] {
        var result: [CountryCode: [Double]] = [:]
        for country in focus.focus {
            var perDraw = [Double](repeating: 0, count: draws)
            for (number, network) in networks.enumerated() {
                guard let index = network.index[country], let last = network.stages.last, last.consumption[index] > 0 else { continue }
                let monthly = last.consumption[index]
                let lost = outcomes[number].map { $0.loss(of: index) }
                for draw in 0..<draws {
                    let id = drawOutcome[number][draw]
                    if id >= 0 && lost[Int(id)] != 0 { perDraw[draw] += lost[Int(id)] / monthly }
                }
            }
            result[country] = perDraw
        }
        return result
    }

    func result(_ outcomes: Outcomes, focus: CoverageGroups, threads: Int) -> MonteCarloResult {
        let distributions = parallelMap(networks.count, threads: threads) { number -> [ShortfallDistribution] in
            let network = networks[number]
            var distributions: [ShortfallDistribution] = []
            guard let last = network.stages.last else { return [] }
            // How many draws gave each distinct disruption; the rest had none.
            var counts = [Int](repeating: 0, count: disruptions[number].count)
            for id in drawOutcome[number] where id >= 0 { counts[Int(id)] += 1 }
            // Each country's losses with their number of draws, in disruption order; the other draws lost nothing.
            var losses = [[(loss: Double, count: Int)]](repeating: [], count: network.countryCount)
            var lostSome = [Bool](repeating: false, count: network.countryCount)
            for (id, count) in counts.enumerated() where count > 0 {
                for entry in outcomes[number][id] {
                    losses[entry.country].append((entry.quantity, count))
                    if entry.quantity > 0 { lostSome[entry.country] = true }
                }
            }
            let focusNumbers = focus.focus.compactMap { network.index[$0] }
            let others = (0..<network.countryCount).filter { lostSome[$0] && !focusNumbers.contains($0) }
            for country in focusNumbers + others {
                losses[country].append((0, draws - losses[country].reduce(0) { $0 + $1.count }))
                let horizonConsumption = last.consumption[country] * Double(scenario.horizonMonths)
                distributions.append(
                    Self.distribution(
                        losses[country], draws: draws, commodity: network.commodity, country: network.countries[country], unit: last.unit,
                        horizonConsumption: horizonConsumption, threshold: settings.shortfallThreshold))
            }
            return distributions
        }
        return MonteCarloResult(
            draws: draws, seed: seed, horizonMonths: scenario.horizonMonths, threshold: settings.shortfallThreshold,
            distributions: distributions.flatMap { $0 },
            banProbabilities: banProbabilities, focusMonthsLost: focusMonthsLost(outcomes, focus: focus),
            distinctOutcomes: disruptions.reduce(0) { $0 + $1.count }, notes: notes)
    }

    /// Statistics of a distribution given as values with their number of draws.
    static func distribution(
        _ weighted: [(loss: Double, count: Int)], draws: Int, commodity: CommodityID, country: CountryCode, unit: String, horizonConsumption: Double,
        threshold: Double
    ) -> ShortfallDistribution {
        var sum = 0.0
        var above = 0
        var short = 0
        // Most disruptions leave a given country untouched: their draws are counted as one value.
        var zeroCount = 0
        var values: [(loss: Double, count: Int)] = []
        values.reserveCapacity(weighted.count)
        for value in weighted where value.count > 0 {
            guard value.loss != 0 else {
                zeroCount += value.count
                continue
            }
            values.append(value)
            sum += value.loss * Double(value.count)
            if value.loss > threshold * horizonConsumption { above += value.count }
            if value.loss > CommodityOutcome.recoveryTolerance * horizonConsumption { short += value.count }
        }
        if zeroCount > 0 { values.append((0, zeroCount)) }
        // The 95th percentile and the worst 5 % need only the largest draws, in order.
        let position = 0.95 * Double(draws - 1)
        let lower = Int(position.rounded(.down))
        let tailCount = Int((0.05 * Double(draws)).rounded(.up))
        let largest = values[Self.sortLargest(&values, covering: max(tailCount, draws - lower))...]
        let drawsBelowLargest = draws - largest.reduce(0) { $0 + $1.count }
        /// The value of the k-th smallest draw (0-based), for k among the largest.
        func orderStatistic(_ k: Int) -> Double {
            var seen = drawsBelowLargest
            for (loss, count) in largest {
                seen += count
                if k < seen { return loss }
            }
            return largest.last?.loss ?? 0
        }
        let p95 = orderStatistic(lower) + (orderStatistic(min(lower + 1, draws - 1)) - orderStatistic(lower)) * (position - Double(lower))
        var tailSum = 0.0
        var remaining = tailCount
        for (loss, count) in largest.reversed() where remaining > 0 {
            let taken = min(count, remaining)
            tailSum += loss * Double(taken)
            remaining -= taken
        }
        return ShortfallDistribution(
            commodity: commodity, country: country, unit: unit, horizonConsumption: horizonConsumption, mean: sum / Double(draws),
            expectedShortfall: tailSum / Double(tailCount), percentile95: p95, maximum: largest.last?.loss ?? 0,
            probabilityAboveThreshold: horizonConsumption > 0 ? Double(above) / Double(draws) : nil,
            probabilityOfShortfall: Double(short) / Double(draws))
    }

    /// Reorders `values` so that its last elements are its largest, in ascending order, with counts adding up to at
    /// least `needed` (all of them when they add up to less); returns where they start. A three-way quickselect: linear
    /// on average, where sorting every value would not be.
    static func sortLargest(_ values: inout [(loss: Double, count: Int)], covering needed: Int) -> Int {
        var low = 0
        var high = values.count
        // values[high...] are larger than every value before them, with `covered` draws.
        var covered = 0
        while high - low > 16 {
            let (first, middle, last) = (values[low].loss, values[(low + high) / 2].loss, values[high - 1].loss)
            let pivot = max(min(first, middle), min(max(first, middle), last))
            // low ..< less below the pivot, less ..< greater equal to it, greater ..< high above it.
            var less = low
            var index = low
            var greater = high
            while index < greater {
                if values[index].loss < pivot {
                    values.swapAt(index, less)
                    less += 1
                    index += 1
                } else if values[index].loss > pivot {
                    greater -= 1
                    values.swapAt(index, greater)
                } else {
                    index += 1
                }
            }
            let aboveCount = values[greater..<high].reduce(0) { $0 + $1.count }
            if covered + aboveCount >= needed {
                low = greater
                continue
            }
            let equalCount = values[less..<greater].reduce(0) { $0 + $1.count }
            covered += aboveCount + equalCount
            high = less
            if covered >= needed {
                low = less
                break
            }
        }
        values[low...].sort { $0.loss < $1.loss }
        return low
    }
}

/// `(0..<count).map(transform)` on up to `threads` threads. Each result lands at its own index, so the output does not
/// depend on the thread count.
func parallelMap<T>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    parallelMap(0..<count, threads: threads, state: {}) { index, _ in transform(index) }
}

/// `range.map(transform)` on up to `threads` workers, each with its own `state` (scratch space reused from index to
/// index). Indices go out in chunks of `chunk` to whichever worker asks next, so that a worker slowed by other load on
/// its core does less of the work rather than holding up the rest; each result lands at its own index, so the output
/// depends neither on the thread count nor on timing.
func parallelMap<State, T>(
    _ range: Range<Int>, threads: Int, chunk: Int = 1, state makeState: @Sendable () -> State, _ transform: @Sendable (Int, inout State) -> T
) -> [T] {
    var results = [T?](repeating: nil, count: range.count)
    let taken = Atomic<Int>(0)
    let chunk = max(1, chunk)
    results.withUnsafeMutableBufferPointer { buffer in
        let slots = UncheckedBuffer(buffer)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, range.count))) { _ in
            var state = makeState()
            while true {
                let start = taken.wrappingAdd(chunk, ordering: .relaxed).oldValue
                guard start < range.count else { return }
                for offset in start..<min(range.count, start + chunk) { slots[offset] = transform(range.lowerBound + offset, &state) }
            }
        }
    }
    return results.map { $0! }
}

/// Writes of distinct indices from concurrent workers into one buffer.
private struct UncheckedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}
