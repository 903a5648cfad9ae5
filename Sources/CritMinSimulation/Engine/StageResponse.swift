/// Solves a stage's month exactly once the first round of the cascade has drawn on the buffers and rationed spare
/// capacity (docs/METHODS.md, "Solving a month exactly"): the rounds that follow converge to the fixed point
/// `Q = q + W'ᵀ p(Q)` of cumulative shortfall received, where `p` is each country's pass-through, piecewise linear in
/// what it received. Guessing which piece each country ends on makes the system linear; it is solved through the inverse
/// of the network's base system with a low-rank correction for the countries off their base piece, and the guess is
/// corrected until every country's line gives its pass-through at the solution.
///
/// Only exporters pass shortfall on, so the system is solved over them alone; what reaches a country that exports
/// nothing is then what it held plus its suppliers' pass-through along their flows. Monte Carlo runs use it: one inverse
/// per stage serves every draw, and a month costs a few dense passes over the exporters instead of rounds over every
/// flow. When the guess does not settle or the correction grows too large, the caller runs the rounds instead.
struct StageResponse: Sendable {
    /// The piece of an exporter's pass-through `p(U)`, with `U` the shortfall left after buffers: the base network's line
    /// (what ``inverse`` assumes), nothing passed (no shortfall left, or no exports left), `(1 − c)·U` while consumption
    /// absorbs its share, `U − C` once consumption `C` is exhausted, or the exports `E` once they are.
    enum Piece: UInt8 {
        case base, dry, cutting, capped, exportCapped
    }

    let countryCount: Int
    let cutFraction: Double
    /// The countries that export in the base network, in country order; an exporter's position here numbers it below.
    let exporters: [Int]
    /// Each country's position in ``exporters``; −1 for a country that exports nothing.
    let position: [Int]
    /// Slope of pass-through in the undisrupted network, by exporter: 1 − c, or 1 for one that consumes nothing.
    let baseSlope: [Double]
    /// `G₀ = (I − Σᵢ σ⁰ᵢ wᵢ eᵢᵀ)⁻¹` over the exporters, with `wᵢ` exporter i's shares of its exports by importing
    /// exporter; column-major, entry (j, i) at `i·m + j`. Non-negative, zero where no chain of exports leads from i to j.
    let inverse: [Double]
    /// Each exporter's flows to countries that export nothing, where what it passes on ends:
    /// `endingFlows[endingStart[i] ..< endingStart[i + 1]]`.
    let endingStart: [Int]
    let endingFlows: [Int]

    /// The most exporters allowed off their base piece: beyond it the correction costs more than the rounds.
    static let maximumCorrections = 64
    static let maximumGuesses = 24

    /// Inverts the base system by Gauss–Jordan elimination without pivoting (the matrix is a column-diagonally-dominant
    /// M-matrix, so its pivots are positive and its zeros stay exact); `nil` when a pivot all but vanishes (a closed
    /// ring of countries that pass on everything), where the rounds must be run.
    init?(stage: CompiledStage, cutFraction: Double) {
        let n = stage.production.count
        countryCount = n
        self.cutFraction = cutFraction
        let exporters = (0..<n).filter { stage.exports[$0] > 0 }
        var position = [Int](repeating: -1, count: n)
        for (number, country) in exporters.enumerated() { position[country] = number }
        let baseSlope = exporters.map { country in stage.consumption[country] == 0 && cutFraction > 0 ? 1 : 1 - cutFraction }
        let m = exporters.count
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 0..<m { matrix[i * m + i] = 1 }
        for (i, exporter) in exporters.enumerated() where baseSlope[i] > 0 {
            let scale = baseSlope[i] / stage.exports[exporter]
            for flow in stage.flows(of: exporter) where position[stage.flowImporter[flow]] >= 0 {
                matrix[i * m + position[stage.flowImporter[flow]]] -= scale * stage.flowQuantity[flow]
            }
        }
        guard matrix.withUnsafeMutableBufferPointer({ Self.invertInPlace($0, n: m) }) else { return nil }
        self.exporters = exporters
        self.position = position
        self.baseSlope = baseSlope
        inverse = matrix
        var start = [0]
        var ending: [Int] = []
        for exporter in exporters {
            ending += stage.flows(of: exporter).filter { position[stage.flowImporter[$0]] < 0 }
            start.append(ending.count)
        }
        endingStart = start
        endingFlows = ending
    }

    private static func invertInPlace(_ a: UnsafeMutableBufferPointer<Double>, n: Int) -> Bool {
        for k in 0..<n {
            let pivot = a[k * n + k]
            guard pivot > 1e-9 else { return false }
            let reciprocal = 1 / pivot
            for j in 0..<n { a[j * n + k] *= reciprocal }
            a[k * n + k] = reciprocal
            let pivotColumn = k * n
            for j in 0..<n where j != k {
                let factor = a[j * n + k]
                guard factor != 0 else { continue }
                let column = j * n
                for i in 0..<k { a[column + i] -= a[pivotColumn + i] * factor }
                for i in (k + 1)..<n { a[column + i] -= a[pivotColumn + i] * factor }
            }
            for i in 0..<n where i != k { a[pivotColumn + i] *= -reciprocal }
        }
        return true
    }

    /// One stage-month after the first round, in the cascade's own storage, by country.
    struct Month {
        /// Shortfall each country still holds after the first round's buffers and spare capacity (`q`).
        var pending: UnsafeBufferPointer<Double>
        /// The countries that held shortfall in the first round; those with `pending > 0` still do.
        var holders: [Int]
        /// What each country's buffers can still absorb: industry stocks, the stockpile's release room, recycling and
        /// substitution; and the countries where that is more than zero.
        var buffers: UnsafeBufferPointer<Double>
        var bufferHolders: [Int]
        var exportsLeft: UnsafeBufferPointer<Double>
        /// Consumption with this month's demand surge.
        var consumption: UnsafeBufferPointer<Double>
        /// Exporters whose flows a restriction cut unevenly, so that their shares differ from the base network's.
        var reshaped: [Int]
        var flowLeft: UnsafeBufferPointer<Double>
        /// Gaps below this, in the stage's unit, are rounding.
        var tolerance: Double
    }

    /// Scratch space reused from month to month, with the last month's pieces (the next month's first guess) and the
    /// last factorization (reused while the same exporters are corrected on the same slopes).
    struct Workspace {
        /// The vectors by country and by exporter, in unsafe buffers: the solver writes them element by element, and
        /// arrays would pay a uniqueness and a bounds check on every write.
        private final class Buffers {
            let received, direct, solution, exporterBuffer, exporterExports, exporterConsumption: UnsafeMutableBufferPointer<Double>
            let isListed, isReshaped, isCorrected: UnsafeMutableBufferPointer<Bool>
            let piece: UnsafeMutableBufferPointer<Piece>

            init(countryCount n: Int, exporterCount m: Int) {
                received = .filled(0, n)
                isListed = .filled(false, n)
                direct = .filled(0, m)
                solution = .filled(0, m)
                exporterBuffer = .filled(0, m)
                exporterExports = .filled(0, m)
                exporterConsumption = .filled(0, m)
                piece = .filled(.base, m)
                isReshaped = .filled(false, m)
                isCorrected = .filled(false, m)
            }

            deinit {
                for buffer in [received, direct, solution, exporterBuffer, exporterExports, exporterConsumption] { buffer.deallocate() }
                for buffer in [isListed, isReshaped, isCorrected] { buffer.deallocate() }
                piece.deallocate()
            }
        }

        private let buffers: Buffers
        /// Q by country, every country's shortfall received, first round included; zero outside ``listed``.
        var received: UnsafeMutableBufferPointer<Double> { buffers.received }
        /// The countries with an entry in ``received``.
        private(set) var listed: [Int] = []
        fileprivate var isListed: UnsafeMutableBufferPointer<Bool> { buffers.isListed }
        // By exporter:
        /// `G₀q`.
        fileprivate var direct: UnsafeMutableBufferPointer<Double> { buffers.direct }
        /// Q over the exporters, for the current guess.
        fileprivate var solution: UnsafeMutableBufferPointer<Double> { buffers.solution }
        fileprivate var piece: UnsafeMutableBufferPointer<Piece> { buffers.piece }
        /// The month's buffers, exports left and consumption by exporter, gathered once per month.
        fileprivate var exporterMonth: ExporterMonth {
            ExporterMonth(buffer: buffers.exporterBuffer, exports: buffers.exporterExports, consumption: buffers.exporterConsumption)
        }
        fileprivate var isReshaped: UnsafeMutableBufferPointer<Bool> { buffers.isReshaped }
        fileprivate var isCorrected: UnsafeMutableBufferPointer<Bool> { buffers.isCorrected }
        /// The exporters whose piece is not the base line.
        fileprivate var offBase: [Int] = []
        fileprivate var corrected: [Int] = []
        fileprivate var slopes: [Double] = []
        fileprivate var intercepts: [Double] = []
        /// By corrected exporter: whether its column is spelled out, and the spelled-out columns.
        fileprivate var isExplicit: [Bool] = []
        fileprivate var explicitColumns: [Double] = []
        fileprivate var factoredExporters: [Int] = []
        fileprivate var factoredSlopes: [Double] = []
        fileprivate var factorization: [Double] = []
        fileprivate var pivots: [Int] = []
        fileprivate var isFactored = false
        fileprivate var unknowns: [Double] = []
        /// Whether the pieces of the last month solved are the next month's first guess.
        var hasGuess = false

        /// Scratch space for `response`'s months; none needed without one.
        init(for response: StageResponse?) {
            buffers = Buffers(countryCount: response?.countryCount ?? 0, exporterCount: response?.exporters.count ?? 0)
        }

        fileprivate mutating func clearReceived() {
            for country in listed {
                received[country] = 0
                isListed[country] = false
            }
            listed.removeAll(keepingCapacity: true)
        }

        fileprivate mutating func addReceived(_ quantity: Double, at country: Int) {
            if !isListed[country] {
                isListed[country] = true
                listed.append(country)
            }
            received[country] += quantity
        }
    }

    /// A month's inputs of the pieces, by exporter.
    fileprivate struct ExporterMonth {
        /// What the buffers can still absorb (`B'`), the exports left (`E`), consumption with the surge (`C`).
        let buffer, exports, consumption: UnsafeMutableBufferPointer<Double>
    }

    /// Each country's cumulative shortfall received, first round included, in `workspace.received`; false when the
    /// pieces do not settle or need too large a correction.
    func solve(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let m = exporters.count
        for exporter in month.reshaped where position[exporter] >= 0 { w.isReshaped[position[exporter]] = true }
        defer { for exporter in month.reshaped where position[exporter] >= 0 { w.isReshaped[position[exporter]] = false } }
        let inputs = w.exporterMonth
        for (i, country) in exporters.enumerated() {
            inputs.buffer[i] = month.buffers[country]
            inputs.exports[i] = month.exportsLeft[country]
            inputs.consumption[i] = month.consumption[country]
        }
        w.direct.update(repeating: 0)
        inverse.withUnsafeBufferPointer { inverse in
            for holder in month.holders where month.pending[holder] > 0 && position[holder] >= 0 {
                Self.add(month.pending[holder], times: inverse.baseAddress! + position[holder] * m, to: w.direct.baseAddress!, count: m)
            }
        }
        // First guess: last month's pieces; else the base line, except that buffers hold what they held after the
        // first round.
        if !w.hasGuess {
            for i in w.offBase { w.piece[i] = .base }
            w.offBase.removeAll(keepingCapacity: true)
            for country in month.bufferHolders where position[country] >= 0 {
                w.offBase.append(position[country])
                w.piece[position[country]] = .dry
            }
        }
        w.hasGuess = false
        for _ in 0..<Self.maximumGuesses {
            guard solveGuess(month, stage: stage, workspace: &w) else { return false }
            // The guess holds when every exporter's line gives its pass-through at the solution.
            var settled = true
            for i in 0..<m where !check(i, inputs, tolerance: month.tolerance, workspace: &w) { settled = false }
            if settled {
                w.hasGuess = true
                spread(month, stage: stage, workspace: &w)
                return true
            }
        }
        return false
    }

    /// Fills `workspace.received`: the exporters' solution, and for the other countries what they held plus what the
    /// exporters pass on to them along their flows left.
    private func spread(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) {
        let m = exporters.count
        w.clearReceived()
        for (i, exporter) in exporters.enumerated() where w.solution[i] != 0 || month.pending[exporter] > 0 {
            w.addReceived(w.solution[i], at: exporter)
        }
        for holder in month.holders where month.pending[holder] > 0 && position[holder] < 0 { w.addReceived(month.pending[holder], at: holder) }
        let inputs = w.exporterMonth
        for i in 0..<m where endingStart[i] < endingStart[i + 1] {
            let passed = passThrough(excess: w.solution[i] - inputs.buffer[i], i, inputs)
            guard passed > 0 else { continue }
            let share = passed / inputs.exports[i]
            for flow in endingFlows[endingStart[i]..<endingStart[i + 1]] where month.flowLeft[flow] > 0 {
                w.addReceived(share * month.flowLeft[flow], at: stage.flowImporter[flow])
            }
        }
    }

    /// Whether exporter `i`'s line gives its pass-through at the solution; if not, moves it to the piece it is on.
    private func check(_ i: Int, _ inputs: ExporterMonth, tolerance: Double, workspace w: inout Workspace) -> Bool {
        let received = w.solution[i]
        let excess = received - inputs.buffer[i]
        let actual = passThrough(excess: excess, i, inputs)
        let (slope, intercept) = line(w.piece[i], i, inputs)
        guard abs(slope * received + intercept - actual) > tolerance else { return true }
        var next = piece(excess: excess, i, inputs)
        // A piece whose line is the base line needs no correction (an exporter cutting consumption, one consuming
        // nothing that passes on all), unless a restriction changed its shares.
        if !w.isReshaped[i] && line(next, i, inputs) == line(.base, i, inputs) { next = .base }
        if w.piece[i] == .base { w.offBase.append(i) }
        w.piece[i] = next
        return false
    }

    /// Pass-through of exporter `i` on a piece as `slope · Q + intercept`.
    private func line(_ piece: Piece, _ i: Int, _ inputs: ExporterMonth) -> (slope: Double, intercept: Double) {
        switch piece {
        case .base: return (baseSlope[i], -baseSlope[i] * inputs.buffer[i])
        case .dry: return (0, 0)
        case .cutting: return (1 - cutFraction, -(1 - cutFraction) * inputs.buffer[i])
        case .capped: return (1, -(inputs.buffer[i] + inputs.consumption[i]))
        case .exportCapped: return (0, inputs.exports[i])
        }
    }

    /// The piece `excess` (shortfall exporter `i` received beyond its buffers) lies on; never the base line.
    private func piece(excess: Double, _ i: Int, _ inputs: ExporterMonth) -> Piece {
        let exports = inputs.exports[i]
        guard exports > 0, excess > 0 else { return .dry }
        let consumption = inputs.consumption[i]
        if excess - min(cutFraction * excess, consumption) >= exports { return .exportCapped }
        return cutFraction * excess >= consumption ? .capped : .cutting
    }

    /// `p(U)`: what the rounds pass on of `excess` at exporter `i`, as ``StageCascade`` computes it.
    private func passThrough(excess: Double, _ i: Int, _ inputs: ExporterMonth) -> Double {
        let exports = inputs.exports[i]
        guard exports > 0, excess > 0 else { return 0 }
        return min(excess - min(cutFraction * excess, inputs.consumption[i]), exports)
    }

    /// Solves the linear system of the current pieces into `workspace.solution`.
    ///
    /// With `bᵢ = G₀eᵢ − eᵢ = σ⁰ᵢ G₀wᵢ`, an exporter on its base line contributes its intercept `−σ⁰ᵢB'ᵢ` as `−B'ᵢbᵢ`,
    /// so `y = G₀q − Σ B'ᵢbᵢ` over them. A corrected exporter i (slope σᵢ, intercept τᵢ) adds `(τᵢ/σ⁰ᵢ)bᵢ` to y and the
    /// column `(σᵢ/σ⁰ᵢ − 1)bᵢ` to the low-rank change (spelled out when it cannot be scaled), and Woodbury's identity
    /// gives `Q = y + Z(I − Z_K)⁻¹y_K`.
    private func solveGuess(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let m = exporters.count
        for i in w.corrected { w.isCorrected[i] = false }
        w.corrected.removeAll(keepingCapacity: true)
        let piece = w.piece
        w.offBase.removeAll { piece[$0] == .base }
        w.corrected.append(contentsOf: w.offBase)
        // An exporter with exports left whose shares a restriction changed is corrected whatever its piece.
        for exporter in month.reshaped where position[exporter] >= 0 && month.exportsLeft[exporter] > 0 {
            if w.piece[position[exporter]] == .base { w.corrected.append(position[exporter]) }
        }
        w.corrected.sort()
        w.slopes.removeAll(keepingCapacity: true)
        w.intercepts.removeAll(keepingCapacity: true)
        w.isExplicit.removeAll(keepingCapacity: true)
        let inputs = w.exporterMonth
        for i in w.corrected {
            let (slope, intercept) = line(w.piece[i], i, inputs)
            w.slopes.append(slope)
            w.intercepts.append(intercept)
            w.isCorrected[i] = true
            // Its column is spelled out when it cannot be scaled from the inverse's: its shares differ from the base
            // network's, or its base line passes nothing (a consumption cut of 1).
            w.isExplicit.append((w.isReshaped[i] || baseSlope[i] == 0) && inputs.exports[i] > 0)
        }
        let k = w.corrected.count
        guard k <= Self.maximumCorrections else { return false }
        // Spelled-out columns follow the month's flows, so their factorization is not kept.
        let anyExplicit = w.isExplicit.contains(true)
        if anyExplicit || !w.isFactored || w.factoredExporters != w.corrected || w.factoredSlopes != w.slopes {
            guard factor(month, stage: stage, workspace: &w) else { return false }
            w.isFactored = !anyExplicit
        }
        let y = w.solution
        _ = y.update(fromContentsOf: w.direct)
        for country in month.bufferHolders where position[country] >= 0 {
            let i = position[country]
            if baseSlope[i] > 0 && !w.isCorrected[i] { addBaseColumn(-month.buffers[country], of: i, to: y) }
        }
        for (place, i) in w.corrected.enumerated() where w.intercepts[place] != 0 && w.isExplicit[place] {
            addSharesImage(of: exporters[i], month: month, stage: stage, scale: w.intercepts[place], to: y)
        }
        // The other corrected exporters' intercept columns are needed at the corrected rows only before the solve;
        // over all exporters they are added together with the correction, one pass per column.
        if w.unknowns.count < k { w.unknowns = [Double](repeating: 0, count: k) }
        w.unknowns.withUnsafeMutableBufferPointer { unknowns in
            for (place, i) in w.corrected.enumerated() { unknowns[place] = y[i] }
            inverse.withUnsafeBufferPointer { inverse in
                for (place, i) in w.corrected.enumerated() where w.intercepts[place] != 0 && !w.isExplicit[place] {
                    let factor = w.intercepts[place] / baseSlope[i]
                    let column = i * m
                    for (row, j) in w.corrected.enumerated() { unknowns[row] += factor * inverse[column + j] }
                    unknowns[place] -= factor
                }
            }
            w.factorization.withUnsafeBufferPointer { lu in Self.solveFactored(lu, pivots: w.pivots, k: k, rightHandSide: unknowns) }
        }
        w.explicitColumns.withUnsafeBufferPointer { columns in
            for (place, i) in w.corrected.enumerated() {
                let z = w.unknowns[place]
                if w.isExplicit[place] {
                    if z != 0 { Self.add(z, times: columns.baseAddress! + place * m, to: y.baseAddress!, count: m) }
                    continue
                }
                var coefficient = w.intercepts[place] != 0 ? w.intercepts[place] / baseSlope[i] : 0
                if baseSlope[i] > 0 { coefficient += (w.slopes[place] / baseSlope[i] - 1) * z }
                if coefficient != 0 { addBaseColumn(coefficient, of: i, to: y) }
            }
        }
        return true
    }

    /// `vector += factor · bᵢ`, with `bᵢ = G₀eᵢ − eᵢ`.
    private func addBaseColumn(_ factor: Double, of i: Int, to vector: UnsafeMutableBufferPointer<Double>) {
        let m = exporters.count
        inverse.withUnsafeBufferPointer { Self.add(factor, times: $0.baseAddress! + i * m, to: vector.baseAddress!, count: m) }
        vector[i] -= factor
    }

    /// Factors `I − Z_K` for the corrected exporters, spelling out the columns that need it.
    private func factor(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let m = exporters.count
        let k = w.corrected.count
        w.factoredExporters = w.corrected
        w.factoredSlopes = w.slopes
        let explicit = w.isExplicit
        var columns: [Double] = []
        var lu: [Double] = []
        var pivots: [Int] = []
        swap(&columns, &w.explicitColumns)
        swap(&lu, &w.factorization)
        swap(&pivots, &w.pivots)
        defer {
            swap(&columns, &w.explicitColumns)
            swap(&lu, &w.factorization)
            swap(&pivots, &w.pivots)
        }
        if columns.count < m * k { columns = [Double](repeating: 0, count: m * k) }
        if lu.count < k * k { lu = [Double](repeating: 0, count: k * k) }
        if pivots.count < k { pivots = [Int](repeating: 0, count: k) }
        let factored = columns.withUnsafeMutableBufferPointer { columns in
            for (place, i) in w.corrected.enumerated() where explicit[place] {
                // σᵢG₀w'ᵢ − bᵢ
                let column = UnsafeMutableBufferPointer(rebasing: columns[(place * m)..<((place + 1) * m)])
                column.update(repeating: 0)
                addSharesImage(of: exporters[i], month: month, stage: stage, scale: w.slopes[place], to: column)
                if baseSlope[i] > 0 { addBaseColumn(-1, of: i, to: column) }
            }
            return lu.withUnsafeMutableBufferPointer { a in
                inverse.withUnsafeBufferPointer { inverse in
                    for (place, i) in w.corrected.enumerated() {
                        let entries = a.baseAddress! + place * k
                        if explicit[place] {
                            for (row, j) in w.corrected.enumerated() { entries[row] = (row == place ? 1 : 0) - columns[place * m + j] }
                            continue
                        }
                        let scale = baseSlope[i] > 0 ? w.slopes[place] / baseSlope[i] - 1 : 0
                        let column = inverse.baseAddress! + i * m
                        for (row, j) in w.corrected.enumerated() { entries[row] = 0 - scale * column[j] }
                        entries[place] = 1 - scale * (column[i] - 1)
                    }
                }
                return pivots.withUnsafeMutableBufferPointer { Self.factorInPlace(a, k: k, pivots: $0) }
            }
        }
        w.isFactored = factored
        return factored
    }

    /// `vector += scale · G₀w'ᵢ` over the exporters, for an exporter whose current shares are its flows left over its
    /// exports left (flows to countries that export nothing end there).
    private func addSharesImage(
        of exporter: Int, month: Month, stage: CompiledStage, scale: Double, to vector: UnsafeMutableBufferPointer<Double>
    ) {
        let exports = month.exportsLeft[exporter]
        guard exports > 0, scale != 0 else { return }
        let m = exporters.count
        inverse.withUnsafeBufferPointer { inverse in
            for flow in stage.flows(of: exporter) where month.flowLeft[flow] > 0 && position[stage.flowImporter[flow]] >= 0 {
                let j = position[stage.flowImporter[flow]]
                Self.add(scale * month.flowLeft[flow] / exports, times: inverse.baseAddress! + j * m, to: vector.baseAddress!, count: m)
            }
        }
    }

    /// `target[j] += factor · source[j]` for j < count, four entries at a time (the same sums as one at a time).
    fileprivate static func add(_ factor: Double, times source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        let factors = SIMD4<Double>(repeating: factor)
        let stride = MemoryLayout<SIMD4<Double>>.stride
        var offset = 0
        for _ in 0..<(count / 4) {
            let sum =
                to.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) + factors
                * from.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            to.storeBytes(of: sum, toByteOffset: offset, as: SIMD4<Double>.self)
            offset += stride
        }
        for j in (count - count % 4)..<count { target[j] += factor * source[j] }
    }

    /// LU factorization with partial pivoting of the k×k column-major matrix, in place; false when it is singular to
    /// working precision.
    private static func factorInPlace(_ a: UnsafeMutableBufferPointer<Double>, k: Int, pivots: UnsafeMutableBufferPointer<Int>) -> Bool {
        for column in 0..<k {
            var pivotRow = column
            var largest = abs(a[column * k + column])
            for row in (column + 1)..<k where abs(a[column * k + row]) > largest {
                largest = abs(a[column * k + row])
                pivotRow = row
            }
            guard largest > 1e-12 else { return false }
            pivots[column] = pivotRow
            if pivotRow != column {
                for j in 0..<k { a.swapAt(j * k + column, j * k + pivotRow) }
            }
            let reciprocal = 1 / a[column * k + column]
            for row in (column + 1)..<k { a[column * k + row] *= reciprocal }
            let below = k - column - 1
            for j in (column + 1)..<k {
                let factor = a[j * k + column]
                guard factor != 0 else { continue }
                // Column j below the pivot −= factor · the multipliers below it.
                add(-factor, times: a.baseAddress! + column * k + column + 1, to: a.baseAddress! + j * k + column + 1, count: below)
            }
        }
        return true
    }

    /// Solves `LU x = b` in place with the factorization of ``factorInPlace(_:k:pivots:)``.
    private static func solveFactored(_ lu: UnsafeBufferPointer<Double>, pivots: [Int], k: Int, rightHandSide b: UnsafeMutableBufferPointer<Double>) {
        for column in 0..<k where pivots[column] != column { b.swapAt(column, pivots[column]) }
        for column in 0..<k {
            let value = b[column]
            guard value != 0 else { continue }
            for row in (column + 1)..<k { b[row] -= lu[column * k + row] * value }
        }
        for row in stride(from: k - 1, through: 0, by: -1) {
            b[row] /= lu[row * k + row]
            let value = b[row]
            guard value != 0 else { continue }
            for above in 0..<row { b[above] -= lu[row * k + above] * value }
        }
    }
}
