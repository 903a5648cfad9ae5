import CritMinCore
import GRDB

// Catalogue entries are upserted: a batch's entry replaces the stored fields, while aliases only accumulate
// (a source that stops using a name does not make older data unresolvable).

extension Commodity {
    static let upsertSQL = """
        INSERT INTO commodities (id, name, symbol, kind, parent, usgs_chapter, hs_codes) VALUES (\(placeholders(7)))
        ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, symbol = excluded.symbol, kind = excluded.kind, parent = excluded.parent,
            usgs_chapter = excluded.usgs_chapter, hs_codes = excluded.hs_codes
        """
    static let insertAliasSQL = "INSERT INTO commodity_aliases (commodity, alias) VALUES (?, ?) ON CONFLICT DO NOTHING"

    func upsertArguments() throws -> SQLArguments {
        [id.rawValue, name, symbol, kind.rawValue, parent?.rawValue, usgsChapter, try JSONList.encode(hsCodes)]
    }

    /// Reads a `commodities` row; aliases are read separately.
    init(row: some SQLRow, aliases: [String]) throws {
        self.init(
            id: CommodityID(try row.decode(String.self, forColumn: "id")),
            name: try row.decode(String.self, forColumn: "name"),
            symbol: try row.decode(String?.self, forColumn: "symbol"),
            kind: try row.decodeCase(CommodityKind.self, forColumn: "kind"),
            parent: try row.decode(String?.self, forColumn: "parent").map(CommodityID.init),
            aliases: aliases,
            hsCodes: try row.decodeList(forColumn: "hs_codes"),
            usgsChapter: try row.decode(String?.self, forColumn: "usgs_chapter"))
    }
}

extension Country {
    static let upsertSQL = """
        INSERT INTO countries (code, alpha2, numeric, name, official_name, withdrawn) VALUES (\(placeholders(6)))
        ON CONFLICT (code) DO UPDATE SET
            alpha2 = excluded.alpha2, numeric = excluded.numeric, name = excluded.name, official_name = excluded.official_name,
            withdrawn = excluded.withdrawn
        """
    static let insertAliasSQL = "INSERT INTO country_aliases (country, scheme, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"

    func upsertArguments() -> SQLArguments {
        [code.rawValue, alpha2, numeric, name, officialName, withdrawn]
    }

    /// Reads a `countries` row; aliases are read separately.
    init(row: some SQLRow, aliases: [CountryAlias]) throws {
        self.init(
            code: CountryCode(try row.decode(String.self, forColumn: "code")),
            alpha2: try row.decode(String?.self, forColumn: "alpha2"),
            numeric: try row.decode(String?.self, forColumn: "numeric"),
            name: try row.decode(String.self, forColumn: "name"),
            officialName: try row.decode(String?.self, forColumn: "official_name"),
            withdrawn: try row.decode(String?.self, forColumn: "withdrawn"),
            aliases: aliases)
    }
}

extension CountryGroup {
    static let upsertSQL = """
        INSERT INTO country_groups (id, name, source) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source = excluded.source WHERE country_groups.edited_by IS NULL
        """
    static let deleteMembersSQL = "DELETE FROM country_group_members WHERE country_group = ?"
    static let insertMemberSQL = "INSERT INTO country_group_members (country_group, position, country) VALUES (?, ?, ?)"
}

extension Citation {
    static let upsertSQL = """
        INSERT INTO citations (id, publisher, publication, edition, "table", year, url, licence, note) VALUES (\(placeholders(9)))
        ON CONFLICT (id) DO UPDATE SET
            publisher = excluded.publisher, publication = excluded.publication, edition = excluded.edition, "table" = excluded."table",
            year = excluded.year, url = excluded.url, licence = excluded.licence, note = excluded.note
        """
    static let selectColumns = #"id, publisher, publication, edition, "table", year, url, licence, note"#

    func upsertArguments() -> SQLArguments {
        [id.rawValue, publisher, publication, edition, table, year, url, licence, note]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: some SQLRow) throws {
        self.init(
            id: CitationID(try row.decode(String.self, forColumn: "id")),
            publisher: try row.decode(String.self, forColumn: "publisher"),
            publication: try row.decode(String.self, forColumn: "publication"),
            edition: try row.decode(String?.self, forColumn: "edition"),
            table: try row.decode(String?.self, forColumn: "table"),
            year: try row.decode(Int?.self, forColumn: "year"),
            url: try row.decode(String?.self, forColumn: "url"),
            licence: try row.decode(String?.self, forColumn: "licence"),
            note: try row.decode(String?.self, forColumn: "note"))
    }
}
