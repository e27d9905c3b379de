import CPoppler
import Foundation

/// A PDF service manual written with cairo, for the ingestion tests: A4 pages with a running
/// header, a "Page N" footer, bold headings larger than the 10-point body, and (optionally) an
/// outline whose entries point at the headings' pages.
public enum ManualPDF {
    public struct Section: Sendable {
        public var level: Int
        public var title: String
        public var paragraphs: [String]

        public init(level: Int, title: String, paragraphs: [String]) {
            self.level = level
            self.title = title
            self.paragraphs = paragraphs
        }
    }

    /// Writes the manual to `path`; returns the page each section's heading landed on.
    @discardableResult
    public static func write(
        to path: String, sections: [Section], header: String = "ACME X200 Service Manual", outline: Bool = true
    )
        -> [Int]
    {
        let surface = cairo_pdf_surface_create(path, 595, 842)
        let cr = cairo_create(surface)
        var page = 1
        var y = 0.0
        var headingPages: [Int] = []
        var parents: [Int: Int32] = [:]

        func startPage() {
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, 9)
            cairo_move_to(cr, 50, 40)
            cairo_show_text(cr, header)
            cairo_move_to(cr, 280, 815)
            cairo_show_text(cr, "Page \(page)")
            y = 80
        }
        func line(_ text: String, size: Double, bold: Bool, gap: Double) {
            if y + gap > 780 {
                cairo_show_page(cr)
                page += 1
                startPage()
            }
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, size)
            cairo_move_to(cr, 50, y)
            cairo_show_text(cr, text)
            y += gap
        }
        startPage()
        for section in sections {
            y += 8
            let size = section.level == 1 ? 16.0 : 13.0
            line(section.title, size: size, bold: true, gap: size * 1.6)
            headingPages.append(page)
            if outline {
                let parent = section.level == 1 ? Int32(0) : (parents[section.level - 1] ?? 0)
                let id = cairo_pdf_surface_add_outline(surface, parent, section.title, "page=\(page)", CAIRO_PDF_OUTLINE_FLAG_OPEN)
                parents[section.level] = id
            }
            for paragraph in section.paragraphs {
                for wrapped in wrap(paragraph, width: 90) { line(wrapped, size: 10, bold: false, gap: 14) }
                y += 6
            }
        }
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
        return headingPages
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

    /// A three-level manual of a few pages: safety, maintenance (replacing the thermistor, which
    /// runs over a page break), and error codes.
    public static let sample: [Section] = {
        let filler =
            "Before any work, switch the printer off, unplug the power cable and let the hotend cool below 40 degrees. Keep the original screws in a labelled tray."
        return [
            Section(level: 1, title: "1 Safety", paragraphs: Array(repeating: filler, count: 6)),
            Section(level: 1, title: "2 Maintenance", paragraphs: ["Regular maintenance keeps the X200 printing reliably for years."]),
            Section(
                level: 2, title: "2.1 Replacing the thermistor",
                paragraphs: [
                    "A thermistor that reads wrong causes the MINTEMP and MAXTEMP errors. Unscrew the heater block cover with a 2 mm hex key.",
                    "Pull the old thermistor out of the heater block and disconnect it from the mainboard connector labelled T0.",
                ] + Array(repeating: "Route the new thermistor cable along the hotend cable bundle and fix it with the supplied zip ties.", count: 30)
                    + ["Finally run the PID calibration from the Calibration menu so the new thermistor reads correctly."]),
            Section(
                level: 2, title: "2.2 Cleaning the nozzle",
                paragraphs: ["Heat the nozzle to 250 degrees and push filament through until it flows cleanly."]),
            Section(
                level: 1, title: "3 Error codes",
                paragraphs: ["Error 17105 MINTEMP: the hotend temperature reads below 10 degrees. Check the thermistor and its cable."]),
        ]
    }()
}
