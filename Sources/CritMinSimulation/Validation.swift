import CritMinCore

/// Input checks of the simulator: every error is a ``CritMinError`` naming the scenario or network field and value.
enum Validation {
    static func invalid(_ field: String, _ value: some CustomStringConvertible, _ message: String) -> CritMinError {
        CritMinError(.invalidValue, message, field: field, value: value.description)
    }

    // Field paths are built only for an error: networks have thousands of flows and nodes.
    static func checkFraction(_ value: Double, _ field: @autoclosure () -> String) throws {
        guard value >= 0 && value <= 1 else { throw invalid(field(), value, "must be a fraction between 0 and 1") }
    }

    static func checkNonNegative(_ value: Double, _ field: @autoclosure () -> String) throws {
        guard value >= 0 && value.isFinite else { throw invalid(field(), value, "must be a finite quantity of 0 or more") }
    }

    static func checkMonth(_ month: Int, _ field: String, horizon: Int) throws {
        guard month >= 1 && month <= horizon else { throw invalid(field, month, "must be a month between 1 and the horizon, \(horizon)") }
    }

    /// The networks by commodity, after checking that no quantity is negative and that each commodity has one network.
    /// Checks the networks a scenario runs on, and puts the scenario's stock holdings into them.
    static func networks(_ networks: [SupplyNetwork], for scenario: Scenario) throws -> [CommodityID: SupplyNetwork] {
        let year = scenario.year
        for (number, holding) in scenario.stocks.enumerated() {
            try checkNonNegative(holding.months, "stocks[\(number)].months")
            guard networks.contains(where: { $0.commodity == holding.commodity }) else {
                throw CritMinError(
                    .notFound, "no supply network for this commodity", field: "stocks[\(number)].commodity", value: holding.commodity.rawValue)
            }
        }
        var byCommodity: [CommodityID: SupplyNetwork] = [:]
        for network in networks.map({ $0.holding(scenario.stocks) }) {
            let prefix = "networks[\(network.commodity)]"
            guard byCommodity[network.commodity] == nil else {
                throw CritMinError(.conflict, "two supply networks for one commodity", field: prefix, value: network.commodity.rawValue)
            }
            if let year, network.year != year {
                throw invalid("\(prefix).year", network.year, "differs from the scenario's year, \(year)")
            }
            var seenStages = Set<Stage>()
            for (number, stage) in network.stages.enumerated() {
                let stagePrefix = "\(prefix).stages[\(stage.stage.rawValue)]"
                guard seenStages.insert(stage.stage).inserted else {
                    throw CritMinError(.conflict, "stage given twice", field: stagePrefix, value: stage.stage.rawValue)
                }
                if let ratio = stage.inputRatio {
                    guard number > 0 else { throw invalid("\(stagePrefix).inputRatio", ratio, "the first stage has no stage before it to draw on") }
                    guard ratio > 0 && ratio.isFinite else { throw invalid("\(stagePrefix).inputRatio", ratio, "must be a positive number") }
                }
                for node in stage.nodes {
                    let nodePrefix = { "\(stagePrefix).nodes[\(node.country)]" }
                    try checkNonNegative(node.production, "\(nodePrefix()).production")
                    try checkNonNegative(node.industryStocks, "\(nodePrefix()).industryStocks")
                    try checkNonNegative(node.governmentStockpile, "\(nodePrefix()).governmentStockpile")
                    try checkNonNegative(node.spareCapacity, "\(nodePrefix()).spareCapacity")
                }
                for flow in stage.flows {
                    try checkNonNegative(flow.quantity, "\(stagePrefix).flows[\(flow.exporter)→\(flow.importer)].quantity")
                }
            }
            for (number, share) in network.endUseShares.enumerated() {
                try checkFraction(share.share, "\(prefix).endUseShares[\(number)].share")
            }
            byCommodity[network.commodity] = network
        }
        return byCommodity
    }

    /// Checks every field of `scenario` against the networks it will run on.
    static func scenario(_ scenario: Scenario, networks: [CommodityID: SupplyNetwork]) throws {
        let horizon = scenario.horizonMonths
        guard horizon >= 1 else { throw invalid("horizonMonths", horizon, "must be at least one month") }
        func network(_ commodity: CommodityID, _ field: String) throws -> SupplyNetwork {
            guard let network = networks[commodity] else {
                throw CritMinError(.notFound, "no supply network for this commodity", field: field, value: commodity.rawValue)
            }
            return network
        }
        for (number, shock) in scenario.shocks.enumerated() {
            let prefix = "shocks[\(number)]"
            guard !shock.commodities.isEmpty else { throw invalid("\(prefix).commodities", "[]", "names no commodity") }
            for commodity in shock.commodities {
                let network = try network(commodity, "\(prefix).commodities")
                if let stage = shock.stage, !network.stages.contains(where: { $0.stage == stage }) {
                    throw CritMinError(.notFound, "the \(commodity) network has no such stage", field: "\(prefix).stage", value: stage.rawValue)
                }
            }
            try checkMonth(shock.startMonth, "\(prefix).startMonth", horizon: horizon)
            if let duration = shock.durationMonths, duration < 1 {
                throw invalid("\(prefix).durationMonths", duration, "must be at least one month")
            }
            if let probability = shock.probability { try checkFraction(probability, "\(prefix).probability") }
            switch shock.kind {
            case .exportRestriction(let limit, _):
                guard shock.country != nil else {
                    throw CritMinError(.missingField, "an export restriction needs its country", field: "\(prefix).country")
                }
                switch limit {
                case .ban: break
                case .cut(let fraction): try checkFraction(fraction, "\(prefix).limit.cut")
                case .quota(let perYear): try checkNonNegative(perYear, "\(prefix).limit.quota")
                }
            case .productionOutage(let fraction):
                guard shock.country != nil else {
                    throw CritMinError(.missingField, "a production outage needs its country", field: "\(prefix).country")
                }
                try checkFraction(fraction, "\(prefix).fraction")
            case .demandSurge(let fraction):
                try checkNonNegative(fraction, "\(prefix).fraction")
            }
        }
        if case .coverShortfall(let fraction) = scenario.stockpileRelease {
            try checkFraction(fraction, "stockpileRelease.maxFractionPerMonth")
        }
        for (number, addition) in scenario.capacityAdditions.enumerated() {
            try capacityAddition(addition, field: "capacityAdditions[\(number)]", horizon: horizon, networks: networks)
        }
        for (number, increase) in scenario.recycling.enumerated() {
            try recyclingIncrease(increase, field: "recycling[\(number)]", horizon: horizon, networks: networks)
        }
        for (number, substitution) in scenario.substitutions.enumerated() {
            let prefix = "substitutions[\(number)]"
            _ = try network(substitution.commodity, "\(prefix).commodity")
            try checkFraction(substitution.share, "\(prefix).share")
            try checkMonth(substitution.startMonth, "\(prefix).startMonth", horizon: horizon)
        }
        let response = scenario.response
        try checkFraction(response.consumptionCutFraction, "response.consumptionCutFraction")
        try checkFraction(response.defaultSpareCapacityFraction, "response.defaultSpareCapacityFraction")
        guard response.spareCapacityRampMonths >= 0 else {
            throw invalid("response.spareCapacityRampMonths", response.spareCapacityRampMonths, "must be 0 or more")
        }
        try checkFraction(response.convergenceTolerance, "response.convergenceTolerance")
    }

    static func capacityAddition(_ addition: CapacityAddition, field: String, horizon: Int, networks: [CommodityID: SupplyNetwork]) throws {
        guard let network = networks[addition.commodity] else {
            throw CritMinError(.notFound, "no supply network for this commodity", field: "\(field).commodity", value: addition.commodity.rawValue)
        }
        guard network.stages.contains(where: { $0.stage == addition.stage }) else {
            throw CritMinError(
                .notFound, "the \(addition.commodity) network has no such stage", field: "\(field).stage", value: addition.stage.rawValue)
        }
        try checkNonNegative(addition.perYear, "\(field).perYear")
        try checkMonth(addition.startMonth, "\(field).startMonth", horizon: horizon)
        guard addition.rampMonths >= 0 else { throw invalid("\(field).rampMonths", addition.rampMonths, "must be 0 or more") }
    }

    static func recyclingIncrease(_ increase: RecyclingIncrease, field: String, horizon: Int, networks: [CommodityID: SupplyNetwork]) throws {
        guard networks[increase.commodity] != nil else {
            throw CritMinError(.notFound, "no supply network for this commodity", field: "\(field).commodity", value: increase.commodity.rawValue)
        }
        try checkFraction(increase.share, "\(field).share")
        try checkMonth(increase.startMonth, "\(field).startMonth", horizon: horizon)
    }

    static func intervention(_ intervention: Intervention, field: String, horizon: Int, networks: [CommodityID: SupplyNetwork]) throws {
        if let cost = intervention.costMillionUSD { try checkNonNegative(cost, "\(field).costMillionUSD") }
        switch intervention.action {
        case .capacity(let addition):
            try capacityAddition(addition, field: "\(field).capacity", horizon: horizon, networks: networks)
        case .recycling(let increase):
            try recyclingIncrease(increase, field: "\(field).recycling", horizon: horizon, networks: networks)
        case .stockpile(_, let commodity, let months):
            guard networks[commodity] != nil else {
                throw CritMinError(
                    .notFound, "no supply network for this commodity", field: "\(field).stockpile.commodity", value: commodity.rawValue)
            }
            try checkNonNegative(months, "\(field).stockpile.months")
        case .supplyAgreement(_, _, let commodity, let share):
            guard networks[commodity] != nil else {
                throw CritMinError(
                    .notFound, "no supply network for this commodity", field: "\(field).supplyAgreement.commodity", value: commodity.rawValue)
            }
            try checkFraction(share, "\(field).supplyAgreement.share")
        }
    }
}
