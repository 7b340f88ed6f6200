/// The release this build is: `affinity --version` and `GET /health/live` report it, so an
/// operator can tell which build answers.
package enum AffinityVersion {
    package static let current = "0.9.0"
}
