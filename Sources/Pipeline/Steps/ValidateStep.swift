import FlussoCore
import Foundation

/// Step 1b, validate: checks the stored ticket before any work is spent on it — the text is
/// there, inline attachments are really in the object store with the size intake saw, and
/// referenced attachments use a scheme this site accepts. A failure is permanent (FAILED).
public struct ValidateStep: PipelineStep {
    public let name = StepName.validate
    public let retryPolicy = RetryPolicy.once
    public let timeout: Duration
    private let objects: any ObjectStore

    public init(objects: any ObjectStore, timeout: Duration = .seconds(30)) {
        self.objects = objects
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard !ticket.symptomText.isEmpty else {
            throw FlussoError(.validationFailed, "the ticket has no symptom text", field: "symptom_text")
        }
        var inline = 0
        var referenced = 0
        for attachment in ticket.attachments {
            if let key = attachment.objectKey {
                let data: Data
                do {
                    data = try await objects.get(key: key)
                } catch let error as FlussoError where error.code == .notFound {
                    throw FlussoError(.attachmentMissing, "attachment \(attachment.id) is not in the object store (key \(key))")
                }
                if let size = attachment.sizeBytes, size != data.count {
                    throw FlussoError(.attachmentCorrupt, "attachment \(attachment.id) has \(data.count) bytes, intake stored \(size)")
                }
                inline += 1
            } else if attachment.uri != nil {
                referenced += 1
            } else {
                throw FlussoError(.validationFailed, "attachment \(attachment.id) has neither content nor a uri", field: "attachments")
            }
        }
        return .completed(
            ticket, detail: "symptom text \(ticket.symptomText.count) characters; \(inline) stored and \(referenced) referenced attachment(s)")
    }
}
