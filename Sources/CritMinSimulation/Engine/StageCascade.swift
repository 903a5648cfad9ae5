/// What one stage of one commodity went through in one month: the cascade's result, kept sparse (only countries the
/// shock reached) so that a month can be applied again unchanged when the next month's inputs are the same.
struct MonthOutcome: Sendable {
    /// One entry per country the shock reached.
    struct CountryEntry: Sendable {
        var country: Int
        /// Shortfall that reached the country: the initial shock there plus what its suppliers passed on.
        var received: Double
        var industryStocks: Double
        var governmentStockpile: Double
        var recycling: Double
        var substitution: Double
        var spareCapacity: Double
        var consumptionLoss: Double
        var passedOn: Double
        /// Exports an export restriction kept at home.
        var retained: Double
    }

    var countries: [CountryEntry] = []
    /// Shortfall carried by each flow (direct loss plus pass-through), by flow number; empty unless detail is kept.
    var flowsCarried: [(flow: Int, quantity: Double)] = []
    /// Spare capacity offered this month, by producer.
    var spareOffered: [(country: Int, quantity: Double)] = []
    var spareOfferedTotal: Double = 0
    var directShock: Double = 0
    var coupledShock: Double = 0

    var isEmpty: Bool { countries.isEmpty }
}

/// The inputs of one stage in one month besides the network and the buffers.
struct MonthInputs {
    var month: Int
    /// Consumption loss of the stage before, by country, when this stage is coupled to it.
    var upstreamLoss: [Double]?
}

/// The cascade of one stage, with scratch space reused from month to month and the stocks that carry over.
struct StageCascade {
    let network: CompiledNetwork
    let stageNumber: Int
    let stage: CompiledStage
    let plan: CommodityPlan
    let isLastStage: Bool
    /// Whether outcomes list the flows that carried shortfall and the spare capacity offered by producer (deterministic
    /// runs do; Monte Carlo draws only need the totals).
    let keepsDetail: Bool
    /// Industry stocks and government stockpiles left, by country.
    private(set) var stocks: [Double]
    private(set) var stockpile: [Double]
    private let stockpileMonthlyLimit: [Double]

    private var pending: [Double]
    private var next: [Double]
    private var active: [Int] = []
    private var nextActive: [Int] = []
    private var isReached: [Bool]
    private var reached: [Int] = []
    private var entries: [MonthOutcome.CountryEntry]
    private var flowLeft: [Double]
    private var exportsLeft: [Double]
    private var cutExporters: [Int] = []
    private var isCutExporter: [Bool]
    private var flowLostFraction: [Double]
    private var flowCarried: [Double]
    private var carriedFlows: [Int] = []
    private var excludedFromSpare: [Bool]
    private var productionLoss: [Double]
    /// Demand a surge added this month, by country.
    private var surge: [Double]
    /// Spare capacity offered this month, by producer; zero outside `offerSpareCapacity`.
    private var spareOffered: [Double]
    private var recyclingLeft: [Double]
    private var substitutionLeft: [Double]
    private var stockpileReleasedThisMonth: [Double]

    init(network: CompiledNetwork, stageNumber: Int, plan: CommodityPlan, keepsDetail: Bool) {
        self.network = network
        self.keepsDetail = keepsDetail
        self.stageNumber = stageNumber
        stage = network.stages[stageNumber]
        self.plan = plan
        isLastStage = stageNumber == network.stages.count - 1
        let count = network.countryCount
        let zeros = [Double](repeating: 0, count: count)
        stocks = stage.industryStocks
        var stockpile = zeros
        var limit = zeros
        if let fraction = plan.stockpileReleasePerMonth {
            stockpile = stage.governmentStockpile
            limit = stage.governmentStockpile.map { $0 * fraction }
        }
        for added in plan.addedStockpiles where added.stage == stageNumber {
            stockpile[added.country] += added.quantity
            limit[added.country] += plan.stockpileReleasePerMonth.map { added.quantity * $0 } ?? added.quantity
        }
        self.stockpile = stockpile
        stockpileMonthlyLimit = limit
        pending = zeros
        next = zeros
        isReached = [Bool](repeating: false, count: count)
        entries = Array(repeating: MonthOutcome.CountryEntry.zero, count: count)
        flowLeft = stage.flowQuantity
        exportsLeft = stage.exports
        isCutExporter = isReached
        flowLostFraction = [Double](repeating: 0, count: stage.flowQuantity.count)
        flowCarried = flowLostFraction
        excludedFromSpare = isReached
        productionLoss = zeros
        surge = zeros
        spareOffered = zeros
        recyclingLeft = zeros
        substitutionLeft = zeros
        stockpileReleasedThisMonth = zeros
    }

    /// Whether `outcome`, this stage's last month, can be applied again as it is: every stock and stockpile it drew
    /// on still holds at least as much as it drew.
    func canRepeat(_ outcome: MonthOutcome) -> Bool {
        for entry in outcome.countries {
            if entry.industryStocks > 0 && stocks[entry.country] < entry.industryStocks { return false }
            if entry.governmentStockpile > 0 && stockpile[entry.country] < entry.governmentStockpile { return false }
        }
        return true
    }

    /// Draws the stocks and stockpiles of a month applied again.
    mutating func drawBuffers(of outcome: MonthOutcome) {
        for entry in outcome.countries {
            stocks[entry.country] -= entry.industryStocks
            stockpile[entry.country] -= entry.governmentStockpile
        }
    }

    /// Runs the cascade of one month (docs/METHODS.md, "Disruption propagation").
    mutating func run(_ inputs: MonthInputs) -> MonthOutcome {
        var outcome = MonthOutcome()
        applyDirectShocks(inputs, into: &outcome)
        let initial = outcome.directShock + outcome.coupledShock
        if initial > 0 {
            offerSpareCapacity(in: inputs.month, into: &outcome)
            prepareResponses(in: inputs.month)
            cascade(initial: initial)
        }
        collect(into: &outcome)
        return outcome
    }

    // MARK: - Initial shock

    private mutating func reach(_ country: Int) {
        if !isReached[country] {
            isReached[country] = true
            reached.append(country)
        }
    }

    private mutating func addPending(_ quantity: Double, at country: Int) {
        guard quantity > 0 else { return }
        if pending[country] == 0 { active.append(country) }
        pending[country] += quantity
        entries[country].received += quantity
        reach(country)
    }

    private mutating func applyDirectShocks(_ inputs: MonthInputs, into outcome: inout MonthOutcome) {
        let month = inputs.month
        var outageFraction: [Int: Double] = [:]
        for shock in plan.shocks where shock.isActive(in: month) && shock.stages.contains(stageNumber) {
            switch shock.effect {
            case .exportLimit(let exporter, let limit, let destinations):
                markExportCut(exporter: exporter, limit: limit, destinations: destinations)
            case .outage(let country, let fraction):
                outageFraction[country, default: 0] += fraction
            case .surge(let country, let fraction):
                for country in country.map({ [$0] }) ?? Array(0..<network.countryCount) {
                    let added = fraction * stage.consumption[country]
                    surge[country] += added
                    outcome.directShock += added
                    addPending(added, at: country)
                }
            }
        }
        for exporter in cutExporters { cutFlows(of: exporter, outcome: &outcome) }
        for (country, fraction) in outageFraction.sorted(by: { $0.key < $1.key }) {
            let loss = min(1, fraction) * stage.production[country]
            productionLoss[country] = loss
            excludeFromSpare(country)
            outcome.directShock += loss
            addPending(loss, at: country)
        }
        if let upstreamLoss = inputs.upstreamLoss, let ratio = stage.inputRatio {
            for country in 0..<network.countryCount where upstreamLoss[country] > 0 {
                let loss = min(ratio * upstreamLoss[country], stage.production[country] - productionLoss[country])
                guard loss > 0 else { continue }
                productionLoss[country] += loss
                excludeFromSpare(country)
                outcome.coupledShock += loss
                addPending(loss, at: country)
            }
        }
    }

    private mutating func excludeFromSpare(_ country: Int) {
        excludedFromSpare[country] = true
        reach(country)
    }

    /// Records the share of each flow an export restriction removes; the strictest restriction on a flow applies.
    private mutating func markExportCut(exporter: Int, limit: ExportLimit, destinations: [Bool]?) {
        let flows = stage.flows(of: exporter)
        guard !flows.isEmpty else { return }
        if !isCutExporter[exporter] {
            isCutExporter[exporter] = true
            cutExporters.append(exporter)
        }
        excludeFromSpare(exporter)
        var fraction: Double
        switch limit {
        case .ban: fraction = 1
        case .cut(let cut): fraction = cut
        case .quota(let perYear):
            var reachedExports = 0.0
            for flow in flows where destinations?[stage.flowImporter[flow]] ?? true { reachedExports += stage.flowQuantity[flow] }
            fraction = reachedExports > perYear / 12 ? 1 - (perYear / 12) / reachedExports : 0
        }
        for flow in flows where destinations?[stage.flowImporter[flow]] ?? true {
            flowLostFraction[flow] = max(flowLostFraction[flow], fraction)
        }
    }

    private mutating func cutFlows(of exporter: Int, outcome: inout MonthOutcome) {
        for flow in stage.flows(of: exporter) where flowLostFraction[flow] > 0 {
            var fraction = flowLostFraction[flow]
            let importer = stage.flowImporter[flow]
            for agreement in plan.agreements where agreement.supplier == exporter && agreement.importer == importer {
                fraction = min(fraction, 1 - agreement.share)
            }
            flowLostFraction[flow] = 0
            let lost = fraction * stage.flowQuantity[flow]
            guard lost > 0 else { continue }
            flowLeft[flow] -= lost
            exportsLeft[exporter] -= lost
            entries[exporter].retained += lost
            outcome.directShock += lost
            if keepsDetail { carry(lost, on: flow) }
            addPending(lost, at: importer)
        }
    }

    private mutating func carry(_ quantity: Double, on flow: Int) {
        if flowCarried[flow] == 0 { carriedFlows.append(flow) }
        flowCarried[flow] += quantity
    }

    // MARK: - Responses

    private var spareLeft = 0.0

    private mutating func offerSpareCapacity(in month: Int, into outcome: inout MonthOutcome) {
        let ramp = plan.spareRamp(in: month)
        if ramp > 0 {
            for country in 0..<network.countryCount where stage.spareCapacity[country] > 0 && !excludedFromSpare[country] {
                spareOffered[country] = ramp * stage.spareCapacity[country]
            }
        }
        for addition in plan.capacity where addition.stage == stageNumber {
            let output = addition.output(in: month)
            if output > 0 { spareOffered[addition.country] += output }
        }
        // Summed in country order, with the list kept only for detail.
        var total = 0.0
        for country in 0..<network.countryCount where spareOffered[country] > 0 {
            total += spareOffered[country]
            if keepsDetail { outcome.spareOffered.append((country: country, quantity: spareOffered[country])) }
            spareOffered[country] = 0
        }
        outcome.spareOfferedTotal = total
        spareLeft = total
    }

    private mutating func prepareResponses(in month: Int) {
        guard isLastStage else { return }
        for share in plan.recycling where month >= share.startMonth {
            addShareOfConsumption(share, to: &recyclingLeft)
        }
        for share in plan.substitution where month >= share.startMonth {
            addShareOfConsumption(share, to: &substitutionLeft)
        }
    }

    private func addShareOfConsumption(_ share: CommodityPlan.PlannedShare, to capacity: inout [Double]) {
        if let country = share.country {
            capacity[country] += share.share * stage.consumption[country]
        } else {
            for country in 0..<network.countryCount { capacity[country] += share.share * stage.consumption[country] }
        }
    }

    // MARK: - Cascade

    /// Jacobi rounds: every country holding shortfall draws on its buffers, then spare capacity is rationed among
    /// them all, then each cuts consumption by the response fraction of what is left and passes the rest to its
    /// importers in proportion to its remaining exports. Stops when what is still to pass on is below the tolerance.
    private mutating func cascade(initial: Double) {
        let cutFraction = plan.response.consumptionCutFraction
        let threshold = plan.response.convergenceTolerance * initial
        // Each round passes on at most what exports remain, so rounds end; the cap only guards against pathological
        // parameters (no consumption cut and circular trade), and what is left then counts as consumption loss.
        var rounds = 0
        while !active.isEmpty {
            rounds += 1
            for country in active { drawBuffers(country) }
            rationSpareCapacity()
            var stillToPass = 0.0
            for country in active {
                let rest = pending[country]
                pending[country] = 0
                guard rest > 0 else { continue }
                // Consumption falls by the response fraction, but not below zero; exports carry the rest as far as
                // they go, and what they cannot carry is lost consumption too.
                let exportsAvailable = exportsLeft[country]
                let consumptionLeft = max(0, stage.consumption[country] + surge[country] - entries[country].consumptionLoss)
                let pass = exportsAvailable > 0 ? min(rest - min(cutFraction * rest, consumptionLeft), exportsAvailable) : 0
                entries[country].consumptionLoss += rest - pass
                guard pass > 0 else { continue }
                entries[country].passedOn += pass
                Self.passOn(
                    share: pass / exportsAvailable, along: stage.flows(of: country), importers: stage.flowImporter, flowLeft: &flowLeft,
                    next: &next, nextActive: &nextActive, total: &stillToPass, keepsDetail: keepsDetail, carried: &flowCarried,
                    carriedFlows: &carriedFlows)
                exportsLeft[country] -= pass
            }
            active.removeAll(keepingCapacity: true)
            if stillToPass <= threshold || rounds >= 10_000 {
                for country in nextActive {
                    entries[country].received += next[country]
                    entries[country].consumptionLoss += next[country]
                    reach(country)
                    next[country] = 0
                }
                nextActive.removeAll(keepingCapacity: true)
                return
            }
            swap(&active, &nextActive)
            for country in active {
                pending[country] = next[country]
                entries[country].received += next[country]
                next[country] = 0
                reach(country)
            }
        }
    }

    /// Moves `share` of what each of the `flows` still carries on to its importer's shortfall for the next round;
    /// adds what it moved to `total`. The cascade's innermost loop: it works on its arrays alone, not on `self`, so that
    /// the compiler can keep them unshared and unchecked.
    private static func passOn(
        share: Double, along flows: Range<Int>, importers: [Int], flowLeft: inout [Double], next: inout [Double], nextActive: inout [Int],
        total: inout Double, keepsDetail: Bool, carried: inout [Double], carriedFlows: inout [Int]
    ) {
        importers.withUnsafeBufferPointer { importers in
            flowLeft.withUnsafeMutableBufferPointer { flowLeft in
                next.withUnsafeMutableBufferPointer { next in
                    for flow in flows {
                        let moved = flowLeft[flow] * share
                        guard moved > 0 else { continue }
                        flowLeft[flow] -= moved
                        let importer = importers[flow]
                        if next[importer] == 0 { nextActive.append(importer) }
                        next[importer] += moved
                        total += moved
                        if keepsDetail {
                            if carried[flow] == 0 { carriedFlows.append(flow) }
                            carried[flow] += moved
                        }
                    }
                }
            }
        }
    }

    private mutating func drawBuffers(_ country: Int) {
        var rest = pending[country]
        if rest > 0 && stocks[country] > 0 {
            let draw = min(rest, stocks[country])
            stocks[country] -= draw
            entries[country].industryStocks += draw
            rest -= draw
        }
        if rest > 0 && stockpile[country] > 0 {
            let room = stockpileMonthlyLimit[country] - stockpileReleasedThisMonth[country]
            let draw = min(rest, stockpile[country], room)
            if draw > 0 {
                stockpile[country] -= draw
                stockpileReleasedThisMonth[country] += draw
                entries[country].governmentStockpile += draw
                rest -= draw
            }
        }
        if rest > 0 && recyclingLeft[country] > 0 {
            let draw = min(rest, recyclingLeft[country])
            recyclingLeft[country] -= draw
            entries[country].recycling += draw
            rest -= draw
        }
        if rest > 0 && substitutionLeft[country] > 0 {
            let draw = min(rest, substitutionLeft[country])
            substitutionLeft[country] -= draw
            entries[country].substitution += draw
            rest -= draw
        }
        pending[country] = rest
    }

    /// Shares what spare capacity is left among the countries still short: in proportion to their shortfall, or the
    /// allies' first.
    private mutating func rationSpareCapacity() {
        guard spareLeft > 0 else { return }
        if let allies = plan.allies {
            var alliesShort = 0.0
            for country in active where allies[country] { alliesShort += pending[country] }
            spareLeft -= share(spareLeft, amongShort: alliesShort) { allies[$0] }
            var othersShort = 0.0
            for country in active where !allies[country] { othersShort += pending[country] }
            spareLeft -= share(spareLeft, amongShort: othersShort) { !allies[$0] }
        } else {
            var short = 0.0
            for country in active { short += pending[country] }
            spareLeft -= share(spareLeft, amongShort: short) { _ in true }
        }
        spareLeft = max(0, spareLeft)
    }

    /// Covers the shortfall of the active countries `included` selects from `available`; returns what was used.
    private mutating func share(_ available: Double, amongShort short: Double, included: (Int) -> Bool) -> Double {
        guard short > 0, available > 0 else { return 0 }
        let coversAll = available >= short
        let fraction = coversAll ? 1 : available / short
        var used = 0.0
        for country in active where included(country) && pending[country] > 0 {
            let supplied = coversAll ? pending[country] : pending[country] * fraction
            pending[country] -= supplied
            entries[country].spareCapacity += supplied
            used += supplied
        }
        return used
    }

    // MARK: - Month end

    /// Moves the month's per-country figures into `outcome` and clears the scratch space for the next month.
    private mutating func collect(into outcome: inout MonthOutcome) {
        reached.sort()
        outcome.countries.reserveCapacity(reached.count)
        for country in reached {
            var entry = entries[country]
            entry.country = country
            outcome.countries.append(entry)
            entries[country] = .zero
            isReached[country] = false
            excludedFromSpare[country] = false
            productionLoss[country] = 0
            surge[country] = 0
            recyclingLeft[country] = 0
            substitutionLeft[country] = 0
            stockpileReleasedThisMonth[country] = 0
            exportsLeft[country] = stage.exports[country]
            for flow in stage.flows(of: country) { flowLeft[flow] = stage.flowQuantity[flow] }
        }
        reached.removeAll(keepingCapacity: true)
        for exporter in cutExporters { isCutExporter[exporter] = false }
        cutExporters.removeAll(keepingCapacity: true)
        if keepsDetail {
            carriedFlows.sort()
            outcome.flowsCarried = carriedFlows.map { (flow: $0, quantity: flowCarried[$0]) }
        }
        for flow in carriedFlows { flowCarried[flow] = 0 }
        carriedFlows.removeAll(keepingCapacity: true)
        if !isLastStage { return }
        // Recycling and substitution capacity are set for every country with a share, reached or not.
        for share in plan.recycling + plan.substitution {
            if let country = share.country {
                recyclingLeft[country] = 0
                substitutionLeft[country] = 0
            } else {
                for country in 0..<network.countryCount {
                    recyclingLeft[country] = 0
                    substitutionLeft[country] = 0
                }
                break
            }
        }
    }
}

extension MonthOutcome.CountryEntry {
    static let zero = Self(
        country: 0, received: 0, industryStocks: 0, governmentStockpile: 0, recycling: 0, substitution: 0, spareCapacity: 0, consumptionLoss: 0,
        passedOn: 0, retained: 0)
}
