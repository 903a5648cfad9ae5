import CritMinCore

/// The checks a batch must pass, each failure naming the dataset, the record's source location and the offending key.
///
/// Foreign keys would reject most of these too, but with a message that names neither the file nor the key.
/// Records are checked as they are written, in one pass; a failure rolls the whole transaction back.
struct BatchCheck {
    let batch: ImportBatch

    /// The keys the store holds once the batch's catalogue entries and citations are merged.
    struct KnownKeys {
        var commodities: Set<String>
        var countries: Set<String>
        var citations: Set<String>
    }

    private var dataset: String { "dataset '\(batch.descriptor.id)'" }

    /// Checks what the batch must satisfy on its own: no duplicate keys, and no double SQLite cannot store.
    func checkConsistency() throws(CritMinError) {
        try checkStorableNumbers()
        var governanceKeys: [String: SourceLocation] = [:]
        for score in batch.governance {
            let key = "\(score.country) \(score.year) \(score.dimension.rawValue)"
            if let first = governanceKeys.updateValue(score.source, forKey: key) {
                throw CritMinError(
                    .conflict, "\(dataset): the governance score for \(key) appears twice (first at \(first))", file: score.source.file,
                    line: score.source.line, field: "country, year, dimension", value: key)
            }
        }
        var listIDs = Set<CriticalListID>()
        for list in batch.criticalLists {
            guard listIDs.insert(list.id).inserted else {
                throw CritMinError(.conflict, "\(dataset): critical list '\(list.id)' appears twice", field: "id", value: list.id.rawValue)
            }
            var positions = Set<Int>()
            for member in list.members where !positions.insert(member.position).inserted {
                throw CritMinError(
                    .conflict, "\(dataset): critical list '\(list.id)' has two entries at position \(member.position)", field: "position",
                    value: String(member.position))
            }
        }
        var codes = Set<String>()
        for code in batch.hsCodes where !codes.insert("\(code.edition) \(code.code)").inserted {
            throw CritMinError(.conflict, "\(dataset): HS code \(code.code) (\(code.edition)) appears twice", field: "code", value: code.code)
        }
        var sites = Set<String>()
        for record in batch.siteRecords where !sites.insert("\(record.citation) \(record.recordID)").inserted {
            throw CritMinError(
                .conflict, "\(dataset): site record '\(record.recordID)' of '\(record.citation)' appears twice", field: "record_id",
                value: record.recordID)
        }
        var references = Set<String>()
        for mapping in batch.tradeCodes where !references.insert(mapping.reference).inserted {
            throw CritMinError(
                .conflict, "\(dataset): trade-code mapping '\(mapping.reference)' appears twice", field: "reference", value: mapping.reference)
        }
    }

    /// Checks the references of the batch's catalogue entries and description: commodity parents, group members
    /// and the dataset's citation.
    func checkCatalogue(_ known: KnownKeys) throws(CritMinError) {
        for commodity in batch.commodities {
            if let parent = commodity.parent, !known.commodities.contains(parent.rawValue) {
                throw missing(
                    "commodity '\(commodity.id)' has parent '\(parent)', which is not in the catalogue", field: "parent", value: parent.rawValue)
            }
        }
        for group in batch.countryGroups {
            for member in group.members where !known.countries.contains(member.rawValue) {
                throw missing(
                    "country group '\(group.id)' lists country '\(member)', which is not in the catalogue", field: "members", value: member.rawValue)
            }
        }
        let citation = batch.descriptor.citation
        if !known.citations.contains(citation.rawValue) {
            throw missing(
                "the dataset cites '\(citation)', which is neither in the batch nor in the store", field: "citation", value: citation.rawValue)
        }
    }

    /// Checks that an observation's commodity, countries and citation are known.
    func checkReferences(of observation: Observation, _ known: KnownKeys) throws(CritMinError) {
        if !known.commodities.contains(observation.commodity.rawValue) {
            throw missing(
                "the observation names commodity '\(observation.commodity)', which is not in the catalogue", at: observation.source,
                field: "commodity", value: observation.commodity.rawValue)
        }
        for (field, area) in [("area", observation.area), ("partner", observation.partner)] {
            if let country = area?.country, !known.countries.contains(country.rawValue) {
                throw missing(
                    "the observation names country '\(country)', which is not in the catalogue", at: observation.source, field: field,
                    value: country.rawValue)
            }
        }
        try checkCitation(observation.citation, at: observation.source, known)
    }

    /// Checks that a score's country and citation are known.
    func checkReferences(of score: GovernanceScore, _ known: KnownKeys) throws(CritMinError) {
        if !known.countries.contains(score.country.rawValue) {
            throw missing(
                "the governance score names country '\(score.country)', which is not in the catalogue", at: score.source, field: "country",
                value: score.country.rawValue)
        }
        try checkCitation(score.citation, at: score.source, known)
    }

    /// Checks that a flow's countries and citation are known.
    func checkReferences(of flow: TradeFlow, _ known: KnownKeys) throws(CritMinError) {
        // Two plain checks rather than a loop over both: this runs for every one of hundreds of thousands of flows.
        if !known.countries.contains(flow.exporter.rawValue) { throw unknownCountry(flow.exporter, of: flow, field: "exporter") }
        if !known.countries.contains(flow.importer.rawValue) { throw unknownCountry(flow.importer, of: flow, field: "importer") }
        try checkCitation(flow.citation, at: flow.source, known)
    }

    private func unknownCountry(_ country: CountryCode, of flow: TradeFlow, field: String) -> CritMinError {
        missing("the trade flow names country '\(country)', which is not in the catalogue", at: flow.source, field: field, value: country.rawValue)
    }

    /// Checks that a trade-code mapping's commodity and citations are known.
    func checkReferences(of mapping: TradeCodeMapping, _ known: KnownKeys) throws(CritMinError) {
        if !known.commodities.contains(mapping.commodity.rawValue) {
            throw missing(
                "trade-code mapping '\(mapping.reference)' names commodity '\(mapping.commodity)', which is not in the catalogue",
                field: "commodity", value: mapping.commodity.rawValue)
        }
        for (field, citation) in [("production_citation", mapping.productionCitation), ("citation", mapping.citation)]
        where !known.citations.contains(citation.rawValue) {
            throw missing(
                "trade-code mapping '\(mapping.reference)' cites '\(citation)', which is neither in the batch nor in the store",
                field: field, value: citation.rawValue)
        }
    }

    /// Checks that a site record's country, commodities and citation are known.
    func checkReferences(of record: SiteRecord, _ known: KnownKeys) throws(CritMinError) {
        let site = "site record '\(record.recordID)' (\(record.name))"
        if !known.countries.contains(record.country.rawValue) {
            throw missing(
                "\(site) names country '\(record.country)', which is not in the catalogue", field: "country", value: record.country.rawValue)
        }
        for commodity in record.commodities + record.resources.map(\.commodity) + record.outputs.map(\.commodity)
        where !known.commodities.contains(commodity.rawValue) {
            throw missing("\(site) names commodity '\(commodity)', which is not in the catalogue", field: "commodities", value: commodity.rawValue)
        }
        if !known.citations.contains(record.citation.rawValue) {
            throw missing(
                "\(site) cites '\(record.citation)', which is neither in the batch nor in the store", field: "citation",
                value: record.citation.rawValue)
        }
    }

    /// Checks that a list's jurisdiction and every commodity its entries name are known.
    func checkReferences(of list: CriticalList, _ known: KnownKeys) throws(CritMinError) {
        if !known.countries.contains(list.jurisdiction.rawValue) {
            throw missing(
                "critical list '\(list.id)' has jurisdiction '\(list.jurisdiction)', which is not in the catalogue", field: "jurisdiction",
                value: list.jurisdiction.rawValue)
        }
        for member in list.members {
            for commodity in member.commodities where !known.commodities.contains(commodity.rawValue) {
                throw missing(
                    "critical list '\(list.id)' entry \(member.position) '\(member.asListed)' names commodity '\(commodity)', "
                        + "which is not in the catalogue", field: "commodities", value: commodity.rawValue)
            }
        }
    }

    private func checkCitation(_ citation: CitationID, at source: SourceLocation, _ known: KnownKeys) throws(CritMinError) {
        if !known.citations.contains(citation.rawValue) {
            throw missing(
                "the record cites '\(citation)', which is neither in the batch nor in the store", at: source, field: "citation",
                value: citation.rawValue)
        }
    }

    /// SQLite stores NaN as NULL, so a NaN would not read back.
    private func checkStorableNumbers() throws(CritMinError) {
        for observation in batch.observations {
            let amount = observation.quantity.amount.storageForm
            try checkStorable([("value", amount.value), ("value_high", amount.high)], at: observation.source)
        }
        for score in batch.governance {
            try checkStorable(
                [
                    ("estimate", score.estimate), ("standard_error", score.standardError), ("percentile_rank", score.percentileRank),
                    ("percentile_rank_lower", score.percentileRankLower), ("percentile_rank_upper", score.percentileRankUpper),
                ], at: score.source)
        }
        for flow in batch.tradeFlows where flow.value?.isNaN == true || flow.quantity?.isNaN == true {
            try checkStorable([("value", flow.value), ("quantity", flow.quantity)], at: flow.source)
        }
    }

    private func checkStorable(_ numbers: [(field: String, value: Double?)], at source: SourceLocation) throws(CritMinError) {
        if let field = numbers.first(where: { $0.value?.isNaN == true })?.field {
            throw CritMinError(
                .storage, "\(dataset): the record holds NaN, which the database cannot store", file: source.file, line: source.line,
                field: field, value: "NaN")
        }
    }

    private func missing(_ message: String, at source: SourceLocation? = nil, field: String, value: String) -> CritMinError {
        CritMinError(.notFound, "\(dataset): \(message)", file: source?.file, line: source?.line, field: field, value: value)
    }
}
