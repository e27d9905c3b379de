import FlussoCore
import Foundation
import Hummingbird
import Pipeline

/// The review console under `/console`: server-rendered pages over the same ports and auth as
/// the API. Errors are pages, not JSON.
struct ConsoleRoutes: Sendable {
    let store: any TicketStore
    let feedback: any FeedbackStore
    let authenticator: APIKeyAuthenticator
    let clock: any PipelineClock
    let pageSize: Int

    func add(to router: Router<BasicRequestContext>) {
        router.get("/console") { request, _ in await rendering(request) { try await queue(request) } }
        router.get("/console/tickets/{id}") { request, context in
            await rendering(request) { try await ticket(request, id: context.parameters.get("id") ?? "") }
        }
        router.get("/console/login") { request, _ in login(request, error: nil) }
        router.post("/console/login") { request, _ in await rendering(request) { try await signIn(request) } }
        router.post("/console/logout") { request, _ in await rendering(request) { try await signOut(request) } }
    }

    /// The handler's response, or its error as a page (status from the error's code; the message
    /// escaped) — a person reads the console, not a program.
    private func rendering(_ request: Request, _ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch {
            let failure = FlussoError(error)
            let status = HTTPResponse.Status(code: failure.code.httpStatus)
            return page(
                request, title: .error,
                body: "<h1>\(HTML.escape(language(request).text(.error)))</h1><p role=\"alert\">\(HTML.escape(failure.message))</p>", status: status)
        }
    }

    /// Whether the request may see console pages: keys off, or a valid key in its cookie.
    static func signedIn(_ request: Request, authenticator: APIKeyAuthenticator) -> Bool {
        guard authenticator.isEnabled else { return true }
        guard let key = request.cookies[ConsoleSession.keyCookie]?.value, !key.isEmpty else { return false }
        return authenticator.accepts(authorization: "Bearer " + key)
    }

    private func language(_ request: Request) -> ConsoleLanguage {
        ConsoleLanguage.choose(
            query: request.uri.queryParameters["lang"].map(String.init), cookie: request.cookies[ConsoleSession.languageCookie]?.value,
            acceptLanguage: request.headers[.acceptLanguage])
    }

    /// A page response; remembers a language chosen with `?lang=` and sets a fresh CSRF token
    /// (`csrf`: the one the page's forms already carry, computed once per request).
    private func page(
        _ request: Request, title: ConsoleText, body: String, status: HTTPResponse.Status = .ok,
        csrf given: (token: String, fresh: Bool)? = nil
    ) -> Response {
        let language = language(request)
        let csrf = given ?? ConsoleSession.csrfToken(request)
        var path = request.uri.path
        let kept = request.uri.queryParameters.filter { $0.key != "lang" }.map { "\($0.key)=\(HTML.query(String($0.value)))" }
        if !kept.isEmpty { path += "?" + kept.sorted().joined(separator: "&") }
        let html = ConsoleLayout.page(
            title: language.text(title), language: language,
            signedIn: authenticator.isEnabled && Self.signedIn(request, authenticator: authenticator),
            csrf: csrf.token, switchPath: path, body: body)
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        if csrf.fresh { response.setCookie(ConsoleSession.cookie(ConsoleSession.csrfCookie, value: csrf.token)) }
        if let chosen = request.uri.queryParameters["lang"].flatMap({ ConsoleLanguage(rawValue: String($0)) }) {
            response.setCookie(ConsoleSession.cookie(ConsoleSession.languageCookie, value: chosen.rawValue, maxAge: 365 * 86_400))
        }
        return response
    }

    private func notFound(_ request: Request) -> Response {
        page(request, title: .notFound, body: "<h1>\(HTML.escape(language(request).text(.notFound)))</h1>", status: .notFound)
    }

    private func queue(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { TicketStatus(rawValue: String($0).uppercased()) } ?? .needsReview
        let cursor = query["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let listed: FlussoCore.TicketPage
        do {
            listed = try await store.list(TicketFilter(status: status), limit: pageSize, cursor: cursor)
        } catch let error as FlussoError where error.code == .invalidCursor {
            listed = try await store.list(TicketFilter(status: status), limit: pageSize, cursor: nil)
        }
        let counts = try await store.countsByStatus()
        let body = QueueConsolePage.render(
            tickets: listed.tickets, counts: counts, status: status, nextCursor: listed.nextCursor, now: clock.now(), language: language(request))
        return page(request, title: .queue, body: body)
    }

    private func ticket(_ request: Request, id: String) async throws -> Response {
        guard Ticket.isWellFormedID(id), let ticket = try await store.ticket(id: id) else { return notFound(request) }
        async let steps = store.stepRecords(ticketID: id)
        async let verdicts = feedback.feedback(ticketID: id)
        let body = TicketConsolePage.render(
            ticket: ticket, steps: try await steps, feedback: try await verdicts, language: language(request), now: clock.now())
        return page(request, title: .ticket, body: body)
    }

    private func login(_ request: Request, error: ConsoleText?) -> Response {
        let language = language(request)
        let t = { (key: ConsoleText) in HTML.escape(language.text(key)) }
        let csrf = ConsoleSession.csrfToken(request)
        var body = "<h1>\(t(.signIn))</h1><p>\(t(.signInHelp))</p>"
        if let error { body += "<p class=\"error\" role=\"alert\">\(t(error))</p>" }
        body += """
            <form method="post" action="/console/login"><input type="hidden" name="csrf" value="\(csrf.token)">
            <label for="key">\(t(.apiKey))</label><input id="key" name="key" type="password" autocomplete="current-password" required>
            <p><button type="submit">\(t(.signIn))</button></p></form>
            """
        let status: HTTPResponse.Status =
            switch error {
            case nil: .ok
            case .formExpired: .forbidden
            default: .unauthorized
            }
        return page(request, title: .signIn, body: body, status: status, csrf: csrf)
    }

    private func formBody(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 16 * 1024)
        return ConsoleSession.form(String(buffer: buffer))
    }

    private func signIn(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        guard ConsoleSession.csrfMatches(request, form: form) else { return login(request, error: .formExpired) }
        let key = form["key"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard authenticator.isEnabled else { return Response.redirect(to: "/console", type: .normal) }
        // A key a cookie cannot carry as it is (`;`, `,`, quotes, spaces, controls) is not one of ours.
        let cookieSafe = key.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !";,\"\\".unicodeScalars.contains($0) }
        guard !key.isEmpty, cookieSafe, authenticator.accepts(authorization: "Bearer " + key) else { return login(request, error: .wrongKey) }
        var response = Response.redirect(to: "/console", type: .normal)
        response.setCookie(ConsoleSession.cookie(ConsoleSession.keyCookie, value: key))
        return response
    }

    private func signOut(_ request: Request) async throws -> Response {
        let form = try await formBody(request)
        guard ConsoleSession.csrfMatches(request, form: form) else { return login(request, error: .formExpired) }
        var response = Response.redirect(to: "/console/login", type: .normal)
        response.setCookie(ConsoleSession.cookie(ConsoleSession.keyCookie, value: "", maxAge: 0))
        return response
    }
}
