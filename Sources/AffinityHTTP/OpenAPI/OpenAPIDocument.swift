import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of every route, served at `GET /openapi.yaml` and, as JSON,
/// at `GET /openapi.json` from the binary itself (no key). Both texts are generated from
/// `docs/openapi.yaml` by `scripts/embed-openapi.sh`.
package enum OpenAPIDocument {
    /// The document as YAML: `docs/openapi.yaml` verbatim.
    package static var yaml: String { text + "\n" }

    /// The same document as JSON.
    package static var json: String { jsonText + "\n" }

    private static let yamlBody = ByteBuffer(string: yaml)
    private static let jsonBody = ByteBuffer(string: json)

    static func register(on router: Router<AffinityRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: yamlBody))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: jsonBody))
        }
    }
}
