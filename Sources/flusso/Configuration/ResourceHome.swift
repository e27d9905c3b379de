import FlussoCore
import Foundation

/// The one directory Flusso's resources (`rules/`, `models/`, `kb-mappings/`, the sample `kb/`)
/// are read from. Relative resource paths in the configuration resolve against it, never against
/// the working directory, so `flusso` run from any directory finds the same files.
///
/// Where it is, first match wins:
/// 1. the `home` setting (`FLUSSO_HOME`), made absolute;
/// 2. the installed layout: `../share/flusso` beside the executable;
/// 3. the checkout the binary was built from (found from this source file's compile-time path).
/// With none of these, there is no home and a relative resource path is a start-up error.
struct ResourceHome: Sendable, Equatable {
    enum Origin: String, Sendable {
        case setting = "the home setting (FLUSSO_HOME)"
        case installed = "the installed layout beside the executable"
        case checkout = "the checkout the binary was built from"
    }

    var path: String
    var origin: Origin

    /// The home for `configured` (the `home` setting; empty = not set).
    static func resolve(
        configured: String, executable: String? = currentExecutable(), checkout: String? = buildCheckout()
    )
        throws -> ResourceHome?
    {
        if !configured.isEmpty {
            let absolute = URL(fileURLWithPath: configured).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FlussoError(.invalidConfiguration, "home (FLUSSO_HOME) \(absolute) is not a directory")
            }
            return ResourceHome(path: absolute, origin: .setting)
        }
        if let executable {
            let share = URL(fileURLWithPath: executable).deletingLastPathComponent()
                .appendingPathComponent("../share/flusso").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: share) { return ResourceHome(path: share, origin: .installed) }
        }
        if let checkout { return ResourceHome(path: checkout, origin: .checkout) }
        return nil
    }

    /// `path` as given when absolute, else under this home.
    func resolving(_ path: String) -> String {
        guard !path.isEmpty, !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: self.path, isDirectory: true)).standardizedFileURL.path
    }

    /// The running executable's path (`/proc/self/exe` on Linux).
    static func currentExecutable() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        return Bundle.main.executablePath
    }

    /// The package root this file was compiled in, when it still holds the package.
    static func buildCheckout(sourceFile: String = #filePath) -> String? {
        let root = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent()  // Configuration
            .deletingLastPathComponent()  // flusso
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
        let manifest = root.appendingPathComponent("Package.swift").path
        let rules = root.appendingPathComponent("rules").path
        guard FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: rules) else { return nil }
        return root.path
    }
}

extension Optional where Wrapped == ResourceHome {
    /// `path` resolved against the home; a relative path with no home is an error naming `key`.
    func resolving(_ path: String, key: String) throws -> String {
        try ResourcePath(path, key: key, home: self).path()
    }
}

/// A resource path from the configuration (`classifier.model_path`, `embeddings.model_dir`,
/// `guardrails.safety_rules`), resolved against the home when relative. A relative path with no
/// home cannot resolve (the working directory is never used): `path()` then throws naming the
/// key, so only a command that uses the resource fails.
struct ResourcePath: Sendable, Equatable {
    let key: String
    /// As configured.
    let given: String
    /// The absolute path; nil when `given` is relative and there is no home.
    let resolved: String?

    init(_ given: String, key: String, home: ResourceHome?) {
        self.key = key
        self.given = given
        if given.isEmpty || given.hasPrefix("/") {
            resolved = given
        } else {
            resolved = home?.resolving(given)
        }
    }

    /// The path to read (empty when none is configured).
    func path() throws -> String {
        guard let resolved else {
            throw FlussoError(
                .invalidConfiguration,
                "\(key) is the relative path '\(given)' but no home was found to resolve it: set FLUSSO_HOME (or home) or give an absolute path")
        }
        return resolved
    }
}
