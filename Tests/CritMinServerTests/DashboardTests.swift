import CritMinCore
import CritMinIngest
import CritMinServer
import CritMinStore
import CritMinTestSupport
import Foundation
import HTTPTypes
import HummingbirdBcrypt
import Testing

/// The dashboard's pages through the router: every page of the default dataset renders with its charts and links, and
/// what a page shows follows the access rules, with sessions and CSRF-protected forms.
@Suite struct DashboardTests {
    /// A dashboard session for `user` (a token in the session cookie), without going through the sign-in form.
    static func session(_ world: TestWorld, _ user: String) async throws -> String {
        let (token, hash) = APIToken.generate()
        let id = APIToken.newID()
        try await world.store.createToken(
            TokenRecord(id: id, user: user, label: "tests", createdAt: Date(), expiresAt: Date().addingTimeInterval(3_600)), hash: hash,
            audit: AuditEvent(actor: "tests", organisation: nil, action: "setup", target: user))
        return "critmin_session=\(id).\(token)"
    }

    /// The page at `uri`, as a browser with `cookie` would get it.
    static func page(_ client: TestWorld.Client, _ uri: String, cookie: String? = nil) async throws -> TestWorld.Reply {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await client.send(.get, uri, headers: headers)
    }

    /// Every `href="/…"` of a page, without fragments.
    static func internalLinks(_ html: String) -> Set<String> {
        var links = Set<String>()
        var rest = html[...]
        while let start = rest.range(of: "href=\"/") {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            let link = "/" + tail[..<end].replacingOccurrences(of: "&amp;", with: "&")
            links.insert(String(link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]))
            rest = tail[end...]
        }
        return links
    }

    /// Checks what every page must have: a title, no error, and charts that draw something and come with their data table.
    static func checkPage(_ reply: TestWorld.Reply, _ uri: String) {
        #expect(reply.status == 200, "\(uri): \(reply.status) \(reply.text.prefix(400))")
        #expect(reply.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
        #expect(reply.text.contains("<h1>"), "\(uri) has no heading")
        let figures = reply.text.components(separatedBy: "<figure class=\"chart\"").dropFirst()
        for figure in figures {
            let chart = figure.components(separatedBy: "</figure>")[0]
            #expect(chart.contains("<svg") && chart.contains("<title"), "\(uri): a figure without an accessible SVG")
            let drawn = ["<rect", "<path", "<polyline", "<polygon"].contains { chart.contains($0) }
            #expect(drawn, "\(uri): an empty chart")
            #expect(chart.contains("<details class=\"data-table\">"), "\(uri): a chart without its data table")
            #expect(chart.contains("Source") || chart.contains("sup class=\"ref\""), "\(uri): a chart without a source mark")
        }
    }

    @Test func everyPageRendersForEveryCommodityAndCountryWithoutBrokenLinks() async throws {
        let world = try await TestWorld.make()
        let catalogue = try await world.store.catalogue()
        let scenarioIDs = try ShippedScenarios.scenarioFiles().map { $0.deletingPathExtension().lastPathComponent }
        var uris = [
            "/", "/assessment", "/assessment?for=USA&method=eu&sort=eu", "/assessment?for=CAN&list=CA-2021&supplier=CHN", "/partnership",
            "/scenarios", "/datasets", "/signin",
        ]
        uris += catalogue.commodities.keys.sorted().map { "/commodities/\($0.rawValue)" }
        uris += catalogue.countries.keys.sorted().map { "/countries/\($0.rawValue)" }
        uris += scenarioIDs.map { "/scenarios/\($0)?draws=50" }
        let sweep = uris
        let visited = try await world.run { client in
            var links = Set<String>()
            for uri in sweep {
                let reply = try await Self.page(client, uri)
                Self.checkPage(reply, uri)
                links.formUnion(Self.internalLinks(reply.text))
            }
            // Every link a page makes leads somewhere: pages of the sweep, or fetched now.
            let swept = Set(sweep.map { String($0.split(separator: "?")[0]) })
            for link in links.sorted() where !swept.contains(String(link.split(separator: "?")[0])) {
                let reply = try await Self.page(client, link)
                #expect(reply.status == 200, "broken link \(link): \(reply.status)")
            }
            return links.count
        }
        #expect(visited > 150)
    }

    @Test func commodityPageShowsEveryPartTheIssueNames() async throws {
        let world = try await TestWorld.make()
        let html = try await world.run { client in try await Self.page(client, "/commodities/cobalt").text }
        for part in [
            "World production and reserves", "HHI ", "Share of world", "Production trend (World Mining Data)", "US net import reliance",
            "Import sources", "Imports by supplier (BACI)", "Vulnerability scores, by method", "End uses in the United States", "Critical lists",
            "Source tables", "Natural Earth",
        ] {
            #expect(html.contains(part), "the cobalt page lacks \(part)")
        }
        // The map draws the world's countries, each with an accessible name.
        #expect(html.components(separatedBy: "<path").count > 150)
        #expect(html.contains("Congo"))
    }

    @Test func unknownPagesAreErrorPages() async throws {
        let world = try await TestWorld.make()
        try await world.run { client in
            for (uri, status) in [
                ("/commodities/unobtainium", 404), ("/countries/XYZ", 404), ("/scenarios/nothing", 404), ("/assessment?for=FRA", 400),
            ] {
                let reply = try await Self.page(client, uri)
                #expect(reply.status == status, "\(uri)")
                #expect(reply.text.contains("<h1>\(status)"), "\(uri): \(reply.text.prefix(300))")
            }
        }
    }

    @Test(arguments: StoreEngine.available) func pagesShowExactlyWhatTheAccessRulesGrant(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.publish("nrcan-cobalt", owner: "nrcan", classification: .bilateral)
        let nrcan = try await Self.session(world, "viewer@nrcan")
        let usgs = try await Self.session(world, "viewer@usgs")
        try await world.run { client in
            #expect(try await Self.page(client, "/datasets").text.contains("nrcan-cobalt") == false)
            #expect(try await Self.page(client, "/datasets", cookie: nrcan).text.contains("nrcan-cobalt"))
            #expect(try await Self.page(client, "/datasets", cookie: usgs).text.contains("nrcan-cobalt") == false)
            let download = try await Self.page(client, "/api/v1/datasets/nrcan-cobalt/data?format=csv", cookie: nrcan)
            #expect(download.status == 200 && download.text.contains("3900"), "\(download.text)")
            #expect(try await Self.page(client, "/api/v1/datasets/nrcan-cobalt/data?format=csv", cookie: usgs).status == 404)
            // The session cookie never authorises a change through the API: a cross-site form could send it.
            let grant = try await client.send(.post, "/api/v1/grants", body: #"{"grantee":"usgs"}"#, headers: [.cookie: nrcan])
            #expect(grant.status == 401)
            try await client.send(.post, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"usgs"}"#)
            #expect(try await Self.page(client, "/datasets", cookie: usgs).text.contains("nrcan-cobalt"))
            #expect(try await Self.page(client, "/api/v1/datasets/nrcan-cobalt/data?format=csv", cookie: usgs).status == 200)
            // Signed-in pages name the user; anonymous ones offer to sign in.
            #expect(try await Self.page(client, "/", cookie: usgs).text.contains("viewer@usgs"))
            #expect(try await Self.page(client, "/").text.contains("href=\"/signin\""))
        }
        let reads = try await world.store.auditEntries(after: 0, limit: 1_000, organisation: nil).filter {
            $0.event.action == "data.read" && $0.event.target == "nrcan-cobalt"
        }
        #expect(reads.contains { $0.event.actor == "viewer@nrcan" } && reads.contains { $0.event.actor == "viewer@usgs" })
    }

    @Test func signingInAndOutWithTheFormAndItsCSRFToken() async throws {
        let world = try await TestWorld.make()
        let audit = AuditEvent(actor: "tests", organisation: nil, action: "setup", target: "user")
        try await world.store.createUser(
            UserAccount(name: "ana@nrcan", organisation: "nrcan", role: .analyst), passwordHash: Bcrypt.hash("correct horse battery", cost: 4),
            audit: audit)
        try await world.run { client in
            let form = try await Self.page(client, "/signin?next=/datasets")
            let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let csrf = try #require(Self.hiddenField("csrf", in: form.text))
            let body = { (password: String, token: String) in
                "csrf=\(token)&next=%2Fdatasets&user=ana%40nrcan&password=\(password.replacingOccurrences(of: " ", with: "+"))"
            }
            let formType = "application/x-www-form-urlencoded"
            let forged = try await client.send(
                .post, "/signin", body: body("correct horse battery", "forged"), contentType: formType, headers: [.cookie: cookie])
            #expect(forged.status == 403)
            let wrong = try await client.send(
                .post, "/signin", body: body("wrong password!", csrf), contentType: formType, headers: [.cookie: cookie])
            #expect(wrong.status == 401 && wrong.text.contains("wrong"))
            let signedIn = try await client.send(
                .post, "/signin", body: body("correct horse battery", csrf), contentType: formType, headers: [.cookie: cookie])
            #expect(signedIn.status == 303 && signedIn.headers[.location] == "/datasets")
            let setCookie = try #require(signedIn.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            let session = try #require(setCookie.split(separator: ";").first.map(String.init))
            let home = try await Self.page(client, "/", cookie: session)
            #expect(home.text.contains("ana@nrcan"))
            let signOutToken = try #require(Self.hiddenField("csrf", in: home.text))
            let refused = try await client.send(.post, "/signout", body: "csrf=other", contentType: formType, headers: [.cookie: session])
            #expect(refused.status == 403)
            let out = try await client.send(.post, "/signout", body: "csrf=\(signOutToken)", contentType: formType, headers: [.cookie: session])
            #expect(out.status == 303)
            // The session's token is revoked: the old cookie now reads as anonymous.
            #expect(try await Self.page(client, "/", cookie: session).text.contains("ana@nrcan") == false)
        }
    }

    @Test func onlyAnalystsUploadScenariosAndTheRunHasItsOwnAddress() async throws {
        let world = try await TestWorld.make()
        let analyst = try await Self.session(world, "analyst@usgs")
        let viewer = try await Self.session(world, "viewer@usgs")
        let other = try await Self.session(world, "analyst@nrcan")
        let scenario = try String(contentsOf: try ShippedScenarios.scenarioFiles()[0], encoding: .utf8)
        let encoded = try #require(scenario.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let formType = "application/x-www-form-urlencoded"
        try await world.run { client in
            let page = try await Self.page(client, "/scenarios", cookie: viewer)
            #expect(page.text.contains("<textarea") == false)
            let csrf = try #require(Self.hiddenField("csrf", in: page.text))
            let byViewer = try await client.send(
                .post, "/scenarios", body: "csrf=\(csrf)&draws=50&scenario=\(encoded)", contentType: formType, headers: [.cookie: viewer])
            #expect(byViewer.status == 403)
            let analystPage = try await Self.page(client, "/scenarios", cookie: analyst)
            #expect(analystPage.text.contains("<textarea"))
            let token = try #require(Self.hiddenField("csrf", in: analystPage.text))
            let bad = try await client.send(
                .post, "/scenarios", body: "csrf=\(token)&scenario=name%3A+%5Bunclosed", contentType: formType, headers: [.cookie: analyst])
            #expect(bad.status == 422 && bad.text.contains("scenario.yaml"), "\(bad.text.prefix(2000))")
            let noToken = try await client.send(
                .post, "/scenarios", body: "draws=50&scenario=\(encoded)", contentType: formType, headers: [.cookie: analyst])
            #expect(noToken.status == 403)
            let submitted = try await client.send(
                .post, "/scenarios", body: "csrf=\(token)&draws=50&scenario=\(encoded)", contentType: formType, headers: [.cookie: analyst])
            #expect(submitted.status == 303)
            let location = try #require(submitted.headers[.location])
            #expect(location.hasPrefix("/scenarios/runs/"))
            let result = try await Self.page(client, location, cookie: analyst)
            Self.checkPage(result, location)
            #expect(result.text.contains("Monte Carlo distribution") && result.text.contains("Shortfall over the months"))
            #expect(try await Self.page(client, location, cookie: other).status == 404)
            #expect(try await Self.page(client, location).status == 401)
        }
    }

    /// The value of a hidden form field.
    static func hiddenField(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let tail = html[start.upperBound...]
        return tail.firstIndex(of: "\"").map { String(tail[..<$0]) }
    }
}
