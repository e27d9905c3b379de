import FlussoCore
import Foundation

/// A prompt ready to send: the messages, which label stands for which chunk, and what had to be
/// cut to fit the server's context.
public struct Prompt: Sendable {
    public var messages: [ChatMessage]
    /// `S1` → chunk id, in the order the sources were given.
    public var labels: [(label: String, chunkID: String)]
    /// Chunks shortened or left out to fit (`chunk id: cut to N of M tokens` / `left out`).
    public var trimmed: [String]
    public var estimatedTokens: Int
    public var language: String
    /// What the ticket asks for, which shapes the instruction and the answer's schema.
    public var kind: RequestKind
}

/// Builds the design's prompt in the ticket's language (Italian or English): product, model,
/// error code, description, the text read from attachments, and the retrieved chunks labelled
/// `S1`…`Sn` with their chunk ids; the answer's JSON shape is spelled out as well (for servers
/// that take no schema). The instruction and the shape follow the request's kind: a fault asks
/// for the probable cause, the checks and the fix; a how-to for the procedure's steps in order
/// and no cause; a specification for the sentence that states the value. Chunks are taken in rank order until the prompt budget is spent; the one
/// that does not fit is cut at a word, the rest are left out, and `trimmed` says so. With a
/// `screen`, instructions hidden in the ticket's text, the attachments' text and the chunks are
/// neutralised before they go in.
public enum PromptBuilder {
    /// Longest symptom text and attachment text put in a prompt (characters).
    public static let maxSymptomCharacters = 4000
    public static let maxAttachmentCharacters = 1500
    /// Smallest piece of a chunk worth sending (tokens).
    static let minimumChunkTokens = 40

    /// A conservative token estimate (≈ 3 bytes of UTF-8 a token; real tokenisers give 3.5–4.5
    /// for English and Italian), so a prompt estimated to fit does fit.
    public static func estimateTokens(_ text: String) -> Int {
        (text.utf8.count + 2) / 3
    }

    /// `redactor`: personal data in the ticket's own text (not the chunks) is replaced by
    /// placeholders, for an endpoint off this machine (`redact_pii`).
    public static func build(
        ticket: Ticket, chunks: [RetrievedChunk], promptBudget: Int, screen: (any PromptTextScreen)? = nil,
        redactor: (any TextRedactor)? = nil, kind: RequestKind? = nil
    ) -> Prompt {
        let kind = kind ?? RequestKindClassifier.kind(of: ticket)
        let clean: (String) -> String = { screen?.screen($0).text ?? $0 }
        let ticketFields = [
            ticket.asset?.productType ?? "", ticket.asset?.model ?? "", ticket.symptomText,
            ticket.attachments.compactMap(\.extractedText).filter { !$0.isEmpty }.joined(separator: "\n"),
        ]
        let fields = (redactor?.redact(ticketFields).texts ?? ticketFields).map(clean)
        let language = TicketLanguage.of(ticket)
        let words = PromptWords.for(language)
        let system = words.system(for: kind)
        var header = "\(words.ticket)\n"
        if ticket.asset?.productType != nil { header += "\(words.product): \(fields[0])\n" }
        if ticket.asset?.model != nil { header += "\(words.model): \(fields[1])\n" }
        if let code = ticket.errorCode { header += "\(words.errorCode): \(code)\n" }
        header += "\(words.description): \(cut(fields[2], to: maxSymptomCharacters))\n"
        let attachmentText = fields[3]
        if !attachmentText.isEmpty {
            header += "\(words.attachments): \(cut(attachmentText, to: maxAttachmentCharacters))\n"
        }
        // What step 2 found (tier and due time, warranty, recent service, similar solved tickets):
        // facts from the site's records, which the answer may take into account but not cite.
        let notes = ContextNotes.make(for: ticket, language: language)
        if !notes.isEmpty {
            // A solved similar ticket's note also brings the first steps of its solution.
            var steps: [String: [String]] = [:]
            for similar in ContextNotes.solvedSimilarTickets(of: ticket) { steps["ticket:\(similar.ticketID)"] = similar.steps }
            header += "\n\(words.context)\n"
            for note in notes {
                header += "- [\(note.source)] \(clean(note.text))"
                if let done = steps[note.source], !done.isEmpty {
                    header += " \(words.similarSteps): " + done.map { clean($0) }.joined(separator: "; ")
                }
                header += "\n"
            }
        }
        header += "\n\(words.sources)\n"
        let footer = "\n\(words.instruction(for: kind))"
        var used = estimateTokens(system) + estimateTokens(header) + estimateTokens(footer) + 16
        var body = ""
        var labels: [(String, String)] = []
        var trimmed: [String] = []
        for (position, retrieved) in chunks.enumerated() {
            let chunk = retrieved.chunk
            let label = "S\(position + 1)"
            let heading = "[\(label)] (\(chunk.chunkID)) \(([chunk.title] + chunk.sectionPath.suffix(1)).joined(separator: " › "))\n"
            let text = clean(chunk.text).trimmingCharacters(in: .whitespacesAndNewlines)
            let cost = estimateTokens(heading) + estimateTokens(text) + 1
            if used + cost <= promptBudget {
                body += heading + text + "\n\n"
                used += cost
                labels.append((label, chunk.chunkID))
                continue
            }
            let room = promptBudget - used - estimateTokens(heading) - 1
            if room >= minimumChunkTokens, labels.count == position {
                let part = cutAtWord(text, toBytes: room * 3)
                body += heading + part + " […]\n\n"
                used += estimateTokens(heading) + estimateTokens(part) + 2
                labels.append((label, chunk.chunkID))
                trimmed.append("\(chunk.chunkID): cut to \(estimateTokens(part)) of \(estimateTokens(text)) tokens")
            } else {
                trimmed.append("\(chunk.chunkID): left out")
            }
        }
        let user = header + body + footer
        return Prompt(
            messages: [ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)],
            labels: labels, trimmed: trimmed, estimatedTokens: used, language: language, kind: kind)
    }

    static func cut(_ text: String, to characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(characters)) + " […]"
    }

    static func cutAtWord(_ text: String, toBytes bytes: Int) -> String {
        var out = ""
        var count = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let cost = word.utf8.count + 1
            if count + cost > bytes { break }
            out += (out.isEmpty ? "" : " ") + word
            count += cost
        }
        return out
    }
}

/// The ticket's language for the answer: `it` or `en` (the ticket's own field first, then a
/// guess from the symptom's function words; English when unknown).
public enum TicketLanguage {
    public static func of(_ ticket: Ticket) -> String {
        if let tag = ticket.language?.lowercased().split(separator: "-").first.map(String.init), ["it", "en"].contains(tag) {
            return tag
        }
        return LanguageGuess.guess(ticket.symptomText) ?? "en"
    }
}

/// The fixed wording of prompts and of generated texts, per language.
struct PromptWords {
    /// The system prompt, with `{shape}` where the answer's JSON shape goes.
    var systemTemplate: String
    var ticket: String
    var product: String
    var model: String
    var errorCode: String
    var description: String
    var attachments: String
    var sources: String
    var context: String
    var similarSteps: String
    var troubleshootingInstruction: String
    var howtoInstruction: String
    var specificationInstruction: String
    var noDocumentedFix: String
    var jsonString: String
    var jsonNumber: String

    static func `for`(_ language: String) -> PromptWords { language == "it" ? italian : english }

    /// The system prompt for an answer of this kind (a how-to or specification answer has no cause).
    func system(for kind: RequestKind) -> String {
        let cause = AnswerSchema.hasCause(kind) ? "\"probable_cause\": \(jsonString), " : ""
        let shape =
            "{\(cause)\"steps\": [{\"order\": \(jsonNumber), \"text\": \(jsonString), \"citations\": [\"S1\"]}], "
            + "\"citations\": [{\"chunk_id\": \"S1\", \"quote\": \(jsonString)}], \"safety_flags\": [\(jsonString)]}"
        return systemTemplate.replacingOccurrences(of: "{shape}", with: shape)
    }

    func instruction(for kind: RequestKind) -> String {
        switch kind {
        case .troubleshooting: troubleshootingInstruction
        case .howto: howtoInstruction
        case .specification: specificationInstruction
        }
    }

    static let english = PromptWords(
        systemTemplate: """
            You are a support engineer for industrial machines. Answer the ticket using only the numbered sources. \
            Reply with one JSON object and nothing else: {shape}. \
            Every step cites the sources (S1, S2, …) that support it. A quote is copied word for word from its source. \
            Put safety warnings from the sources in safety_flags. Never invent commands, values or parts that the sources do not give. \
            Write in English.
            """,
        ticket: "Ticket", product: "Product", model: "Model", errorCode: "Error code", description: "Description",
        attachments: "Text read from attachments", sources: "Sources:",
        context: "Facts from the customer's records (take them into account; cite only the numbered sources):",
        similarSteps: "Its solution's steps",
        troubleshootingInstruction: "Give the probable cause, the checks and the fix as ordered steps, citing the sources.",
        howtoInstruction: """
            This asks how to do something, not about a fault: give the procedure as ordered steps, in the order the sources give \
            them, with the conditions and warnings that belong to each step, citing the sources.
            """,
        specificationInstruction: """
            This asks for a value or a limit: the first step is the sentence of the sources that states it, copied word for word, \
            citing its source; add at most two steps, only for conditions that the value depends on.
            """,
        noDocumentedFix: "No documented fix was found in the knowledge base for this ticket: a person needs to look at it.",
        jsonString: "string", jsonNumber: "number")

    static let italian = PromptWords(
        systemTemplate: """
            Sei un tecnico dell'assistenza per macchine industriali. Rispondi al ticket usando solo le fonti numerate. \
            Rispondi con un solo oggetto JSON e nient'altro: {shape}. \
            Ogni passo cita le fonti (S1, S2, …) che lo sostengono. Una citazione è copiata parola per parola dalla sua fonte. \
            Metti gli avvisi di sicurezza delle fonti in safety_flags. Non inventare comandi, valori o parti che le fonti non danno. \
            Scrivi in italiano.
            """,
        ticket: "Ticket", product: "Prodotto", model: "Modello", errorCode: "Codice di errore", description: "Descrizione",
        attachments: "Testo letto dagli allegati", sources: "Fonti:",
        context: "Fatti dall'anagrafica del cliente (tienine conto; cita solo le fonti numerate):",
        similarSteps: "I passi della sua soluzione",
        troubleshootingInstruction: "Indica la causa probabile, i controlli e la soluzione come passi ordinati, citando le fonti.",
        howtoInstruction: """
            La domanda chiede come fare qualcosa, non riguarda un guasto: indica la procedura come passi ordinati, nell'ordine in \
            cui le fonti li danno, con le condizioni e gli avvisi che appartengono a ciascun passo, citando le fonti.
            """,
        specificationInstruction: """
            La domanda chiede un valore o un limite: il primo passo è la frase delle fonti che lo indica, copiata parola per parola, \
            citando la sua fonte; aggiungi al massimo due passi, solo per le condizioni da cui il valore dipende.
            """,
        noDocumentedFix: "Nella base di conoscenza non è documentata una soluzione per questo ticket: serve l'esame di una persona.",
        jsonString: "stringa", jsonNumber: "numero")
}
