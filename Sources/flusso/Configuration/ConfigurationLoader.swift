import FlussoCore
import Foundation
import Yams

/// Where an effective configuration value came from.
enum ConfigurationSource: String, Sendable {
    case defaultValue = "default"
    case file
    case environment
    case commandLine = "command line"
}

/// The effective configuration as text values per key, with their sources.
struct ResolvedConfiguration: Sendable {
    var values: [String: String]
    var sources: [String: ConfigurationSource]

    /// Embedded defaults, then the file, then `FLUSSO_*` variables, then command-line overrides.
    static func load(file: String?, environment: [String: String], overrides: [String: String]) throws -> ResolvedConfiguration {
        var values: [String: String] = [:]
        var sources: [String: ConfigurationSource] = [:]
        for key in ConfigurationKeys.all {
            values[key.name] = key.defaultValue
            sources[key.name] = .defaultValue
        }
        if let file {
            for (name, value) in try readFile(file) {
                values[name] = value
                sources[name] = .file
            }
        }
        try checkEnvironment(environment)
        for key in ConfigurationKeys.all {
            if let value = environment[key.environmentName] {
                values[key.name] = value
                sources[key.name] = .environment
            }
        }
        for (name, value) in overrides {
            values[name] = value
            sources[name] = .commandLine
        }
        let resolved = ResolvedConfiguration(values: values, sources: sources)
        try resolved.check()
        return resolved
    }

    /// `FLUSSO_*` variables that are not configuration keys but are read by the scripts and the
    /// command line (documented in docs/configuration.md); every other unknown one is refused.
    static let environmentAllowList: Set<String> = [
        "FLUSSO_ROOT", "FLUSSO_BIN", "FLUSSO_CONFIG", "FLUSSO_DATA_DIR", "FLUSSO_HOME", "FLUSSO_API_KEY", "FLUSSO_SERVER_URL",
        "FLUSSO_SHARED_DATA",
    ]

    /// Refuses a `FLUSSO_*` variable that is neither a key's nor on the allow-list, naming the
    /// closest key (a misspelt variable would otherwise be silently ignored).
    static func checkEnvironment(_ environment: [String: String]) throws {
        let known = Set(ConfigurationKeys.all.map(\.environmentName))
        for name in environment.keys.sorted() where name.hasPrefix("FLUSSO_") && !known.contains(name) && !environmentAllowList.contains(name) {
            let closest = ConfigurationKeys.all.min {
                EditDistance.between(name, $0.environmentName) < EditDistance.between(name, $1.environmentName)
            }
            let hint = closest.map { "; did you mean \($0.environmentName) (\($0.name))?" } ?? ""
            throw FlussoError(.invalidConfiguration, "unknown environment variable \(name)\(hint) `flusso config show` lists the keys")
        }
    }

    /// Reads a YAML (or JSON) file of nested mappings into dotted keys; unknown keys are errors.
    static func readFile(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FlussoError(.invalidConfiguration, "cannot read the configuration file \(path)")
        }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: text)
        } catch {
            throw FlussoError(.invalidConfiguration, "\(path) is not valid YAML: \(error)")
        }
        guard let parsed else { return [:] }
        guard let root = parsed as? [String: Any] else {
            throw FlussoError(.invalidConfiguration, "\(path) must hold a mapping of keys")
        }
        var flat: [String: String] = [:]
        try flatten(root, prefix: "", into: &flat, file: path)
        return flat
    }

    private static func flatten(_ node: [String: Any], prefix: String, into flat: inout [String: String], file: String) throws {
        for (name, value) in node {
            let dotted = prefix.isEmpty ? name : prefix + "." + name
            if let child = value as? [String: Any] {
                try flatten(child, prefix: dotted, into: &flat, file: file)
                continue
            }
            guard ConfigurationKeys.key(named: dotted) != nil else {
                let closest = ConfigurationKeys.all.min { EditDistance.between(dotted, $0.name) < EditDistance.between(dotted, $1.name) }
                let hint = closest.map { " (did you mean '\($0.name)'?)" } ?? ""
                throw FlussoError(
                    .invalidConfiguration, "unknown configuration key '\(dotted)' in \(file)\(hint); `flusso config show` lists the keys")
            }
            if let list = value as? [Any] {
                flat[dotted] = list.map { "\($0)" }.joined(separator: ",")
            } else {
                flat[dotted] = "\(value)"
            }
        }
    }

    func check() throws {
        for key in ConfigurationKeys.all {
            let value = values[key.name] ?? ""
            switch key.kind {
            case .int:
                guard Int(value) != nil else { throw invalid(key, value, "an integer") }
            case .double:
                guard let number = Double(value), number.isFinite, number >= 0 else { throw invalid(key, value, "a non-negative number") }
            case .string, .list:
                break
            }
        }
    }

    private func invalid(_ key: ConfigurationKey, _ value: String, _ expected: String) -> FlussoError {
        FlussoError(
            .invalidConfiguration,
            "\(key.name) (\(sources[key.name]?.rawValue ?? "?"), env \(key.environmentName)) must be \(expected), got '\(value)'")
    }

    func string(_ name: String) -> String { values[name] ?? "" }
    func int(_ name: String) -> Int { Int(string(name)) ?? 0 }
    func double(_ name: String) -> Double { Double(string(name)) ?? 0 }
    /// A true/false key (`true`, `yes`, `1` / `false`, `no`, `0`); anything else is an error naming it.
    func bool(_ name: String) throws -> Bool {
        switch string(name).lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw FlussoError(.invalidConfiguration, "\(name) must be true or false")
        }
    }
    func list(_ name: String) -> [String] {
        string(name).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `key = value  # source`, secrets masked.
    func rendered() -> String {
        ConfigurationKeys.all.map { key in
            var value = string(key.name)
            if key.secret, !value.isEmpty {
                value = list(key.name).map { _ in "****" }.joined(separator: ",")
            }
            return "\(key.name) = \(value.isEmpty ? "\"\"" : value)    # \(sources[key.name]?.rawValue ?? "default"); \(key.environmentName)"
        }.joined(separator: "\n")
    }
}
