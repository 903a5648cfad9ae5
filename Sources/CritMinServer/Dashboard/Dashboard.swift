import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation
import CritMinStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt

/// The web dashboard: pages rendered on the server from the same report builder as the CLI and the API, over the
/// caller's datasets, with SVG charts from the briefing's chart kit and no JavaScript.
///
/// A page's document is cached like an API read (by data generation, reader scope and URL, non-public reads audited on
/// every hit); the frame around it (who is signed in, form tokens) is rendered for each request.
final class Dashboard: Sendable {
    let api: CritMinAPI
    let views: DashboardViews
    let map: WorldMap
    /// The assessments and scenarios every page shares, per data generation and reader scope.
    private let shared = GenerationCache<SharedData>()

    struct SharedData: Sendable {
        /// A builder with the scope's catalogue and versions, for the generation.
        var builder: ReportBuilder
        var assessments: DashboardAssessments
        var partnerRoles: [PartnerRole]
        var scenarios: [ShippedScenario]
        /// What computing them read, noted in each page's read log so that its audit counts them.
        var datasets: Set<DatasetID>
    }

    init(api: CritMinAPI) throws {
        self.api = api
        views = try DashboardViews()
        map = try NaturalEarthMap.shipped()
    }

    /// The navigation bar's pages.
    private static let navigation = [
        ("overview", "Overview", "/"), ("assessment", "Vulnerability matrix", DashboardLink.assessment),
        ("partnership", "Canada–US", DashboardLink.partnership), ("scenarios", "Scenarios", "/scenarios"),
        ("sites", "Sites", DashboardLink.sites), ("datasets", "Data", DashboardLink.datasets),
    ]

    func register(on router: Router<APIRequestContext>) {
        let pages = router.group().add(middleware: DashboardErrorMiddleware(dashboard: self))
        router.get("/static/dashboard.css") { [views] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: views.styleSheet)))
        }
        pages.get("/") { [self] request, context in
            try await documentPage(request, context, section: "overview") { builder, shared in
                try await builder.overviewPage(shared.assessments, partnerRoles: shared.partnerRoles)
            }
        }
        pages.get("/commodities/{slug}") { [self] request, context in
            let slug = try context.pathParameter("slug")
            return try await documentPage(request, context, section: "overview") { [map] builder, shared in
                try await builder.commodityPage(slug, assessed: shared.assessments, map: map)
            }
        }
        pages.get("/countries/{iso3}") { [self] request, context in
            let code = try context.pathParameter("iso3")
            return try await documentPage(request, context, section: "overview") { builder, shared in
                try await builder.countryPage(code, assessed: shared.assessments, scenarios: shared.scenarios)
            }
        }
        pages.get("/assessment") { [self] request, context in try await assessmentPage(request, context) }
        pages.get("/partnership") { [self] request, context in
            try await documentPage(request, context, section: "partnership") { builder, shared in
                try await builder.partnershipPage(shared.partnerRoles)
            }
        }
        pages.get("/sites") { [self] request, context in try await sitesPage(request, context) }
        pages.get("/sites/{id}") { [self] request, context in
            let id = try context.pathParameter("id")
            return try await sitePage(request, context) { [map] builder, register in try await builder.sitePage(register, id: id, map: map) }
        }
        pages.get("/datasets") { [self] request, context in
            try await documentPage(request, context, section: "datasets") { builder, _ in try await builder.datasetsPage() }
        }
        pages.get("/scenarios") { [self] request, context in try await scenariosPage(request, context) }
        pages.get("/scenarios/{id}") { [self] request, context in try await shippedScenarioPage(request, context) }
        pages.post("/scenarios") { [self] request, context in try await uploadScenario(request, context) }
        pages.get("/scenarios/runs/{id}") { [self] request, context in try await uploadedScenarioPage(request, context) }
        pages.get("/signin") { [self] request, context in try signInPage(request, context, message: nil, user: "", status: .ok) }
        pages.post("/signin") { [self] request, context in try await signIn(request, context) }
        pages.post("/signout") { [self] request, context in try await signOut(request, context) }
    }

    // MARK: Pages

    /// A page whose content is a document the report builder makes: cached, then framed for the caller.
    private func documentPage(
        _ request: Request, _ context: APIRequestContext, section: String, template: String = "page",
        _ build: @escaping @Sendable (ReportBuilder, SharedData) async throws -> DashboardPage
    ) async throws -> Response {
        let cached = try await cachedDocument(request, context) { [views] builder, shared in views.document(try await build(builder, shared)) }
        return try framed(request, context, title: cached.title, section: section, content: views.render(template, ["document": cached.html]))
    }

    /// The document for this URL and reader, from the cache or made now; its first line is the page title.
    private func cachedDocument(
        _ request: Request, _ context: APIRequestContext, _ make: @escaping @Sendable (ReportBuilder, SharedData) async throws -> (String)
    ) async throws -> (title: String, html: String) {
        try await cachedDocument(request, context) { builder, shared, _ in try await make(builder, shared) }
    }

    /// ``cachedDocument(_:_:_:)`` for pages that read the site register, which is shared like the assessments.
    private func cachedDocument(
        _ request: Request, _ context: APIRequestContext,
        _ make: @escaping @Sendable (ReportBuilder, SharedData, ReadContext) async throws -> (String)
    ) async throws -> (title: String, html: String) {
        let entry = try await api.cachedEntry(request, context, contentType: "text/html; charset=utf-8") { [self] store, read in
            let shared = try await sharedData(store, read)
            read.log.note(shared.datasets)
            let html = try await make(shared.builder.reading(through: store), shared, read)
            return Self.title(ofDocument: html) + "\n" + html
        }
        let text = String(buffer: entry.body)
        let split = text.firstIndex(of: "\n") ?? text.endIndex
        return (String(text[..<split]), split < text.endIndex ? String(text[text.index(after: split)...]) : "")
    }

    /// The text of the document's `<h1>`, as the window title.
    private static func title(ofDocument html: String) -> String {
        guard let start = html.firstRange(of: "<h1>"), let end = html[start.upperBound...].firstRange(of: "</h1>") else { return "critmin" }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The shared assessments and scenarios of this generation and scope, computed once by whichever request comes first.
    private func sharedData(_ store: any Store, _ read: ReadContext) async throws -> SharedData {
        try await shared.value(read) {
            let builder = try await ReportBuilder(store: store)
            let assessments = try await builder.dashboardAssessments()
            let roles = try await builder.partnerRoles(list: nil, year: nil, allies: "ALLIES")
            let scenarios = try ShippedScenarios.scenarioFiles().map { url throws(CritMinError) in
                ShippedScenario(
                    id: url.deletingPathExtension().lastPathComponent, scenario: try ScenarioFile.read(url, catalogue: builder.catalogue))
            }
            return SharedData(builder: builder, assessments: assessments, partnerRoles: roles, scenarios: scenarios, datasets: read.log.datasets)
        }
    }

    /// A page over the reader's site register.
    private func sitePage(
        _ request: Request, _ context: APIRequestContext, _ build: @escaping @Sendable (ReportBuilder, SiteRegister) async throws -> DashboardPage
    ) async throws -> Response {
        let cached = try await cachedDocument(request, context) { [api, views] builder, _, read in
            views.document(try await build(builder, try await api.siteRegisters.register(builder, read)))
        }
        return try framed(request, context, title: cached.title, section: "sites", content: views.render("page", ["document": cached.html]))
    }

    private func sitesPage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let commodity = try query.string("commodity").flatMap { $0.isEmpty ? nil : $0 }
        let texts = (
            country: try query.string("country"), province: try query.string("province"), kind: try query.string("kind"),
            stage: try query.string("stage"), status: try query.string("status"), owner: try query.string("owner")
        )
        let view = try query.string("view") ?? "north-america"
        guard ["north-america", "world"].contains(view) else { throw APIError.invalid("view", "north-america or world", value: view) }
        return try await sitePage(request, context) { [map] builder, register in
            let filter = try SiteQueryText.filter(
                builder: builder, commodity: commodity, countries: texts.country, subdivisions: texts.province, kinds: texts.kind,
                stages: texts.stage, statuses: texts.status, owner: texts.owner, bbox: nil)
            return try await builder.sitesPage(register, filter: filter, commodityName: commodity, world: view == "world", map: map)
        }
    }

    private func assessmentPage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let economy = try query.string("for") ?? "USA+CAN"
        guard ["USA", "CAN", "USA+CAN"].contains(economy) else { throw APIError.invalid("for", "USA, CAN or USA+CAN", value: economy) }
        let list = try query.string("list").flatMap { $0.isEmpty ? nil : $0 }
        let method = try query.string("method").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }.map {
            try AssessmentMethod(rawValue: $0).orThrow(APIError.invalid("method", "eu, usgs, geopolrisk or all", value: $0))
        }
        let supplierText = try query.string("supplier").flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let filter = AssessmentFilter(
            economy: economy, list: list, method: method, supplier: supplierText.map(CountryCode.init), sort: try query.string("sort"))
        let cached = try await cachedDocument(request, context) { [views] builder, shared in
            if let supplier = filter.supplier, builder.catalogue.countries[supplier] == nil {
                throw APIError.invalid("supplier", "an ISO 3166 alpha-3 code critmin knows", value: supplier.rawValue)
            }
            let parsed = try Economy(parsing: economy, catalogue: builder.catalogue)
            let assessed =
                if let list {
                    try await builder.assessments(for: parsed, options: AssessmentOptions(list: list))
                } else {
                    try shared.assessments.assessment(for: parsed).orThrow(APIError.invalid("for", "USA, CAN or USA+CAN", value: economy))
                }
            let (page, matrix) = try await builder.assessmentPage(assessed, filter: filter)
            return views.document(page, extra: views.heatMap(matrix))
        }
        let lists = try await api.store.criticalLists().map(\.id.rawValue).sorted()
        let option = { (value: String, label: String, selected: Bool) -> [String: Any] in ["value": value, "label": label, "selected": selected] }
        let content = views.render(
            "assessment",
            [
                "document": cached.html, "supplier": supplierText ?? "", "sort": DashboardViews.present(filter.sort),
                "economies": [("USA+CAN", "United States and Canada"), ("USA", "United States"), ("CAN", "Canada")].map {
                    option($0.0, $0.1, $0.0 == economy)
                },
                "lists": [option("", "Newest list of each country", list == nil)] + lists.map { option($0, $0, $0 == list) }
                    + [option("all", "Every commodity with figures", list == "all")],
                "methods": [option("all", "All methods", method == nil)]
                    + AssessmentMethod.allCases.map { option($0.rawValue, $0.title, $0 == method) },
            ])
        return try framed(request, context, title: cached.title, section: "assessment", content: content)
    }

    private func scenariosPage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let catalogue = try await api.store.catalogue()
        let scenarios = try ShippedScenarios.scenarioFiles().map { url throws(CritMinError) in
            ShippedScenario(id: url.deletingPathExtension().lastPathComponent, scenario: try ScenarioFile.read(url, catalogue: catalogue))
        }
        var runs: [[String: Any]] = []
        if let principal = context.principal {
            runs = try await api.store.jobs(of: principal.organisation, limit: 20).filter { $0.kind == JobInput.Kind.simulation.rawValue }.map {
                job in
                [
                    "href": "/scenarios/runs/\(job.id)", "label": "\(job.id) by \(job.submittedBy)", "state": job.state.rawValue,
                    "created": job.createdAt.formatted(.iso8601),
                ]
            }
        }
        let example = try String(contentsOf: try ShippedScenarios.scenarioFiles()[0], encoding: .utf8)
        let content = views.render(
            "scenarios",
            [
                "scenarios": scenarios.map { ["href": DashboardLink.scenario($0.id), "name": $0.scenario.name, "summary": $0.scenario.summary] },
                "canUpload": (context.principal?.role ?? .viewer) >= .analyst, "csrf": DashboardSession.formToken(request, context).token,
                "user": DashboardViews.present(context.principal.map { ["role": $0.role.rawValue] }), "example": example, "hasRuns": !runs.isEmpty,
                "runs": runs,
            ])
        return try framed(request, context, title: "Disruption scenarios", section: "scenarios", content: content)
    }

    /// A shipped scenario run with the draws and seed the URL names, so that the URL is the result's address.
    private func shippedScenarioPage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id = try context.pathParameter("id")
        guard let url = try ShippedScenarios.scenarioFiles().first(where: { $0.deletingPathExtension().lastPathComponent == id }) else {
            throw APIError(.notFound, "not-found", "no shipped scenario '\(id)'; /scenarios lists them", field: "id", value: id)
        }
        let query = QueryParameters(request)
        let options = SimulationOptions(
            draws: try query.integer("draws", in: 1...10_000) ?? 1_000, seed: UInt64(try query.integer("seed", in: 0...Int.max) ?? 2020))
        return try await documentPage(request, context, section: "scenarios") { builder, _ in
            try await builder.scenarioPage(try await builder.run(try ScenarioFile.read(url, catalogue: builder.catalogue), options: options))
        }
    }

    /// An analyst's scenario: checked at once (errors name the line), queued as a job like an API submission, and shown
    /// at the run's own address.
    private func uploadScenario(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: api.settings.maxJSONBody)
        try DashboardSession.verify(form["csrf"], request, context)
        guard let principal = context.principal else {
            throw APIError(.unauthorized, "unauthenticated", "sign in to run your own scenarios")
        }
        try CritMinAPI.require(.run, context)
        let number = { (name: String, range: ClosedRange<Int>, fallback: Int) throws -> Int in
            guard let text = form[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw APIError.invalid(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)", value: text)
            }
            return value
        }
        let input = JobInput(
            kind: .simulation, document: form["scenario"] ?? "", fileName: "scenario.yaml", draws: try number("draws", 1...10_000, 1_000),
            seed: UInt64(try number("seed", 0...Int.max, 2020)), focus: ["USA", "CAN"], allies: "ALLIES")
        try input.check(catalogue: try await api.store.catalogue(), sites: nil)
        let job = try await api.store.enqueue(
            kind: input.kind.rawValue, input: try input.encoded(), submittedBy: principal,
            audit: api.event("job.submit", "", "simulation (dashboard)", context))
        return Response(status: .seeOther, headers: [.location: "/scenarios/runs/\(job.id)"])
    }

    /// An uploaded scenario's result, for its organisation only: the run is deterministic (seeded), so the page runs it
    /// from the job's input and caches it like any page.
    private func uploadedScenarioPage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        guard context.principal != nil else { throw APIError(.unauthorized, "unauthenticated", "sign in to see your organisation's runs") }
        let job = try await api.ownJob(context)
        guard job.kind == JobInput.Kind.simulation.rawValue else { throw APIError.notFound }
        let input = try JSONDecoder().decode(JobInput.self, from: Data(job.input.utf8))
        return try await documentPage(request, context, section: "scenarios") { builder, _ in
            let scenario = try ScenarioFile.parse(input.document, fileName: input.fileName, catalogue: builder.catalogue)
            return try await builder.scenarioPage(try await builder.run(scenario, options: input.options))
        }
    }

    // MARK: Signing in

    private func signInPage(_ request: Request, _ context: APIRequestContext, message: String?, user: String, status: HTTPResponse.Status) throws
        -> Response
    {
        let (token, cookie) = DashboardSession.formToken(request, context)
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        let content = views.render(
            "signin",
            ["csrf": token, "next": next, "message": DashboardViews.present(message), "user": user, "hours": Int(DashboardSession.lifetime / 3_600)])
        var response = try framed(request, context, title: "Sign in", section: "", content: content, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    private func signIn(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16 << 10)
        try DashboardSession.verify(form["csrf"], request, context)
        let name = form["user"] ?? ""
        let password = form["password"] ?? ""
        guard password.utf8.count <= 72, let stored = try await api.store.user(named: name), let hash = stored.passwordHash,
            Bcrypt.verify(password, hash: hash)
        else {
            return try signInPage(request, context, message: "The user name or password is wrong.", user: name, status: .unauthorized)
        }
        let (record, token) = try await api.newToken(for: stored.account, label: "dashboard session", lifetime: DashboardSession.lifetime, context)
        var response = Response(status: .seeOther, headers: [.location: Self.safeNext(form["next"])])
        response.setCookie(DashboardSession.sessionCookie(id: record.id, token: token, secure: api.settings.secureCookies))
        return response
    }

    private func signOut(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16 << 10)
        try DashboardSession.verify(form["csrf"], request, context)
        if let session = context.session, let principal = context.principal {
            try await api.store.revokeToken(
                session.id, organisation: principal.organisation, audit: api.event("token.revoke", session.id, "sign-out", context))
            api.changed()
        }
        var response = Response(status: .seeOther, headers: [.location: "/"])
        response.setCookie(DashboardSession.expiredCookie(secure: api.settings.secureCookies))
        return response
    }

    /// Where to go after signing in: a path on this site, else the overview.
    private static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 500,
            !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
        else { return "/" }
        return next
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    private static func form(_ request: Request, limit: Int) async throws -> [String: String] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false else {
            throw APIError(.unsupportedMediaType, "unsupported-media-type", "send the form as application/x-www-form-urlencoded")
        }
        let text = try await CritMinAPI.bodyText(request, limit: limit)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = parts.first.flatMap(decode), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw APIError(.badRequest, "invalid-form", "the form is not valid URL encoding")
            }
            fields[name] = value
        }
        return fields
    }

    // MARK: The frame

    /// `content` in the layout: navigation, who is signed in (with the sign-out form), and the security headers.
    func framed(
        _ request: Request, _ context: APIRequestContext, title: String, section: String, content: String, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = DashboardViews.present(
            context.principal.map { principal -> [String: Any] in
                [
                    "name": principal.user, "organisation": principal.organisation.rawValue, "role": principal.role.rawValue,
                    "csrf": context.session.map { DashboardSession.csrfToken(session: $0.token) } ?? "",
                ]
            })
        let html = views.render(
            "layout",
            [
                "title": title, "user": user, "content": content,
                "navigation": Self.navigation.map { ["title": $0.1, "href": $0.2, "current": $0.0 == section] as [String: Any] },
            ])
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "private, no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", .referrerPolicy: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Errors on dashboard pages as pages: the status, what went wrong, and a way on.
struct DashboardErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let dashboard: Dashboard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError: APIError
            switch error {
            case let known as APIError: apiError = known
            case let critmin as CritMinError: apiError = APIError(critmin)
            case let http as HTTPError: apiError = APIError(http.status, "http-error", http.body ?? http.status.reasonPhrase)
            default:
                context.logger.error("unexpected failure", metadata: ["error": "\(error)"])
                apiError = APIError(.internalServerError, "internal", "the server failed; the request id identifies it in the logs")
            }
            if apiError.status == .internalServerError, !(error is APIError) {
                context.logger.error("page failure", metadata: ["error": "\(error)"])
            }
            let content = dashboard.views.render(
                "error",
                [
                    "heading": "\(apiError.status.code) · \(apiError.status.reasonPhrase)", "message": apiError.message, "requestID": context.id,
                    "signIn": apiError.status == .unauthorized || (apiError.status == .forbidden && context.principal == nil),
                ])
            return try dashboard.framed(request, context, title: apiError.status.reasonPhrase, section: "", content: content, status: apiError.status)
        }
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
