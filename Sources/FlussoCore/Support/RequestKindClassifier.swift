import Foundation

/// Decides a ticket's `RequestKind` from its words, in English and Italian: an error code and
/// words of a fault ("error", "leaks", "non si accende", "why") count for troubleshooting;
/// "how do I", "where is", "can I", "come si", "dove trovo", "posso" for how-to; a question about
/// a value ("what is the maximum", "how many", "24 V or 12 V?", "quanto pesa") for specification.
/// Each cue found once adds its weight (an error code adds 3); the highest total wins, ties going
/// to troubleshooting, then specification. A ticket with no cue is troubleshooting: a ticket
/// reports a problem unless it says otherwise.
///
/// A how-to phrase that asks to end a fault ("how do I fix E42", "come faccio a far smettere il
/// bip") still counts the fault's words, which outweigh it. Measured on the labelled sets in
/// `eval/request-kinds/` and `eval/manuals/` (docs/generation.md).
public enum RequestKindClassifier {
    public static func kind(of ticket: Ticket) -> RequestKind {
        kind(text: ticket.symptomText, errorCode: ticket.errorCode)
    }

    public static func kind(text: String, errorCode: String?) -> RequestKind {
        let tokens = words(text)
        var scores: [RequestKind: Double] = [:]
        for kind in RequestKind.allCases {
            scores[kind] = cues[kind, default: []].filter { $0.matches(tokens) }.reduce(0) { $0 + $1.weight }
        }
        if let errorCode, !errorCode.trimmingCharacters(in: .whitespaces).isEmpty { scores[.troubleshooting, default: 0] += 3 }
        // The highest total; ties go to troubleshooting, then specification.
        let best = scores.values.max() ?? 0
        return [RequestKind.troubleshooting, .specification, .howto].first { scores[$0] == best } ?? .troubleshooting
    }

    /// Lower-case words of letters and digits, accents removed ("è" and "e'" both give "e").
    static func words(_ text: String) -> [String] {
        text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
    }

    /// A phrase of words; a word ending in `*` matches any word it begins, one starting with `*`
    /// any longer word it ends ("come *o": "come collego"), `*` alone any word, `#` any number.
    struct Cue: Sendable {
        var weight: Double
        var pattern: [String]

        init(_ weight: Double, _ phrase: String) {
            self.weight = weight
            pattern = phrase.split(separator: " ").map(String.init)
        }

        func matches(_ tokens: [String]) -> Bool {
            guard tokens.count >= pattern.count else { return false }
            return (0...(tokens.count - pattern.count)).contains { start in
                pattern.indices.allSatisfy { Self.word(tokens[start + $0], fits: pattern[$0]) }
            }
        }

        static func word(_ token: String, fits pattern: String) -> Bool {
            switch pattern {
            case "*": return true
            case "#": return token.allSatisfy(\.isNumber)
            default:
                if pattern.hasSuffix("*") { return token.hasPrefix(pattern.dropLast()) }
                if pattern.hasPrefix("*") { return token.count > pattern.count - 1 && token.hasSuffix(pattern.dropFirst()) }
                return token == pattern
            }
        }
    }

    static let cues: [RequestKind: [Cue]] = [
        .troubleshooting: [
            // English: faults, symptoms, asking why or what a code means, asking to end a fault.
            Cue(3, "error"), Cue(2, "fault*"), Cue(2, "fail*"), Cue(2, "not working"), Cue(2, "doesn t"), Cue(2, "does not"),
            Cue(2, "won t"), Cue(2, "will not"), Cue(2, "isn t"), Cue(2, "stopped"), Cue(2, "stops"), Cue(1, "keeps"),
            Cue(2, "nois*"), Cue(2, "leak*"), Cue(2, "stuck"), Cue(2, "jam*"), Cue(2, "overheat*"), Cue(2, "alarm"), Cue(1, "beep*"),
            Cue(2, "crash*"), Cue(2, "freez*"), Cue(2, "problem*"), Cue(1, "issue*"), Cue(2, "broken"), Cue(2, "dead"),
            Cue(1, "flashing"), Cue(1, "blinking"), Cue(2, "smell*"), Cue(2, "smoke"), Cue(2, "why"), Cue(2, "how come"),
            Cue(2, "what does * mean"), Cue(2, "drops"), Cue(2, "cuts out"), Cue(2, "cut out"), Cue(2, "shuts *"), Cue(1, "hot"),
            Cue(2, "no longer"), Cue(2, "anymore"), Cue(2, "get rid of"), Cue(2, "fix*"), Cue(2, "solve"), Cue(2, "repair"),
            Cue(2, "resolve"), Cue(2, "can t"), Cue(2, "cannot"), Cue(2, "couldn t"), Cue(2, "don t"),
            Cue(2, "didn t"), Cue(2, "aren t"), Cue(2, "wasn t"), Cue(2, "unable"), Cue(2, "complain*"), Cue(2, "refus*"),
            Cue(2, "wrong*"), Cue(2, "missing"), Cue(2, "nowhere"), Cue(2, "blank"), Cue(2, "silent"), Cue(2, "lost"),
            Cue(2, "locks up"), Cue(2, "hang*"), Cue(2, "panic*"), Cue(1, "warning*"), Cue(2, "denied"), Cue(2, "mistak*"),
            Cue(2, "mistyp*"), Cue(1, "suddenly"), Cue(2, "junk"), Cue(2, "garbage"), Cue(2, "dies"), Cue(2, "died"),
            Cue(2, "instead of"), Cue(1, "still"), Cue(2, "never"), Cue(2, "nothing"),
            // Italian.
            Cue(3, "errore"), Cue(2, "guast*"), Cue(2, "non funzion*"), Cue(2, "non *"), Cue(2, "si blocca"), Cue(2, "blocc*"),
            Cue(2, "perde"), Cue(2, "perdit*"), Cue(2, "rumor*"), Cue(2, "allarm*"), Cue(2, "difett*"),
            Cue(1, "spegne"), Cue(1, "lampeggi*"), Cue(2, "surriscald*"), Cue(2, "perche"), Cue(2, "come mai"),
            Cue(2, "cosa vuol dire"), Cue(2, "cosa significa"), Cue(2, "scatta"), Cue(2, "puzz*"), Cue(2, "fumo"), Cue(2, "rott*"),
            Cue(2, "gocciol*"), Cue(2, "si pianta"), Cue(2, "si interrompe"), Cue(1, "si scalda"), Cue(1, "bip"), Cue(2, "risolv*"),
            Cue(2, "ripar*"), Cue(2, "far smettere"),
        ],
        .howto: [
            Cue(3, "how do i"), Cue(3, "how can i"), Cue(3, "how should i"), Cue(3, "how to"), Cue(3, "how do you"),
            Cue(3, "how does one"), Cue(3, "where is"), Cue(3, "where are"), Cue(3, "where do i"), Cue(3, "where can i"),
            Cue(3, "can i"), Cue(3, "could i"), Cue(3, "can the"), Cue(3, "is it possible"), Cue(3, "is there a way"),
            Cue(3, "steps to"), Cue(2, "sequence of steps"), Cue(3, "need to"), Cue(3, "i want to"), Cue(3, "i would like to"),
            Cue(3, "i d like to"), Cue(3, "procedure"), Cue(2, "instructions"), Cue(3, "explain how"), Cue(2, "walk me through"),
            Cue(2, "set up"), Cue(2, "configur*"), Cue(2, "install*"), Cue(2, "enable"), Cue(1, "reset"), Cue(2, "pair"),
            Cue(1, "export"), Cue(1, "update"), Cue(3, "where should"), Cue(3, "what do i"), Cue(3, "what should i"),
            Cue(3, "right way"), Cue(3, "recommended way"), Cue(3, "best way"), Cue(2, "way to"), Cue(2, "do i have to"),
            Cue(2, "should i"), Cue(2, "is there any way"), Cue(2, "is there a"), Cue(2, "can my"), Cue(2, "can it"),
            Cue(3, "come si"), Cue(3, "come faccio"), Cue(3, "come posso"), Cue(3, "come devo"), Cue(3, "come fare"),
            Cue(3, "come *o"), Cue(3, "dove si trova"), Cue(3, "dove trovo"), Cue(3, "dove e"), Cue(3, "dov e"), Cue(3, "dove sono"), Cue(3, "posso"),
            Cue(3, "si puo"), Cue(3, "e possibile"), Cue(3, "vorrei"), Cue(3, "ho bisogno di"), Cue(3, "procedura"),
            Cue(2, "istruzioni"), Cue(2, "passaggi"), Cue(2, "impost*"), Cue(2, "attiv*"), Cue(2, "mi spiegate"),
            Cue(2, "spiegare"), Cue(1, "aggiorn*"), Cue(2, "devo"),
        ],
        .specification: [
            Cue(3, "max*"), Cue(3, "minimum"), Cue(2, "min"), Cue(3, "rated"), Cue(2, "rating"), Cue(3, "capacity"),
            Cue(3, "how much"), Cue(3, "how many"), Cue(3, "how long"), Cue(3, "how heavy"), Cue(3, "how big"), Cue(3, "how hot"),
            Cue(3, "how fast"), Cue(3, "how far"), Cue(3, "how loud"), Cue(2, "voltage"), Cue(2, "wattage"), Cue(2, "weigh*"),
            Cue(3, "dimensions"), Cue(1, "size"), Cue(2, "range"), Cue(2, "spec*"), Cue(2, "compatible"), Cue(2, "which type"),
            Cue(2, "what type"), Cue(2, "battery type"), Cue(2, "what size"), Cue(2, "which battery"), Cue(2, "what kind of"),
            Cue(2, "yield"), Cue(2, "consumption"), Cue(2, "budget"), Cue(2, "runtime"), Cue(2, "what refrigerant"),
            Cue(2, "ip rating"), Cue(2, "supports"), Cue(2, "supported"), Cue(2, "which"), Cue(2, "what is the"), Cue(2, "what are the"),
            Cue(3, "by default"), Cue(2, "default"), Cue(3, "how large"), Cue(3, "how often"), Cue(2, "what format"),
            Cue(2, "what value"), Cue(2, "what number"), Cue(2, "kept"), Cue(2, "stored"), Cue(2, "does * support"),
            Cue(2, "will * work with"), Cue(2, "what does * stand for"), Cue(2, "where does"), Cue(2, "what goes"),
            Cue(2, "end up"),
            // A choice between two values: "24 V or 12 V?", "36 o 48 V", "15 bar o di più".
            Cue(3, "# * or #"), Cue(3, "# or #"), Cue(3, "# * o #"), Cue(3, "# o #"), Cue(3, "# * o di piu"), Cue(3, "# * or more"),
            Cue(3, "quanto"), Cue(3, "quanti"), Cue(3, "quanta"), Cue(3, "quante"), Cue(2, "qual e"), Cue(3, "massim*"),
            Cue(3, "minim*"), Cue(3, "capacita"), Cue(3, "portata"), Cue(2, "tensione"), Cue(2, "potenza"), Cue(2, "peso"),
            Cue(3, "pesa"), Cue(3, "dimension*"), Cue(2, "compatibil*"), Cue(2, "che tipo"), Cue(2, "specific*"), Cue(2, "durata"),
            Cue(2, "autonomia"), Cue(2, "classe energetica"), Cue(2, "che batteria"), Cue(2, "fino a"), Cue(2, "assorbimento"),
            Cue(2, "consuma"), Cue(2, "distanza"), Cue(2, "velocita"),
        ],
    ]
}
