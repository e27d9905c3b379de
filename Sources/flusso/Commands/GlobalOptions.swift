import ArgumentParser
import FlussoCore
import Foundation
import Logging
import Synchronization

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default ./data, or FLUSSO_DATA_DIR).")
    var dataDir: String?

    @Option(name: .customLong("config"), help: "Configuration file (YAML); FLUSSO_* variables override it.")
    var config: String?

    /// Loads the configuration with `overrides` from the command line.
    func settings(overrides: [String: String] = [:]) throws -> FlussoSettings {
        var all = overrides
        if let dataDir { all["data_dir"] = dataDir }
        let environment = ProcessInfo.processInfo.environment
        let file = config ?? environment["FLUSSO_CONFIG"]
        let resolved = try ResolvedConfiguration.load(file: file, environment: environment, overrides: all)
        let settings = try FlussoSettings(resolved)
        LoggingSetup.bootstrap(level: settings.logLevel)
        return settings
    }
}

/// Logs go to stderr, one line each, so stdout stays clean for `--json` output. Every logger
/// starts at the configured `log.level` (the last one given; swift-log bootstraps only once).
enum LoggingSetup {
    private static let level = Mutex<Logger.Level>(.info)
    private static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = LoggingSetup.level.withLock { $0 }
            return handler
        }
    }()

    static func bootstrap(level: Logger.Level) {
        self.level.withLock { $0 = level }
        _ = once
    }
}

/// Prints a command's failure as one line on stderr and exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    /// `error: CODE: message`, the code from the closed set (`internal_error` for an error of no
    /// known kind, with its description as the message).
    init(_ error: any Error) {
        let flussoError = FlussoError(error)
        description = "error: \(flussoError.code.name): \(flussoError.message)"
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning any error into a one-line message and exit code 1.
    func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            FileHandle.standardError.write(Data((CommandFailure(error).description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

/// Writes text to stdout.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
