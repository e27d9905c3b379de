import ArgumentParser
import Embeddings
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

    /// Makes sure `OMP_THREAD_LIMIT=1` is set before Tesseract's OpenMP runtime loads, and
    /// `OPENBLAS_CORETYPE` when OpenBLAS does not know the CPU, then runs the command as
    /// ArgumentParser's own `main` would.
    static func main() async {
        LoadTimeEnvironment.reexecIfNeeded()
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

/// Variables that libraries read once, when the process loads, so `setenv` in `main` is too late:
///
/// - `OMP_THREAD_LIMIT`: libgomp (linked through Tesseract). Without the limit every Tesseract
///   page starts OpenMP threads that fight the workers for the cores (a dense page: 1.6 s with it,
///   12.8 s without). Set to 1 when unset.
/// - `OPENBLAS_CORETYPE`: OpenBLAS's kernel set, when the library took the CPU for an older one
///   (`BLASKernels`: SSE3 kernels on an AVX-512 CPU are 4× slower). Set only then.
///
/// When either is set here, `flusso` re-executes itself once (same pid, arguments and environment
/// otherwise). Explicit values (even other ones) are respected and nothing is re-executed.
enum LoadTimeEnvironment {
    static func reexecIfNeeded() {
        #if os(Linux)
        var changed = false
        if getenv("OMP_THREAD_LIMIT") == nil {
            setenv("OMP_THREAD_LIMIT", "1", 1)
            changed = true
        }
        if BLASKernels.setCoreTypeIfNeeded() != nil { changed = true }
        guard changed else { return }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: carry on, slower but correct.
        #endif
    }
}
