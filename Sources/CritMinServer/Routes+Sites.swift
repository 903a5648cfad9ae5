import CritMinCore
import CritMinReports
import CritMinStore
import Hummingbird

extension CritMinAPI {
    /// The register of deposits, mines, plants and projects: sites as GeoJSON, one site with its sources, a commodity's
    /// pipeline; each over the caller's datasets, so a project dataset shared bilaterally shows only to its readers.
    var siteEndpoints: [Endpoint] {
        [
            Endpoint(
                method: .get, path: "/api/v1/sites", operationID: "listSites", tag: "sites",
                summary:
                    "Sites as a GeoJSON FeatureCollection, filtered by commodity, country, province or state, kind, stage, status, owner, box or distance.",
                parameters: [
                    .query("commodity", "A commodity id, name or alias; a group's members too."),
                    .query("country", "Countries, comma-separated (CAN,USA)."),
                    .query("province", "Provinces, territories or states by postal code, comma-separated."),
                    .query("kind", "Kinds, comma-separated: \(SiteKind.allCases.map(\.rawValue).joined(separator: ", "))."),
                    .query("stage", "Stages, comma-separated: \(DevelopmentStage.allCases.map(\.rawValue).joined(separator: ", "))."),
                    .query("status", "Statuses, comma-separated: \(ActivityStatus.allCases.map(\.rawValue).joined(separator: ", "))."),
                    .query("owner", "Owners or operators whose name contains this text."),
                    .query("bbox", "south,west,north,east in degrees (WGS84)."), .query("near", "latitude,longitude in degrees (WGS84)."),
                    .query("radius", "With near: km from the point.", schema: Schema.number),
                    .query("nearest", "With near: the N nearest sites.", schema: Schema.integer(minimum: 1, maximum: 1_000)),
                ],
                responses: [
                    DocumentedResponse(
                        status: 200, description: "The sites (RFC 7946), nearest first when near is given.",
                        content: [("application/geo+json", Schema.ref("SiteFeatureCollection"))], headers: ["ETag"]),
                    DocumentedResponse(status: 304, description: "Unchanged since the ETag sent.", content: []),
                ], access: .anyone
            ) { [self] request, context in
                try await cachedSharedRead(request, context, contentType: "application/geo+json") { [self] store, read in
                    let builder = try await ReportBuilder(store: store)
                    let register = try await siteRegisters.register(builder, read)
                    let query = QueryParameters(request)
                    var filter = try SiteQueryText.filter(
                        builder: builder, commodity: try query.string("commodity"), countries: try query.string("country"),
                        subdivisions: try query.string("province"), kinds: try query.string("kind"), stages: try query.string("stage"),
                        statuses: try query.string("status"), owner: try query.string("owner"), bbox: try query.string("bbox"))
                    let point = try query.string("near").map { text throws(CritMinError) in try SiteQueryText.point(text, field: "near") }
                    let radius = try query.number("radius", in: 0.001...20_000)
                    let nearest = try query.integer("nearest", in: 1...1_000)
                    if (radius != nil || nearest != nil) && point == nil { throw APIError.invalid("near", "radius and nearest need near=lat,lon") }
                    if radius != nil && nearest != nil { throw APIError.invalid("nearest", "give radius or nearest, not both") }
                    if let point, let radius { filter.near = (point, radius) }
                    let sites =
                        if let point, let nearest { register.nearest(nearest, to: point, filter: filter).map(\.site) } else { register.sites(filter) }
                    return SiteGeoJSON.featureCollection(sites, citations: try await builder.siteCitations(sites)).rendered
                }
            },
            Endpoint(
                method: .get, path: "/api/v1/sites/{id}", operationID: "getSite", tag: "sites",
                summary: "One site: each attribute with the source record it was chosen from and why, and every source's figures.",
                parameters: [.path("id", "The site id (CAN-QC-laronde).")],
                responses: [.json(200, "The site as a report.", Schema.ref("Report"), headers: ["ETag"])], access: .anyone
            ) { [self] request, context in
                try await cachedSharedRead(request, context) { [self] store, read in
                    let builder = try await ReportBuilder(store: store)
                    let register = try await siteRegisters.register(builder, read)
                    return try await builder.site(register, id: try context.pathParameter("id")).jsonValue.rendered
                }
            },
            Endpoint(
                method: .get, path: "/api/v1/pipeline", operationID: "getPipeline", tag: "sites",
                summary: "A commodity's mines and advanced projects in Canada, the US or both, and what they could cover of net imports.",
                parameters: [
                    .query("commodity", "Commodity id, name or alias.", required: true),
                    .query("for", "CAN, USA or USA+CAN (default).", schema: Schema.enumeration(["CAN", "USA", "USA+CAN"])), .allies,
                ],
                responses: [.json(200, "The pipeline as a report.", Schema.ref("Report"), headers: ["ETag"])], access: .anyone
            ) { [self] request, context in
                try await cachedSharedRead(request, context) { [self] store, read in
                    let builder = try await ReportBuilder(store: store)
                    let register = try await siteRegisters.register(builder, read)
                    let query = QueryParameters(request)
                    let economy = try Economy(parsing: try query.string("for") ?? "USA+CAN", catalogue: builder.catalogue)
                    return try await builder.pipeline(
                        register, commodity: try query.required("commodity"), economy: economy, allies: try query.string("allies") ?? "ALLIES"
                    ).jsonValue.rendered
                }
            },
        ]
    }
}
