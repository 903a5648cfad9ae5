/// The running totals of one stage over the horizon; monthly series, spare capacity by month and flows carried only
/// when the run keeps detail (deterministic runs do, Monte Carlo draws do not).
struct StageTrace: Sendable {
    var totals: [MonthOutcome.CountryEntry]
    var balance = ShockBalance()
    /// `monthlyLoss[(month − 1) · n + country]`.
    var monthlyLoss: [Double] = []
    var monthlySpareReceived: [Double] = []
    var monthlySpareOffered: [[(country: Int, quantity: Double)]] = []
    var monthlySpareOfferedTotal: [Double] = []
    var flowsCarried: [Double] = []

    init(countryCount: Int, flowCount: Int, horizon: Int, detailed: Bool) {
        totals = (0..<countryCount).map { country in
            var entry = MonthOutcome.CountryEntry.zero
            entry.country = country
            return entry
        }
        if detailed {
            monthlyLoss = [Double](repeating: 0, count: horizon * countryCount)
            monthlySpareReceived = monthlyLoss
            monthlySpareOffered = Array(repeating: [], count: horizon)
            monthlySpareOfferedTotal = [Double](repeating: 0, count: horizon)
            flowsCarried = [Double](repeating: 0, count: flowCount)
        }
    }

    var isDetailed: Bool { !monthlySpareOfferedTotal.isEmpty }

    mutating func record(_ outcome: MonthOutcome, month: Int) {
        balance.directShock += outcome.directShock
        balance.coupledShock += outcome.coupledShock
        let countryCount = totals.count
        for entry in outcome.countries {
            let country = entry.country
            totals[country].received += entry.received
            totals[country].industryStocks += entry.industryStocks
            totals[country].governmentStockpile += entry.governmentStockpile
            totals[country].recycling += entry.recycling
            totals[country].substitution += entry.substitution
            totals[country].spareCapacity += entry.spareCapacity
            totals[country].consumptionLoss += entry.consumptionLoss
            totals[country].passedOn += entry.passedOn
            totals[country].retained += entry.retained
            balance.industryStocks += entry.industryStocks
            balance.governmentStockpile += entry.governmentStockpile
            balance.recycling += entry.recycling
            balance.substitution += entry.substitution
            balance.spareCapacity += entry.spareCapacity
            balance.consumptionLoss += entry.consumptionLoss
            balance.retainedByRestrictingCountries += entry.retained
            if isDetailed {
                monthlyLoss[(month - 1) * countryCount + country] = entry.consumptionLoss
                monthlySpareReceived[(month - 1) * countryCount + country] = entry.spareCapacity
            }
        }
        guard isDetailed else { return }
        monthlySpareOffered[month - 1] = outcome.spareOffered
        monthlySpareOfferedTotal[month - 1] = outcome.spareOfferedTotal
        for (flow, quantity) in outcome.flowsCarried { flowsCarried[flow] += quantity }
    }
}

/// Runs one commodity's plan over the horizon, month by month and stage by stage (upstream first, so that a coupled
/// stage sees the same month's loss of input). A month whose inputs equal the month before's, and whose stocks still
/// suffice, repeats that month's outcome: the cascade would compute the same numbers bit for bit. A runner keeps its
/// cascades and month storage from run to run (Monte Carlo workers keep one per network).
struct CommodityRun {
    let network: CompiledNetwork
    private(set) var cascades: [StageCascade]
    /// Each stage's last month, and storage for the next (swapped, so that months reuse it).
    private var last: [MonthOutcome]
    private var computing: [MonthOutcome]
    private var upstreamLoss: [Double]
    /// The months the last run went through: fewer than the horizon when it ended early.
    private(set) var monthsRun = 0
    /// Scratch space of ``finalStageLoss(of:)``.
    private var lossSums: [Double] = []

    /// - Parameter responses: Each stage's exact month solver, for Monte Carlo draws; none for the rounds.
    init(network: CompiledNetwork, plan: CommodityPlan, detailed: Bool, responses: [StageResponse?] = []) {
        self.network = network
        cascades = network.stages.indices.map { number in
            StageCascade(
                network: network, stageNumber: number, plan: plan, keepsDetail: detailed, response: number < responses.count ? responses[number] : nil)
        }
        last = [MonthOutcome](repeating: MonthOutcome(), count: network.stages.count)
        computing = last
        upstreamLoss = [Double](repeating: 0, count: network.countryCount)
    }

    /// The traces of every stage of a single run of `plan`.
    static func run(network: CompiledNetwork, plan: CommodityPlan, detailed: Bool) -> [StageTrace] {
        var runner = CommodityRun(network: network, plan: plan, detailed: detailed)
        return runner.traces(of: plan)
    }

    /// Runs `plan` and records every stage's months in a trace.
    mutating func traces(of plan: CommodityPlan) -> [StageTrace] {
        let detailed = cascades.first?.keepsDetail ?? false
        var traces = network.stages.map {
            StageTrace(countryCount: network.countryCount, flowCount: $0.flowQuantity.count, horizon: plan.horizon, detailed: detailed)
        }
        run(plan, lossesOnly: false) { stage, outcome, month in traces[stage].record(outcome, month: month) }
        return traces
    }

    /// The consumption loss at the final stage over the horizon (Monte Carlo draws) of every country that lost some, in
    /// country order, summed month by month as ``StageTrace`` sums it.
    mutating func finalStageLoss(of plan: CommodityPlan) -> [CountryLoss] {
        guard !cascades.isEmpty else { return [] }
        let finalStage = cascades.count - 1
        // The sums by country, all zero between runs, and the countries with a loss.
        var sums: [Double] = []
        swap(&sums, &lossSums)
        defer { swap(&sums, &lossSums) }
        if sums.isEmpty { sums = [Double](repeating: 0, count: network.countryCount) }
        var losing: [Int] = []
        run(plan, lossesOnly: true) { stage, outcome, _ in
            guard stage == finalStage else { return }
            for entry in outcome.countries where entry.consumptionLoss != 0 {
                if sums[entry.country] == 0 { losing.append(entry.country) }
                sums[entry.country] += entry.consumptionLoss
            }
        }
        losing.sort()
        var losses: [CountryLoss] = []
        losses.reserveCapacity(losing.count)
        for country in losing where sums[country] != 0 {
            losses.append(CountryLoss(country: country, quantity: sums[country]))
            sums[country] = 0
        }
        return losses
    }

    /// Runs `plan`, handing each stage's outcome of each month to `record` (stage number, outcome, month).
    /// - Parameter lossesOnly: Whether only consumption losses are wanted. The run then ends, once no shock starts or
    ///   ends any more, after a month whose every stage covers the next month in its first round
    ///   (``MonthOutcome/coversNextMonth``): the months after it lose nothing, since their shocks are the same, their
    ///   buffers no smaller and spare capacity, new capacity, recycling and substitution never fall from month to
    ///   month. Those months are not recorded. Once no input changes any more and no stage draws on stocks, every
    ///   later month repeats the last one: they are recorded without being run.
    private mutating func run(_ plan: CommodityPlan, lossesOnly: Bool, record: (Int, MonthOutcome, Int) -> Void) {
        let stageCount = network.stages.count
        for stageNumber in 0..<stageCount { cascades[stageNumber].begin(plan) }
        let changes = plan.inputChanges()
        let lastChange = changes.lastIndex(of: true) ?? 1
        // From this month on the shocks stay the same, so the run may end (full traces run to the horizon).
        let steadyFrom = lossesOnly ? plan.lastShockChange : plan.horizon + 1
        var hasLast = [Bool](repeating: false, count: stageCount)
        for month in 1...plan.horizon {
            monthsRun = month
            var upstreamRepeated = true
            for stageNumber in 0..<stageCount {
                let coupled = stageNumber > 0 && network.stages[stageNumber].inputRatio != nil
                if !changes[month], hasLast[stageNumber], !coupled || upstreamRepeated, cascades[stageNumber].canRepeat(last[stageNumber]) {
                    cascades[stageNumber].drawBuffers(of: last[stageNumber])
                    upstreamRepeated = true
                } else {
                    var inputs = MonthInputs(month: month, upstreamLoss: nil)
                    if coupled, hasLast[stageNumber - 1], !last[stageNumber - 1].isEmpty {
                        // Losses within the cascade's tolerance of the stage's shock are the rounds' residue, not loss.
                        let upstream = last[stageNumber - 1]
                        let residue = plan.response.convergenceTolerance * (upstream.directShock + upstream.coupledShock)
                        for entry in upstream.countries where entry.consumptionLoss > residue { upstreamLoss[entry.country] = entry.consumptionLoss }
                        inputs.upstreamLoss = upstreamLoss
                        for entry in upstream.countries { upstreamLoss[entry.country] = 0 }
                    }
                    cascades[stageNumber].run(inputs, into: &computing[stageNumber])
                    swap(&computing[stageNumber], &last[stageNumber])
                    hasLast[stageNumber] = true
                    upstreamRepeated = false
                }
                record(stageNumber, last[stageNumber], month)
            }
            if month >= steadyFrom, last.allSatisfy({ $0.coversNextMonth }) { break }
            if lossesOnly, month >= lastChange, month < plan.horizon, !last.contains(where: { $0.drawsOnStocks }) {
                for later in (month + 1)...plan.horizon {
                    for stageNumber in 0..<stageCount { record(stageNumber, last[stageNumber], later) }
                }
                monthsRun = plan.horizon
                break
            }
        }
    }
}

/// A country's consumption loss over a run, at a network's final stage.
struct CountryLoss: Sendable {
    var country: Int
    var quantity: Double
}

extension [CountryLoss] {
    /// The loss of `country` in a list of losses in country order; zero when it is not listed.
    func loss(of country: Int) -> Double {
        for entry in self where entry.country >= country { return entry.country == country ? entry.quantity : 0 }
        return 0
    }
}
