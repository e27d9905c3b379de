import Foundation

/// The console's languages: English and Italian, from `?lang=`, else the `flusso_lang` cookie,
/// else the browser's `Accept-Language`, else English.
enum ConsoleLanguage: String, CaseIterable, Sendable {
    case en, it

    static func choose(query: String?, cookie: String?, acceptLanguage: String?) -> ConsoleLanguage {
        if let query, let language = ConsoleLanguage(rawValue: query.lowercased()) { return language }
        if let cookie, let language = ConsoleLanguage(rawValue: cookie.lowercased()) { return language }
        // Accept-Language: the first listed tag we speak (q-values are in order in practice).
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if let language = ConsoleLanguage(rawValue: String(tag.prefix(2))) { return language }
        }
        return .en
    }

    /// The text of `key` in this language.
    func text(_ key: ConsoleText) -> String {
        switch self {
        case .en: key.english
        case .it: key.italian
        }
    }

    /// The other language, for the switch link.
    var other: ConsoleLanguage { self == .en ? .it : .en }
    var name: String { self == .en ? "English" : "Italiano" }
}

/// Every label of the console, in both languages.
enum ConsoleText: CaseIterable {
    case title, queue, allStatuses, ticket, status, created, slaDue, overdue, model, errorCode, category, generator, symptom
    case noTickets, nextPage, signIn, signOut, apiKey, signInHelp, wrongKey, notFound, customer, asset, classification
    case confidence, solution, probableCause, steps, citations, noSolution, timeline, step, duration, attempts, feedback
    case helpful, notHelpful, noDocumentedFix, statusReason, safetyFlags, scores, groundedness, back, language, error, formExpired

    var english: String {
        switch self {
        case .title: "Flusso review console"
        case .queue: "Queue"
        case .allStatuses: "All"
        case .ticket: "Ticket"
        case .status: "Status"
        case .created: "Created"
        case .slaDue: "SLA due"
        case .overdue: "overdue"
        case .model: "Model"
        case .errorCode: "Error code"
        case .category: "Category"
        case .generator: "Generator"
        case .symptom: "Symptom"
        case .noTickets: "No tickets."
        case .nextPage: "Next page"
        case .signIn: "Sign in"
        case .signOut: "Sign out"
        case .apiKey: "API key"
        case .signInHelp: "Sign in with an API key of this server. It is kept in a cookie this browser sends only to this server."
        case .wrongKey: "That key is not valid here."
        case .notFound: "No such ticket."
        case .customer: "Customer"
        case .asset: "Asset"
        case .classification: "Classification"
        case .confidence: "confidence"
        case .solution: "Solution"
        case .probableCause: "Probable cause"
        case .steps: "Steps"
        case .citations: "Sources"
        case .noSolution: "No solution yet."
        case .timeline: "Steps of the pipeline"
        case .step: "Step"
        case .duration: "Duration"
        case .attempts: "Attempts"
        case .feedback: "Feedback"
        case .helpful: "helpful"
        case .notHelpful: "not helpful"
        case .noDocumentedFix: "The knowledge base documents no fix for this ticket."
        case .statusReason: "Reason"
        case .safetyFlags: "Safety notes"
        case .scores: "Scores"
        case .groundedness: "groundedness"
        case .back: "Back to the queue"
        case .language: "Language"
        case .error: "Something went wrong"
        case .formExpired: "The form has expired: please try again."
        }
    }

    var italian: String {
        switch self {
        case .title: "Console di revisione Flusso"
        case .queue: "Coda"
        case .allStatuses: "Tutti"
        case .ticket: "Ticket"
        case .status: "Stato"
        case .created: "Creato"
        case .slaDue: "Scadenza SLA"
        case .overdue: "scaduto"
        case .model: "Modello"
        case .errorCode: "Codice errore"
        case .category: "Categoria"
        case .generator: "Generatore"
        case .symptom: "Sintomo"
        case .noTickets: "Nessun ticket."
        case .nextPage: "Pagina successiva"
        case .signIn: "Accedi"
        case .signOut: "Esci"
        case .apiKey: "Chiave API"
        case .signInHelp: "Accedi con una chiave API di questo server. Resta in un cookie che il browser invia solo a questo server."
        case .wrongKey: "La chiave non è valida qui."
        case .notFound: "Ticket inesistente."
        case .customer: "Cliente"
        case .asset: "Apparecchio"
        case .classification: "Classificazione"
        case .confidence: "confidenza"
        case .solution: "Soluzione"
        case .probableCause: "Causa probabile"
        case .steps: "Passi"
        case .citations: "Fonti"
        case .noSolution: "Ancora nessuna soluzione."
        case .timeline: "Fasi della pipeline"
        case .step: "Fase"
        case .duration: "Durata"
        case .attempts: "Tentativi"
        case .feedback: "Valutazioni"
        case .helpful: "utile"
        case .notHelpful: "non utile"
        case .noDocumentedFix: "La base di conoscenza non documenta una soluzione per questo ticket."
        case .statusReason: "Motivo"
        case .safetyFlags: "Note di sicurezza"
        case .scores: "Punteggi"
        case .groundedness: "aderenza alle fonti"
        case .back: "Torna alla coda"
        case .language: "Lingua"
        case .error: "Qualcosa è andato storto"
        case .formExpired: "Il modulo è scaduto: riprova."
        }
    }
}
