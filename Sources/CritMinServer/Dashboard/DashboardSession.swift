import CritMinStore
import Crypto
import Foundation
import Hummingbird

/// The dashboard's sign-in: a session is an API token kept in an HttpOnly cookie (so it is stored hashed, expires and
/// can be revoked like any token), and every form carries a CSRF token a cross-site page cannot know.
enum DashboardSession {
    static let cookie = "critmin_session"
    /// The double-submit cookie of forms sent before signing in (the sign-in form itself).
    static let formCookie = "critmin_form"
    static let lifetime: TimeInterval = 12 * 3_600

    /// The session a request carries, if any: the cookie holds the token's public id and the token ("tok_….cm_…"), so
    /// that signing out can revoke it.
    static func session(in request: Request) -> (id: String, token: String)? {
        guard let value = request.cookies[cookie]?.value, value.count <= 300 else { return nil }
        let parts = value.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].hasPrefix("tok_"), parts[1].hasPrefix("cm_") else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    /// The CSRF token of a signed-in session's forms: a keyed hash of the session token, which only pages served to
    /// the session's own browser can contain. It needs no server state, so any server instance checks it.
    static func csrfToken(session: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("critmin-dashboard-form".utf8), using: SymmetricKey(data: Data(session.utf8))).hexString
    }

    /// The token a page's forms carry: the session's, or for anonymous visitors the value of the form cookie (set
    /// anew when absent; `cookie` is then what to send with the page).
    static func formToken(_ request: Request, _ context: APIRequestContext) -> (token: String, cookie: Cookie?) {
        if let session = context.session { return (csrfToken(session: session.token), nil) }
        if let existing = request.cookies[formCookie]?.value, existing.count == 64 { return (existing, nil) }
        let fresh = APIToken.hash(APIToken.generate().token)
        return (fresh, Cookie(name: formCookie, value: fresh, path: "/", httpOnly: true, sameSite: .strict))
    }

    /// Refuses a form whose token does not match the session's, or for anonymous forms the form cookie's.
    static func verify(_ submitted: String?, _ request: Request, _ context: APIRequestContext) throws {
        let expected = context.session.map { csrfToken(session: $0.token) } ?? request.cookies[formCookie]?.value
        guard let expected, let submitted, constantTimeEqual(expected, submitted) else {
            throw APIError(.forbidden, "csrf", "the form expired or came from another site: reload the page and send it again")
        }
    }

    /// The cookie that signs the browser in with the token `id` names.
    static func sessionCookie(id: String, token: String, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: id + "." + token, maxAge: Int(lifetime), path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookie that signs the browser out.
    static func expiredCookie(secure: Bool) -> Cookie {
        Cookie(name: cookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
