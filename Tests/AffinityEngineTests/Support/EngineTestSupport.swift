import AffinityEngine
import Foundation
import Logging

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The instant every engine test pins its clock to.
let testNow: Int64 = RFC3339.milliseconds("2026-11-27T12:00:00Z")!

/// An engine on `directory` with fixed keys and a pinned clock, loaded and ready.
func makeEngine(_ directory: TemporaryDirectory, now: Int64 = testNow) async throws -> Engine {
    let engine = try await Engine(
        options: EngineOptions(
            dataDirectory: directory.path, seedDemo: false, publicKey: "pk", secretKey: "sk", now: { now }),
        logger: Logger(label: "test"))
    try await engine.load()
    return engine
}

/// A valid product view `minutesAgo` before ``testNow``.
func view(
    _ id: String, product: String = "P1", user: String? = "u1", anonymous: String? = nil, minutesAgo: Int64 = 60
) -> Event {
    Event(
        eventID: id, type: "product_view", occurredAt: RFC3339.string(milliseconds: testNow - minutesAgo * 60_000),
        channel: "web", userID: user, anonymousID: anonymous, items: [EventItem(productID: product)])
}

/// The bytes of a string, for the APIs that take UTF-8.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

extension AffinityError {
    /// Runs `body` and returns the AffinityError it throws, or nil.
    static func caught<T>(_ body: () throws(AffinityError) -> T) -> AffinityError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    static func caught<T>(_ body: () async throws(AffinityError) -> T) async -> AffinityError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }
}
