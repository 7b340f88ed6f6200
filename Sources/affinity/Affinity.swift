import AffinityEngine
import ArgumentParser

/// The `affinity` command: one subcommand per job.
@main
struct Affinity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affinity",
        abstract: "Personalisation and recommendations for headless commerce.",
        version: AffinityVersion.current,
        subcommands: [
            Serve.self, Import.self, Datasets.self, Evaluate.self, Train.self, Recommend.self, Config.self, Keys.self,
            Users.self, Export.self,
        ])
}
