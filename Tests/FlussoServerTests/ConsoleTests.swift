import FlussoCore
import FlussoServer
import FlussoTestSupport
import Foundation
import HTTPTypes
import Testing

/// The review console's pages over a real API and SQLite file: the queue, a ticket, languages,
/// escaping, and signing in with a key kept in an HttpOnly, SameSite=Strict cookie.
@Suite struct ConsoleTests {
    let reviewTests = ReviewAPITests()

    @Test func theQueueShowsNeedsReviewFirstWithTextEscapedAndNoScriptAllowed() async throws {
        let harness = try APIHarness()
        let waiting = try await reviewTests.finished(harness)
        let ready = try await reviewTests.finished(harness, status: .ready)
        try await harness.run { client in
            let queue = try await client.page(.get, "/console")
            #expect(queue.status == 200)
            #expect(queue.headers[.contentType] == "text/html; charset=utf-8")
            #expect(queue.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(queue.text.contains(waiting.ticketID) && !queue.text.contains(ready.ticketID))
            #expect(queue.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!queue.text.contains("<script>"))
            #expect(queue.text.contains("NEEDS_REVIEW (1)") && queue.text.contains("READY (1)"))
            let readyTab = try await client.page(.get, "/console?status=READY")
            #expect(readyTab.text.contains(ready.ticketID) && !readyTab.text.contains(waiting.ticketID))
        }
    }

    @Test func theTicketPageShowsEachStepWithTheChunkItCitesAndUnknownIdsAre404() async throws {
        let harness = try APIHarness()
        let ticket = try await reviewTests.finished(harness)
        try await harness.run { client in
            let page = try await client.page(.get, "/console/tickets/\(ticket.ticketID)")
            #expect(page.status == 200)
            #expect(page.text.contains("Reseat the thermistor."))
            #expect(page.text.contains("Reseat the hotend thermistor.") && page.text.contains("manual.pdf"))
            #expect(page.text.contains("A loose thermistor."))
            let missing = try await client.page(.get, "/console/tickets/\(Ticket.newID())")
            #expect(missing.status == 404 && missing.text.contains("No such ticket."))
            let malformed = try await client.page(.get, "/console/tickets/%3Cscript%3E")
            #expect(malformed.status == 404 && !malformed.text.contains("<script>"))
        }
    }

    @Test func pagesFollowTheBrowsersLanguageAndASwitchIsRemembered() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let italian = try await client.page(.get, "/console", headers: [.acceptLanguage: "it-IT,it;q=0.9,en;q=0.8"])
            #expect(italian.text.contains("<html lang=\"it\">") && italian.text.contains("Coda"))
            let english = try await client.page(.get, "/console?lang=en", headers: [.acceptLanguage: "it-IT"])
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Queue"))
            let remembered = try #require(english.setCookies["flusso_lang"])
            #expect(remembered.hasPrefix("flusso_lang=en") && remembered.contains("HttpOnly") && remembered.contains("SameSite=Strict"))
        }
    }

    @Test func withKeysThePagesAskForOneAndKeepItInAStrictHttpOnlyCookie() async throws {
        let key = "console-test-key"
        let harness = try APIHarness(keyHashes: [APIKeyAuthenticator.hash(key: key)])
        try await harness.run { client in
            let redirected = try await client.page(.get, "/console")
            #expect(redirected.status == 303 && redirected.headers[.location] == "/console/login")
            let form = try await client.page(.get, "/console/login")
            #expect(form.status == 200 && form.text.contains("type=\"password\""))
            // The token the form carries is the one its cookie holds (a fresh browser signs in at once).
            let csrfCookie = try #require(form.setCookies["flusso_csrf"])
            let token = String(csrfCookie.dropFirst("flusso_csrf=".count).prefix(64))
            let field = try #require(form.text.range(of: "name=\"csrf\" value=\""))
            #expect(String(form.text[field.upperBound...].prefix(64)) == token)
            let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "flusso_csrf=\(token)"]
            // No token, a wrong key, then the right one.
            let forged = try await client.page(.post, "/console/login", headers: formHeaders, body: "key=\(key)")
            #expect(forged.status == 403 && forged.text.contains("The form has expired"))
            #expect(forged.headers[.contentType] == "text/html; charset=utf-8")
            let badKey = try await client.page(.post, "/console/login", headers: formHeaders, body: "csrf=\(token)&key=a%3Bb")
            #expect(badKey.status == 401)
            let wrong = try await client.page(.post, "/console/login", headers: formHeaders, body: "csrf=\(token)&key=nope")
            #expect(wrong.status == 401 && wrong.text.contains("That key is not valid here."))
            let signedIn = try await client.page(.post, "/console/login", headers: formHeaders, body: "csrf=\(token)&key=\(key)")
            #expect(signedIn.status == 303 && signedIn.headers[.location] == "/console")
            let session = try #require(signedIn.setCookies["flusso_key"])
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/console"))
            let queue = try await client.page(.get, "/console", headers: [.cookie: "flusso_key=\(key)"])
            #expect(queue.status == 200 && queue.text.contains("action=\"/console/logout\""))
            // The cookie opens the console only, not the API.
            let api = try await client.page(.get, "/tickets", headers: [.cookie: "flusso_key=\(key)"])
            #expect(api.status == 401)
            let stale = try await client.page(.get, "/console", headers: [.cookie: "flusso_key=revoked"])
            #expect(stale.status == 303)
        }
    }
}
