import FlussoCore
import Foundation
import Pipeline

/// `GET /metrics` in the Prometheus text format (0.0.4): tickets by status, queue depth,
/// in-flight and dead letters (from the database, so they cover every process), and step
/// durations and outcomes (this process's workers).
enum PrometheusText {
    static func render(
        store: any TicketStore, queue: any JobQueue, metrics: StepMetrics, webhooks: WebhookMetrics, backlog: WebhookBacklog, now: Date
    ) async throws -> String {
        var lines: [String] = []
        let counts = try await store.countsByStatus()
        lines.append("# HELP flusso_tickets Tickets by status.")
        lines.append("# TYPE flusso_tickets gauge")
        for status in TicketStatus.allCases {
            lines.append("flusso_tickets{status=\"\(status.rawValue)\"} \(counts[status] ?? 0)")
        }
        lines.append("# HELP flusso_tickets_overdue Tickets past their SLA due time neither answered nor closed (not READY or REJECTED).")
        lines.append("# TYPE flusso_tickets_overdue gauge")
        lines.append("flusso_tickets_overdue \(try await store.overdueCount(at: now))")
        let stats = try await queue.stats()
        lines.append("# HELP flusso_queue_depth Jobs waiting to be leased.")
        lines.append("# TYPE flusso_queue_depth gauge")
        lines.append("flusso_queue_depth \(stats.ready)")
        lines.append("# HELP flusso_queue_in_flight Jobs leased by a worker.")
        lines.append("# TYPE flusso_queue_in_flight gauge")
        lines.append("flusso_queue_in_flight \(stats.inFlight)")
        lines.append("# HELP flusso_dead_letters Jobs moved to dead letter.")
        lines.append("# TYPE flusso_dead_letters gauge")
        lines.append("flusso_dead_letters \(stats.deadLetters)")
        lines.append("# HELP flusso_step_duration_seconds Time spent in each pipeline step by this process's workers.")
        lines.append("# TYPE flusso_step_duration_seconds histogram")
        let histograms = metrics.snapshot()
        for step in StepName.allCases {
            guard let histogram = histograms[step] else { continue }
            for (index, bound) in StepMetrics.buckets.enumerated() {
                lines.append("flusso_step_duration_seconds_bucket{step=\"\(step.rawValue)\",le=\"\(bound)\"} \(histogram.counts[index])")
            }
            lines.append("flusso_step_duration_seconds_bucket{step=\"\(step.rawValue)\",le=\"+Inf\"} \(histogram.count)")
            lines.append("flusso_step_duration_seconds_sum{step=\"\(step.rawValue)\"} \(histogram.sum)")
            lines.append("flusso_step_duration_seconds_count{step=\"\(step.rawValue)\"} \(histogram.count)")
        }
        lines.append("# HELP flusso_steps_total Steps run by this process's workers, by outcome.")
        lines.append("# TYPE flusso_steps_total counter")
        for (key, count) in metrics.outcomeCounts().sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|")
            lines.append("flusso_steps_total{step=\"\(parts[0])\",status=\"\(parts[1])\"} \(count)")
        }
        lines += webhookLines(webhooks, backlog: backlog)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Step 9: the outbox and delivery backlog (every process), attempts by outcome and the delay
    /// from event to delivery (this process's dispatcher).
    static func webhookLines(_ webhooks: WebhookMetrics, backlog: WebhookBacklog) -> [String] {
        var lines: [String] = []
        lines.append("# HELP flusso_outbox_unplanned Events in the outbox not yet planned into webhook deliveries.")
        lines.append("# TYPE flusso_outbox_unplanned gauge")
        lines.append("flusso_outbox_unplanned \(backlog.unplannedEvents)")
        lines.append("# HELP flusso_webhook_deliveries Webhook deliveries waiting for an attempt (pending) or dead-lettered (dead).")
        lines.append("# TYPE flusso_webhook_deliveries gauge")
        lines.append("flusso_webhook_deliveries{state=\"pending\"} \(backlog.pendingDeliveries)")
        lines.append("flusso_webhook_deliveries{state=\"dead\"} \(backlog.deadDeliveries)")
        let snapshot = webhooks.snapshot()
        lines.append("# HELP flusso_webhook_attempts_total Webhook delivery attempts by this process's dispatcher, by outcome.")
        lines.append("# TYPE flusso_webhook_attempts_total counter")
        for outcome in WebhookMetrics.Outcome.allCases {
            lines.append("flusso_webhook_attempts_total{outcome=\"\(outcome.rawValue)\"} \(snapshot.attempts[outcome] ?? 0)")
        }
        lines.append("# HELP flusso_webhook_delivery_seconds Time from an event to its successful delivery (this process's dispatcher).")
        lines.append("# TYPE flusso_webhook_delivery_seconds histogram")
        for (index, bound) in WebhookMetrics.buckets.enumerated() {
            lines.append("flusso_webhook_delivery_seconds_bucket{le=\"\(bound)\"} \(snapshot.latencyCounts[index])")
        }
        lines.append("flusso_webhook_delivery_seconds_bucket{le=\"+Inf\"} \(snapshot.latencyCount)")
        lines.append("flusso_webhook_delivery_seconds_sum \(snapshot.latencySum)")
        lines.append("flusso_webhook_delivery_seconds_count \(snapshot.latencyCount)")
        return lines
    }
}
