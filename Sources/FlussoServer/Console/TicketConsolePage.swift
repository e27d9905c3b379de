import FlussoCore
import Foundation

/// `/console/tickets/{id}`: what a reviewer checks — the symptom, customer and asset, the
/// classification with its top 3, the solution's steps each with the chunks it cites beside it
/// (file and page), the guardrails' scores per step and safety notes, who answered, the step
/// timeline and the feedback.
enum TicketConsolePage {
    static func render(ticket: Ticket, steps: [StepRecord], feedback: [Feedback], language: ConsoleLanguage, now: Date) -> String {
        let t = { (key: ConsoleText) in HTML.escape(language.text(key)) }
        let e = HTML.escape
        var html = "<p><a href=\"/console?status=\(ticket.status.rawValue)\">← \(t(.back))</a></p>"
        html += "<h1>\(t(.ticket)) \(e(ticket.ticketID))</h1>"
        html += "<p><span class=\"status\">\(e(ticket.status.rawValue))</span>"
        if let reason = ticket.statusReason { html += " — \(t(.statusReason)): \(e(reason))" }
        if let sla = ticket.refreshingSLA(at: now).sla {
            html += "<br>\(t(.slaDue)): \(e(FlussoJSON.format(sla.dueAt)))"
            if ticket.isOverdue(at: now) { html += " <span class=\"overdue\">(\(t(.overdue)))</span>" }
        }
        html += "</p>"
        html += "<h2>\(t(.symptom))</h2><p>\(e(ticket.symptomText))</p>"
        html += "<dl><dt>\(t(.customer))</dt><dd>\(e(ticket.customer.id))</dd>"
        if let asset = ticket.asset {
            let facts = [asset.model, asset.productType, asset.serial].compactMap { $0 }.joined(separator: " · ")
            html += "<dt>\(t(.asset))</dt><dd>\(e(facts.isEmpty ? "—" : facts))</dd>"
        }
        if let code = ticket.errorCode { html += "<dt>\(t(.errorCode))</dt><dd>\(e(code))</dd>" }
        html += "</dl>"
        if let classification = ticket.classification {
            html += "<h2>\(t(.classification))</h2><p>\(e(classification.category)) (\(t(.confidence)) \(percent(classification.confidence)))</p><ol>"
            for candidate in classification.top3 { html += "<li>\(e(candidate.category)) — \(percent(candidate.probability))</li>" }
            html += "</ol>"
        }
        html += solution(ticket, t: t)
        html += "<h2>\(t(.timeline))</h2><table><thead><tr><th scope=\"col\">\(t(.step))</th><th scope=\"col\">\(t(.status))</th>"
        html += "<th scope=\"col\">\(t(.attempts))</th><th scope=\"col\">\(t(.duration))</th><th scope=\"col\"></th></tr></thead><tbody>"
        for record in steps {
            html += "<tr><td>\(e(record.step.rawValue))</td><td>\(e(record.status.rawValue))</td><td>\(record.attempts)</td>"
            html +=
                "<td>\(String(format: "%.1f", record.durationMs)) ms</td><td class=\"muted\">\(e(record.error?.message ?? record.detail ?? ""))</td></tr>"
        }
        html += "</tbody></table>"
        if feedback.contains(where: \.isCurrent) {
            html += "<h2>\(t(.feedback))</h2><ul>"
            for item in feedback where item.isCurrent {
                let verdict = item.wasHelpful ? t(.helpful) : t(.notHelpful)
                let who = item.reviewer ?? item.keyName
                html +=
                    "<li>\(e(who)): \(verdict)\(item.correctedCategory.map { " → \(e($0))" } ?? "")\(item.comment.map { " — \(e($0))" } ?? "")</li>"
            }
            html += "</ul>"
        }
        return html
    }

    private static func solution(_ ticket: Ticket, t: (ConsoleText) -> String) -> String {
        let e = HTML.escape
        guard let solution = ticket.solution else { return "<h2>\(t(.solution))</h2><p>\(t(.noSolution))</p>" }
        var html = "<h2>\(t(.solution))</h2><p class=\"muted\">\(t(.generator)): \(e(solution.generator))"
        html += " · v\(solution.currentVersion)\(solution.editedBy.map { " (\(e($0)))" } ?? "")"
        if let metrics = solution.qualityMetrics {
            html += " · \(t(.groundedness)) \(String(format: "%.2f", metrics.groundednessScore))"
        }
        html += "</p>"
        if solution.noDocumentedFix { html += "<p>\(t(.noDocumentedFix))</p>" }
        if !solution.probableCause.isEmpty { html += "<h3>\(t(.probableCause))</h3><p>\(e(solution.probableCause))</p>" }
        let chunks = Dictionary((ticket.retrieval?.results ?? []).map { ($0.chunk.chunkID, $0.chunk) }, uniquingKeysWith: { first, _ in first })
        let grounding = Dictionary((ticket.guardrails?.steps ?? []).map { ($0.order, $0.score) }, uniquingKeysWith: { first, _ in first })
        if !solution.steps.isEmpty {
            html += "<h3>\(t(.steps))</h3><ol>"
            for step in solution.steps {
                html += "<li><p>\(e(step.text))"
                if let score = grounding[step.order] {
                    html += " <span class=\"muted\">(\(t(.groundedness)) \(String(format: "%.2f", score)))</span>"
                }
                html += "</p>"
                for id in step.citations {
                    guard let chunk = chunks[id] else {
                        html += "<div class=\"chunk\">\(e(id))</div>"
                        continue
                    }
                    var source = chunk.sourceFile ?? chunk.documentID
                    if let page = chunk.pageStart { source += ", p. \(page)" + (chunk.pageEnd.map { $0 != page ? "–\($0)" : "" } ?? "") }
                    if !chunk.sectionPath.isEmpty { source += " — " + chunk.sectionPath.joined(separator: " › ") }
                    html += "<details class=\"chunk\"><summary>\(e(source))</summary><p>\(e(chunk.text))</p></details>"
                }
                html += "</li>"
            }
            html += "</ol>"
        }
        if !solution.safetyFlags.isEmpty {
            html += "<h3>\(t(.safetyFlags))</h3><ul>" + solution.safetyFlags.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        return html
    }

    private static func percent(_ value: Double) -> String { String(format: "%.0f %%", value * 100) }
}
