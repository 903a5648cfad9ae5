import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin lists`: every critical-mineral list in the store.
    public func lists() async throws -> Report {
        let lists = try await store.criticalLists().sorted { $0.id < $1.id }
        let rows = lists.map { list in
            [
                Cell(list.id.rawValue), Cell(list.jurisdiction.rawValue), Cell(list.date), .integer(list.members.count),
                .integer(list.commodities.count), .integer(coverage(of: list).count), Cell(list.publisher), Cell(list.reference),
            ]
        }
        let table = ReportTable(
            title: "Critical-mineral lists",
            columns: [
                Column("List"), Column("Jurisdiction"), Column("Date"), .figure("Entries"), .figure("Commodities"),
                .figure("With group members", key: "with_group_members"), Column("Publisher"), Column("Reference"),
            ],
            rows: rows,
            notes: ["'With group members' counts group entries (rare earths, platinum-group metals) as all their member elements."],
            citations: lists.map { "\($0.publisher), \($0.title), \($0.date) (\($0.reference))" })
        return Report(title: "Critical-mineral lists", tables: [table])
    }

    /// `critmin lists show ID`: the entries of one list, as written, with the commodities they stand for.
    public func list(named id: String) async throws -> Report {
        let list = try await list(CriticalListID(id))
        let rows = list.members.map { member in
            [
                .integer(member.position), Cell(member.asListed),
                Cell(member.commodities.map(\.rawValue).joined(separator: ", "), json: .array(member.commodities.map { .string($0.rawValue) })),
            ]
        }
        let table = ReportTable(
            title: "\(list.id): \(list.title)", columns: [.figure("#", key: "position"), Column("As listed"), Column("Commodities")],
            rows: rows, citations: ["\(list.publisher), \(list.title), \(list.date) (\(list.reference))"])
        return Report(
            title: "\(list.id) critical-mineral list",
            facts: [("Jurisdiction", list.jurisdiction.rawValue), ("Date", list.date), ("Entries", String(list.members.count))],
            tables: [table])
    }

    /// `critmin lists compare A B`: commodities on both lists, only on the first, only on the second.
    ///
    /// Lists are compared commodity by commodity with group entries expanded, so "Rare earth elements" on one list
    /// covers neodymium listed on its own on the other; such matches are marked "(via group)".
    public func compareLists(_ firstID: String, _ secondID: String) async throws -> Report {
        let first = try await list(CriticalListID(firstID))
        let second = try await list(CriticalListID(secondID))
        let firstCoverage = Dictionary(coverage(of: first).map { ($0.commodity, $0) }, uniquingKeysWith: { a, _ in a })
        let secondCoverage = Dictionary(coverage(of: second).map { ($0.commodity, $0) }, uniquingKeysWith: { a, _ in a })
        func entry(_ item: (commodity: CommodityID, asListed: String, viaGroup: Bool)?) -> Cell {
            guard let item else { return .empty }
            return Cell(item.asListed + (item.viaGroup ? " (via group)" : ""))
        }
        func table(_ title: String, _ ids: [CommodityID]) -> ReportTable {
            let rows = ids.map { id in
                [Cell(catalogue.commodities[id]?.name ?? id.rawValue), Cell(id.rawValue), entry(firstCoverage[id]), entry(secondCoverage[id])]
            }
            return ReportTable(
                title: "\(title) (\(ids.count))",
                columns: [
                    Column("Commodity"), Column("Id"), Column("\(first.id) entry", key: "first_entry"),
                    Column("\(second.id) entry", key: "second_entry"),
                ],
                rows: rows)
        }
        let order: (CommodityID, CommodityID) -> Bool = {
            (catalogue.commodities[$0]?.name ?? $0.rawValue) < (catalogue.commodities[$1]?.name ?? $1.rawValue)
        }
        let both = firstCoverage.keys.filter { secondCoverage[$0] != nil }.sorted(by: order)
        let onlyFirst = firstCoverage.keys.filter { secondCoverage[$0] == nil }.sorted(by: order)
        let onlySecond = secondCoverage.keys.filter { firstCoverage[$0] == nil }.sorted(by: order)
        var tables = [table("On both lists", both), table("Only on \(first.id)", onlyFirst), table("Only on \(second.id)", onlySecond)]
        tables[tables.count - 1].notes = [
            "Group entries (rare earths, platinum-group metals) are expanded to their member elements before comparing."
        ]
        tables[tables.count - 1].citations = [first, second].map { "\($0.publisher), \($0.title), \($0.date) (\($0.reference))" }
        return Report(
            title: "\(first.id) compared with \(second.id)",
            facts: [
                ("\(first.id)", "\(first.members.count) entries, \(firstCoverage.count) commodities with group members"),
                ("\(second.id)", "\(second.members.count) entries, \(secondCoverage.count) commodities with group members"),
            ],
            tables: tables)
    }
}
