import Crypto
import Foundation

/// The browser files the binary serves (`web/` in the repository, embedded by
/// `scripts/embed-web.sh`): the storefront SDK, the demo storefront and the console.
///
/// With `AFFINITY_WEB_DIR` set they are read from that directory on every request
/// instead, so the pages can be edited without a rebuild.
package struct WebAssets: Sendable {
    /// One file: its bytes, media type and strong ETag (a digest of the bytes).
    package struct File: Sendable {
        package var bytes: [UInt8]
        package var contentType: String
        package var etag: String
    }

    let directory: String?
    private let files: [String: File]

    /// The embedded files, or `directory`'s when given.
    package init(directory: String? = nil) {
        self.directory = directory
        var files: [String: File] = [:]
        if directory == nil {
            for (path, text) in Self.embedded { files[path] = Self.file(path, Array(text.utf8)) }
        }
        self.files = files
    }

    /// The file at `path` below `web/` (`sdk/affinity.js`), or nil.
    package func file(_ path: String) -> File? {
        guard let directory else { return files[path] }
        guard !path.split(separator: "/").contains(".."),
            let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(path))
        else { return nil }
        return Self.file(path, Array(data))
    }

    static func file(_ path: String, _ bytes: [UInt8]) -> File {
        let digest = SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined()
        return File(bytes: bytes, contentType: contentType(path), etag: "\"\(digest)\"")
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension {
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "html": "text/html; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
