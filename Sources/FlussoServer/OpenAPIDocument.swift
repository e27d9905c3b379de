/// The OpenAPI 3.1 document of every route, served at `GET /openapi.yaml`. It is compiled in
/// (not a resource file) so the single `flusso` binary always carries it; the tests hold real
/// responses against it.
public enum OpenAPIDocument {
    public static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Flusso
          version: 0.1.0
          description: >
            Offline support-ticket service: a ticket goes in, a checked, cited solution comes out.
            Errors are always {"error": {"code", "message", "field"?, "details"?}}.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /tickets:
            post:
              summary: Submit a ticket (step 1, intake). Stored NEW and queued in one transaction.
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/TicketSubmission' }
                  multipart/form-data:
                    schema:
                      type: object
                      required: [ticket]
                      description: >-
                        The ticket JSON in the part 'ticket'; every part with a filename becomes an attachment
                        (type from the part's Content-Type: application/pdf, image/*, text/*; for
                        application/octet-stream or none, from the file's first bytes), stored like content_base64.
                      properties:
                        ticket: { $ref: '#/components/schemas/TicketSubmission' }
                        attachments: { type: array, items: { type: string, format: binary } }
              responses:
                '202':
                  description: Accepted; processing happens asynchronously.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/TicketAccepted' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '413': { $ref: '#/components/responses/Error' }
                '415': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
            get:
              summary: List tickets, newest first (keyset pagination).
              parameters:
                - { name: status, in: query, schema: { $ref: '#/components/schemas/TicketStatus' } }
                - { name: overdue, in: query, description: 'true: only tickets past their SLA due time neither answered nor closed (not READY or REJECTED)', schema: { type: boolean } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500, default: 50 } }
                - { name: cursor, in: query, schema: { type: string } }
              responses:
                '200':
                  description: One page.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/TicketList' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
          /tickets/{id}:
            get:
              summary: A ticket with its step records and feedback.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: The ticket.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/TicketDetail' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /tickets/{id}/feedback:
            post:
              summary: Feedback on a finished ticket (step 10).
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/FeedbackSubmission' }
              responses:
                '201':
                  description: Stored.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Feedback' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
                '413': { $ref: '#/components/responses/Error' }
                '415': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
            get:
              summary: The ticket's feedback, in force (one per sender) and replaced, oldest first.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: The feedback.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [current, replaced]
                        additionalProperties: false
                        properties:
                          current: { type: array, items: { $ref: '#/components/schemas/Feedback' } }
                          replaced: { type: array, items: { $ref: '#/components/schemas/Feedback' } }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /tickets/{id}/review:
            post:
              summary: A reviewer approves the answer (READY), rejects it with a reason (REJECTED), or edits its steps and approves (a new solution version).
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/ReviewRequest' }
              responses:
                '200':
                  description: The review; the ticket's status and solution changed with it.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/TicketReview' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
                '413': { $ref: '#/components/responses/Error' }
                '415': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
          /tickets/{id}/reviews:
            get:
              summary: The ticket's reviews, oldest first, and the solution versions edits replaced.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: The history.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [reviews, previous_solutions]
                        additionalProperties: false
                        properties:
                          reviews: { type: array, items: { $ref: '#/components/schemas/TicketReview' } }
                          previous_solutions: { type: array, items: { $ref: '#/components/schemas/Solution' } }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /admin/classifier:
            get:
              summary: The local classifier model in use.
              responses:
                '200':
                  description: The model.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/ClassifierModel' }
                '401': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
          /admin/classifier/reload:
            post:
              summary: Reads the classifier's model file again (after flusso classifier retrain or rollback); an unreadable file leaves the model in use.
              responses:
                '200':
                  description: The model now in use.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/ClassifierModel' }
                '401': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
          /tickets/{id}/deliveries:
            get:
              summary: The deliveries of the ticket's events to its callback_url, newest first, each with every attempt.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 500, default: 50 } }
              responses:
                '200':
                  description: The deliveries.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [deliveries]
                        additionalProperties: false
                        properties:
                          deliveries: { type: array, items: { $ref: '#/components/schemas/WebhookDelivery' } }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /tickets/{id}/deliveries/{delivery}/retry:
            post:
              summary: Queue a dead or delivered callback delivery again, due now with a new retry horizon.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: delivery, in: path, required: true, schema: { type: string } }
              responses:
                '202':
                  description: Queued.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/WebhookDelivery' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
          /webhooks:
            post:
              summary: Subscribe a receiver to events (Standard Webhooks signatures); a webhook.ping delivery follows at once.
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/WebhookSubscriptionRequest' }
              responses:
                '201':
                  description: Subscribed; the answer carries the secret, shown only here.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/WebhookSubscription' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '413': { $ref: '#/components/responses/Error' }
                '415': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
            get:
              summary: Every subscription, oldest first (without secrets).
              responses:
                '200':
                  description: The subscriptions.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [webhooks]
                        additionalProperties: false
                        properties:
                          webhooks: { type: array, items: { $ref: '#/components/schemas/WebhookSubscription' } }
                '401': { $ref: '#/components/responses/Error' }
          /webhooks/{id}:
            get:
              summary: One subscription (without its secret).
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: The subscription.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/WebhookSubscription' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
            delete:
              summary: Unsubscribe.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '204': { description: Removed. }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /webhooks/{id}/rotate-secret:
            post:
              summary: Rotate the subscription's secret; the previous one keeps signing beside it for webhooks.rotation_grace_s.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        secret: { type: string, description: 'whsec_ + base64 of 24 to 64 bytes; generated when absent' }
              responses:
                '200':
                  description: Rotated; the answer carries the new secret, shown only here.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/WebhookSubscription' }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
                '413': { $ref: '#/components/responses/Error' }
                '415': { $ref: '#/components/responses/Error' }
                '422': { $ref: '#/components/responses/Error' }
          /webhooks/{id}/deliveries:
            get:
              summary: The subscription's deliveries, newest first, each with every attempt (status, latency, error) and its next retry.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 500, default: 50 } }
              responses:
                '200':
                  description: The deliveries.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [deliveries]
                        additionalProperties: false
                        properties:
                          deliveries: { type: array, items: { $ref: '#/components/schemas/WebhookDelivery' } }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
          /webhooks/{id}/deliveries/{delivery}/retry:
            post:
              summary: Queue a dead or delivered delivery again, due now with a new retry horizon; a disabled subscription is enabled again.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: delivery, in: path, required: true, schema: { type: string } }
              responses:
                '202':
                  description: Queued.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/WebhookDelivery' }
                '401': { $ref: '#/components/responses/Error' }
                '404': { $ref: '#/components/responses/Error' }
                '409': { $ref: '#/components/responses/Error' }
          /events:
            get:
              summary: "The outbox's events as Server-Sent Events (id: the event's position, event: its type, data: the webhook envelope); a keep-alive comment when idle."
              parameters:
                - { name: types, in: query, required: false, description: 'Event types, comma-separated; absent: all', schema: { type: string } }
                - { name: after, in: query, required: false, description: 'Start after this event id (0: every event kept); absent: with the next event', schema: { type: integer, minimum: 0 } }
                - { name: Last-Event-ID, in: header, required: false, description: 'Resume after this event id (wins over after)', schema: { type: integer, minimum: 0 } }
              responses:
                '200':
                  description: An endless stream, until the client leaves or the server stops.
                  content:
                    text/event-stream:
                      schema: { type: string }
                '400': { $ref: '#/components/responses/Error' }
                '401': { $ref: '#/components/responses/Error' }
                '503': { $ref: '#/components/responses/Error' }
          /healthz:
            get:
              summary: Liveness.
              security: []
              responses:
                '200':
                  description: The process is up.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status]
                        properties: { status: { type: string } }
          /readyz:
            get:
              summary: Readiness (database reachable).
              security: []
              responses:
                '200':
                  description: Ready.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Ready' }
                '503':
                  description: Not ready.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Ready' }
          /metrics:
            get:
              summary: Prometheus text metrics.
              responses:
                '200':
                  description: Metrics.
                  content:
                    text/plain:
                      schema: { type: string }
                '401': { $ref: '#/components/responses/Error' }
          /openapi.yaml:
            get:
              summary: This document.
              responses:
                '200':
                  description: OpenAPI 3.1.
                  content:
                    application/yaml:
                      schema: { type: string }
                '401': { $ref: '#/components/responses/Error' }
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          responses:
            Error:
              description: An error.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
          schemas:
            Error:
              type: object
              required: [error]
              additionalProperties: false
              properties:
                error:
                  type: object
                  required: [code, message]
                  additionalProperties: false
                  properties:
                    code: { type: string, description: 'One of a closed set of stable codes (docs/errors.md); the status follows from it' }
                    message: { type: string }
                    field: { type: string }
                    detail: { type: string, description: 'A value that belongs to the code, such as an upstream HTTP status' }
                    details:
                      type: array
                      items:
                        type: object
                        required: [field, message]
                        properties:
                          field: { type: string }
                          message: { type: string }
            TicketStatus:
              type: string
              enum: [NEW, PROCESSING, READY, NEEDS_REVIEW, FAILED, REJECTED]
              description: 'NEW → PROCESSING → READY | NEEDS_REVIEW | FAILED; a reviewer approves (READY) or rejects (REJECTED) a finished answer'
            TicketAccepted:
              type: object
              required: [ticket_id, status]
              additionalProperties: false
              properties:
                ticket_id: { type: string, pattern: '^tkt_[0-9a-f-]{36}$' }
                status: { type: string, enum: [PROCESSING] }
            TicketSubmission:
              type: object
              required: [customer, symptom_text]
              additionalProperties: false
              properties:
                customer:
                  type: object
                  required: [id]
                  additionalProperties: false
                  properties: { id: { type: string, maxLength: 256 } }
                asset:
                  type: object
                  additionalProperties: false
                  properties:
                    serial: { type: string }
                    product_type: { type: string }
                    model: { type: string }
                error_code: { type: string, maxLength: 64 }
                symptom_text: { type: string, minLength: 1, maxLength: 20000 }
                language: { type: string, description: 'en, it, en-GB' }
                callback_url: { type: string, format: uri }
                metadata:
                  type: object
                  maxProperties: 50
                  additionalProperties: { type: string }
                attachments:
                  type: array
                  maxItems: 10
                  items:
                    type: object
                    required: [type]
                    additionalProperties: false
                    properties:
                      type: { type: string, enum: [PDF, IMAGE, TEXT] }
                      uri: { type: string, description: 'file://, s3://, http(s)://' }
                      content_base64: { type: string }
                      filename: { type: string }
            Attachment:
              type: object
              required: [id, type]
              additionalProperties: false
              properties:
                id: { type: string }
                type: { type: string, enum: [PDF, IMAGE, TEXT] }
                filename: { type: string }
                uri: { type: string }
                object_key: { type: string }
                size_bytes: { type: integer }
                extracted_text: { type: string, description: 'Text step 3 (OCR) read from the file, pages separated by form feeds' }
                extraction: { $ref: '#/components/schemas/AttachmentExtraction' }
            AttachmentExtraction:
              type: object
              description: How step 3 went for one attachment; the full per-page result is the object-store JSON at result_key.
              required: [status, duration_ms]
              additionalProperties: false
              properties:
                status: { type: string, enum: [succeeded, partial, failed] }
                code: { type: string, description: 'Why it failed: unsupported_type, corrupt_document, encrypted_document, attachment_too_large, uri_not_allowed, unsupported_uri, not_found, …' }
                reason: { type: string, description: 'Why it failed, or which limit left it partial' }
                method: { type: string, enum: [text-layer, ocr, mixed, plain-text] }
                pages_read: { type: integer, minimum: 0 }
                page_count: { type: integer, minimum: 0 }
                mean_confidence: { type: number }
                language: { type: string }
                duration_ms: { type: number, minimum: 0 }
                result_key: { type: string, description: 'ocr/{ticket_id}/{attachment_id}.json' }
            Ticket:
              type: object
              required: [ticket_id, status, created_at, updated_at, customer, symptom_text, attachments, metadata]
              properties:
                ticket_id: { type: string, pattern: '^tkt_[0-9a-f-]{36}$' }
                status: { $ref: '#/components/schemas/TicketStatus' }
                status_reason: { type: string }
                created_at: { type: string, format: date-time }
                updated_at: { type: string, format: date-time }
                completed_at: { type: string, format: date-time }
                customer:
                  type: object
                  required: [id]
                  properties: { id: { type: string } }
                asset:
                  type: object
                  properties:
                    serial: { type: string }
                    product_type: { type: string }
                    model: { type: string }
                error_code: { type: string }
                symptom_text: { type: string }
                language: { type: string }
                attachments:
                  type: array
                  items: { $ref: '#/components/schemas/Attachment' }
                callback_url: { type: string }
                metadata:
                  type: object
                  additionalProperties: { type: string }
                enrichment: { $ref: '#/components/schemas/Enrichment' }
                sla: { $ref: '#/components/schemas/TicketSLA' }
                retrieval: { $ref: '#/components/schemas/RetrievalResult' }
                classification: { $ref: '#/components/schemas/Classification' }
                solution: { $ref: '#/components/schemas/Solution' }
                guardrails: { $ref: '#/components/schemas/GuardReport' }
                review: { $ref: '#/components/schemas/TicketReview' }
            WebhookSubscriptionRequest:
              type: object
              required: [url]
              additionalProperties: false
              properties:
                url: { type: string, description: 'http(s); a public address unless webhooks.allow_private' }
                event_types:
                  type: array
                  description: The events to deliver; empty or absent — all of them
                  items: { $ref: '#/components/schemas/EventType' }
                secret: { type: string, description: 'whsec_ + base64 of 24 to 64 bytes; generated when absent' }
                description: { type: string }
            WebhookSubscription:
              type: object
              required: [id, url, event_types, created_at]
              additionalProperties: false
              properties:
                id: { type: string, pattern: '^whk_[0-9a-f-]{36}$' }
                url: { type: string }
                event_types: { type: array, items: { $ref: '#/components/schemas/EventType' } }
                secret: { type: string, description: 'Only in the answer to POST /webhooks and to a rotation' }
                description: { type: string }
                created_at: { type: string, format: date-time }
                disabled_reason: { type: string, description: 'Why deliveries stopped; absent while active' }
                previous_secret_expires_at: { type: string, format: date-time, description: 'Until when the secret before the last rotation still signs' }
            WebhookDelivery:
              type: object
              required: [id, event_id, event_type, url, state, attempts, created_at, history]
              additionalProperties: false
              properties:
                id: { type: string, pattern: '^dlv_[0-9a-f-]{36}$' }
                event_id: { type: string, description: 'Sent as webhook-id: the same on every attempt; receivers deduplicate by it' }
                event_type: { type: string, description: 'An EventType, or webhook.ping' }
                url: { type: string }
                state: { type: string, enum: [pending, succeeded, dead] }
                attempts: { type: integer, minimum: 0 }
                next_attempt_at: { type: string, format: date-time, description: 'When the next attempt is due (pending only)' }
                last_status: { type: integer }
                last_error: { type: string }
                created_at: { type: string, format: date-time }
                delivered_at: { type: string, format: date-time }
                retried_at: { type: string, format: date-time, description: 'When it was last queued again by hand' }
                history: { type: array, items: { $ref: '#/components/schemas/WebhookAttempt' } }
            WebhookAttempt:
              type: object
              required: [delivery_id, attempt, started_at, duration_ms]
              additionalProperties: false
              properties:
                delivery_id: { type: string }
                attempt: { type: integer, minimum: 1 }
                started_at: { type: string, format: date-time }
                duration_ms: { type: number }
                status: { type: integer, description: "The receiver's status, when an answer arrived" }
                error: { type: string, description: 'Why the attempt failed; absent when it succeeded' }
                retry_after_s: { type: number, description: "The receiver's Retry-After" }
            EventType:
              type: string
              enum: [ticket.created, ticket.processing, ticket.completed, ticket.needs_review, ticket.failed, ticket.rejected, feedback.received]
            TicketSLA:
              type: object
              description: The SLA due time from the customer's tier hours (step 2); remaining_s and breached are as of the response (the clock stops at READY or REJECTED)
              required: [due_at, hours, basis, remaining_s, breached]
              additionalProperties: false
              properties:
                due_at: { type: string, format: date-time }
                hours: { type: number }
                basis: { type: string, enum: [calendar, business] }
                remaining_s: { type: number, description: 'Seconds to due_at; negative once past it' }
                breached: { type: boolean }
            Enrichment:
              type: object
              description: What step 2 learnt; a customer or asset no source knows is found false
              required: [customer]
              additionalProperties: false
              properties:
                customer:
                  type: object
                  required: [found, source]
                  additionalProperties: false
                  properties:
                    found: { type: boolean }
                    name: { type: string }
                    tier: { type: string }
                    sla_hours: { type: number }
                    contract: { type: string }
                    source: { type: string, description: 'local (the imported tables) or http (the site API)' }
                    unavailable: { type: string, description: 'Why the source could not be asked (it was down); found is then false for want of an answer' }
                asset:
                  type: object
                  required: [found, serial, warranty, service_history, source]
                  additionalProperties: false
                  properties:
                    found: { type: boolean }
                    serial: { type: string }
                    product_type: { type: string }
                    model: { type: string }
                    warranty:
                      type: object
                      required: [status]
                      additionalProperties: false
                      properties:
                        status: { type: string, enum: [in_warranty, expired, unknown] }
                        ends: { type: string, format: date }
                    install_date: { type: string, format: date }
                    age_days: { type: integer, minimum: 0 }
                    service_history:
                      type: array
                      items:
                        type: object
                        required: [serial, date, action]
                        additionalProperties: false
                        properties:
                          serial: { type: string }
                          date: { type: string, format: date }
                          action: { type: string }
                          parts: { type: string }
                          note: { type: string }
                    source: { type: string }
                    unavailable: { type: string, description: 'Why the source could not be asked (it was down)' }
                similar_tickets:
                  type: array
                  description: Finished tickets like this one (same product model), most similar first; absent when no similar-ticket index is configured or it could not answer (the enrich step is then partial)
                  items: { $ref: '#/components/schemas/SimilarTicket' }
            SimilarTicket:
              type: object
              required: [ticket_id, similarity, status, steps]
              additionalProperties: false
              properties:
                ticket_id: { type: string }
                similarity: { type: number, description: 'Cosine similarity of the two tickets embeddings' }
                status: { $ref: '#/components/schemas/TicketStatus' }
                error_code: { type: string }
                model: { type: string }
                probable_cause: { type: string }
                steps: { type: array, items: { type: string }, description: 'The first steps of its solution (at most three)' }
                helpful: { type: boolean, description: 'The newest feedback on it; absent when none' }
                completed_at: { type: string, format: date-time }
            RetrievalResult:
              type: object
              required: [query, filter_level, results, duration_ms]
              additionalProperties: false
              properties:
                query: { type: string }
                filter_level: { type: string, enum: [code+model, model, none] }
                embedder_model_id: { type: string }
                duration_ms: { type: number, minimum: 0 }
                results:
                  type: array
                  items:
                    type: object
                    required: [rank, chunk, score, features, reason]
                    additionalProperties: false
                    properties:
                      rank: { type: integer, minimum: 1 }
                      score: { type: number }
                      reason: { type: string }
                      chunk: { $ref: '#/components/schemas/KnowledgeChunk' }
                      features:
                        type: object
                        required: [fused, error_code_match, model_match, term_overlap]
                        additionalProperties: false
                        properties:
                          dense: { type: number }
                          dense_rank: { type: integer }
                          lexical_rank: { type: integer }
                          fused: { type: number }
                          error_code_match: { type: boolean }
                          model_match: { type: boolean }
                          term_overlap: { type: number, minimum: 0, maximum: 1 }
            KnowledgeChunk:
              type: object
              required: [chunk_id, document_id, ordinal, title, section_path, text, product_types, product_models, error_codes, token_count]
              additionalProperties: false
              properties:
                chunk_id: { type: string }
                document_id: { type: string }
                ordinal: { type: integer, minimum: 0 }
                title: { type: string }
                section_path: { type: array, items: { type: string } }
                text: { type: string }
                language: { type: string }
                product_types: { type: array, items: { type: string } }
                product_models: { type: array, items: { type: string } }
                error_codes: { type: array, items: { type: string } }
                source_url: { type: string }
                token_count: { type: integer, minimum: 0 }
                source_file: { type: string, description: 'The file a paged document (a PDF manual) was read from' }
                page_start: { type: integer, minimum: 1, description: 'First page the chunk spans' }
                page_end: { type: integer, minimum: 1, description: 'Last page the chunk spans' }
            Solution:
              type: object
              description: Step 6's answer; steps cite chunk ids retrieved for the ticket. Personal data is redacted by step 7.
              required: [probable_cause, steps, citations, safety_flags, generator, language, no_documented_fix, attempts, generated_at]
              properties:
                probable_cause: { type: string, description: 'Why the fault happens; empty for a howto or specification answer, which has no fault to explain' }
                steps:
                  type: array
                  items:
                    type: object
                    required: [order, text, citations]
                    properties:
                      order: { type: integer }
                      text: { type: string }
                      citations: { type: array, items: { type: string } }
                citations:
                  type: array
                  items:
                    type: object
                    required: [chunk_id, quote]
                    properties:
                      chunk_id: { type: string }
                      quote: { type: string }
                      source: { type: string, description: "Where a reader finds it: 'x200.pdf, p. 12 — 2.1 Replacing the thermistor', or the document's title and section" }
                safety_flags: { type: array, items: { type: string } }
                generator: { type: string, description: 'llm:primary, llm:secondary, cache or extractive' }
                model: { type: string }
                cached_from_ticket_id: { type: string }
                language: { type: string }
                no_documented_fix: { type: boolean }
                kind: { type: string, enum: [troubleshooting, howto, specification], description: 'what the ticket asks for, decided from its words: a fault (cause, checks, fix), a procedure, or a value' }
                attempts: { type: array, items: { type: object } }
                generated_at: { type: string, format: date-time }
                quality_metrics: { $ref: '#/components/schemas/QualityMetrics' }
                version: { type: integer, minimum: 1, description: '1 as generated, one more per reviewer edit; absent on solutions written before versions (version 1)' }
                edited_by: { type: string }
                edited_at: { type: string, format: date-time }
                context_notes:
                  type: array
                  description: Facts from step 2 that change what the technician does (warranty, recent service, due time, similar solved tickets), each citing its record
                  items:
                    type: object
                    required: [text, source]
                    additionalProperties: false
                    properties:
                      text: { type: string }
                      source: { type: string, pattern: '^(customer|asset|ticket):.+$', description: 'customer:ID, asset:SERIAL or ticket:ID' }
            QualityMetrics:
              type: object
              required: [groundedness_score, relevance_score, citation_coverage, confidence, safety_flags, pii_redactions]
              additionalProperties: false
              properties:
                groundedness_score: { type: number, minimum: 0, maximum: 1 }
                relevance_score: { type: number, minimum: 0, maximum: 1 }
                citation_coverage: { type: number, minimum: 0, maximum: 1 }
                confidence: { type: number, minimum: 0, maximum: 1 }
                safety_flags: { type: integer, minimum: 0 }
                pii_redactions: { type: integer, minimum: 0 }
            GuardReport:
              type: object
              description: Step 7's verdict; pass only when issues is empty.
              required: [verdict, issues, checks, steps, safety, redactions, injections, metrics, duration_ms]
              properties:
                verdict: { type: string, enum: [pass, needs_review] }
                issues:
                  type: array
                  items:
                    type: object
                    required: [guardrail, code, message]
                    properties: { guardrail: { type: string }, code: { type: string }, message: { type: string }, step: { type: integer } }
                checks: { type: array, items: { type: string } }
                steps:
                  type: array
                  items:
                    type: object
                    required: [order, score, term_support, phrase_support, unmatched_exact_terms, polarity_mismatch]
                    properties:
                      order: { type: integer }
                      score: { type: number, minimum: 0, maximum: 1 }
                      term_support: { type: number }
                      phrase_support: { type: number }
                      embedding_similarity: { type: number }
                      unmatched_exact_terms: { type: array, items: { type: string } }
                      polarity_mismatch: { type: boolean }
                safety: { type: array, items: { type: object, required: [rule, message, excerpt] } }
                redactions: { type: array, items: { type: object, required: [type, placeholder, field] } }
                injections: { type: array, items: { type: object, required: [source, rule, excerpt] } }
                metrics: { $ref: '#/components/schemas/QualityMetrics' }
                duration_ms: { type: number, minimum: 0 }
            Classification:
              type: object
              required: [category, confidence, top_3, model_id, model_version]
              additionalProperties: false
              properties:
                category: { type: string }
                confidence: { type: number, minimum: 0, maximum: 1 }
                top_3:
                  type: array
                  maxItems: 3
                  items:
                    type: object
                    required: [category, probability]
                    additionalProperties: false
                    properties:
                      category: { type: string }
                      probability: { type: number, minimum: 0, maximum: 1 }
                model_id: { type: string }
                model_version: { type: integer, minimum: 1 }
                model_revision: { type: string, description: 'Digest of the model file (16 hex digits): which trained model classified the ticket' }
            ReviewRequest:
              type: object
              required: [action, version]
              additionalProperties: false
              properties:
                action: { type: string, enum: [approve, reject, edit] }
                version: { type: integer, minimum: 0, description: "The solution version reviewed (the ticket's solution.version, 1 when absent; 0 without a solution); another gets 409 stale_version" }
                reason: { type: string, maxLength: 2000, description: 'Required to reject' }
                reviewer: { type: string, maxLength: 120 }
                steps:
                  type: array
                  minItems: 1
                  maxItems: 20
                  description: 'Required to edit: the steps as they should read, as strings or {text, citations} (citations: chunk ids retrieved for the ticket)'
                  items:
                    oneOf:
                      - { type: string, minLength: 1, maxLength: 2000 }
                      - type: object
                        required: [text]
                        additionalProperties: false
                        properties:
                          text: { type: string, minLength: 1, maxLength: 2000 }
                          citations: { type: array, items: { type: string } }
            TicketReview:
              type: object
              required: [review_id, ticket_id, action, key_name, from_version, to_version, status_before, status_after, reviewed_at]
              additionalProperties: false
              properties:
                review_id: { type: string }
                ticket_id: { type: string }
                action: { type: string, enum: [approve, reject, edit] }
                reviewer: { type: string }
                key_name: { type: string }
                reason: { type: string }
                from_version: { type: integer, minimum: 0 }
                to_version: { type: integer, minimum: 0 }
                status_before: { $ref: '#/components/schemas/TicketStatus' }
                status_after: { $ref: '#/components/schemas/TicketStatus' }
                reviewed_at: { type: string, format: date-time }
            ClassifierModel:
              type: object
              required: [model_id, revision, categories, path, loaded_at]
              additionalProperties: false
              properties:
                model_id: { type: string }
                revision: { type: string }
                categories: { type: array, items: { type: string } }
                path: { type: string }
                loaded_at: { type: string, format: date-time }
            StepRecord:
              type: object
              required: [step, status, attempts, started_at, finished_at, duration_ms]
              additionalProperties: false
              properties:
                step: { type: string, enum: [intake, validate, enrich, ocr, classify, retrieve, generate, guard, store, notify, feedback] }
                status: { type: string, enum: [succeeded, partial, skipped, failed] }
                attempts: { type: integer, minimum: 1 }
                started_at: { type: string, format: date-time }
                finished_at: { type: string, format: date-time }
                duration_ms: { type: number, minimum: 0 }
                detail: { type: string }
                error:
                  type: object
                  required: [code, message, kind]
                  properties:
                    code: { type: string }
                    message: { type: string }
                    kind: { type: string, enum: [permanent, transient, timeout, throttled] }
            TicketDetail:
              allOf:
                - $ref: '#/components/schemas/Ticket'
                - type: object
                  required: [steps, feedback]
                  properties:
                    steps:
                      type: array
                      items: { $ref: '#/components/schemas/StepRecord' }
                    feedback:
                      type: array
                      items: { $ref: '#/components/schemas/Feedback' }
            TicketList:
              type: object
              required: [tickets, next_cursor]
              additionalProperties: false
              properties:
                tickets:
                  type: array
                  items: { $ref: '#/components/schemas/Ticket' }
                next_cursor: { type: [string, 'null'] }
            FeedbackSubmission:
              type: object
              required: [was_helpful]
              additionalProperties: false
              properties:
                was_helpful: { type: boolean }
                use_for_training: { type: boolean, default: false }
                rating: { type: integer, minimum: 1, maximum: 5 }
                comment: { type: string, maxLength: 4000 }
                reviewer: { type: string, maxLength: 120, description: 'Who reviewed the answer; their second feedback on a ticket replaces their first' }
                corrected_category:
                  type: string
                  maxLength: 64
                  pattern: '^[A-Za-z0-9_.:/#-]+$'
                  description: 'The category the ticket belongs to; one the classifier knows (GET /admin/classifier)'
                edited_steps:
                  type: array
                  minItems: 1
                  maxItems: 20
                  items: { type: string, minLength: 1, maxLength: 2000 }
            Feedback:
              type: object
              required: [feedback_id, ticket_id, was_helpful, use_for_training, key_name, created_at]
              additionalProperties: false
              properties:
                feedback_id: { type: string }
                ticket_id: { type: string }
                was_helpful: { type: boolean }
                use_for_training: { type: boolean }
                rating: { type: integer, minimum: 1, maximum: 5 }
                comment: { type: string }
                reviewer: { type: string }
                key_name: { type: string, description: "The API key's name (anonymous until keys carry names)" }
                corrected_category: { type: string }
                edited_steps: { type: array, items: { type: string } }
                created_at: { type: string, format: date-time }
                solution_version: { type: integer, minimum: 1, description: 'The solution version the feedback judged' }
                superseded_by: { type: string, description: 'The later feedback from the same sender that replaced this one' }
                superseded_at: { type: string, format: date-time }
            Ready:
              type: object
              required: [status, database, workers]
              additionalProperties: false
              properties:
                status: { type: string, enum: [ready, not_ready] }
                database: { type: string }
                workers: { type: integer }
        """#
}
