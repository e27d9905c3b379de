/// The frame of every console page: language, title, navigation and a small local style sheet
/// (no CDN, no web fonts, no script). Colours keep WCAG AA contrast on white.
enum ConsoleLayout {
    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}
        header{background:#1f3a5f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff}main{padding:1rem;max-width:80rem}
        a{color:#0b57d0}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f9a825;outline-offset:2px}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #c4c7c5;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f4}.overdue{color:#b3261e;font-weight:600}.status{font-weight:600}
        nav ul{list-style:none;padding:0;display:flex;gap:.75rem;flex-wrap:wrap}nav [aria-current]{font-weight:700;text-decoration:none;color:#1a1a1a}
        .chunk{background:#f6f8fa;border-left:4px solid #1f3a5f;padding:.4rem .6rem;margin:.3rem 0}.muted{color:#49454f}
        mark{background:#ffe082}label{display:block;margin:.5rem 0 .2rem}input[type=password]{min-width:24rem;padding:.3rem}
        button{padding:.35rem .9rem}.error{color:#b3261e}
        """

    /// A whole page. `body` is HTML the caller built from escaped text; `path` is the page's own
    /// path with its query, for the language switch.
    static func page(title: String, language: ConsoleLanguage, signedIn: Bool, csrf: String, switchPath: String, body: String) -> String {
        let separator = switchPath.contains("?") ? "&" : "?"
        let signOut =
            signedIn
            ? #"<form method="post" action="/console/logout"><input type="hidden" name="csrf" value="\#(HTML.escape(csrf))"><button type="submit">\#(HTML.escape(language.text(.signOut)))</button></form>"#
            : ""
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) — Flusso</title><style>\(style)</style></head>
            <body>
            <header><strong><a href="/console">\(HTML.escape(language.text(.title)))</a></strong>
            <span>\(HTML.escape(language.text(.language))): <a href="\(HTML.escape(switchPath + separator + "lang=" + language.other.rawValue))" lang="\(language.other.rawValue)">\(language.other.name)</a></span>
            \(signOut)</header>
            <main id="main">
            \(body)
            </main>
            </body>
            </html>
            """
    }
}
