import AffinityEngine
import Foundation
import Logging
import Testing

/// Commands that only read a data directory open the engine with
/// `createDataDirectory: false`: a mistyped path fails and leaves nothing behind.
@Suite("Data directory creation")
struct DataDirectoryTests {
    func open(_ path: String, create: Bool) async throws -> Engine {
        try await Engine(
            options: EngineOptions(
                dataDirectory: path, publicKey: "pk", secretKey: "sk", createDataDirectory: create),
            logger: Logger(label: "test"))
    }

    func error(opening path: String) async -> DataDirectoryError? {
        do {
            _ = try await open(path, create: false)
            return nil
        } catch {
            return error as? DataDirectoryError
        }
    }

    @Test("a missing directory is refused with a clear message and not created")
    func missingIsRefused() async throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let path = parent.file("wrong/path").path
        let error = await error(opening: path)
        #expect(error == DataDirectoryError(.missing, path: path))
        #expect(
            error?.description
                == "no data directory at \(path); run `affinity serve --data-dir \(path)` or "
                + "`affinity import events --data-dir \(path) FILE` to create one")
        #expect(!FileManager.default.fileExists(atPath: parent.file("wrong").path))
    }

    @Test("an existing directory without a database is refused and no database is created")
    func emptyDirectoryIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = await error(opening: directory.path)
        #expect(error == DataDirectoryError(.noDatabase, path: directory.path))
        #expect(error?.description.contains("is not a data directory (it has no affinity.sqlite)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a file is refused even when creating is allowed")
    func fileIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("not-a-directory").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(await error(opening: file) == DataDirectoryError(.notADirectory, path: file))
        await #expect(throws: DataDirectoryError(.notADirectory, path: file)) {
            _ = try await open(file, create: true)
        }
    }

    @Test("the default creates a missing directory and says so once; a read-only open then works")
    func defaultCreates() async throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let path = parent.file("new/data").path
        #expect(EngineOptions(dataDirectory: path).createDataDirectory)
        let first = try await Engine(options: EngineOptions(dataDirectory: path), logger: Logger(label: "test"))
        #expect(first.createdDataDirectory)
        #expect(FileManager.default.fileExists(atPath: parent.file("new/data/affinity.sqlite").path))
        let second = try await open(path, create: true)
        #expect(!second.createdDataDirectory)
        let reader = try await open(path, create: false)
        #expect(!reader.createdDataDirectory)
        try await reader.load()
        #expect(reader.isReady)
    }
}
