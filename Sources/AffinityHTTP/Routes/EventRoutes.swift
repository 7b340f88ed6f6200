import AffinityEngine
import Foundation
import Hummingbird
import NIOCore

/// `POST /v1/events` (JSON, ≤ 1 MiB, ≤ 1,000 events, atomic; public key) and
/// `POST /v1/events/bulk` (NDJSON of any length, streamed, per-line results; secret key:
/// a data job's route, not a storefront's).
struct EventRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.post("events", use: postEvents)
    }

    func registerBulk(on group: RouterGroup<AffinityRequestContext>) {
        group.post("events/bulk", use: postBulk)
    }

    @Sendable func postEvents(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let (events, batched) = try EventDecoding.decodeRequest(body.readableBytesView)
        let summary = try await engine.ingest(events, batched: batched)
        return try jsonResponse(summary)
    }

    @Sendable func postBulk(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/x-ndjson", "application/ndjson", "application/jsonl"])
        var ingestor = try engine.bulkIngestor()
        var lines = NDJSONLines(body: request.body).makeAsyncIterator()
        while let line = try await lines.nextLine() {
            switch line {
            case .bytes(let bytes): try await ingestor.add(line: bytes)
            case .tooLong(let length): try await ingestor.add(line: DroppedLine(count: length))
            }
        }
        return try jsonResponse(try await ingestor.finish())
    }

}

/// 415 unless the request's media type is one of `allowed` (parameters such as charset
/// are ignored).
func requireContentType(_ request: Request, _ allowed: [String]) throws {
    let value = request.headers[.contentType] ?? ""
    let type = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    guard allowed.contains(type) else {
        throw AffinityError(
            .unsupportedMediaType, code: "unsupported_media_type",
            message: "Content-Type must be \(allowed.joined(separator: " or ")) (got '\(value)')")
    }
}
