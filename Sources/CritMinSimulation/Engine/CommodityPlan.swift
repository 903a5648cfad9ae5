import CritMinCore

/// What happens to one commodity in one run: the scenario's shocks and responses (and, in a Monte Carlo draw, the
/// drawn export bans), resolved to the country and stage numbers of its ``CompiledNetwork``.
struct CommodityPlan: Sendable {
    enum Effect: Sendable {
        /// `destinations[i]` says whether importer i is reached; `nil` for every importer.
        case exportLimit(exporter: Int, limit: ExportLimit, destinations: [Bool]?)
        case outage(country: Int, fraction: Double)
        /// `nil`: every country.
        case surge(country: Int?, fraction: Double)
    }

    struct PlannedShock: Sendable {
        var effect: Effect
        var stages: [Int]
        var firstMonth: Int
        /// Inclusive, at most the horizon.
        var lastMonth: Int

        func isActive(in month: Int) -> Bool { month >= firstMonth && month <= lastMonth }
    }

    struct PlannedCapacity: Sendable {
        var country: Int
        var stage: Int
        var perMonth: Double
        var startMonth: Int
        var rampMonths: Int

        /// Share of full output in a month: a linear ramp reaching full output `rampMonths` months after the start.
        func output(in month: Int) -> Double {
            guard month >= startMonth else { return 0 }
            guard rampMonths > 0 else { return perMonth }
            return perMonth * min(1, Double(month - startMonth + 1) / Double(rampMonths))
        }
    }

    /// Recycling or substitution: a share of consumption available to cover shortfall from a month on.
    struct PlannedShare: Sendable {
        /// `nil`: every country.
        var country: Int?
        var share: Double
        var startMonth: Int
    }

    /// A stockpile the run adds (an intervention), released at need with no monthly limit when the scenario's rule
    /// releases nothing.
    struct PlannedStockpile: Sendable {
        var country: Int
        var stage: Int
        var quantity: Double
    }

    struct PlannedAgreement: Sendable {
        var supplier: Int
        var importer: Int
        var share: Double
    }

    var horizon: Int
    var response: ResponseParameters
    var shocks: [PlannedShock] = []
    var capacity: [PlannedCapacity] = []
    var recycling: [PlannedShare] = []
    var substitution: [PlannedShare] = []
    /// `nil`: proportional rationing.
    var allies: [Bool]?
    /// Share of a government stockpile releasable per month; `nil` when governments keep their stockpiles.
    var stockpileReleasePerMonth: Double?
    var addedStockpiles: [PlannedStockpile] = []
    var agreements: [PlannedAgreement] = []
    /// Sentences on what the plan could not apply (a country absent from the network).
    var notes: [String] = []

    /// The first month any shock is active; `nil` when no shock ever is.
    var firstShockMonth: Int? {
        // A loop rather than map–filter–min: the spare-capacity ramp asks every month.
        var first: Int?
        for shock in shocks where shock.firstMonth <= horizon { first = min(first ?? shock.firstMonth, shock.firstMonth) }
        return first
    }

    /// The last month in which a shock starts or ends (1 when none does within the horizon): from it on, every month
    /// has the same shocks.
    var lastShockChange: Int {
        var last = 1
        for shock in shocks {
            if shock.firstMonth <= horizon { last = max(last, shock.firstMonth) }
            if shock.lastMonth < horizon { last = max(last, shock.lastMonth + 1) }
        }
        return last
    }

    /// `changes[m]` is true when month m's inputs may differ from month m − 1's: a shock starts or ends, spare or new
    /// capacity is still ramping, recycling or substitution starts. Index 0 is unused; month 1 always counts as changed.
    func inputChanges() -> [Bool] {
        var changes = [Bool](repeating: false, count: horizon + 2)
        func mark(_ month: Int) { if month >= 1 && month <= horizon { changes[month] = true } }
        mark(1)
        for shock in shocks {
            mark(shock.firstMonth)
            mark(shock.lastMonth + 1)
        }
        if let start = firstShockMonth {
            for month in start...(start + max(0, response.spareCapacityRampMonths - 1)) { mark(month) }
        }
        for addition in capacity {
            for month in addition.startMonth...(addition.startMonth + max(0, addition.rampMonths - 1)) { mark(month) }
        }
        for share in recycling + substitution { mark(share.startMonth) }
        return changes
    }

    /// Spare capacity's share of full output in a month: a linear ramp from the first shock month.
    func spareRamp(in month: Int) -> Double {
        guard let start = firstShockMonth, month >= start else { return 0 }
        let ramp = response.spareCapacityRampMonths
        return ramp > 0 ? min(1, Double(month - start + 1) / Double(ramp)) : 1
    }
}

extension CommodityPlan {
    /// The plan of `network` under `scenario`, with the intervention `adjustments` and the extra `shocks` of a Monte
    /// Carlo draw. Shocks with a probability are applied when `firing` says so (`nil`: all of them).
    init(
        network: CompiledNetwork, scenario: Scenario, adjustments: Adjustments = Adjustments(), firing: ((Int) -> Bool)? = nil,
        bannedExporters: [Int] = []
    ) {
        horizon = scenario.horizonMonths
        response = scenario.response
        let count = network.countryCount
        let allStages = Array(network.stages.indices)
        func stages(_ stage: Stage?) -> [Int] { stage.map { network.stageNumber(of: $0).map { [$0] } ?? [] } ?? allStages }
        func flags(_ codes: [CountryCode]) -> [Bool] {
            var flags = [Bool](repeating: false, count: count)
            for code in codes { if let number = network.index[code] { flags[number] = true } }
            return flags
        }
        for (shockNumber, shock) in scenario.shocks.enumerated() where shock.commodities.contains(network.commodity) {
            if let firing, !firing(shockNumber) { continue }
            let lastMonth = min(horizon, shock.durationMonths.map { shock.startMonth + $0 - 1 } ?? horizon)
            let country = shock.country.flatMap { network.index[$0] }
            if shock.country != nil && country == nil {
                notes.append("\(shock.country!) has no production or trade in the \(network.commodity) network; its shock changes nothing.")
                continue
            }
            let effect: Effect
            switch shock.kind {
            case .exportRestriction(let limit, let destinations):
                let reached: [Bool]?
                switch destinations {
                case .all: reached = nil
                case .only(let codes): reached = flags(codes)
                case .allExcept(let codes): reached = flags(codes).map { !$0 }
                }
                effect = .exportLimit(exporter: country!, limit: limit, destinations: reached)
            case .productionOutage(let fraction):
                effect = .outage(country: country!, fraction: fraction)
            case .demandSurge(let fraction):
                effect = .surge(country: country, fraction: fraction)
            }
            shocks.append(PlannedShock(effect: effect, stages: stages(shock.stage), firstMonth: shock.startMonth, lastMonth: lastMonth))
        }
        for exporter in bannedExporters {
            shocks.append(
                PlannedShock(
                    effect: .exportLimit(exporter: exporter, limit: .ban, destinations: nil), stages: allStages, firstMonth: 1, lastMonth: horizon))
        }
        for addition in scenario.capacityAdditions + adjustments.capacity where addition.commodity == network.commodity {
            guard let country = network.index[addition.country], let stage = network.stageNumber(of: addition.stage) else {
                notes.append("\(addition.label): \(addition.country) is not in the \(network.commodity) network; its capacity is left out.")
                continue
            }
            capacity.append(
                PlannedCapacity(
                    country: country, stage: stage, perMonth: addition.perYear / 12, startMonth: addition.startMonth, rampMonths: addition.rampMonths)
            )
        }
        for increase in scenario.recycling + adjustments.recycling where increase.commodity == network.commodity {
            guard let code = increase.country else {
                recycling.append(PlannedShare(country: nil, share: increase.share, startMonth: increase.startMonth))
                continue
            }
            if let country = network.index[code] {
                recycling.append(PlannedShare(country: country, share: increase.share, startMonth: increase.startMonth))
            }
        }
        for substitution in scenario.substitutions where substitution.commodity == network.commodity {
            let country = substitution.country.flatMap { network.index[$0] }
            if substitution.country != nil && country == nil { continue }
            self.substitution.append(PlannedShare(country: country, share: substitution.share, startMonth: substitution.startMonth))
        }
        if case .alliesFirst(let codes) = scenario.rationing { allies = flags(codes) }
        if case .coverShortfall(let fraction) = scenario.stockpileRelease { stockpileReleasePerMonth = fraction }
        let lastStage = network.stages.count - 1
        for added in adjustments.stockpiles where added.commodity == network.commodity {
            guard let country = network.index[added.country], lastStage >= 0 else { continue }
            let quantity = added.months * network.stages[lastStage].consumption[country]
            addedStockpiles.append(PlannedStockpile(country: country, stage: lastStage, quantity: quantity))
        }
        for agreement in adjustments.agreements where agreement.commodity == network.commodity {
            guard let supplier = network.index[agreement.supplier], let importer = network.index[agreement.importer] else { continue }
            agreements.append(PlannedAgreement(supplier: supplier, importer: importer, share: agreement.share))
        }
    }
}

/// Changes an intervention makes to a run that the ``Scenario`` type cannot express, and those it can.
struct Adjustments: Sendable {
    struct Agreement: Sendable {
        var supplier: CountryCode
        var importer: CountryCode
        var commodity: CommodityID
        var share: Double
    }

    var capacity: [CapacityAddition] = []
    var recycling: [RecyclingIncrease] = []
    /// Government stockpiles the intervention adds.
    var stockpiles: [StockHolding] = []
    var agreements: [Agreement] = []

    init() {}

    init(_ action: Intervention.Action) {
        switch action {
        case .capacity(let addition): capacity = [addition]
        case .recycling(let increase): recycling = [increase]
        case .stockpile(let country, let commodity, let months):
            stockpiles = [StockHolding(country: country, commodity: commodity, holder: .government, months: months)]
        case .supplyAgreement(let supplier, let importer, let commodity, let share):
            agreements = [Agreement(supplier: supplier, importer: importer, commodity: commodity, share: share)]
        }
    }
}
