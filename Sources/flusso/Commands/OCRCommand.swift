import ArgumentParser
import FlussoCore
import Foundation

/// `flusso ocr FILE [--lang ita+eng] [--dpi 300] [--max-pages N] --json`: reads one document as
/// step 3 would (text layer, else OCR) and prints its text, or the full result as JSON.
struct OCRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Extract the text of a PDF or image (PNG, JPEG, TIFF) with Poppler and Tesseract, as step 3 does.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "PDF, PNG, JPEG or TIFF file, or - for standard input.") var file: String
    @Option(help: "Tesseract languages, '+'-separated, in priority order (default: ocr.languages, ita+eng).") var lang: String?
    @Option(help: "Resolution for rendering PDF pages without a text layer (default: ocr.dpi, 300).") var dpi: Int?
    @Option(name: .customLong("max-pages"), help: "Pages to read at most (default: ocr.max_pages).") var maxPages: Int?
    @Option(name: .customLong("repeat"), help: "Read the file this many times with the same engine, reporting each run on stderr (benchmarks).")
    var runs: Int = 1
    @Flag(help: "Print the whole result (pages, confidence, method, language, duration) as JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            var overrides: [String: String] = [:]
            if let lang { overrides["ocr.languages"] = lang }
            if let dpi { overrides["ocr.dpi"] = String(dpi) }
            if let maxPages { overrides["ocr.max_pages"] = String(maxPages) }
            overrides["ocr.engines"] = "1"
            overrides["ocr.enabled"] = "true"
            let settings = try global.settings(overrides: overrides)
            let data = try readInput(file)
            let runtime = try await Runtime(settings: settings, needs: .documentText)
            guard let extractor = runtime.documentText else { return }
            let name = file == "-" ? nil : (file as NSString).lastPathComponent
            var result: DocumentText?
            var failure: (any Error)?
            do {
                for _ in 0..<max(1, runs) {
                    // Wall time of the call: the first one includes loading the models.
                    let start = ContinuousClock.now
                    result = try await extractor.extract(data, filename: name, options: settings.ocr.options)
                    let elapsed = ContinuousClock.now - start
                    if runs > 1, let result {
                        let ms = elapsed.milliseconds
                        FileHandle.standardError.write(Data("run: \(String(format: "%.1f", ms)) ms, \(result.pages.count) page(s)\n".utf8))
                    }
                }
            } catch {
                failure = error
            }
            await runtime.shutdown()
            if let failure { throw failure }
            guard let result else { return }
            if json {
                printOut(String(decoding: try FlussoJSON.encode(result, pretty: true), as: UTF8.self))
            } else {
                printOut(result.text)
            }
        }
    }
}
