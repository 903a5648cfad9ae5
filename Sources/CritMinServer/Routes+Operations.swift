import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

extension CritMinAPI {
    var operationEndpoints: [Endpoint] {
        [
            Endpoint(
                method: .get, path: "/health", operationID: "health", tag: "operations", summary: "Whether the server and its database answer.",
                responses: [
                    .json(200, "Healthy.", Schema.ref("Health")), .json(503, "The database does not answer.", Schema.ref("Health")),
                ],
                access: .anyone
            ) { [self] _, _ in
                do {
                    let generation = try await store.generation()
                    return Self.json(.object([("status", .string("ok")), ("database", .string("ok")), ("generation", .integer(generation))]))
                } catch {
                    return Self.json(
                        .object([("status", .string("unavailable")), ("database", .string("\(error)")), ("generation", .null)]),
                        status: .serviceUnavailable)
                }
            },
            Endpoint(
                method: .get, path: "/metrics", operationID: "metrics", tag: "operations",
                summary: "Request counts and durations in Prometheus's text format.",
                responses: [DocumentedResponse(status: 200, description: "The metrics.", content: [("text/plain", Schema.string)])],
                access: .anyone
            ) { [self] _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
            },
            Endpoint(
                method: .get, path: "/openapi.json", operationID: "openAPI", tag: "operations", summary: "This document.",
                responses: [.json(200, "The OpenAPI 3.1 document.", .object([("type", .string("object"))]))], access: .anyone
            ) { [self] _, _ in
                Self.json(openAPIDocument)
            },
        ]
    }

    /// The OpenAPI 3.1 document of every endpoint, generated from the route table.
    public var openAPIDocument: JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for endpoint in endpoints {
            let operation = Self.operation(endpoint)
            if let index = paths.firstIndex(where: { $0.0 == endpoint.path }) {
                paths[index].1.append((endpoint.method.rawValue.lowercased(), operation))
            } else {
                paths.append((endpoint.path, [(endpoint.method.rawValue.lowercased(), operation)]))
            }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("critmin API")), ("version", .string("1.0.0")),
                    (
                        "description",
                        .string(
                            "Critical-mineral supply-chain data and analysis shared between Canadian and US agencies under access control. "
                                + "Every figure carries its citation. Sign in with POST /api/v1/auth/token and send 'Authorization: Bearer <token>'; "
                                + "without a token only public data is read.")
                    ),
                ])
            ),
            ("servers", .array([.object([("url", .string("/"))])])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            (
                "components",
                .object([
                    ("schemas", .object(Self.componentSchemas)),
                    ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
                    (
                        "responses",
                        .object(Self.errorResponses.map { ($0.0, .object([("description", .string($0.1)), ("content", Self.errorContent)])) })
                    ),
                ])
            ),
        ])
    }

    private static let errorResponses: [(String, String)] = [
        ("400", "The request is malformed: a bad parameter or body."), ("401", "No valid token was sent, and the endpoint needs one."),
        ("403", "The caller's role or organisation may not do this."), ("404", "No such resource, or none the caller may see."),
        ("405", "The path does not take this method; Allow lists those it takes."), ("409", "The request conflicts with what is stored."),
        ("413", "The body is larger than this endpoint takes."),
        ("422", "The content is well-formed but invalid: the message names file, line and field."),
        ("503", "The request took longer than the server's timeout."),
    ]

    private static let errorContent: JSONValue = .object([("application/json", .object([("schema", Schema.ref("Error"))]))])

    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("operationId", .string(endpoint.operationID)), ("tags", .array([.string(endpoint.tag)])), ("summary", .string(endpoint.summary)),
        ]
        if !endpoint.parameters.isEmpty {
            members.append(
                (
                    "parameters",
                    .array(
                        endpoint.parameters.map { parameter in
                            .object([
                                ("name", .string(parameter.name)), ("in", .string(parameter.location.rawValue)),
                                ("required", .bool(parameter.required)), ("description", .string(parameter.description)),
                                ("schema", parameter.schema),
                            ])
                        })
                ))
        }
        if let body = endpoint.requestBody {
            members.append(
                (
                    "requestBody",
                    .object([
                        ("required", .bool(true)), ("description", .string(body.description)),
                        ("content", .object(body.content.map { ($0.0, .object([("schema", $0.1)])) })),
                    ])
                ))
        }
        var responses: [(String, JSONValue)] = endpoint.responses.map { response in
            var members: [(String, JSONValue)] = [("description", .string(response.description))]
            if !response.content.isEmpty { members.append(("content", .object(response.content.map { ($0.0, .object([("schema", $0.1)])) }))) }
            if !response.headers.isEmpty {
                members.append(("headers", .object(response.headers.map { ($0, .object([("schema", Schema.string)])) })))
            }
            return (String(response.status), .object(members))
        }
        for (status, _) in errorResponses where !responses.contains(where: { $0.0 == status }) {
            responses.append((status, .object([("$ref", .string("#/components/responses/\(status)"))])))
        }
        members.append(("responses", .object(responses)))
        switch endpoint.access {
        case .anyone, .dataset: members.append(("security", .array([.object([]), .object([("bearer", .array([]))])])))
        case .signedIn, .role: members.append(("security", .array([.object([("bearer", .array([]))])])))
        }
        return .object(members)
    }

    static let componentSchemas: [(String, JSONValue)] = [
        (
            "Error",
            Schema.object(
                [
                    (
                        "error",
                        Schema.object(
                            [
                                ("status", Schema.integer), ("code", Schema.string), ("message", Schema.string), ("field", Schema.string),
                                ("value", Schema.string), ("requestId", Schema.string),
                            ], required: ["status", "code", "message", "requestId"])
                    )
                ], required: ["error"])
        ),
        ("Report", Report.schema),
        ("SiteFeatureCollection", SiteGeoJSON.schema),
        ("Observation", StoredObservation.schema),
        ("Citation", Citation.schema),
        ("DatasetVersion", DatasetVersion.schema),
        (
            "DatasetDownload",
            Schema.object(
                [
                    ("dataset", Schema.ref("DatasetVersion")), ("observations", Schema.array(Schema.ref("Observation"))),
                    ("governance", Schema.array(StoredGovernanceScore.schema)), ("citations", Schema.array(Schema.ref("Citation"))),
                ], required: ["dataset", "observations", "governance", "citations"])
        ),
        (
            "ObservationRows",
            Schema.object(
                [
                    (
                        "rows",
                        Schema.array(
                            .object([
                                ("type", .string("object")),
                                ("additionalProperties", .object([("type", .array([.string("string"), .string("number"), .string("null")]))])),
                            ]))
                    )
                ],
                required: ["rows"])
        ),
        (
            "ClassificationChange",
            Schema.object([("classification", Schema.enumeration(Classification.allCases.map(\.rawValue)))], required: ["classification"])
        ),
        (
            "Grant",
            Schema.object(
                [("grantor", Schema.string), ("grantee", Schema.string), ("dataset", Schema.nullable("string"))],
                required: ["grantor", "grantee", "dataset"])
        ),
        (
            "GrantRequest",
            Schema.object([("grantee", Schema.organisationID), ("dataset", Schema.text(minLength: 1, maxLength: 200))], required: ["grantee"])
        ),
        (
            "SignIn",
            Schema.object(
                [
                    ("user", Schema.userName), ("password", Schema.text(minLength: 1, maxLength: 72)), ("label", Schema.tokenLabel),
                    ("expiresInDays", Schema.integer(minimum: 1, maximum: 366)),
                ],
                required: ["user", "password"])
        ),
        (
            "NewToken",
            Schema.object(
                [("token", Schema.string), ("id", Schema.string), ("user", Schema.string), ("expiresAt", Schema.string)],
                required: ["token", "id", "user", "expiresAt"])
        ),
        (
            "TokenRequest",
            Schema.object(
                [("label", Schema.tokenLabel), ("expiresInDays", Schema.integer(minimum: 1, maximum: 366)), ("user", Schema.userName)],
                required: ["label"])
        ),
        (
            "Token",
            Schema.object(
                [
                    ("id", Schema.string), ("user", Schema.string), ("label", Schema.string), ("createdAt", Schema.string),
                    ("expiresAt", Schema.string),
                    ("revokedAt", Schema.nullable("string")),
                ], required: ["id", "user", "label", "createdAt", "expiresAt", "revokedAt"])
        ),
        (
            "User",
            Schema.object(
                [
                    ("user", Schema.string), ("organisation", Schema.string), ("country", Schema.nullable("string")),
                    ("role", Schema.enumeration(Role.allCases.map(\.rawValue))),
                ],
                required: ["user", "organisation", "country", "role"])
        ),
        (
            "NewUser",
            Schema.object(
                [
                    ("name", Schema.userName), ("role", Schema.enumeration(Role.allCases.map(\.rawValue))),
                    ("password", Schema.text(minLength: 12, maxLength: 72)),
                ],
                required: ["name", "role"])
        ),
        (
            "Organisation",
            Schema.object(
                [("id", Schema.string), ("name", Schema.string), ("country", Schema.nullable("string"))], required: ["id", "name", "country"])
        ),
        (
            "AuditEntry",
            Schema.object(
                [
                    ("sequence", Schema.integer), ("time", Schema.string), ("actor", Schema.nullable("string")),
                    ("organisation", Schema.nullable("string")),
                    ("action", Schema.string), ("target", Schema.string), ("detail", Schema.string), ("requestId", Schema.nullable("string")),
                    ("previousHash", Schema.string), ("hash", Schema.string),
                ],
                required: ["sequence", "time", "actor", "organisation", "action", "target", "detail", "requestId", "previousHash", "hash"])
        ),
        (
            "Job",
            Schema.object(
                [
                    ("id", Schema.string), ("kind", Schema.string), ("state", Schema.enumeration(Job.State.allCases.map(\.rawValue))),
                    ("progress", Schema.number),
                    ("organisation", Schema.string), ("submittedBy", Schema.string), ("attempts", Schema.integer), ("createdAt", Schema.string),
                    ("finishedAt", Schema.nullable("string")), ("error", Schema.nullable("string")), ("resultUrl", Schema.nullable("string")),
                ],
                required: [
                    "id", "kind", "state", "progress", "organisation", "submittedBy", "attempts", "createdAt", "finishedAt", "error", "resultUrl",
                ])
        ),
        (
            "Health",
            Schema.object(
                [("status", Schema.string), ("database", Schema.string), ("generation", Schema.nullable("integer"))],
                required: ["status", "database", "generation"])
        ),
    ]
}
