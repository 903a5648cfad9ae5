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

    /// The consumption loss of each country at the final stage over the horizon (Monte Carlo draws), summed month by
    /// month as ``StageTrace`` sums it.
    mutating func finalStageLoss(of plan: CommodityPlan) -> [Double] {
        guard !cascades.isEmpty else { return [] }
        let finalStage = cascades.count - 1
        var losses = [Double](repeating: 0, count: network.countryCount)
        run(plan, lossesOnly: true) { stage, outcome, _ in
            guard stage == finalStage else { return }
            for entry in outcome.countries { losses[entry.country] += entry.consumptionLoss }
        }
        return losses
    }

    /// Runs `plan`, handing each stage's outcome of each month to `record` (stage number, outcome, month).
    /// - Parameter lossesOnly: Whether only consumption losses are wanted. The run then ends, once no shock starts or
    ///   ends any more, after a month whose every stage covers the next month in its first round
    ///   (``MonthOutcome/coversNextMonth``): the months after it lose nothing, since their shocks are the same, their
    ///   buffers no smaller and spare capacity, new capacity, recycling and substitution never fall from month to
    ///   month. Those months are not recorded.
    private mutating func run(_ plan: CommodityPlan, lossesOnly: Bool, record: (Int, MonthOutcome, Int) -> Void) {
        let stageCount = network.stages.count
        for stageNumber in 0..<stageCount { cascades[stageNumber].begin(plan) }
        let changes = plan.inputChanges()
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
            if month >= steadyFrom, last.allSatisfy(\.coversNextMonth) { break }
        }
    }
}
