import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `flusso`: the command-line interface.
@main
struct FlussoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flusso",
        abstract: "Flusso: turns support tickets into checked, cited solutions, offline.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, SubmitCommand.self, ProcessCommand.self, ShowCommand.self,
            TicketsCommand.self, FeedbackCommand.self, ClassifierCommand.self, ConfigCommand.self, BenchCommand.self, KBCommand.self,
            OCRCommand.self, EmbedCommand.self, GuardCommand.self, EnrichCommand.self, WebhooksCommand.self,
        ]
    )

    /// Makes sure `OMP_THREAD_LIMIT=1` is set before Tesseract's OpenMP runtime loads, then runs
    /// the command as ArgumentParser's own `main` would.
    static func main() async {
        OpenMPEnvironment.reexecIfNeeded()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// libgomp (linked through Tesseract) reads `OMP_THREAD_LIMIT` once, when the process loads, so
/// `setenv` in `main` is too late. Without the limit every Tesseract page starts OpenMP threads
/// that fight the workers for the cores (a dense page: 1.6 s with it, 12.8 s without). So when
/// the variable is unset, `flusso` sets it and re-executes itself once (same pid, arguments and
/// environment otherwise). An explicit value (even another number) is respected and nothing is
/// re-executed.
enum OpenMPEnvironment {
    static func reexecIfNeeded() {
        #if os(Linux)
        guard getenv("OMP_THREAD_LIMIT") == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: carry on, slower but correct.
        #endif
    }
}
