import ArgumentParser
import CPoppler
import FlussoCore
import Foundation
import VectorIndex

/// `flusso bench manual-pdf`: writes a synthetic service manual (cairo; a text layer, an outline,
/// running header and footer, numbered chapters and sections) for the PDF ingestion benchmark
/// (`scripts/bench-kb --pdf`). Its text is generated from a fixed seed, so runs compare.
struct BenchManualPDF: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual-pdf", abstract: "Write a synthetic PDF service manual of N pages (for scripts/bench-kb --pdf).")
    @Option(help: "Pages to write.") var pages = 300
    @Option(help: "Where to write it.") var out: String
    @Option(help: "Seed of the text.") var seed: UInt64 = 7

    func run() async throws {
        try await reportingErrors {
            guard (1...5000).contains(pages) else { throw FlussoError(.invalidParameter, "--pages must be 1 to 5000") }
            let written = SyntheticManual(seed: seed).write(to: out, pages: pages)
            guard written.ok else { throw FlussoError(.invalidParameter, "cannot write \(out): \(written.status)") }
            printOut("\(written.pages) pages, \(written.sections) sections: \(out)")
        }
    }
}

/// A deterministic service manual: chapters of subsystems, each with sections on symptoms, causes
/// and procedures that name error codes and parts.
struct SyntheticManual {
    var seed: UInt64

    private static let parts = [
        "hotend thermistor", "heater cartridge", "extruder gear", "part cooling fan", "hotend fan", "heatbed cable", "PSU fan",
        "mainboard connector", "filament sensor", "Z axis motor", "belt tensioner", "nozzle", "PTFE tube", "load cell",
    ]
    private static let actions = [
        "Disconnect the power cable and wait until the hotend is below 40 degrees.", "Remove the two M3 screws that hold the cover.",
        "Check the cable for cuts, kinks and loose crimps along its whole length.", "Measure the resistance with a multimeter.",
        "Replace the part and route the cable along the original path.", "Tighten the screws to 0.4 Nm and do not overtighten them.",
        "Run the selftest from the Calibration menu and compare the readings.", "Clean the contacts with isopropyl alcohol.",
        "Update the firmware to the latest release before testing again.", "Record the serial number of the new part in the log.",
    ]

    /// One of `items`, drawn from `random` (the index's seeded generator, so a seed gives one manual).
    private static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int(random.next() % UInt64(items.count))] }

    func write(to path: String, pages target: Int) -> (pages: Int, sections: Int, ok: Bool, status: String) {
        var random = SplitMix64(state: seed)
        let surface = cairo_pdf_surface_create(path, 595, 842)
        let cr = cairo_create(surface)
        var page = 1
        var y = 0.0
        var sections = 0
        var chapterID: Int32 = 0
        func startPage() {
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, 8)
            cairo_move_to(cr, 50, 36)
            cairo_show_text(cr, "ACME X200 Service Manual, revision 7")
            cairo_move_to(cr, 285, 818)
            cairo_show_text(cr, "\(page)")
            y = 70
        }
        func line(_ text: String, size: Double, bold: Bool) -> Bool {
            if y + size * 1.5 > 790 {
                guard page < target else { return false }
                cairo_show_page(cr)
                page += 1
                startPage()
            }
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, size)
            cairo_move_to(cr, 50, y)
            cairo_show_text(cr, text)
            y += size * 1.45
            return true
        }
        startPage()
        var chapter = 0
        writing: while true {
            chapter += 1
            let part = Self.pick(Self.parts, &random)
            let title = "\(chapter) The \(part)"
            guard line(title, size: 16, bold: true) else { break }
            chapterID = cairo_pdf_surface_add_outline(surface, 0, title, "page=\(page)", CAIRO_PDF_OUTLINE_FLAG_OPEN)
            for section in 1...6 {
                let code = 17100 + Int(random.next() % 900)
                let sectionTitle =
                    "\(chapter).\(section) Error \(code): the \(Self.pick(Self.parts, &random)) \(["fails", "reads wrong", "is noisy", "overheats"][section % 4])"
                y += 6
                guard line(sectionTitle, size: 12, bold: true) else { break writing }
                _ = cairo_pdf_surface_add_outline(surface, chapterID, sectionTitle, "page=\(page)", CAIRO_PDF_OUTLINE_FLAG_OPEN)
                sections += 1
                for _ in 0..<(8 + Int(random.next() % 10)) {
                    let sentence =
                        "\(Self.pick(Self.actions, &random)) The \(Self.pick(Self.parts, &random)) of the X200 reports error \(code) when it fails."
                    for wrapped in Self.wrap(sentence, width: 95) {
                        guard line(wrapped, size: 9.5, bold: false) else { break writing }
                    }
                }
            }
        }
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        return (page, sections, status == CAIRO_STATUS_SUCCESS, String(cString: cairo_status_to_string(status)))
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
