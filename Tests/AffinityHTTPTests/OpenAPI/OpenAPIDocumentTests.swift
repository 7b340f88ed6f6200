import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Yams

/// The served OpenAPI document is the committed one and describes every route.
@Suite struct OpenAPIDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func theEmbeddedDocumentEqualsDocsOpenAPIYaml() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        #expect(OpenAPIDocument.yaml == file, "run scripts/embed-openapi.sh after editing docs/openapi.yaml")
    }

    @Test func everyRouteIsDescribed() async throws {
        try await TestServer.run { client, engine in
            let served = try await client.executeRequest(uri: "/openapi.yaml", method: .get, headers: [:], body: nil)
            #expect(served.status == .ok)
            let document = try #require(try Yams.load(yaml: String(buffer: served.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            let routes = buildRouter(engine: engine).routes
            #expect(routes.count >= 25)
            for route in routes {
                let path =
                    "/"
                    + route.path.description.split(separator: "/").map { part in
                        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                    }.joined(separator: "/")
                let operations = paths[path] as? [String: Any]
                #expect(
                    operations?[route.method.rawValue.lowercased()] != nil,
                    "\(route.method) \(path) is not in docs/openapi.yaml")
            }
        }
    }
}
