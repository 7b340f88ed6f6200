import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of every route, served at `GET /openapi.yaml` from the
/// binary itself (the text is generated from `docs/openapi.yaml`).
package enum OpenAPIDocument {
    /// The document as YAML.
    package static var yaml: String { text + "\n" }

    static func register(on router: Router<AffinityRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
    }
}
