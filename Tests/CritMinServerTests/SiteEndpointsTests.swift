import CritMinCore
import CritMinServer
import CritMinTestSupport
import Foundation
import HTTPTypes
import Testing

/// The register over HTTP: GeoJSON sites with filters, one site, a pipeline, the dashboard's map; and a project shared
/// bilaterally, seen by the grantee only, every read of it audited.
@Suite struct SiteEndpointsTests {
    static let projectCSV = """
        dataset,dataset_title,owner,classification,publisher,publication,record_id,name,kind,country,subdivision,latitude,longitude,commodities,stage,owners,capacity,capacity_unit,capacity_basis,as_of
        nrcan-lithium-projects,NRCan lithium project details,nrcan,bilateral,Natural Resources Canada,Lithium project survey 2026,LP-1,Boreal Lithium Hub,project,CAN,QC,50.1,-74.2,lithium,feasibility,Boreal Metals (70%); Québec Fund (30%),"2,500",t,lithium content,2026

        """

    @Test(arguments: StoreEngine.available) func sitesPipelineAndMap(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.run { client in
            let producing = try await client.send(.get, "/api/v1/sites?commodity=lithium&country=CAN&stage=production")
            #expect(producing.status == 200 && producing.headers[.contentType]?.hasPrefix("application/geo+json") == true)
            let features = try #require(producing.object["features"] as? [[String: Any]])
            #expect(features.contains { $0["id"] as? String == "CAN-QC-north-american-lithium" })
            #expect(features.allSatisfy { ($0["properties"] as? [String: Any])?["stage"] as? String == "production" })
            let nearest = try await client.send(.get, "/api/v1/sites?near=48.2516,-78.428&nearest=1")
            #expect((nearest.object["features"] as? [[String: Any]])?.first?["id"] as? String == "CAN-QC-laronde")
            let bad = try await client.send(.get, "/api/v1/sites?bbox=1,2")
            #expect(bad.status == 422 && (bad.object["error"] as? [String: Any])?["field"] as? String == "bbox")
            #expect(try await client.send(.get, "/api/v1/sites?radius=5").status == 400)
            #expect(try await client.send(.get, "/api/v1/sites/CAN-QC-laronde").status == 200)
            #expect(try await client.send(.get, "/api/v1/sites/CAN-QC-atlantis").status == 404)
            let pipeline = try await client.send(.get, "/api/v1/pipeline?commodity=lithium&for=USA%2BCAN")
            #expect(pipeline.status == 200 && pipeline.text.contains("What the pipeline could cover"))
            let map = try await client.send(.get, "/sites?commodity=lithium")
            #expect(map.status == 200 && map.text.contains("<svg") && map.text.contains("href=\"/sites/CAN-QC-whabouchi\""))
            let page = try await client.send(.get, "/sites/CAN-QC-whabouchi")
            #expect(page.status == 200 && page.text.contains("Whabouchi") && page.text.contains("Source records"))
        }
    }

    @Test(arguments: StoreEngine.available) func aProjectSharedBilaterallyShowsToTheGranteeOnly(engine: StoreEngine) async throws {
        let world = try await TestWorld.make(engine)
        try await world.run { client in
            let published = try await client.send(.post, "/api/v1/datasets", as: "steward@nrcan", body: Self.projectCSV, contentType: "text/csv")
            #expect(published.status == 201, "\(published.text)")
            let uri = "/api/v1/sites?commodity=lithium&country=CAN&stage=feasibility"
            func ids(_ user: String?) async throws -> [String] {
                let reply = try await client.send(.get, uri, as: user)
                return (reply.object["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            }
            #expect(try await ids("analyst@nrcan").contains("CAN-QC-boreal-lithium-hub"))
            #expect(try await !ids("analyst@usgs").contains("CAN-QC-boreal-lithium-hub"))
            #expect(try await client.send(.post, "/api/v1/grants", as: "steward@nrcan", body: #"{"grantee":"usgs"}"#).status == 201)
            #expect(try await ids("analyst@usgs").contains("CAN-QC-boreal-lithium-hub"))
            #expect(try await !ids("admin@acme").contains("CAN-QC-boreal-lithium-hub"))
            #expect(try await !ids(nil).contains("CAN-QC-boreal-lithium-hub"))
            // The grantee's pipeline counts the shared capacity; a project of the register runs as a candidate.
            let pipeline = try await client.send(.get, "/api/v1/pipeline?commodity=lithium&for=CAN", as: "analyst@usgs")
            #expect(pipeline.text.contains("Boreal Lithium Hub") && pipeline.text.contains("Boreal Metals (70 %)"))
        }
        let reads = try await world.store.auditEntries(after: 0, limit: 10_000, organisation: nil).filter { $0.event.action == "data.read" }
        #expect(reads.contains { $0.event.actor == "analyst@usgs" && $0.event.target == "nrcan-lithium-projects" })
        #expect(!reads.contains { $0.event.organisation == "acme" })
    }
}
