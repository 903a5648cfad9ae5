import GRDB

// The SQLite schema of critmin.
//
// Catalogue (merged by every import, never versioned):
//   commodities             id PK, name, symbol, kind, parent → commodities (deferred), usgs_chapter, hs_codes (JSON array)
//   commodity_aliases       commodity → commodities, alias; UNIQUE(commodity, alias); rowid keeps the order aliases were added
//   countries               code PK (ISO alpha-3), alpha2, numeric, name, official_name, withdrawn
//   country_aliases         country → countries, scheme, name; UNIQUE(country, scheme, name); rowid keeps the order
//   country_groups          id PK, name, source
//   country_group_members   country_group → country_groups, position, country → countries (deferred); PK(country_group, position)
//   citations               id PK, publisher, publication, edition, "table", year, url, licence, note
//
// Datasets (each import of changed sources adds an immutable version):
//   datasets                id PK, title, kind, owner, classification, citation → citations, first_imported_at;
//                           rowid is the order datasets were first imported
//   dataset_versions        id INTEGER PK, dataset → datasets, version, checksum, imported_at, imported_by,
//                           source_files (JSON array), record_count; UNIQUE(dataset, version)
//
// Records (belong to one dataset version, deleted with it):
//   observations            dataset_version, commodity → commodities, stage, measure, area, partner (Area codes:
//                           "CAN", "WORLD", "OTHER", "group:EU"), year_start, year_end, label, the amount as
//                           amount_kind + value + value_high + amount_text (Amount.storageForm), estimated, unit_symbol,
//                           unit_basis, raw, rank, note, citation → citations, source_file, source_line;
//                           indexed on (commodity, measure, area), (partner), (dataset_version)
//   governance_scores       dataset_version, country → countries, year, dimension (WGI code), estimate, standard_error,
//                           source_count, percentile_rank, percentile_rank_lower, percentile_rank_upper,
//                           citation → citations, source_file, source_line; UNIQUE(dataset_version, country, year, dimension)
//   critical_lists          key INTEGER PK, dataset_version, id, jurisdiction → countries, title, publisher, date,
//                           reference; UNIQUE(dataset_version, id)
//   critical_list_members   list → critical_lists(key), position, as_listed, commodities (JSON array of commodity ids);
//                           PK(list, position)
//   country_groups.edited_by  who set a group's members by hand (v2); imports leave such groups alone
//   hs_codes                dataset_version, code, description, parent, section, edition; UNIQUE(dataset_version, edition, code)
//   trade_flows             dataset_version, year, exporter, importer (country codes), hs_code (six digits of the dataset's
//                           nomenclature), value (thousand USD), quantity (t), citation, source_file, source_line; indexed on
//                           (importer, hs_code, year) and (exporter, hs_code, year). Countries and citation are checked by
//                           critmin before the rows are written, not by foreign keys: three index look-ups per row would
//                           double the time a bundle of a few hundred thousand flows takes to load.
//   trade_flow_years        dataset_version (PK) → dataset_versions, first_year, last_year: the years a version's flows span
//   trade_codes             dataset_version, reference, commodity → commodities, stage, nomenclature, hs_codes (JSON array),
//                           production_citation → citations, citation → citations; UNIQUE(dataset_version, reference)
//   site_records            dataset_version, citation → citations, record_id, country → countries, document (the record
//                           as JSON, SiteRecord's Codable form); UNIQUE(dataset_version, citation, record_id); indexed on
//                           (country) (v6)
//
// Access (v5):
//   organisations           id PK (slug), name, country → countries (NULL for critmin, owner of the shipped data)
//   users                   name PK, organisation → organisations, role, password_hash (bcrypt, NULL: tokens only), created_at
//   api_tokens              id PK, user → users, hash UNIQUE (SHA-256 of the token), label, created_at, expires_at, revoked_at
//   grants                  grantor → organisations, grantee → organisations, dataset ('' for all of the grantor's),
//                           created_at; PK(grantor, grantee, dataset)
//   audit_log               sequence PK, time (ISO 8601 text as hashed), actor, organisation, action, target, detail,
//                           request_id, previous_hash, hash; never updated or deleted
//   audit_head              one row: the last sequence and hash, written with each entry, so that dropping the newest
//                           entries is detected
//   change_generation       one row: a counter that triggers raise on every change of datasets, grants, users or
//                           tokens; servers compare it to know their caches are current
//   jobs                    id PK, kind, input, organisation, submitted_by, state, progress, result, error, worker,
//                           attempts, created_at, heartbeat_at, finished_at; indexed on (state, created_at)
//
// The two deferred foreign keys are checked at commit: a batch may list a member commodity before its group, and
// critmin's own check, which runs once the catalogue is merged, reports a missing parent or member first, by name.
//
// Columns holding a Double are declared without a type: SQLite then keeps every double exactly as bound, where a
// REAL column would store -0.0 as the integer 0. Lists whose order matters are read back in rowid order, which is
// insertion order because rows are never deleted one by one.

/// The schema migrations, applied in order when a store opens; a migration never changes once released.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 catalogue", migrate: createCatalogue)
        migrator.registerMigration("v1 datasets", migrate: createDatasets)
        migrator.registerMigration("v1 records", migrate: createRecords)
        migrator.registerMigration("v2 user-set country groups", migrate: addGroupEditor)
        migrator.registerMigration("v3 trade", migrate: createTrade)
        migrator.registerMigration("v4 observations by measure, query statistics", migrate: indexMeasures)
        migrator.registerMigration("v5 access, audit, jobs", migrate: createAccess)
        migrator.registerMigration("v6 site records", migrate: createSiteRecords)
        return migrator
    }

    private static func createCatalogue(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE commodities (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    symbol TEXT,
                    kind TEXT NOT NULL,
                    parent TEXT REFERENCES commodities(id) DEFERRABLE INITIALLY DEFERRED,
                    usgs_chapter TEXT,
                    hs_codes TEXT NOT NULL
                );
                CREATE TABLE commodity_aliases (
                    commodity TEXT NOT NULL REFERENCES commodities(id) ON DELETE CASCADE,
                    alias TEXT NOT NULL,
                    UNIQUE (commodity, alias)
                );
                CREATE TABLE countries (
                    code TEXT PRIMARY KEY NOT NULL,
                    alpha2 TEXT,
                    numeric TEXT,
                    name TEXT NOT NULL,
                    official_name TEXT,
                    withdrawn TEXT
                );
                CREATE TABLE country_aliases (
                    country TEXT NOT NULL REFERENCES countries(code) ON DELETE CASCADE,
                    scheme TEXT NOT NULL,
                    name TEXT NOT NULL,
                    UNIQUE (country, scheme, name)
                );
                CREATE TABLE country_groups (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE TABLE country_group_members (
                    country_group TEXT NOT NULL REFERENCES country_groups(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    country TEXT NOT NULL REFERENCES countries(code) DEFERRABLE INITIALLY DEFERRED,
                    PRIMARY KEY (country_group, position)
                );
                CREATE TABLE citations (
                    id TEXT PRIMARY KEY NOT NULL,
                    publisher TEXT NOT NULL,
                    publication TEXT NOT NULL,
                    edition TEXT,
                    "table" TEXT,
                    year INTEGER,
                    url TEXT,
                    licence TEXT,
                    note TEXT
                );
                """)
    }

    private static func createDatasets(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE datasets (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    classification TEXT NOT NULL,
                    citation TEXT NOT NULL REFERENCES citations(id),
                    first_imported_at TEXT NOT NULL
                );
                CREATE TABLE dataset_versions (
                    id INTEGER PRIMARY KEY,
                    dataset TEXT NOT NULL REFERENCES datasets(id),
                    version INTEGER NOT NULL,
                    checksum TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    imported_by TEXT NOT NULL,
                    source_files TEXT NOT NULL,
                    record_count INTEGER NOT NULL,
                    UNIQUE (dataset, version)
                );
                """)
    }

    private static func createRecords(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE observations (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    commodity TEXT NOT NULL REFERENCES commodities(id),
                    stage TEXT,
                    measure TEXT NOT NULL,
                    area TEXT NOT NULL,
                    partner TEXT,
                    year_start INTEGER NOT NULL,
                    year_end INTEGER NOT NULL,
                    label TEXT,
                    amount_kind TEXT NOT NULL,
                    value,
                    value_high,
                    amount_text TEXT,
                    estimated INTEGER NOT NULL,
                    unit_symbol TEXT NOT NULL,
                    unit_basis TEXT,
                    raw TEXT,
                    rank INTEGER,
                    note TEXT,
                    citation TEXT NOT NULL REFERENCES citations(id),
                    source_file TEXT NOT NULL,
                    source_line INTEGER NOT NULL
                );
                CREATE INDEX observations_by_commodity ON observations (commodity, measure, area);
                CREATE INDEX observations_by_partner ON observations (partner);
                CREATE INDEX observations_by_version ON observations (dataset_version);
                CREATE TABLE governance_scores (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    country TEXT NOT NULL REFERENCES countries(code),
                    year INTEGER NOT NULL,
                    dimension TEXT NOT NULL,
                    estimate NOT NULL,
                    standard_error,
                    source_count INTEGER,
                    percentile_rank,
                    percentile_rank_lower,
                    percentile_rank_upper,
                    citation TEXT NOT NULL REFERENCES citations(id),
                    source_file TEXT NOT NULL,
                    source_line INTEGER NOT NULL,
                    UNIQUE (dataset_version, country, year, dimension)
                );
                CREATE TABLE critical_lists (
                    key INTEGER PRIMARY KEY,
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    jurisdiction TEXT NOT NULL REFERENCES countries(code),
                    title TEXT NOT NULL,
                    publisher TEXT NOT NULL,
                    date TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    UNIQUE (dataset_version, id)
                );
                CREATE TABLE critical_list_members (
                    list INTEGER NOT NULL REFERENCES critical_lists(key) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    as_listed TEXT NOT NULL,
                    commodities TEXT NOT NULL,
                    PRIMARY KEY (list, position)
                );
                CREATE TABLE hs_codes (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    description TEXT NOT NULL,
                    parent TEXT,
                    section TEXT,
                    edition TEXT NOT NULL,
                    UNIQUE (dataset_version, edition, code)
                );
                """)
    }

    /// Who last set a group's members by hand (`critmin groups set`); imports leave such groups alone.
    private static func addGroupEditor(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE country_groups ADD COLUMN edited_by TEXT")
    }

    /// Most reads ask for one measure of many commodities (every production table, every recycling rate); and table
    /// statistics for SQLite's query planner, in databases filled before imports kept them up to date.
    private static func indexMeasures(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX observations_by_measure ON observations (measure, commodity); \(sampledStatisticsSQL); ANALYZE")
    }

    /// Statistics from about a thousand rows per index: the same query plans as from every row (checked on the shipped
    /// data), at a hundredth of the time on the 356,322 trade flows (2 ms instead of 200).
    static let sampledStatisticsSQL = "PRAGMA analysis_limit = 1000"

    /// The indexes of `trade_flows`, which a large import drops and creates again (see `SQLiteStore+Apply.swift`).
    /// Part of migration "v3 trade": never to change.
    static let tradeFlowIndexes = [
        "CREATE INDEX trade_flows_by_importer ON trade_flows (importer, hs_code, year)",
        "CREATE INDEX trade_flows_by_exporter ON trade_flows (exporter, hs_code, year)",
    ]
    static let dropTradeFlowIndexes = ["DROP INDEX trade_flows_by_importer", "DROP INDEX trade_flows_by_exporter"]

    private static func createTrade(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE trade_flows (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    year INTEGER NOT NULL,
                    exporter TEXT NOT NULL,
                    importer TEXT NOT NULL,
                    hs_code TEXT NOT NULL,
                    value,
                    quantity,
                    citation TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    source_line INTEGER NOT NULL
                );
                \(tradeFlowIndexes.map { $0 + ";" }.joined(separator: "\n"))
                CREATE TABLE trade_flow_years (
                    dataset_version INTEGER PRIMARY KEY NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    first_year INTEGER NOT NULL,
                    last_year INTEGER NOT NULL
                );
                CREATE TABLE trade_codes (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    reference TEXT NOT NULL,
                    commodity TEXT NOT NULL REFERENCES commodities(id),
                    stage TEXT NOT NULL,
                    nomenclature TEXT NOT NULL,
                    hs_codes TEXT NOT NULL,
                    production_citation TEXT NOT NULL REFERENCES citations(id),
                    citation TEXT NOT NULL REFERENCES citations(id),
                    UNIQUE (dataset_version, reference)
                );
                """)
    }

    private static func createSiteRecords(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE site_records (
                    dataset_version INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                    citation TEXT NOT NULL REFERENCES citations(id),
                    record_id TEXT NOT NULL,
                    country TEXT NOT NULL REFERENCES countries(code),
                    document TEXT NOT NULL,
                    UNIQUE (dataset_version, citation, record_id)
                );
                CREATE INDEX site_records_by_country ON site_records (country);
                """)
    }

    private static func createAccess(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE organisations (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    country TEXT REFERENCES countries(code)
                );
                INSERT INTO organisations (id, name, country) VALUES ('critmin', 'critmin (the shipped public datasets)', NULL);
                CREATE TABLE users (
                    name TEXT PRIMARY KEY NOT NULL,
                    organisation TEXT NOT NULL REFERENCES organisations(id),
                    role TEXT NOT NULL,
                    password_hash TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY NOT NULL,
                    user TEXT NOT NULL REFERENCES users(name),
                    hash TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE TABLE grants (
                    grantor TEXT NOT NULL REFERENCES organisations(id),
                    grantee TEXT NOT NULL REFERENCES organisations(id),
                    dataset TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (grantor, grantee, dataset)
                );
                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY NOT NULL,
                    time TEXT NOT NULL,
                    actor TEXT,
                    organisation TEXT,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    request_id TEXT,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE audit_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    sequence INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE change_generation (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value INTEGER NOT NULL
                );
                INSERT INTO change_generation (id, value) VALUES (1, 0);
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    input TEXT NOT NULL,
                    organisation TEXT NOT NULL REFERENCES organisations(id),
                    submitted_by TEXT NOT NULL,
                    state TEXT NOT NULL,
                    progress REAL NOT NULL,
                    result TEXT,
                    error TEXT,
                    worker TEXT,
                    attempts INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    heartbeat_at TEXT,
                    finished_at TEXT
                );
                CREATE INDEX jobs_by_state ON jobs (state, created_at);
                """)
        for (table, events) in [
            ("datasets", ["INSERT", "UPDATE"]), ("dataset_versions", ["INSERT", "DELETE"]), ("grants", ["INSERT", "DELETE"]),
            ("users", ["INSERT", "UPDATE", "DELETE"]), ("api_tokens", ["INSERT", "UPDATE", "DELETE"]), ("organisations", ["INSERT", "UPDATE"]),
        ] {
            for event in events {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_generation AFTER \(event) ON \(table)
                        BEGIN UPDATE change_generation SET value = value + 1 WHERE id = 1; END
                        """)
            }
        }
    }
}
