import ArgumentParser

/// `flusso`: the command-line interface.
@main
struct FlussoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flusso",
        abstract: "Flusso: turns support tickets into checked, cited solutions, offline.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, SubmitCommand.self, ProcessCommand.self, ShowCommand.self,
            TicketsCommand.self, FeedbackCommand.self, ConfigCommand.self, BenchCommand.self, EmbedCommand.self,
        ]
    )
}
