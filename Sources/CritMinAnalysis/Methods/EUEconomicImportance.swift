import CritMinCore

/// One end use of a material: its share of the material's use and the value added of the sector it falls in.
public struct EUEndUse: Hashable, Sendable {
    /// The sector, as the source names it (NACE Rev. 2 two-digit in the guidelines: "C27").
    public var sector: String
    /// A_s: share of the material's end use in this sector, 0 … 1.
    public var share: Double
    /// Q_s: the sector's value added, in one currency unit across all sectors and the reference; `nil` when unknown.
    public var valueAdded: SourcedValue?

    public init(sector: String, share: Double, valueAdded: SourcedValue? = nil) {
        self.sector = sector
        self.share = share
        self.valueAdded = valueAdded
    }
}

/// The economic-importance inputs of one material.
public struct EUEconomicImportanceInput: Hashable, Sendable {
    public var endUses: [EUEndUse]
    /// The value added of the economy's largest sector, max_s Q_s, that scales EI to 0 … 10; `nil` takes the
    /// largest of the end uses' sectors (flagged: EI comes out higher than against the whole economy).
    public var referenceValueAdded: SourcedValue?
    /// SI_EI, 0 … 1; `nil` takes ``EUCriticalityMethod/Parameters/defaultEconomicImportanceSubstitutionIndex``.
    public var substitutionIndex: SourcedValue?

    public init(endUses: [EUEndUse], referenceValueAdded: SourcedValue? = nil, substitutionIndex: SourcedValue? = nil) {
        self.endUses = endUses
        self.referenceValueAdded = referenceValueAdded
        self.substitutionIndex = substitutionIndex
    }
}

/// The economic importance of a material and its components.
public struct EUEconomicImportanceResult: Hashable, Sendable {
    /// EI = (10 / Q_ref) · Σ_s A_s · Q_s · SI_EI.
    public var economicImportance: Double
    /// Σ_s A_s · Q_s (with equal weights, Σ_s A_s).
    public var weightedValueAdded: Double
    /// Q_ref as used.
    public var referenceValueAdded: Double
    /// Σ_s A_s (1 when the end uses cover all use).
    public var shareTotal: Double
    /// SI_EI as used.
    public var substitutionIndex: Double
    /// Whether some sector's value added was unknown, so every sector counted with weight 1 (then EI = 10 · Σ A_s · SI_EI).
    public var usesEqualWeights: Bool
    /// EI threshold of the parameters used.
    public var threshold: Double
    /// EI ≥ threshold.
    public var meetsThreshold: Bool { economicImportance >= threshold }

    let input: EUEconomicImportanceInput

    /// One sentence per input that a documented default stood in for.
    public var defaultsUsed: [String] {
        var notes: [String] = []
        let citation = EUCriticalityMethod.defaultsCitation
        if usesEqualWeights {
            let unknown = input.endUses.filter { $0.valueAdded == nil }.map(\.sector)
            notes.append(
                "sector value added defaulted to equal weights (unknown for \(unknown.joined(separator: ", "))), "
                    + "so EI = 10 · Σ A_s · SI_EI: \(citation)"
            )
        } else {
            for endUse in input.endUses {
                notes += endUse.valueAdded?.defaultNote(named: "value added of \(endUse.sector)").map { [$0] } ?? []
            }
            if let reference = input.referenceValueAdded {
                notes += reference.defaultNote(named: "reference value added").map { [$0] } ?? []
            } else {
                notes.append(
                    "reference value added defaulted to \(NumberFormat.grouped(referenceValueAdded)) (the largest of the material's own sectors, "
                        + "not of the whole economy, so EI is overstated): \(citation)")
            }
        }
        if let index = input.substitutionIndex {
            notes += index.defaultNote(named: "SI_EI").map { [$0] } ?? []
        } else {
            notes.append("SI_EI defaulted to \(NumberFormat.grouped(substitutionIndex)) (no substitution credit): \(citation)")
        }
        return notes
    }
}

extension EUCriticalityMethod {
    /// Economic importance after the 2017 guidelines: EI = Σ_s A_s · Q_s · SI_EI, scaled by 10 / max_s Q_s.
    ///
    /// When any sector's value added is unknown, every sector counts with weight 1 (and the reference is 1), which
    /// `defaultsUsed` says.
    /// - Throws: ``CritMinError`` `.missingField` without end uses; `.invalidValue` for a share or SI_EI outside 0 … 1,
    ///   a negative value added, a reference that is not positive, or any non-finite number.
    public func economicImportance(_ input: EUEconomicImportanceInput) throws(CritMinError) -> EUEconomicImportanceResult {
        guard !input.endUses.isEmpty else { throw CritMinError(.missingField, "economic importance needs at least one end use", field: "endUses") }
        let substitution = try MethodInputCheck.value(
            input.substitutionIndex?.value ?? parameters.defaultEconomicImportanceSubstitutionIndex, in: 0...1, field: "substitutionIndex")
        let equalWeights = input.endUses.contains { $0.valueAdded == nil }
        var weighted = 0.0
        var shareTotal = 0.0
        var largest = 0.0
        for (index, endUse) in input.endUses.enumerated() {
            let share = try MethodInputCheck.value(endUse.share, in: 0...1, field: "endUses[\(index)].share")
            var valueAdded = 1.0
            if !equalWeights, let given = endUse.valueAdded {
                valueAdded = try MethodInputCheck.value(given.value, in: 0...(.greatestFiniteMagnitude), field: "endUses[\(index)].valueAdded")
            }
            weighted += share * valueAdded
            shareTotal += share
            largest = max(largest, valueAdded)
        }
        let reference: Double
        if equalWeights {
            reference = 1
        } else if let given = input.referenceValueAdded {
            reference = try MethodInputCheck.positive(given.value, field: "referenceValueAdded")
        } else {
            reference = try MethodInputCheck.positive(largest, field: "endUses.valueAdded (largest, as reference)")
        }
        return EUEconomicImportanceResult(
            economicImportance: 10 * weighted / reference * substitution, weightedValueAdded: weighted, referenceValueAdded: reference,
            shareTotal: shareTotal, substitutionIndex: substitution, usesEqualWeights: equalWeights,
            threshold: parameters.economicImportanceThreshold, input: input)
    }
}
