import Foundation

/// Which destinations Flusso may call back (webhook deliveries, `callback_url`): public
/// addresses only, unless a site allows private ones (`webhooks.allow_private`). Refused:
/// loopback (127/8, ::1, `localhost`), private (10/8, 172.16/12, 192.168/16, fc00::/7), shared
/// (100.64/10), link-local (169.254/16 — the cloud metadata address among them —, fe80::/10),
/// unspecified, multicast and reserved ranges, IPv4-mapped, NAT64 and 6to4 IPv6 forms, IPv4 in
/// other spellings than a dotted quad, and the metadata host names. A host name that resolves to
/// such an address (`127.0.0.1.nip.io`) passes this literal check: the webhook transport checks
/// every resolved address at delivery time and connects to a checked one.
public enum OutboundAddress {
    /// Why `url` must not be called, judged on its literal host; nil when it may be (a host name
    /// that is not a known local name passes here and is checked once resolved).
    public static func problem(withURL url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else { return "is not an http(s) URL with a host" }
        if components.user != nil || components.password != nil { return "must not carry a user name or password" }
        return problem(withHost: host)
    }

    /// Why `host` (a name, or an IPv4 / IPv6 literal, brackets allowed) must not be called.
    public static func problem(withHost host: String) -> String? {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name = String(name.dropLast()) }
        if name == "localhost" || name.hasSuffix(".localhost") { return "targets this machine (\(host))" }
        if ["metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal"].contains(name) {
            return "targets a cloud metadata service (\(host))"
        }
        if let octets = ipv4(name) { return problem(withIPv4: octets, shown: host) }
        if name.contains(":") {
            guard let words = ipv6(name) else { return "is not a valid IPv6 address (\(host))" }
            return problem(withIPv6: words, shown: host)
        }
        // Other spellings of IPv4 that resolvers accept (`2130706433`, `0x7f.1`, `127.1`, octal
        // `012.0.0.1`): a name whose last label is a number or hex is no DNS name; refused.
        if let last = name.split(separator: ".").last,
            last.allSatisfy(\.isNumber) || (last.hasPrefix("0x") && last.dropFirst(2).allSatisfy(\.isHexDigit))
        {
            return "is an IP address in a form other than a dotted quad (\(host)); write it as a.b.c.d"
        }
        return nil
    }

    static func problem(withIPv4 o: [UInt8], shown: String) -> String? {
        switch (o[0], o[1]) {
        case (127, _): return "targets this machine (\(shown))"
        case (10, _), (172, 16...31), (192, 168): return "targets a private address (\(shown))"
        case (100, 64...127): return "targets a shared (carrier-grade NAT) address (\(shown))"
        case (169, 254): return "targets a link-local or cloud metadata address (\(shown))"
        case (0, _): return "targets an unspecified address (\(shown))"
        case (224...255, _): return "targets a multicast or reserved address (\(shown))"
        default: return nil
        }
    }

    static func problem(withIPv6 w: [UInt16], shown: String) -> String? {
        if w.allSatisfy({ $0 == 0 }) { return "targets an unspecified address (\(shown))" }
        if w[0..<7].allSatisfy({ $0 == 0 }) && w[7] == 1 { return "targets this machine (\(shown))" }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated and IPv4-compatible forms: judged as the IPv4 address.
        let translated = w[0..<4].allSatisfy({ $0 == 0 }) && w[4] == 0xFFFF && w[5] == 0  // ::ffff:0:a.b.c.d
        if translated || (w[0..<5].allSatisfy({ $0 == 0 }) && (w[5] == 0xFFFF || w[5] == 0)) {
            let octets = [UInt8(w[6] >> 8), UInt8(w[6] & 0xFF), UInt8(w[7] >> 8), UInt8(w[7] & 0xFF)]
            return problem(withIPv4: octets, shown: shown)
        }
        // NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16) carry an IPv4 address: refused,
        // since the IPv4 address inside may be any of the above.
        if (w[0] == 0x64 && w[1] == 0xFF9B) || w[0] == 0x2002 { return "targets an IPv4 translation prefix (\(shown))" }
        if w[0] & 0xFE00 == 0xFC00 { return "targets a private address (\(shown))" }
        if w[0] & 0xFFC0 == 0xFE80 { return "targets a link-local address (\(shown))" }
        if w[0] & 0xFF00 == 0xFF00 { return "targets a multicast address (\(shown))" }
        return nil
    }

    /// Dotted-quad IPv4 (four decimal parts, each 0…255).
    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> UInt8? in
            // A leading zero is octal to resolvers (`012` is 10): not a plain dotted quad.
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                part.count == 1 || part.first != "0"
            else { return nil }
            return UInt8(part)
        }
        return octets.count == 4 ? octets : nil
    }

    /// An IPv6 literal as eight 16-bit words (`::` compression and a trailing IPv4 part allowed).
    static func ipv6(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        let address = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text  // zone id
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func words(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result += [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        guard let head = words(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = words(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
