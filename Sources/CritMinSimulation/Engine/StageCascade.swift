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
    /// What the first round's buffers left for spare capacity to cover.
    var shortfallAfterBuffers: Double = 0
    /// The spare and new capacity the same producers offer in the next month.
    var spareOfferedNextMonth: Double = 0

    var isEmpty: Bool { countries.isEmpty }

    /// Whether the next month, if its shocks are the same as this one's, is covered in its first round, so that it
    /// loses nothing: this month drew on no stocks or stockpiles, so the next has the same buffers (recycling and
    /// substitution never fall) and a shortfall after them no larger, and the spare capacity offered then covers this
    /// month's (the margin keeps rounding on the safe side).
    var coversNextMonth: Bool {
        shortfallAfterBuffers * (1 + 1e-12) <= spareOfferedNextMonth && !drawsOnStocks
    }

    /// Whether the month drew on industry stocks or a government stockpile, so that the next month may find less.
    var drawsOnStocks: Bool {
        countries.contains { $0.industryStocks != 0 || $0.governmentStockpile != 0 }
    }

    /// Empties the outcome, keeping its storage.
    mutating func clear() {
        countries.removeAll(keepingCapacity: true)
        flowsCarried.removeAll(keepingCapacity: true)
        spareOffered.removeAll(keepingCapacity: true)
        spareOfferedTotal = 0
        directShock = 0
        coupledShock = 0
        shortfallAfterBuffers = 0
        spareOfferedNextMonth = 0
    }
}

/// The flows a set of export restrictions cuts in a run, which are the same every month the set is active: flows are
/// whole at the start of every month.
private struct ExportCuts {
    /// Whether the fields below hold the cuts of the restrictions `limits` (shock numbers) in this run.
    var isKept = false
    var limits: [Int] = []
    /// The restricting exporters, and the exports each has left after the cuts.
    var exporters: [Int] = []
    var exportsLeft: [Double] = []
    var cuts: [(flow: Int, exporter: Int, lost: Double)] = []
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
    private(set) var plan: CommodityPlan
    let isLastStage: Bool
    /// Whether outcomes list the flows that carried shortfall and the spare capacity offered by producer (deterministic
    /// runs do; Monte Carlo draws only need the totals).
    let keepsDetail: Bool
    /// Solves the rounds after the first at once when given (Monte Carlo draws).
    let response: StageResponse?
    private let storage: CascadeStorage
    /// Industry stocks and government stockpiles left, by country.
    private var stocks: UnsafeMutableBufferPointer<Double> { storage.stocks }
    private var stockpile: UnsafeMutableBufferPointer<Double> { storage.stockpile }
    private var stockpileMonthlyLimit: UnsafeMutableBufferPointer<Double> { storage.stockpileMonthlyLimit }
    private var pending: UnsafeMutableBufferPointer<Double> { storage.pending }
    private var next: UnsafeMutableBufferPointer<Double> { storage.next }
    private var isReached: UnsafeMutableBufferPointer<Bool> { storage.isReached }
    private var entries: UnsafeMutableBufferPointer<MonthOutcome.CountryEntry> { storage.entries }
    private var flowLeft: UnsafeMutableBufferPointer<Double> { storage.flowLeft }
    private var exportsLeft: UnsafeMutableBufferPointer<Double> { storage.exportsLeft }
    private var isCutExporter: UnsafeMutableBufferPointer<Bool> { storage.isCutExporter }
    private var flowLostFraction: UnsafeMutableBufferPointer<Double> { storage.flowLostFraction }
    private var flowCarried: UnsafeMutableBufferPointer<Double> { storage.flowCarried }
    private var excludedFromSpare: UnsafeMutableBufferPointer<Bool> { storage.excludedFromSpare }
    private var productionLoss: UnsafeMutableBufferPointer<Double> { storage.productionLoss }
    /// Spare capacity offered this month, by producer; zero outside `offerSpareCapacity`.
    private var spareOffered: UnsafeMutableBufferPointer<Double> { storage.spareOffered }
    private var recyclingLeft: UnsafeMutableBufferPointer<Double> { storage.recyclingLeft }
    private var substitutionLeft: UnsafeMutableBufferPointer<Double> { storage.substitutionLeft }
    private var stockpileReleasedThisMonth: UnsafeMutableBufferPointer<Double> { storage.stockpileReleasedThisMonth }
    private var bufferLeft: UnsafeMutableBufferPointer<Double> { storage.bufferLeft }
    /// Consumption plus this month's surge, by country.
    private var consumptionNow: UnsafeMutableBufferPointer<Double> { storage.consumptionNow }
    private var active: [Int] = []
    /// The export restrictions active this month, by shock number, and the cuts they made when last worked out.
    private var limitsNow: [Int] = []
    private var exportCuts = ExportCuts()
    private var nextActive: [Int] = []
    private var reached: [Int] = []
    private var cutExporters: [Int] = []
    private var carriedFlows: [Int] = []
    private var bufferHolders: [Int] = []
    private var workspace: StageResponse.Workspace
    /// How many months ``StageResponse`` solved (the others ran the rounds).
    private(set) var monthsSolvedExactly = 0
    /// Whether this month's rounds passed shortfall along the flows (so that every reached exporter's flows changed).
    private var roundsPassedOn = false

    init(network: CompiledNetwork, stageNumber: Int, plan: CommodityPlan, keepsDetail: Bool, response: StageResponse? = nil) {
        self.network = network
        self.keepsDetail = keepsDetail
        self.response = response
        workspace = StageResponse.Workspace(for: response)
        self.stageNumber = stageNumber
        stage = network.stages[stageNumber]
        self.plan = plan
        isLastStage = stageNumber == network.stages.count - 1
        storage = CascadeStorage(stage: stage, countryCount: network.countryCount)
        begin(plan)
    }

    /// Starts a run of `plan` with this stage's stocks and stockpiles full. The scratch space is clean between months,
    /// so a cascade serves run after run (Monte Carlo workers reuse theirs).
    mutating func begin(_ plan: CommodityPlan) {
        self.plan = plan
        let fraction = plan.stockpileReleasePerMonth
        for country in 0..<network.countryCount {
            stocks[country] = stage.industryStocks[country]
            stockpile[country] = fraction == nil ? 0 : stage.governmentStockpile[country]
            stockpileMonthlyLimit[country] = fraction.map { stage.governmentStockpile[country] * $0 } ?? 0
        }
        for added in plan.addedStockpiles where added.stage == stageNumber {
            stockpile[added.country] += added.quantity
            stockpileMonthlyLimit[added.country] += fraction.map { added.quantity * $0 } ?? added.quantity
        }
        workspace.hasGuess = false
        exportCuts.isKept = false
        spareOfferers = Self.inOrder(stage.spareProducers, plus: plan.capacity.filter { $0.stage == stageNumber }.map(\.country))
        for country in bufferCandidates { bufferLeft[country] = 0 }
        let shares = isLastStage ? plan.recycling + plan.substitution : []
        if shares.contains(where: { $0.country == nil }) {
            bufferCandidates = Array(0..<network.countryCount)
        } else {
            let added = plan.addedStockpiles.filter { $0.stage == stageNumber }.map(\.country) + shares.compactMap(\.country)
            bufferCandidates = Self.inOrder(stage.stockHolders, plus: added)
        }
    }

    /// The countries of `countries` (in order) and `added`, each once, in order.
    private static func inOrder(_ countries: [Int], plus added: [Int]) -> [Int] {
        added.isEmpty ? countries : Array(Set(countries + added)).sorted()
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

    /// Runs the cascade of one month (docs/METHODS.md, "Disruption propagation") into `outcome`, whose storage is
    /// reused.
    mutating func run(_ inputs: MonthInputs, into outcome: inout MonthOutcome) {
        outcome.clear()
        applyDirectShocks(inputs, into: &outcome)
        let initial = outcome.directShock + outcome.coupledShock
        if initial > 0 {
            offerSpareCapacity(in: inputs.month, into: &outcome)
            prepareResponses(in: inputs.month)
            cascade(initial: initial, into: &outcome)
        }
        collect(into: &outcome)
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
        limitsNow.removeAll(keepingCapacity: true)
        for (number, shock) in plan.shocks.enumerated() where shock.isActive(in: month) && shock.stages.contains(stageNumber) {
            switch shock.effect {
            case .exportLimit:
                limitsNow.append(number)
            case .outage(let country, let fraction):
                outageFraction[country, default: 0] += fraction
            case .surge(let country, let fraction):
                for country in country.map({ [$0] }) ?? Array(0..<network.countryCount) {
                    let added = fraction * stage.consumption[country]
                    consumptionNow[country] += added
                    outcome.directShock += added
                    addPending(added, at: country)
                }
            }
        }
        cutExports(into: &outcome)
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

    /// Applies the month's export restrictions: the cuts worked out when the same restrictions were last active in this
    /// run, else worked out afresh and kept.
    private mutating func cutExports(into outcome: inout MonthOutcome) {
        guard !exportCuts.isKept || exportCuts.limits != limitsNow else {
            for exporter in exportCuts.exporters {
                isCutExporter[exporter] = true
                cutExporters.append(exporter)
                excludeFromSpare(exporter)
            }
            for cut in exportCuts.cuts { applyCut(cut.lost, on: cut.flow, from: cut.exporter, outcome: &outcome) }
            for (exporter, left) in zip(exportCuts.exporters, exportCuts.exportsLeft) { exportsLeft[exporter] = left }
            return
        }
        for number in limitsNow {
            guard case .exportLimit(let exporter, let limit, let destinations) = plan.shocks[number].effect else { continue }
            markExportCut(exporter: exporter, limit: limit, destinations: destinations)
        }
        exportCuts.cuts.removeAll(keepingCapacity: true)
        for exporter in cutExporters { cutFlows(of: exporter, outcome: &outcome) }
        exportCuts.limits = limitsNow
        exportCuts.exporters = cutExporters
        exportCuts.exportsLeft = cutExporters.map { exportsLeft[$0] }
        exportCuts.isKept = true
    }

    private mutating func applyCut(_ lost: Double, on flow: Int, from exporter: Int, outcome: inout MonthOutcome) {
        flowLeft[flow] -= lost
        entries[exporter].retained += lost
        outcome.directShock += lost
        if keepsDetail { carry(lost, on: flow) }
        addPending(lost, at: stage.flowImporter[flow])
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
            applyCut(lost, on: flow, from: exporter, outcome: &outcome)
            exportCuts.cuts.append((flow, exporter, lost))
        }
        // Summed again rather than decremented, so that a ban leaves exactly nothing to export.
        var left = 0.0
        for flow in stage.flows(of: exporter) { left += flowLeft[flow] }
        exportsLeft[exporter] = left
    }

    private mutating func carry(_ quantity: Double, on flow: Int) {
        if flowCarried[flow] == 0 { carriedFlows.append(flow) }
        flowCarried[flow] += quantity
    }

    // MARK: - Responses

    private var spareLeft = 0.0

    /// The countries that may offer spare or new capacity this run, in order.
    private var spareOfferers: [Int] = []
    /// The countries whose buffers may hold something this run, in order (``remainingBuffer(_:)`` is zero for the others).
    private var bufferCandidates: [Int] = []

    private mutating func offerSpareCapacity(in month: Int, into outcome: inout MonthOutcome) {
        let ramp = plan.spareRamp(in: month)
        var unramped = 0.0
        for country in stage.spareProducers where !excludedFromSpare[country] {
            unramped += stage.spareCapacity[country]
            spareOffered[country] = ramp * stage.spareCapacity[country]
        }
        var offeredNextMonth = plan.spareRamp(in: month + 1) * unramped
        for addition in plan.capacity where addition.stage == stageNumber {
            let output = addition.output(in: month)
            if output > 0 { spareOffered[addition.country] += output }
            offeredNextMonth += addition.output(in: month + 1)
        }
        outcome.spareOfferedNextMonth = offeredNextMonth
        // Summed in country order, with the list kept only for detail.
        var total = 0.0
        for country in spareOfferers where spareOffered[country] > 0 {
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
            addShareOfConsumption(share, to: recyclingLeft)
        }
        for share in plan.substitution where month >= share.startMonth {
            addShareOfConsumption(share, to: substitutionLeft)
        }
    }

    private func addShareOfConsumption(_ share: CommodityPlan.PlannedShare, to capacity: UnsafeMutableBufferPointer<Double>) {
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
    /// With a ``StageResponse`` the rounds after the first are solved at once, and run only when that fails.
    private mutating func cascade(initial: Double, into outcome: inout MonthOutcome) {
        outcome.shortfallAfterBuffers = absorb()
        // Buffers and spare capacity covered everything: the rounds would pass nothing on (most Monte Carlo months).
        if !active.contains(where: { pending[$0] > 0 }) {
            active.removeAll(keepingCapacity: true)
            return
        }
        if let response, solveExactly(response, initial: initial) {
            monthsSolvedExactly += 1
            return
        }
        runRounds(initial: initial)
    }

    /// Finishes the first round (consumption cut and pass-through) and runs the rounds after it, until what is still
    /// to pass on is below the tolerance.
    private mutating func runRounds(initial: Double) {
        let threshold = plan.response.convergenceTolerance * initial
        // Each round passes on at most what exports remain, so rounds end; the cap only guards against pathological
        // parameters (no consumption cut and circular trade), and what is left then counts as consumption loss.
        var rounds = 0
        roundsPassedOn = true
        while true {
            rounds += 1
            var stillToPass = 0.0
            for country in active {
                let rest = pending[country]
                pending[country] = 0
                let exportsAvailable = exportsLeft[country]
                let pass = cutConsumptionOrPass(country, rest: rest)
                guard pass > 0 else { continue }
                Self.passOn(
                    share: pass / exportsAvailable, along: stage.flows(of: country), importers: stage.flowImporter, flowLeft: flowLeft,
                    next: next, nextActive: &nextActive, total: &stillToPass, keepsDetail: keepsDetail, carried: flowCarried,
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
            absorb()
        }
    }

    /// A round's first steps: the countries holding shortfall draw on their buffers, then on spare capacity.
    /// Returns what the buffers left for spare capacity.
    @discardableResult private mutating func absorb() -> Double {
        for country in active { drawBuffers(country) }
        var afterBuffers = 0.0
        for country in active { afterBuffers += pending[country] }
        rationSpareCapacity()
        return afterBuffers
    }

    /// Consumption falls by the response fraction of `rest`, but not below zero; exports carry the rest as far as they
    /// go, and what they cannot carry is lost consumption too. Returns what is passed on.
    private mutating func cutConsumptionOrPass(_ country: Int, rest: Double) -> Double {
        guard rest > 0 else { return 0 }
        let exportsAvailable = exportsLeft[country]
        let consumptionLeft = max(0, consumptionNow[country] - entries[country].consumptionLoss)
        let pass = exportsAvailable > 0 ? min(rest - min(plan.response.consumptionCutFraction * rest, consumptionLeft), exportsAvailable) : 0
        entries[country].consumptionLoss += rest - pass
        entries[country].passedOn += pass
        return pass
    }

    /// The rounds after the first, solved at once by `response`; each country then draws on its buffers and cuts
    /// consumption or passes on as the rounds would have had it. False, changing nothing, when the solution fails.
    private mutating func solveExactly(_ response: StageResponse, initial: Double) -> Bool {
        bufferHolders.removeAll(keepingCapacity: true)
        for country in bufferCandidates {
            bufferLeft[country] = remainingBuffer(country)
            if bufferLeft[country] > 0 { bufferHolders.append(country) }
        }
        let month = StageResponse.Month(
            pending: UnsafeBufferPointer(pending), holders: active, buffers: UnsafeBufferPointer(bufferLeft), bufferHolders: bufferHolders,
            exportsLeft: UnsafeBufferPointer(exportsLeft), consumption: UnsafeBufferPointer(consumptionNow), reshaped: cutExporters,
            flowLeft: UnsafeBufferPointer(flowLeft), tolerance: 1e-12 * initial)
        guard response.solve(month, stage: stage, workspace: &workspace) else { return false }
        // Only the countries on the solution's list received anything (the holders among them).
        for country in workspace.listed {
            let later = workspace.received[country] - pending[country]
            let arrived = later > month.tolerance ? later : 0
            guard arrived > 0 || pending[country] > 0 else { continue }
            entries[country].received += arrived
            pending[country] += arrived
            if bufferLeft[country] > 0 { drawBuffers(country) }
            _ = cutConsumptionOrPass(country, rest: pending[country])
            pending[country] = 0
            reach(country)
        }
        active.removeAll(keepingCapacity: true)
        return true
    }

    /// What a country's buffers can still absorb this month, in the order ``drawBuffers(_:)`` draws on them.
    private func remainingBuffer(_ country: Int) -> Double {
        var left = stocks[country] + recyclingLeft[country] + substitutionLeft[country]
        if stockpile[country] > 0 { left += max(0, min(stockpile[country], stockpileMonthlyLimit[country] - stockpileReleasedThisMonth[country])) }
        return left
    }

    /// Moves `share` of what each of the `flows` still carries on to its importer's shortfall for the next round;
    /// adds what it moved to `total`. The cascade's innermost loop.
    private static func passOn(
        share: Double, along flows: Range<Int>, importers: [Int], flowLeft: UnsafeMutableBufferPointer<Double>,
        next: UnsafeMutableBufferPointer<Double>,
        nextActive: inout [Int], total: inout Double, keepsDetail: Bool, carried: UnsafeMutableBufferPointer<Double>, carriedFlows: inout [Int]
    ) {
        importers.withUnsafeBufferPointer { importers in
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

    /// Covers `pending[country]` from its buffers in order: industry stocks, the government stockpile (within this
    /// month's release room), recycling, substitution.
    private mutating func drawBuffers(_ country: Int) {
        var rest = pending[country]
        entries[country].industryStocks += Self.take(&rest, from: stocks, country)
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
        entries[country].recycling += Self.take(&rest, from: recyclingLeft, country)
        entries[country].substitution += Self.take(&rest, from: substitutionLeft, country)
        pending[country] = rest
    }

    /// Takes up to `rest` of what `buffer` holds for `country`; returns what it took.
    private static func take(_ rest: inout Double, from buffer: UnsafeMutableBufferPointer<Double>, _ country: Int) -> Double {
        guard rest > 0 && buffer[country] > 0 else { return 0 }
        let draw = min(rest, buffer[country])
        buffer[country] -= draw
        rest -= draw
        return draw
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
        // In country order: scanning the flags beats sorting once the shock has reached more than a few countries.
        if reached.count > 32 {
            reached.removeAll(keepingCapacity: true)
            for country in 0..<network.countryCount where isReached[country] { reached.append(country) }
        } else {
            reached.sort()
        }
        let entries = self.entries
        outcome.countries.append(
            contentsOf: reached.lazy.map { country in
                var entry = entries[country]
                entry.country = country
                return entry
            })
        for country in reached {
            entries[country] = .zero
            isReached[country] = false
            excludedFromSpare[country] = false
            productionLoss[country] = 0
            consumptionNow[country] = stage.consumption[country]
            recyclingLeft[country] = 0
            substitutionLeft[country] = 0
            stockpileReleasedThisMonth[country] = 0
            exportsLeft[country] = stage.exports[country]
            if roundsPassedOn { resetFlows(of: country) }
        }
        // Without rounds only export restrictions touched the flows.
        if !roundsPassedOn { for exporter in cutExporters { resetFlows(of: exporter) } }
        roundsPassedOn = false
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
        for share in plan.recycling { clearShareCapacity(of: share.country) }
        for share in plan.substitution { clearShareCapacity(of: share.country) }
    }

    private mutating func resetFlows(of exporter: Int) {
        for flow in stage.flows(of: exporter) { flowLeft[flow] = stage.flowQuantity[flow] }
    }

    /// Clears the recycling and substitution capacity of a country, or of every country for `nil`.
    private mutating func clearShareCapacity(of country: Int?) {
        for country in country.map({ $0..<($0 + 1) }) ?? 0..<network.countryCount {
            recyclingLeft[country] = 0
            substitutionLeft[country] = 0
        }
    }
}

extension MonthOutcome.CountryEntry {
    static let zero = Self(
        country: 0, received: 0, industryStocks: 0, governmentStockpile: 0, recycling: 0, substitution: 0, spareCapacity: 0, consumptionLoss: 0,
        passedOn: 0, retained: 0)
}

/// A cascade's per-country and per-flow scratch space, allocated once and reused month after month and run after run.
/// Unsafe buffers rather than arrays: the cascade writes them element by element in its loops, and arrays held by a
/// struct pay a uniqueness and a bounds check on every write.
final class CascadeStorage {
    let stocks, stockpile, stockpileMonthlyLimit, pending, next, exportsLeft, productionLoss, spareOffered, recyclingLeft,
        substitutionLeft, stockpileReleasedThisMonth, bufferLeft, consumptionNow: UnsafeMutableBufferPointer<Double>
    let flowLeft, flowLostFraction, flowCarried: UnsafeMutableBufferPointer<Double>
    let isReached, isCutExporter, excludedFromSpare: UnsafeMutableBufferPointer<Bool>
    let entries: UnsafeMutableBufferPointer<MonthOutcome.CountryEntry>

    init(stage: CompiledStage, countryCount n: Int) {
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> { .filled(0, count) }
        stocks = zeros(n)
        stockpile = zeros(n)
        stockpileMonthlyLimit = zeros(n)
        pending = zeros(n)
        next = zeros(n)
        exportsLeft = zeros(n)
        _ = exportsLeft.update(fromContentsOf: stage.exports)
        productionLoss = zeros(n)
        spareOffered = zeros(n)
        recyclingLeft = zeros(n)
        substitutionLeft = zeros(n)
        stockpileReleasedThisMonth = zeros(n)
        bufferLeft = zeros(n)
        consumptionNow = zeros(n)
        _ = consumptionNow.update(fromContentsOf: stage.consumption)
        let flowCount = stage.flowQuantity.count
        flowLeft = zeros(flowCount)
        _ = flowLeft.update(fromContentsOf: stage.flowQuantity)
        flowLostFraction = zeros(flowCount)
        flowCarried = zeros(flowCount)
        isReached = .filled(false, n)
        isCutExporter = .filled(false, n)
        excludedFromSpare = .filled(false, n)
        entries = .filled(.zero, n)
    }

    deinit {
        let numbers = [
            stocks, stockpile, stockpileMonthlyLimit, pending, next, exportsLeft, productionLoss, spareOffered, recyclingLeft,
            substitutionLeft,
            stockpileReleasedThisMonth, bufferLeft, consumptionNow, flowLeft, flowLostFraction, flowCarried,
        ]
        for buffer in numbers { buffer.deallocate() }
        isReached.deallocate()
        isCutExporter.deallocate()
        excludedFromSpare.deallocate()
        entries.deallocate()
    }
}

extension UnsafeMutableBufferPointer {
    /// A new buffer of `count` elements, each `value`; the owner deallocates it.
    static func filled(_ value: Element, _ count: Int) -> Self {
        let buffer = allocate(capacity: count)
        buffer.initialize(repeating: value)
        return buffer
    }
}
