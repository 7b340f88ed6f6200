import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Yams

/// The served OpenAPI document is the committed one, the same document as YAML and as JSON,
/// and describes exactly the registered routes.
@Suite struct OpenAPIDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let operations: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    @Test func theEmbeddedDocumentEqualsDocsOpenAPIYaml() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        #expect(OpenAPIDocument.yaml == file, "run scripts/embed-openapi.sh after editing docs/openapi.yaml")
    }

    @Test func yamlAndJSONAreServedAsTheSameDocument() async throws {
        try await TestServer.run { client, _ in
            let yaml = try await client.executeRequest(uri: "/openapi.yaml", method: .get, headers: [:], body: nil)
            #expect(yaml.status == .ok)
            #expect(yaml.headers[.contentType] == "application/yaml")
            let json = try await client.executeRequest(uri: "/openapi.json", method: .get, headers: [:], body: nil)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json")
            let fromYAML = try #require(try Yams.load(yaml: String(buffer: yaml.body)))
            let fromJSON = try JSONSerialization.jsonObject(with: Data(String(buffer: json.body).utf8))
            let difference = Self.firstDifference(fromYAML, fromJSON)
            #expect(difference == nil, "run scripts/embed-openapi.sh after editing docs/openapi.yaml")
            #expect((fromJSON as? [String: Any])?["openapi"] as? String == "3.1.0")
        }
    }

    /// An unquoted comma in a flow mapping, `{description: a, b}`, silently turns `b` into a
    /// key with a null value (and cuts the description short); the document has no nulls.
    @Test func theDocumentHasNoNullValues() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml))
        #expect(Self.nullPaths(in: document) == [], "quote descriptions that contain commas")
    }

    /// The two checks above see what they look for.
    @Test func theComparisonAndTheNullCheckSeeTheirProblems() throws {
        let yaml = try #require(try Yams.load(yaml: "a: {description: x, b: [1, true, {c: 2}]}"))
        let same = try JSONSerialization.jsonObject(with: Data(#"{"a":{"b":[1,true,{"c":2}],"description":"x"}}"#.utf8))
        #expect(Self.firstDifference(yaml, same) == nil)
        let other = try JSONSerialization.jsonObject(with: Data(#"{"a":{"b":[1,1,{"c":2}],"description":"x"}}"#.utf8))
        #expect(Self.firstDifference(yaml, other) == "/a/b/1: true in the YAML, 1 in the JSON")
        let missing = try JSONSerialization.jsonObject(with: Data(#"{"a":{"b":[1,true,{}],"description":"x"}}"#.utf8))
        #expect(Self.firstDifference(yaml, missing) == "/a/b/2/c is only in the YAML")
        let unquoted = try #require(try Yams.load(yaml: "r: {description: applied, stale or ignored}"))
        #expect(Self.nullPaths(in: unquoted) == ["/r/stale or ignored"])
    }

    @Test(arguments: ["/openapi.yaml", "/openapi.json"])
    func everyRouteIsDescribedAndEveryDescribedRouteExists(uri: String) async throws {
        try await TestServer.run { client, engine in
            let served = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            #expect(served.status == .ok)
            let document = try #require(try Yams.load(yaml: String(buffer: served.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            let routes = buildRouter(engine: engine).routes
            #expect(routes.count >= 26)
            var registered: Set<String> = []
            for route in routes {
                let path =
                    "/"
                    + route.path.description.split(separator: "/").map { part in
                        part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                    }.joined(separator: "/")
                let method = route.method.rawValue.lowercased()
                registered.insert("\(method) \(path)")
                let operations = paths[path] as? [String: Any]
                #expect(operations?[method] != nil, "\(route.method) \(path) is not in docs/openapi.yaml")
            }
            #expect(registered.contains("get /openapi.json"))
            for (path, item) in paths {
                let described = (item as? [String: Any] ?? [:]).keys.filter { Self.operations.contains($0) }
                for method in described {
                    #expect(
                        registered.contains("\(method) \(path)"),
                        "docs/openapi.yaml describes \(method.uppercased()) \(path), which is not a route")
                }
            }
        }
    }

    /// Where two parsed documents first differ, as a path and both values; nil when they are
    /// the same document (same keys, same order of list items, same scalars).
    static func firstDifference(_ yaml: Any, _ json: Any, at path: String = "") -> String? {
        if let yaml = yaml as? [String: Any], let json = json as? [String: Any] {
            for key in Set(yaml.keys).union(json.keys).sorted() {
                guard let left = yaml[key], let right = json[key] else {
                    return "\(path)/\(key) is only in the \(yaml[key] == nil ? "JSON" : "YAML")"
                }
                if let difference = firstDifference(left, right, at: "\(path)/\(key)") { return difference }
            }
            return nil
        }
        if let yaml = yaml as? [Any], let json = json as? [Any] {
            guard yaml.count == json.count else {
                return "\(path): \(yaml.count) items in the YAML, \(json.count) in the JSON"
            }
            for (index, (left, right)) in zip(yaml, json).enumerated() {
                if let difference = firstDifference(left, right, at: "\(path)/\(index)") { return difference }
            }
            return nil
        }
        let left = canonical(yaml)
        let right = canonical(json)
        return left == right ? nil : "\(path): \(left) in the YAML, \(right) in the JSON"
    }

    /// A value as JSON text (`true`, `1`, `"text"`), so that Yams' Swift values and
    /// JSONSerialization's NSNumbers compare by what they say.
    static func canonical(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        else { return "\(type(of: value)) \(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    static func nullPaths(in value: Any, at path: String = "") -> [String] {
        if let map = value as? [String: Any] {
            return map.keys.sorted().flatMap { nullPaths(in: map[$0]!, at: "\(path)/\($0)") }
        }
        if let list = value as? [Any] {
            return list.enumerated().flatMap { nullPaths(in: $1, at: "\(path)/\($0)") }
        }
        return value is NSNull ? [path] : []
    }
}
