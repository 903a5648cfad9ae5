import CritMinCore
import Crypto
import Foundation

/// API tokens: 256 random bits, shown once, stored only as their SHA-256 hash (a slow hash adds nothing to a secret
/// of that entropy, and every request must check one).
public enum APIToken {
    /// A new token and the hash to store.
    public static func generate() -> (token: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token =
            "cm_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, hash(token))
    }

    /// The hash a token is stored and looked up by.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    /// A public id to list and revoke a token by.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tok_" + String(format: "%016llx", generator.next() as UInt64)
    }
}

/// The audit log's hash chain: each entry's hash covers its sequence, time, event and the previous entry's hash.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(sequence: Int, time: String, event: AuditEvent, previous: String) -> String {
        // Each field is length-prefixed so that no two different entries hash the same text.
        let fields = [
            String(sequence), time, event.actor ?? "", event.organisation?.rawValue ?? "", event.action, event.target, event.detail,
            event.requestID ?? "", previous,
        ]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(text.utf8)).hexString
    }

    /// Checks entries in sequence order against each other and against the stored head.
    static func verify(_ entries: [AuditEntry], head: (sequence: Int, hash: String)?) -> AuditVerification {
        var previous = genesis
        for (index, entry) in entries.enumerated() {
            if entry.sequence != index + 1 {
                return .broken(sequence: entry.sequence, reason: "expected entry \(index + 1) here: an entry was removed or moved")
            }
            if entry.previousHash != previous {
                return .broken(
                    sequence: entry.sequence, reason: "its previous hash does not match entry \(index)'s: entries were removed or reordered")
            }
            if hash(sequence: entry.sequence, time: entry.time, event: entry.event, previous: previous) != entry.hash {
                return .broken(sequence: entry.sequence, reason: "its content does not match its hash: the entry was altered")
            }
            previous = entry.hash
        }
        let last = entries.last.map { ($0.sequence, $0.hash) } ?? (0, genesis)
        if let head, head != last {
            return .broken(
                sequence: last.0,
                reason: "the log ends at entry \(last.0) but its head records entry \(head.sequence): entries were removed from the end")
        }
        return .intact(entries: entries.count, head: last.1)
    }

    /// Audit times: UTC, milliseconds, so that the text hashed is the text stored.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

extension Sequence<UInt8> {
    /// The bytes as lower-case hexadecimal (digests, authentication codes).
    public var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
