import AffinityEngine
import Foundation

/// Writes `text` and a newline to standard error: notes that are not the command's result.
func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Engine {
    /// Says on standard error that opening this engine created its data directory, and
    /// shows the API keys generated for it (only their hashes are stored).
    func announceNewDataDirectory(_ dataDirectory: String) {
        if createdDataDirectory { printToStandardError("created data directory \(dataDirectory)") }
        if let keys = generatedKeys {
            var note = "New API keys for \(dataDirectory) (shown once; only their hashes are stored):"
            if let key = keys.publicKey { note += "\n  public key: \(key)" }
            if let key = keys.secretKey { note += "\n  secret key: \(key)" }
            if let secret = keys.userTokenSecret { note += "\n  user token secret: \(secret)" }
            printToStandardError(note)
        }
    }
}
