import Crypto
import Foundation
import Hummingbird

/// The console's cookies: `flusso_key` holds the API key a person signed in with (HttpOnly,
/// SameSite=Strict, path `/console`: scripts cannot read it and other sites' pages cannot send
/// it); `flusso_csrf` holds a random token every form repeats in a hidden field, checked on every
/// POST (double submit); `flusso_lang` the chosen language.
enum ConsoleSession {
    static let keyCookie = "flusso_key"
    static let csrfCookie = "flusso_csrf"
    static let languageCookie = "flusso_lang"

    static func cookie(_ name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", httpOnly: true, sameSite: .strict)
    }

    /// The request's CSRF token, or a new one (then `fresh` is true and the page must set it).
    static func csrfToken(_ request: Request) -> (token: String, fresh: Bool) {
        if let token = request.cookies[csrfCookie]?.value, token.count == 64, token.allSatisfy(\.isHexDigit) { return (token, false) }
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        return (bytes.map { String(format: "%02x", $0) }.joined(), true)
    }

    /// True when the form's `csrf` field equals the cookie (compared in constant time).
    static func csrfMatches(_ request: Request, form: [String: String]) -> Bool {
        guard let cookie = request.cookies[csrfCookie]?.value, let field = form["csrf"], cookie.count == 64, field.utf8.count == cookie.utf8.count
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(cookie.utf8, field.utf8) { difference |= a ^ b }
        return difference == 0
    }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
