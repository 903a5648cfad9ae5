import CritMinCore
import Foundation

// The PostgreSQL schema of critmin: the tables, columns, keys and indexes of the SQLite schema (described in
// `Schema/Migrations.swift`), so that the same statements run on both, with these differences:
// - tables that SQLite reads "in the order stored" by rowid have a `rowid BIGSERIAL` column that does the same;
// - integers are BIGINT, booleans BIGINT 0/1, doubles DOUBLE PRECISION, dates TEXT as GRDB writes them;
// - text compares byte by byte (COLLATE "C"), as SQLite's does, whatever the database's locale;
// - change_generation is raised by statement-level triggers.

/// The schema migrations of a PostgreSQL store, applied in order under an advisory lock when a store connects: several
/// servers starting at once migrate once.
enum PostgresSchema {
    /// Keys of the advisory locks critmin takes (any two numbers no other application sharing the database uses).
    static let migrationLockKey = 7_263_411_001
    static let auditLockKey = 7_263_411_002

    static let migrations: [(name: String, statements: [String])] = [
        ("v5 catalogue, datasets, records, trade, access, audit, jobs", version5),
        ("v6 site records", version6),
    ]

    static func migrate(_ db: PostgresSession) throws {
        try db.execute("SELECT pg_advisory_xact_lock(\(migrationLockKey))", [])
        try db.execute("CREATE TABLE IF NOT EXISTS critmin_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", [])
        let applied = try db.strings("SELECT name FROM critmin_migrations")
        for migration in migrations where !applied.contains(migration.name) {
            for statement in migration.statements { try db.execute(statement, []) }
            try db.execute("INSERT INTO critmin_migrations (name, applied_at) VALUES (?, ?)", [migration.name, Date()])
        }
    }

    private static let text = #"TEXT COLLATE "C""#

    private static let version5: [String] =
        [
            """
            CREATE TABLE commodities (
                rowid BIGSERIAL UNIQUE,
                id \(text) PRIMARY KEY,
                name \(text) NOT NULL,
                symbol \(text),
                kind \(text) NOT NULL,
                parent \(text) REFERENCES commodities(id) DEFERRABLE INITIALLY DEFERRED,
                usgs_chapter \(text),
                hs_codes \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE commodity_aliases (
                rowid BIGSERIAL PRIMARY KEY,
                commodity \(text) NOT NULL REFERENCES commodities(id) ON DELETE CASCADE,
                alias \(text) NOT NULL,
                UNIQUE (commodity, alias)
            )
            """,
            """
            CREATE TABLE countries (
                rowid BIGSERIAL UNIQUE,
                code \(text) PRIMARY KEY,
                alpha2 \(text),
                numeric \(text),
                name \(text) NOT NULL,
                official_name \(text),
                withdrawn \(text)
            )
            """,
            """
            CREATE TABLE country_aliases (
                rowid BIGSERIAL PRIMARY KEY,
                country \(text) NOT NULL REFERENCES countries(code) ON DELETE CASCADE,
                scheme \(text) NOT NULL,
                name \(text) NOT NULL,
                UNIQUE (country, scheme, name)
            )
            """,
            """
            CREATE TABLE country_groups (
                rowid BIGSERIAL UNIQUE,
                id \(text) PRIMARY KEY,
                name \(text) NOT NULL,
                source \(text) NOT NULL,
                edited_by \(text)
            )
            """,
            """
            CREATE TABLE country_group_members (
                country_group \(text) NOT NULL REFERENCES country_groups(id) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                country \(text) NOT NULL REFERENCES countries(code) DEFERRABLE INITIALLY DEFERRED,
                PRIMARY KEY (country_group, position)
            )
            """,
            """
            CREATE TABLE citations (
                id \(text) PRIMARY KEY,
                publisher \(text) NOT NULL,
                publication \(text) NOT NULL,
                edition \(text),
                "table" \(text),
                year BIGINT,
                url \(text),
                licence \(text),
                note \(text)
            )
            """,
            """
            CREATE TABLE datasets (
                rowid BIGSERIAL UNIQUE,
                id \(text) PRIMARY KEY,
                title \(text) NOT NULL,
                kind \(text) NOT NULL,
                owner \(text) NOT NULL,
                classification \(text) NOT NULL,
                citation \(text) NOT NULL REFERENCES citations(id),
                first_imported_at \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE dataset_versions (
                id BIGSERIAL PRIMARY KEY,
                dataset \(text) NOT NULL REFERENCES datasets(id),
                version BIGINT NOT NULL,
                checksum \(text) NOT NULL,
                imported_at \(text) NOT NULL,
                imported_by \(text) NOT NULL,
                source_files \(text) NOT NULL,
                record_count BIGINT NOT NULL,
                UNIQUE (dataset, version)
            )
            """,
            """
            CREATE TABLE observations (
                rowid BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                commodity \(text) NOT NULL REFERENCES commodities(id),
                stage \(text),
                measure \(text) NOT NULL,
                area \(text) NOT NULL,
                partner \(text),
                year_start BIGINT NOT NULL,
                year_end BIGINT NOT NULL,
                label \(text),
                amount_kind \(text) NOT NULL,
                value DOUBLE PRECISION,
                value_high DOUBLE PRECISION,
                amount_text \(text),
                estimated BIGINT NOT NULL,
                unit_symbol \(text) NOT NULL,
                unit_basis \(text),
                raw \(text),
                rank BIGINT,
                note \(text),
                citation \(text) NOT NULL REFERENCES citations(id),
                source_file \(text) NOT NULL,
                source_line BIGINT NOT NULL
            )
            """,
            "CREATE INDEX observations_by_commodity ON observations (commodity, measure, area)",
            "CREATE INDEX observations_by_partner ON observations (partner)",
            "CREATE INDEX observations_by_version ON observations (dataset_version)",
            "CREATE INDEX observations_by_measure ON observations (measure, commodity)",
            """
            CREATE TABLE governance_scores (
                rowid BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                country \(text) NOT NULL REFERENCES countries(code),
                year BIGINT NOT NULL,
                dimension \(text) NOT NULL,
                estimate DOUBLE PRECISION NOT NULL,
                standard_error DOUBLE PRECISION,
                source_count BIGINT,
                percentile_rank DOUBLE PRECISION,
                percentile_rank_lower DOUBLE PRECISION,
                percentile_rank_upper DOUBLE PRECISION,
                citation \(text) NOT NULL REFERENCES citations(id),
                source_file \(text) NOT NULL,
                source_line BIGINT NOT NULL,
                UNIQUE (dataset_version, country, year, dimension)
            )
            """,
            """
            CREATE TABLE critical_lists (
                key BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                id \(text) NOT NULL,
                jurisdiction \(text) NOT NULL REFERENCES countries(code),
                title \(text) NOT NULL,
                publisher \(text) NOT NULL,
                date \(text) NOT NULL,
                reference \(text) NOT NULL,
                UNIQUE (dataset_version, id)
            )
            """,
            """
            CREATE TABLE critical_list_members (
                rowid BIGSERIAL UNIQUE,
                list BIGINT NOT NULL REFERENCES critical_lists(key) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                as_listed \(text) NOT NULL,
                commodities \(text) NOT NULL,
                PRIMARY KEY (list, position)
            )
            """,
            """
            CREATE TABLE hs_codes (
                rowid BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                code \(text) NOT NULL,
                description \(text) NOT NULL,
                parent \(text),
                section \(text),
                edition \(text) NOT NULL,
                UNIQUE (dataset_version, edition, code)
            )
            """,
            """
            CREATE TABLE trade_flows (
                rowid BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                year BIGINT NOT NULL,
                exporter \(text) NOT NULL,
                importer \(text) NOT NULL,
                hs_code \(text) NOT NULL,
                value DOUBLE PRECISION,
                quantity DOUBLE PRECISION,
                citation \(text) NOT NULL,
                source_file \(text) NOT NULL,
                source_line BIGINT NOT NULL
            )
            """,
        ] + Migrations.tradeFlowIndexes + [
            // Records are read by version in import order.
            "CREATE INDEX trade_flows_by_version ON trade_flows (dataset_version, rowid)",
            """
            CREATE TABLE trade_flow_years (
                dataset_version BIGINT PRIMARY KEY REFERENCES dataset_versions(id) ON DELETE CASCADE,
                first_year BIGINT NOT NULL,
                last_year BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE trade_codes (
                rowid BIGSERIAL PRIMARY KEY,
                dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
                reference \(text) NOT NULL,
                commodity \(text) NOT NULL REFERENCES commodities(id),
                stage \(text) NOT NULL,
                nomenclature \(text) NOT NULL,
                hs_codes \(text) NOT NULL,
                production_citation \(text) NOT NULL REFERENCES citations(id),
                citation \(text) NOT NULL REFERENCES citations(id),
                UNIQUE (dataset_version, reference)
            )
            """,
            """
            CREATE TABLE organisations (
                id \(text) PRIMARY KEY,
                name \(text) NOT NULL,
                country \(text) REFERENCES countries(code)
            )
            """,
            "INSERT INTO organisations (id, name, country) VALUES ('critmin', 'critmin (the shipped public datasets)', NULL)",
            """
            CREATE TABLE users (
                name \(text) PRIMARY KEY,
                organisation \(text) NOT NULL REFERENCES organisations(id),
                role \(text) NOT NULL,
                password_hash \(text),
                created_at \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                id \(text) PRIMARY KEY,
                "user" \(text) NOT NULL REFERENCES users(name),
                hash \(text) NOT NULL UNIQUE,
                label \(text) NOT NULL,
                created_at \(text) NOT NULL,
                expires_at \(text) NOT NULL,
                revoked_at \(text)
            )
            """,
            """
            CREATE TABLE grants (
                grantor \(text) NOT NULL REFERENCES organisations(id),
                grantee \(text) NOT NULL REFERENCES organisations(id),
                dataset \(text) NOT NULL,
                created_at \(text) NOT NULL,
                PRIMARY KEY (grantor, grantee, dataset)
            )
            """,
            """
            CREATE TABLE audit_log (
                sequence BIGINT PRIMARY KEY,
                time \(text) NOT NULL,
                actor \(text),
                organisation \(text),
                action \(text) NOT NULL,
                target \(text) NOT NULL,
                detail \(text) NOT NULL,
                request_id \(text),
                previous_hash \(text) NOT NULL,
                hash \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE audit_head (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                sequence BIGINT NOT NULL,
                hash \(text) NOT NULL
            )
            """,
            """
            CREATE TABLE change_generation (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                value BIGINT NOT NULL
            )
            """,
            "INSERT INTO change_generation (id, value) VALUES (1, 0)",
            """
            CREATE TABLE jobs (
                id \(text) PRIMARY KEY,
                kind \(text) NOT NULL,
                input \(text) NOT NULL,
                organisation \(text) NOT NULL REFERENCES organisations(id),
                submitted_by \(text) NOT NULL,
                state \(text) NOT NULL,
                progress DOUBLE PRECISION NOT NULL,
                result \(text),
                error \(text),
                worker \(text),
                attempts BIGINT NOT NULL,
                created_at \(text) NOT NULL,
                heartbeat_at \(text),
                finished_at \(text)
            )
            """,
            "CREATE INDEX jobs_by_state ON jobs (state, created_at)",
            """
            CREATE FUNCTION critmin_raise_change_generation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE change_generation SET value = value + 1 WHERE id = 1;
                RETURN NULL;
            END
            $$
            """,
        ] + generationTriggers

    private static let version6: [String] = [
        """
        CREATE TABLE site_records (
            rowid BIGSERIAL PRIMARY KEY,
            dataset_version BIGINT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
            citation \(text) NOT NULL REFERENCES citations(id),
            record_id \(text) NOT NULL,
            country \(text) NOT NULL REFERENCES countries(code),
            document \(text) NOT NULL,
            UNIQUE (dataset_version, citation, record_id)
        )
        """,
        "CREATE INDEX site_records_by_country ON site_records (country)",
        "CREATE INDEX site_records_by_version ON site_records (dataset_version, rowid)",
    ]

    /// The triggers that raise change_generation, on the tables and events SQLite's triggers watch.
    private static let generationTriggers: [String] = [
        ("datasets", "INSERT OR UPDATE"), ("dataset_versions", "INSERT OR DELETE"), ("grants", "INSERT OR DELETE"),
        ("users", "INSERT OR UPDATE OR DELETE"), ("api_tokens", "INSERT OR UPDATE OR DELETE"), ("organisations", "INSERT OR UPDATE"),
    ].map { table, events in
        "CREATE TRIGGER \(table)_generation AFTER \(events) ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION critmin_raise_change_generation()"
    }
}
