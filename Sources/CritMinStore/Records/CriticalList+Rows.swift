import CritMinCore
import GRDB

extension CriticalList {
    static let insertSQL = """
        INSERT INTO critical_lists (dataset_version, id, jurisdiction, title, publisher, date, reference) VALUES (\(placeholders(7)))
        """
    static let insertMemberSQL = "INSERT INTO critical_list_members (list, position, as_listed, commodities) VALUES (?, ?, ?, ?)"

    func insertArguments(version: Int64) -> SQLArguments {
        [version, id.rawValue, jurisdiction.rawValue, title, publisher, date, reference]
    }

    /// Reads a `critical_lists` row; members are read separately.
    init(row: some SQLRow, members: [CriticalListMember]) throws {
        self.init(
            id: CriticalListID(try row.decode(String.self, forColumn: "id")),
            jurisdiction: CountryCode(try row.decode(String.self, forColumn: "jurisdiction")),
            title: try row.decode(String.self, forColumn: "title"),
            publisher: try row.decode(String.self, forColumn: "publisher"),
            date: try row.decode(String.self, forColumn: "date"),
            reference: try row.decode(String.self, forColumn: "reference"),
            members: members)
    }
}

extension CriticalListMember {
    func insertArguments(list: Int64) throws -> SQLArguments {
        [list, position, asListed, try JSONList.encode(commodities.map(\.rawValue))]
    }

    /// Reads a `critical_list_members` row.
    init(row: some SQLRow) throws {
        self.init(
            position: try row.decode(Int.self, forColumn: "position"),
            asListed: try row.decode(String.self, forColumn: "as_listed"),
            commodities: try row.decodeList(forColumn: "commodities").map(CommodityID.init))
    }
}

extension HSCode {
    static let table = RecordTable(name: "hs_codes", columns: ["dataset_version", "code", "description", "parent", "section", "edition"])
    static let selectColumns = table.columnList

    func insertArguments(version: Int64) -> SQLArguments {
        [version, code, description, parent, section, edition]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: some SQLRow) throws {
        self.init(
            code: try row.decode(String.self, forColumn: "code"),
            description: try row.decode(String.self, forColumn: "description"),
            parent: try row.decode(String?.self, forColumn: "parent"),
            section: try row.decode(String?.self, forColumn: "section"),
            edition: try row.decode(String.self, forColumn: "edition"))
    }
}
