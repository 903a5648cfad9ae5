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
/// suffice, repeats that month's outcome: the cascade would compute the same numbers bit for bit.
enum CommodityRun {
    static func run(network: CompiledNetwork, plan: CommodityPlan, detailed: Bool) -> [StageTrace] {
        var cascades = network.stages.indices.map { StageCascade(network: network, stageNumber: $0, plan: plan, keepsDetail: detailed) }
        return run(network: network, plan: plan, cascades: &cascades)
    }

    /// Runs `plan` on cascades already made for `network` (one per stage), which keep their scratch space for the next
    /// run.
    static func run(network: CompiledNetwork, plan: CommodityPlan, cascades: inout [StageCascade]) -> [StageTrace] {
        let stageCount = network.stages.count
        let countryCount = network.countryCount
        let detailed = cascades.first?.keepsDetail ?? false
        for stageNumber in 0..<stageCount { cascades[stageNumber].begin(plan) }
        var traces = network.stages.map {
            StageTrace(countryCount: countryCount, flowCount: $0.flowQuantity.count, horizon: plan.horizon, detailed: detailed)
        }
        let changes = plan.inputChanges()
        // Each stage's last month, and storage for the next (swapped, so that months reuse it).
        var last = [MonthOutcome](repeating: MonthOutcome(), count: stageCount)
        var hasLast = [Bool](repeating: false, count: stageCount)
        var computing = last
        var upstreamLoss = [Double](repeating: 0, count: countryCount)
        for month in 1...plan.horizon {
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
                        for entry in last[stageNumber - 1].countries { upstreamLoss[entry.country] = 0 }
                    }
                    cascades[stageNumber].run(inputs, into: &computing[stageNumber])
                    swap(&computing[stageNumber], &last[stageNumber])
                    hasLast[stageNumber] = true
                    upstreamRepeated = false
                }
                traces[stageNumber].record(last[stageNumber], month: month)
            }
        }
        return traces
    }
}
