package webhook

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lintel-dev/lintel"
)

// A webhook URL names a host the server will connect to on a client's
// behalf, so it could be aimed at the server's own network (SSRF). Unless
// the configuration allows it, addresses that are not public are refused
// twice, by one rule (Allowed): when the webhook is created (its host read
// as an address in any of its textual forms, or as it resolves then) and
// when each delivery connects (the address actually dialled, which catches
// a name that resolves differently later). The cloud metadata addresses
// are refused even where private ones are allowed. Redirects are never
// followed.

// errPrivateAddress is returned by a dial refused by the guard.
var errPrivateAddress = errors.New("webhook: address is not public")

// nonPublic lists the ranges netip's predicates do not cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 can reach IPv4 inside
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4 embeds IPv4
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/32"),       // Teredo embeds IPv4
	netip.MustParsePrefix("::ffff:0:0/96"),   // IPv4-mapped (unmapped below, kept for safety)
	netip.MustParsePrefix("::/96"),           // unspecified, loopback, deprecated IPv4-compatible
	netip.MustParsePrefix("ff00::/8"),        // multicast
	netip.MustParsePrefix("224.0.0.0/4"),     // multicast
	netip.MustParsePrefix("169.254.0.0/16"),  // link-local, cloud metadata
	netip.MustParsePrefix("fe80::/10"),       // link-local
	netip.MustParsePrefix("fc00::/7"),        // unique local
	netip.MustParsePrefix("127.0.0.0/8"),     // loopback
	netip.MustParsePrefix("::1/128"),         // loopback
	netip.MustParsePrefix("10.0.0.0/8"),      // private
	netip.MustParsePrefix("172.16.0.0/12"),   // private
	netip.MustParsePrefix("192.168.0.0/16"),  // private
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// IsPublic reports whether a webhook may connect to addr when private
// addresses are not allowed.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// metadata are the cloud providers' instance metadata services: whoever
// reaches them from the server can read its credentials, so no webhook may,
// whatever the configuration allows.
var metadata = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean…
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
}

// embeddedIPv4 lists the IPv6 ranges whose last 32 bits are an IPv4 address
// some path will reach (NAT64, the deprecated IPv4-compatible form).
var embeddedIPv4 = []netip.Prefix{
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("::/96"),
}

// Allowed is the one rule a webhook's address is judged by, when the
// webhook is created and when each delivery connects: never a cloud
// metadata address, in any of its forms; otherwise a public address, or any
// address when private ones are allowed.
func Allowed(addr netip.Addr, allowPrivate bool) bool {
	addr = addr.WithZone("").Unmap()
	if !addr.IsValid() {
		return false
	}
	forms := []netip.Addr{addr}
	for _, p := range embeddedIPv4 {
		if addr.Is6() && p.Contains(addr) {
			b := addr.As16()
			forms = append(forms, netip.AddrFrom4([4]byte(b[12:])))
		}
	}
	for _, a := range forms {
		for _, m := range metadata {
			if a == m {
				return false
			}
		}
	}
	return allowPrivate || IsPublic(addr)
}

// ParseHost reads a URL's host as an address, the way the resolvers and
// browsers that may later see it do: besides the canonical forms, an IPv4
// address may be written as one to four numbers in decimal, octal (leading
// 0) or hexadecimal (0x), the last filling the remaining bytes (inet_aton:
// "2130706433", "0x7f000001", "127.1" and "0177.0.0.1" are all 127.0.0.1).
// isAddr is false for a host name; err is set for a host whose last label
// is a number yet which is no address ("1.2.3.4.5", "99999999999"), which
// those readers refuse or read differently from one another.
func ParseHost(host string) (addr netip.Addr, isAddr bool, err error) {
	host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(host, "]"), "["), ".")
	if a, err := netip.ParseAddr(host); err == nil {
		return a, true, nil
	}
	labels := strings.Split(host, ".")
	if _, ok := parseNumber(labels[len(labels)-1]); !ok && !isDecimalish(labels[len(labels)-1]) {
		return netip.Addr{}, false, nil
	}
	if len(labels) > 4 {
		return netip.Addr{}, false, errNotAnAddress
	}
	var v uint64
	for i, l := range labels {
		n, ok := parseNumber(l)
		if !ok {
			return netip.Addr{}, false, errNotAnAddress
		}
		if i < len(labels)-1 {
			if n > 255 {
				return netip.Addr{}, false, errNotAnAddress
			}
			v = v<<8 | n
			continue
		}
		rest := 4 - i // bytes the last number fills
		if n >= 1<<(8*rest) {
			return netip.Addr{}, false, errNotAnAddress
		}
		v = v<<(8*rest) | n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, nil
}

var errNotAnAddress = errors.New("webhook: a numeric host that is not an address")

// parseNumber reads one inet_aton part: decimal, 0-prefixed octal, or
// 0x-prefixed hexadecimal (an empty hex part is 0, as inet_aton has it).
func parseNumber(s string) (uint64, bool) {
	if s == "" || len(s) > 32 {
		return 0, false
	}
	base, digits := 10, s
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, digits = 16, s[2:]
		if digits == "" {
			return 0, true
		}
	case len(s) > 1 && s[0] == '0':
		base, digits = 8, s[1:]
	}
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil || n > math.MaxUint32 {
		return 0, false
	}
	return n, true
}

// isDecimalish reports a label of digits alone, which makes the host
// numeric even where the number does not parse ("099", "99999999999").
func isDecimalish(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkURL validates a webhook URL at creation: http or https with a host
// that is Allowed: its address, or every address its name resolves to now.
// A name that does not resolve now is accepted; the dial guard still
// judges every delivery by the same rule.
func (s *Service) checkURL(ctx context.Context, raw string) error {
	bad := func(msg string) error {
		var v lintel.InvalidInput
		v.Add("url", msg)
		return v.Err()
	}
	const refused = "Must not point at a private, loopback, link-local or cloud metadata address"
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return bad("Must be an http or https URL with a host")
	}
	if u.Port() != "" {
		if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return bad("Invalid port")
		}
	}
	allow := s.cfg.AllowPrivate
	addr, isAddr, err := ParseHost(u.Hostname())
	if err != nil {
		return bad("Invalid host: a number that is not an IP address")
	}
	if isAddr {
		if !Allowed(addr, allow) {
			return bad(refused)
		}
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if !allow && (host == "localhost" || strings.HasSuffix(host, ".localhost")) {
		return bad(refused)
	}
	lctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := s.cfg.LookupHost(lctx, host)
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if !Allowed(a, allow) {
			return bad("Must not resolve to a private, loopback, link-local or cloud metadata address")
		}
	}
	return nil
}

// dialGuard returns a net.Dialer Control function that refuses to connect
// to an address that is not Allowed: it sees the address after resolution,
// so a name re-pointed after creation is caught too.
func dialGuard(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s", errPrivateAddress, address)
		}
		addr, err := netip.ParseAddr(host)
		if err != nil || !Allowed(addr, allowPrivate) {
			return fmt.Errorf("%w: %s", errPrivateAddress, address)
		}
		return nil
	}
}
