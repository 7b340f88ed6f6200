import AffinityEngine
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `GET /v1/feeds/{channel}.{format}`: streamed, for the secret key or the feed token.
@Suite struct FeedRoutesTests {
    static func get(_ client: any TestClientProtocol, _ uri: String, key: String? = TestServer.secretKey) async throws
        -> (status: HTTPResponse.Status, text: String, contentType: String?)
    {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
        return (response.status, String(buffer: response.body), response.headers[.contentType])
    }

    static var setup: TestSetup {
        var setup = TestSetup.live
        setup.feedToken = "feed-token-123"
        return setup
    }

    @Test func feedsStreamEveryPublishedProductForTheSecretKeyOrTheToken() async throws {
        try await TestServer.run(Self.setup) { client, engine in
            // More than one page of products, a few unpublished in the app channel.
            for i in 0..<(Engine.feedPageSize + 30) {
                var product = CommerceFixtures.product(String(format: "P%05d", i), published: ["app": i % 100 != 7])
                product.title = "Shoe, \"model\" \(i)"
                _ = try await engine.putProduct(product)
            }
            let google = try await Self.get(client, "/v1/feeds/app.google")
            #expect(google.status == .ok)
            #expect(google.contentType == "text/tab-separated-values; charset=utf-8")
            let lines = google.text.split(separator: "\n")
            #expect(lines.first.map(String.init) == FeedFormat.google.columns.joined(separator: "\t"))
            #expect(lines.count == 1 + Engine.feedPageSize + 30 - 11)
            #expect(lines[1].hasPrefix("P00000\tShoe, \"model\" 0\t"))
            #expect(lines[1].contains("\t21.99 USD\t"))
            let meta = try await Self.get(client, "/v1/feeds/web.meta?token=feed-token-123", key: nil)
            #expect(meta.status == .ok)
            #expect(meta.contentType == "text/csv; charset=utf-8")
            #expect(meta.text.split(separator: "\n").count == 1 + Engine.feedPageSize + 30)
            // Quoted as CSV: the title holds a comma and quotes.
            #expect(meta.text.contains("P00001,\"Shoe, \"\"model\"\" 1\","))
        }
    }

    @Test func feedsRefuseOtherCallersAndUnknownFeeds() async throws {
        try await TestServer.run(Self.setup) { client, _ in
            let asPublic = try await Self.get(client, "/v1/feeds/web.csv", key: TestServer.publicKey)
            #expect(asPublic.status == .forbidden)
            let none = try await Self.get(client, "/v1/feeds/web.csv", key: nil)
            #expect(none.status == .unauthorized)
            let wrongToken = try await Self.get(client, "/v1/feeds/web.csv?token=nope", key: nil)
            #expect(wrongToken.status == .unauthorized)
            let channel = try await Self.get(client, "/v1/feeds/mars.csv")
            #expect(channel.status == .notFound)
            #expect(channel.text.contains("unknown_channel"))
            let format = try await Self.get(client, "/v1/feeds/web.xml")
            #expect(format.status == .notFound)
            #expect(format.text.contains("unknown_feed"))
        }
    }

    @Test func withoutAConfiguredTokenNoTokenIsAccepted() async throws {
        try await TestServer.run(.live) { client, _ in
            let empty = try await Self.get(client, "/v1/feeds/web.csv?token=", key: nil)
            #expect(empty.status == .unauthorized)
        }
    }
}
