package webhook

import (
	"context"
	"errors"
	"fmt"
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
// twice: when the webhook is created (its host as it resolves then) and
// when each delivery connects (the address actually dialled, which catches
// a name that resolves differently later). Redirects are never followed.

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
	netip.MustParsePrefix("::/128"),          // unspecified
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

// checkURL validates a webhook URL at creation: http or https with a host,
// and, unless private addresses are allowed, a host that does not resolve
// to one. A name that does not resolve now is accepted; the dial guard
// still checks every delivery.
func (s *Service) checkURL(ctx context.Context, raw string) error {
	bad := func(msg string) error {
		var v lintel.InvalidInput
		v.Add("url", msg)
		return v.Err()
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return bad("Must be an http or https URL with a host")
	}
	if u.Port() != "" {
		if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return bad("Invalid port")
		}
	}
	if s.cfg.AllowPrivate {
		return nil
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		if !IsPublic(addr) {
			return bad("Must not point at a private, loopback or link-local address")
		}
		return nil
	}
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return bad("Must not point at a private, loopback or link-local address")
	}
	lctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := s.cfg.LookupHost(lctx, host)
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if !IsPublic(a) {
			return bad("Must not resolve to a private, loopback or link-local address")
		}
	}
	return nil
}

// dialGuard is a net.Dialer Control function that refuses to connect to
// an address that is not public: it sees the address after resolution, so
// a name re-pointed after creation is caught too.
func dialGuard(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", errPrivateAddress, address)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !IsPublic(addr) {
		return fmt.Errorf("%w: %s", errPrivateAddress, address)
	}
	return nil
}
