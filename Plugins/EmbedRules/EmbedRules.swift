import Foundation
import PackagePlugin

/// Compiles the package's `Rules/**/*.yaml` (and the `*.txt` fixtures they name) into a Swift source file of the target, so that the bundled rule packs
/// travel inside every binary that links `NewscleanRules`, whatever the working directory and wherever the binary is
/// copied. The build re-runs it whenever a rule file changes.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let rulesDirectory = context.package.directoryURL.appending(path: "Rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledRuleFiles+Generated.swift")
        var inputs: [URL] = []
        if let enumerator = FileManager.default.enumerator(at: rulesDirectory, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where ["yaml", "yml", "txt"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) bundled rule files",
                executable: try context.tool(named: "newsclean-embed-rules").url,
                arguments: [context.package.directoryURL.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
