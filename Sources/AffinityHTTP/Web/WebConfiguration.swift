/// What the server shows browsers, and which storefront origins may call the API.
package struct WebConfiguration: Sendable {
    /// Serve `/demo` (on the seeded demo store only); `--no-demo-ui` turns it off.
    package var demoUI: Bool
    /// Origins (`https://shop.example`) whose pages may call the API from the browser
    /// (CORS); none by default: the SDK then works on this server's own origin only.
    package var corsOrigins: Set<String>
    /// The SDK, demo and console files.
    package var assets: WebAssets

    package init(demoUI: Bool = true, corsOrigins: Set<String> = [], assets: WebAssets = WebAssets()) {
        self.demoUI = demoUI
        self.corsOrigins = corsOrigins
        self.assets = assets
    }
}
