import CritMinAnalysis
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

extension CritMinAPI {
    /// The reports the CLI prints, as JSON: the same builder, over the caller's datasets.
    var reportEndpoints: [Endpoint] {
        [
            report("/commodities", "listCommodities", "Every commodity with its group, HS codes and the lists naming it.") { builder, _ in
                try await builder.commodities()
            },
            report(
                "/commodities/{name}", "getCommodity",
                "Everything on one commodity: lists, world production and reserves, US statistics, import sources, end uses.",
                [.path("name", "Commodity id, name or alias (cobalt, columbium).")]
            ) { builder, request in try await builder.commodity(try request.path("name")) },
            report(
                "/countries/{name}", "getCountry", "One country: names, groups, governance, where it leads production, what it supplies.",
                [
                    .path("name", "ISO 3166 code or name."),
                    .query("leadingShare", "Share of world production (%) from which a producer counts as leading.",
                        schema: Schema.integer(minimum: 0, maximum: 100)),
                ]
            ) { builder, request in
                let share = try QueryParameters(request.request).number("leadingShare", in: 0...100) ?? 10
                return try await builder.country(try request.path("name"), leadingShare: share / 100)
            },
            report("/groups", "listGroups", "The country groups (allies, partners, countries of concern) and their members.") { builder, _ in
                try builder.groups(nil)
            },
            report("/groups/{id}", "getGroup", "One country group.", [.path("id", "Group id: ALLIES, CONCERN, EU, …")]) { builder, request in
                try builder.groups(try request.path("id"))
            },
            report("/lists", "listCriticalLists", "The critical-mineral lists of both countries.") { builder, _ in try await builder.lists() },
            report("/lists/{id}", "getCriticalList", "One critical-mineral list.", [.path("id", "US-2018, US-2022, CA-2021, CA-2024.")]) {
                builder, request in try await builder.list(named: try request.path("id"))
            },
            report(
                "/list-comparisons", "compareCriticalLists", "What two critical-mineral lists share and where they differ.",
                [.query("first", "A list id.", required: true), .query("second", "Another list id.", required: true)]
            ) { builder, request in
                let query = QueryParameters(request.request)
                return try await builder.compareLists(try query.required("first"), try query.required("second"))
            },
            report(
                "/sources", "getSources", "Which countries an importer relies on, per commodity; or where one supplier ranks.",
                [
                    .query("importer", "Importing country (code or name).", required: true),
                    .query("supplier", "Only commodities where this country is a listed source."),
                    .query("commodity", "One commodity."), .list,
                    .query("editions", "latest or all editions.", schema: Schema.enumeration(SourceEditions.allCases.map(\.rawValue))),
                ]
            ) { builder, request in
                let query = QueryParameters(request.request)
                let importer = try query.required("importer")
                let commodity = try query.string("commodity")
                let list = try query.string("list")
                if commodity != nil, list != nil { throw APIError.invalid("list", "give commodity or list, not both") }
                let editions = try query.choice("editions", SourceEditions.self) ?? .latest
                if let supplier = try query.string("supplier") {
                    return try await builder.supplierSources(supplier: supplier, importer: importer, commodity: commodity, list: list, editions: editions)
                }
                return try await builder.sources(importer: importer, commodity: commodity, list: list, editions: editions)
            },
            report(
                "/concentration", "getConcentration", "How concentrated world production is: HHI, top-1 and top-3 shares, most concentrated first.",
                [
                    .query("stage", "mine, refinery, secondary or processing.", schema: Schema.enumeration(Stage.allCases.map(\.rawValue))),
                    .list, .year, .query("dataset", "Production dataset id (default: the newest usgs-mcs edition)."),
                ]
            ) { builder, request in
                let query = QueryParameters(request.request)
                return try await builder.concentration(
                    stage: try query.choice("stage", Stage.self), list: try query.string("list"), year: try query.integer("year", in: 1_900...2_200),
                    dataset: try query.string("dataset"))
            },
            report(
                "/trade", "getTradeDependence", "Trade-based import dependence of any country: shares of its imports by partner and year.",
                [
                    .query("importer", "Importing country (code or name).", required: true),
                    .query("commodity", "Commodity id, name or alias.", required: true),
                    .query("years", "A year or a span, e.g. 2018-2024."),
                    .query("basis", "value (thousand USD) or quantity (t).", schema: Schema.enumeration(TradeBasis.allCases.map(\.rawValue))),
                    .allies, .concern,
                ]
            ) { builder, request in
                let query = QueryParameters(request.request)
                return try await builder.tradeDependence(
                    importer: try query.required("importer"), commodity: try query.required("commodity"), years: try query.years("years"),
                    basis: try query.choice("basis", TradeBasis.self) ?? .value, allies: try query.string("allies") ?? "ALLIES",
                    concern: try query.string("concern") ?? "CONCERN")
            },
            report(
                "/assessments", "getAssessment",
                "Where a country is most vulnerable: commodities ranked by the EU, USGS and GeoPolRisk methods, with components.",
                Self.assessmentParameters + [
                    .query("method", "eu, usgs, geopolrisk or all.", schema: Schema.enumeration(["eu", "usgs", "geopolrisk", "all"])),
                    .query("overlay", "Datasets (comma-separated) whose country production figures replace the base's: a partner's own figures."),
                ]
            ) { builder, request in
                let query = QueryParameters(request.request)
                let (economy, options) = try Self.assessmentOptions(query)
                var builder = builder
                builder.productionOverlays = try query.list("overlay")?.map(DatasetID.init) ?? []
                return try await builder.assess(economy, options: options)
            },
            report(
                "/complementarity", "getComplementarity",
                "Canada–US complementarity: what each supplies the other, and how much of non-allied imports the partner could cover.",
                [.list, .year, .allies]
            ) { builder, request in
                let query = QueryParameters(request.request)
                return try await builder.complementarity(
                    list: try query.string("list"), year: try query.integer("year", in: 1_900...2_200), allies: try query.string("allies") ?? "ALLIES")
            },
            report("/datasets-summary", "getDatasetsReport", "The datasets the caller may read, as the CLI's table.") { builder, _ in
                try await builder.datasets()
            },
            briefingEndpoint,
        ]
    }

    private static let assessmentParameters: [Endpoint.Parameter] = [
        .query("for", "USA, CAN or USA+CAN.", required: true), .list, .year, .allies, .concern,
        .query("draws", "Monte Carlo draws per score (adds p5–p95).", schema: Schema.integer(minimum: 1, maximum: 2_000)),
        .query("seed", "Seed of the draws.", schema: Schema.integer(minimum: 0, maximum: Int.max)),
    ]

    private static func assessmentOptions(_ query: QueryParameters, defaultDraws: Int? = nil) throws -> (String, AssessmentOptions) {
        let methods: [AssessmentMethod] =
            switch try query.string("method") ?? "all" {
            case "all": AssessmentMethod.allCases
            case let name: [try AssessmentMethod(rawValue: name).orThrow(APIError.invalid("method", "expected eu, usgs, geopolrisk or all", value: name))]
            }
        let options = AssessmentOptions(
            methods: methods, list: try query.string("list"), year: try query.integer("year", in: 1_900...2_200),
            allies: try query.string("allies") ?? "ALLIES", concern: try query.string("concern") ?? "CONCERN",
            draws: try query.integer("draws", in: 1...2_000) ?? defaultDraws, seed: UInt64(try query.integer("seed", in: 0...Int.max) ?? 2020))
        return (try query.required("for"), options)
    }

    private var briefingEndpoint: Endpoint {
        Endpoint(
            method: .get, path: "/api/v1/briefings", operationID: "getBriefing", tag: "reports",
            summary: "A briefing to hand on, as Markdown or HTML with charts: vulnerabilities, reliance, the partner's role, disruptions, actions.",
            parameters: Self.assessmentParameters + [.query("format", "md or html (default md).", schema: Schema.enumeration(["md", "html"]))],
            responses: [
                DocumentedResponse(
                    status: 200, description: "The briefing.", content: [("text/markdown", Schema.string), ("text/html", Schema.string)],
                    headers: ["ETag"]),
                DocumentedResponse(status: 304, description: "The briefing is unchanged since the ETag sent.", content: []),
            ],
            access: .anyone
        ) { [self] request, context in
            let query = QueryParameters(request)
            let html = try query.choice("format", BriefFormat.self) == .html
            let (economy, options) = try Self.assessmentOptions(query, defaultDraws: 1_000)
            return try await cachedRead(request, context, contentType: html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8") { store in
                let builder = try await ReportBuilder(store: store)
                let scenarios = BriefingScenarios(
                    scenarios: try ShippedScenarios.scenarios(catalogue: builder.catalogue),
                    candidates: try ShippedScenarios.interventions(catalogue: builder.catalogue), draws: options.draws ?? 1_000, seed: options.seed)
                let briefing = try await builder.briefing(economy, options: options, scenarios: scenarios)
                return html ? briefing.html() : briefing.markdown()
            }
        }
    }

    /// A GET route answering with a report built over the caller's datasets, cached and ETagged.
    private func report(
        _ path: String, _ operationID: String, _ summary: String, _ parameters: [Endpoint.Parameter] = [],
        _ build: @escaping @Sendable (ReportBuilder, RequestInput) async throws -> Report
    ) -> Endpoint {
        Endpoint(
            method: .get, path: "/api/v1" + path, operationID: operationID, tag: "reports", summary: summary, parameters: parameters,
            responses: [
                .json(200, "The report: title, facts, and tables whose rows are objects keyed by column, each with its citations.",
                    Schema.ref("Report"), headers: ["ETag"]),
                DocumentedResponse(status: 304, description: "The report is unchanged since the ETag sent.", content: []),
            ],
            access: .anyone
        ) { [self] request, context in
            try await cachedRead(request, context) { store in
                try await build(ReportBuilder(store: store), RequestInput(request: request, context: context)).jsonValue.rendered
            }
        }
    }
}

/// What a report's builder closure reads of the request.
struct RequestInput: Sendable {
    var request: Request
    var context: APIRequestContext

    func path(_ name: String) throws -> String { try context.pathParameter(name) }
}

enum BriefFormat: String, CaseIterable {
    case md, html
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}

extension Report {
    static let schema = Schema.object(
        [
            ("title", Schema.string),
            ("facts", .object([("type", .string("object")), ("additionalProperties", Schema.string)])),
            (
                "tables",
                Schema.array(
                    Schema.object(
                        [
                            ("title", Schema.string), ("rows", Schema.array(.object([("type", .string("object"))]))),
                            ("notes", Schema.array(Schema.string)), ("citations", Schema.array(Schema.string)),
                        ], required: ["title", "rows", "notes", "citations"]))
            ),
        ], required: ["title", "facts", "tables"])
}
