import FlussoCore
import Foundation

/// `/console`: tickets of one status (NEEDS_REVIEW first among the tabs), newest first, with their
/// SLA due time (overdue ones marked), model, error code, category and generator.
enum QueueConsolePage {
    /// The status tabs, in the order a reviewer works them.
    static let order: [TicketStatus] = [.needsReview, .ready, .processing, .new, .failed, .rejected]

    static func render(
        tickets: [Ticket], counts: [TicketStatus: Int], status: TicketStatus, nextCursor: String?, now: Date, language: ConsoleLanguage
    ) -> String {
        let t = { (key: ConsoleText) in HTML.escape(language.text(key)) }
        var html = "<h1>\(t(.queue))</h1>\n<nav aria-label=\"\(t(.status))\"><ul>"
        for tab in order {
            let current = tab == status ? " aria-current=\"page\"" : ""
            html += "<li><a href=\"/console?status=\(tab.rawValue)\"\(current)>\(tab.rawValue) (\(counts[tab] ?? 0))</a></li>"
        }
        html += "</ul></nav>\n"
        guard !tickets.isEmpty else { return html + "<p>\(t(.noTickets))</p>" }
        html += "<table><caption class=\"muted\">\(HTML.escape(status.rawValue))</caption><thead><tr>"
        for key: ConsoleText in [.ticket, .created, .slaDue, .model, .errorCode, .category, .generator, .symptom] {
            html += "<th scope=\"col\">\(t(key))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for ticket in tickets {
            let due = ticket.sla.map { sla -> String in
                let overdue = ticket.isOverdue(at: now) ? " <span class=\"overdue\">(\(t(.overdue)))</span>" : ""
                return HTML.escape(FlussoJSON.format(sla.dueAt)) + overdue
            }
            html += "<tr><td><a href=\"/console/tickets/\(HTML.escape(ticket.ticketID))\">\(HTML.escape(ticket.ticketID))</a></td>"
            html += "<td>\(HTML.escape(FlussoJSON.format(ticket.createdAt)))</td><td>\(due ?? "—")</td>"
            html += "<td>\(HTML.escape(ticket.asset?.model ?? "—"))</td><td>\(HTML.escape(ticket.errorCode ?? "—"))</td>"
            html += "<td>\(HTML.escape(ticket.classification?.category ?? "—"))</td><td>\(HTML.escape(ticket.solution?.generator ?? "—"))</td>"
            html += "<td>\(HTML.escape(String(ticket.symptomText.prefix(120))))</td></tr>\n"
        }
        html += "</tbody></table>"
        if let nextCursor {
            html += "<p><a href=\"/console?status=\(status.rawValue)&amp;cursor=\(HTML.escape(HTML.query(nextCursor)))\">\(t(.nextPage))</a></p>"
        }
        return html
    }
}
