import FlussoCore

/// Word lists the checks share, on folded words (lower case, no accents): function words,
/// synonyms mapped to one form, negations, number words, period words and pairs of opposites.
enum Lexicon {
    static let stopWords: Set<String> = [
        // English
        "a", "an", "the", "and", "or", "but", "if", "then", "than", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "over", "under", "up", "down", "out", "off", "as", "is", "are", "was", "were", "be",
        "been", "being", "it", "its", "this", "that", "these", "those", "there", "here", "which", "who", "what", "when",
        "where", "while", "so", "any", "all", "each", "every", "some", "can", "could", "may", "might", "must", "should",
        "will", "would", "shall", "do", "does", "did", "has", "have", "had", "you", "your", "yours", "we", "our", "they",
        "them", "their", "he", "she", "his", "her", "i", "me", "my", "also", "again", "just", "only", "very", "more",
        "most", "such", "both", "either", "until", "after", "before", "about", "through", "between", "per", "via",
        "make", "sure", "use", "using", "step", "need", "needs", "back", "away", "gently", "carefully", "still", "first",
        "otherwise", "instead", "always",
        // Italian
        "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "di", "del", "dello", "della", "dei", "degli",
        "delle", "d", "a", "al", "allo", "alla", "ai", "agli", "alle", "da", "dal", "dallo", "dalla", "dai", "dagli",
        "dalle", "in", "nel", "nello", "nella", "nei", "negli", "nelle", "su", "sul", "sullo", "sulla", "sui", "sugli",
        "sulle", "con", "col", "per", "tra", "fra", "e", "ed", "o", "od", "ma", "se", "poi", "che", "chi", "cui", "come",
        "quando", "dove", "mentre", "anche", "solo", "ogni", "tutti", "tutte", "tutto", "tutta", "questo", "questa",
        "questi", "queste", "quello", "quella", "quelli", "quelle", "si", "ci", "vi", "ne", "lo", "li", "è", "e'",
        "sono", "essere", "stato", "stata", "ha", "hanno", "avere", "viene", "vengono", "puo", "possono", "deve",
        "devono", "va", "vanno", "piu", "molto", "quindi", "dopo", "prima", "fino", "finche", "assicurati", "assicurarsi",
        "eventuale", "eventuali", "usa", "usare", "utilizza", "utilizzare", "passo",
    ]

    /// Words a technician's instruction may use for the same thing, English and Italian, each
    /// group mapped to its first word (compared after stemming, so inflected forms meet too).
    /// General maintenance vocabulary, not tied to one knowledge base.
    static let synonymGroups: [[String]] = [
        ["clean", "wipe", "cleanse", "pulire", "pulisci", "ripulire", "ripulisci", "detergere"],
        [
            "check", "inspect", "verify", "examine", "confirm", "ensure", "test", "controllare", "controlla", "verificare", "verifica",
            "ispezionare", "ispeziona", "accertarsi", "accertati", "assicurarsi",
        ],
        ["replace", "swap", "exchange", "renew", "substitute", "change", "sostituire", "sostituisci", "cambiare", "cambia", "rimpiazzare"],
        [
            "remove", "clear", "eliminate", "extract", "withdraw", "rimuovere", "rimuovi", "togliere", "togli", "eliminare", "elimina",
            "estrarre", "estrai", "sfilare", "sfila",
        ],
        ["reseat", "reconnect", "replug", "reinsert", "ricollegare", "ricollega", "reinserire", "reinserisci", "reinnestare"],
        ["disconnect", "unplug", "detach", "scollegare", "scollega", "staccare", "stacca", "disinserire"],
        ["connect", "plug", "attach", "collegare", "collega", "inserire", "inserisci", "innestare"],
        ["rotate", "spin", "revolve", "ruotare", "ruota", "girare", "gira"],
        ["move", "push", "shift", "slide", "spostare", "sposta", "muovere", "muovi", "spingere", "spingi"],
        ["glide", "scorrere", "scorre", "slittare"],
        ["raise", "increase", "bump", "boost", "alzare", "alza", "aumentare", "aumenta", "innalzare"],
        ["lower", "reduce", "decrease", "abbassare", "abbassa", "ridurre", "riduci", "diminuire", "diminuisci"],
        [
            "run", "perform", "execute", "launch", "start", "carry", "eseguire", "esegui", "lanciare", "lancia", "avviare", "avvia", "effettuare",
            "effettua",
        ],
        ["tighten", "tension", "fasten", "secure", "snug", "tendere", "tendi", "stringere", "stringi", "serrare", "serra", "tensionare"],
        ["loosen", "slacken", "unscrew", "allentare", "allenta", "svitare", "svita"],
        ["keep", "maintain", "leave", "hold", "mantenere", "mantieni", "lasciare", "lascia", "tenere", "tieni"],
        ["cable", "lead", "wire", "harness", "cavo", "filo", "cablaggio"],
        ["connector", "plug", "socket", "connettore", "spina", "presa"],
        ["flex", "bend", "kink", "piegare", "piega", "flettere", "flette"],
        ["continue", "persist", "remain", "continuare", "continua", "persistere", "persiste", "restare", "resta", "rimanere", "rimane"],
        ["both", "entrambi", "entrambe", "ambedue"],
        ["near", "close", "handy", "nearby", "vicino", "vicina", "portata"],
        ["untangle", "free", "disentangle", "districare", "districa", "liberare", "libera"],
        ["restart", "reboot", "reset", "riavviare", "riavvia", "resettare", "resetta", "ripristinare", "ripristina"],
        ["update", "upgrade", "flash", "aggiornare", "aggiorna"],
        ["install", "fit", "mount", "montare", "monta", "installare", "installa", "rimontare", "rimonta"],
        ["error", "fault", "alarm", "errore", "guasto", "allarme", "anomalia"],
        ["grease", "lubricate", "oil", "lubricant", "ingrassare", "ingrassa", "lubrificare", "lubrifica", "lubrificante", "grasso"],
        ["fix", "repair", "riparare", "ripara", "aggiustare"],
        ["adjust", "set", "tune", "regolare", "regola", "impostare", "imposta", "tarare"],
        ["wait", "aspettare", "aspetta", "attendere", "attendi"],
        ["dry", "asciugare", "asciuga", "essiccare"],
        ["machine", "printer", "unit", "device", "macchina", "stampante", "dispositivo", "apparecchio"],
        ["damaged", "broken", "worn", "danneggiato", "danneggiata", "rotto", "rotta", "usurato", "usurata"],
        ["blocked", "clogged", "jammed", "obstructed", "bloccato", "bloccata", "intasato", "intasata", "ostruito", "ostruita"],
    ]

    /// Word → the first word of its synonym group, before stemming (so both forms stem alike).
    static let synonyms: [String: String] = {
        var map: [String: String] = [:]
        for group in synonymGroups {
            for word in group.dropFirst() where map[word] == nil { map[word] = group[0] }
        }
        return map
    }()

    /// Stem → the stem of its group's first word, per stemming language, so inflected forms
    /// (`sostituiscilo`, `girino`) meet their group too.
    static let stemSynonyms: [String: [String: String]] = {
        var byLanguage: [String: [String: String]] = [:]
        for language in ["en", "it"] {
            var map: [String: String] = [:]
            for group in synonymGroups {
                let target = LightStemmer.stem(group[0], language: language)
                for word in group {
                    let stem = LightStemmer.stem(word, language: language)
                    if stem != target, map[stem] == nil { map[stem] = target }
                }
            }
            byLanguage[language] = map
        }
        return byLanguage
    }()

    static func canonicalStem(_ stem: String, language: String) -> String {
        stemSynonyms[language == "it" ? "it" : "en"]?[stem] ?? stem
    }

    /// Verbs that mean "switch" when followed by on/off/down (`turn off`, `power down`); `turn`
    /// alone is "rotate".
    static let switchVerbs: Set<String> = ["turn", "power", "shut", "switch"]
    static let switchParticles: Set<String> = ["on", "off", "down", "up", "back"]

    /// Words that negate the sentence they are in.
    static let negations: Set<String> = [
        "not", "no", "never", "dont", "don", "doesnt", "doesn", "didn", "won", "wont", "isn", "aren",
        "wasn", "shouldn", "mustn", "without", "avoid", "cannot", "nor",
        "non", "mai", "senza", "evita", "evitare", "nessun", "nessuno", "nessuna",
    ]

    /// Number words read as digits (English and Italian), so `three mirrors` meets `3 mirrors`.
    static let numberWords: [String: String] = [
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
        "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "thirty": "30", "hundred": "100",
        "uno": "1", "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6", "sette": "7", "otto": "8",
        "nove": "9", "dieci": "10", "dodici": "12", "venti": "20", "trenta": "30", "cento": "100",
    ]

    /// Words naming a period or frequency: like numbers, a step must not change them.
    static let periodWords: [String: String] = [
        "daily": "day", "day": "day", "days": "day", "weekly": "week", "week": "week", "weeks": "week",
        "monthly": "month", "month": "month", "months": "month", "yearly": "year", "year": "year", "years": "year",
        "annually": "year", "hourly": "hour", "hour": "hour", "hours": "hour",
        "giorno": "day", "giorni": "day", "giornaliero": "day", "quotidiano": "day", "settimana": "week",
        "settimane": "week", "settimanale": "week", "mese": "month", "mesi": "month", "mensile": "month",
        "anno": "year", "anni": "year", "annuale": "year", "ora": "hour", "ore": "hour",
    ]

    /// Pairs of opposites: a step holding one where its chunk's sentence holds the other says
    /// the opposite (`before` ↔ `after`, `spento` ↔ `acceso`).
    static let opposites: [(Set<String>, Set<String>)] = [
        (["before", "prima"], ["after", "dopo"]),
        (
            ["off", "spento", "spenta", "spegnere", "spegni", "spegnimento"],
            ["on", "acceso", "accesa", "accendere", "accendi", "running", "live", "powered"]
        ),
        (
            ["increase", "raise", "higher", "aumentare", "aumenta", "alzare", "alza"],
            ["decrease", "reduce", "lower", "diminuire", "diminuisci", "ridurre", "riduci", "abbassare", "abbassa"]
        ),
        (["tighten", "stringere"], ["loosen", "allentare"]),
        (["cold", "cool", "cooled", "freddo", "fredda", "raffreddato", "raffreddata"], ["hot", "warm", "caldo", "calda"]),
        (["clockwise", "orario"], ["anticlockwise", "counterclockwise", "antiorario"]),
    ]
}
