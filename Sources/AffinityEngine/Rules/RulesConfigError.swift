/// One problem in a rules file, located precisely so an editor (or a marketer) can jump to it.
package struct RulesConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as given to the loader.
    package var file: String
    /// 1-based line and column (columns count Unicode scalars, as libYAML does).
    package var line: Int
    package var column: Int
    /// Dotted path to the offending value, e.g. `placements.home_hero.pins[0].position`.
    package var path: String
    /// What is wrong and how to fix it.
    package var message: String

    package init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `FILE:LINE:COLUMN: path: message`, the format compilers use, so editors link it.
    package var description: String {
        path.isEmpty ? "\(file):\(line):\(column): \(message)" : "\(file):\(line):\(column): \(path): \(message)"
    }
}

/// Every problem found in one rules file: the loader reports them all at once so a
/// marketer fixes a file in one pass rather than one error per run.
package struct RulesConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// Sorted by line, then column.
    package var errors: [RulesConfigError]

    package init(_ errors: [RulesConfigError]) {
        self.errors = errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// One error per line.
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
