package generator

import (
	"fmt"
	"net"
	"strings"

	"golang.org/x/net/idna"
)

// Domains are normalised domain answers.
type Domains struct {
	Hosts   []string // for ALLOWED_HOSTS: bare, lower-case, punycode hosts ("example.com", ".example.com", "[::1]")
	Origins []string // for CSRF_TRUSTED_ORIGINS, Django 4.0+ form: "https://example.com", "https://*.example.com"
	Notes   []string // what was changed, e.g. `removed the scheme from "https://x.com/"`

	hostPorts []string // CSRF_TRUSTED_ORIGINS before 4.0: hosts, with their port when one was given
}

// OriginsFor returns CSRF_TRUSTED_ORIGINS in the form the Django version
// wants: scheme-qualified origins from 4.0 on, bare hosts before.
func (d Domains) OriginsFor(major, minor int) []string {
	if major >= 4 {
		return d.Origins
	}
	if d.hostPorts != nil {
		return d.hostPorts
	}
	return d.Hosts
}

// NormalizeDomains validates and normalises every entry; an entry may hold
// several domains separated by commas or blanks. Duplicates are dropped.
func NormalizeDomains(in []string) (Domains, error) {
	var d Domains
	seen := map[string]bool{}
	for _, entry := range in {
		for _, piece := range splitEntry(entry) {
			host, port, note, err := normalizeDomain(piece)
			if err != nil {
				return Domains{}, err
			}
			if note != "" {
				d.Notes = append(d.Notes, note)
			}
			// Origins keep a port (the browser sends it in Origin and Referer);
			// ALLOWED_HOSTS never has one. 443 is https's own: browsers omit it.
			withPort := host
			if port != "" && port != "443" {
				withPort = host + ":" + port
			}
			if seen[withPort] {
				continue
			}
			seen[withPort] = true
			if !seen["host "+host] {
				seen["host "+host] = true
				d.Hosts = append(d.Hosts, host)
			}
			d.Origins = append(d.Origins, originOf(withPort))
			d.hostPorts = append(d.hostPorts, withPort)
		}
	}
	if len(d.Hosts) == 0 {
		return Domains{}, fmt.Errorf("no domain given: name the site's domain, e.g. example.com")
	}
	return d, nil
}

// splitEntry splits on commas, and on blanks only when every blank-separated
// part is a whole host on its own: "exa mple.com" stays one (bad) entry so
// the user hears about the space instead of getting two wrong domains.
func splitEntry(entry string) []string {
	var out []string
	for _, part := range strings.Split(entry, ",") {
		fields := strings.Fields(part)
		whole := len(fields) > 1
		for _, f := range fields {
			host, _, err := NormalizeDomain(f)
			if err != nil || (!strings.Contains(host, ".") && !strings.HasPrefix(host, "[") && host != "localhost") {
				whole = false
			}
		}
		if whole {
			out = append(out, fields...)
			continue
		}
		if strings.TrimSpace(part) != "" || len(strings.Split(entry, ",")) == 1 {
			out = append(out, part)
		}
	}
	return out
}

// originOf turns an ALLOWED_HOSTS entry into an https origin.
func originOf(host string) string {
	if strings.HasPrefix(host, ".") {
		return "https://*" + host
	}
	return "https://" + host
}

// NormalizeDomain validates one entry: it strips a scheme, path and port
// (saying so in note), lower-cases, converts IDNA to punycode, and accepts
// ".example.com" (every subdomain) and IP addresses.
func NormalizeDomain(s string) (host string, note string, err error) {
	host, _, note, err = normalizeDomain(s)
	return host, note, err
}

// normalizeDomain is NormalizeDomain that also returns the port given ("").
func normalizeDomain(s string) (host, port, note string, err error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", "", fmt.Errorf("empty domain: type a host name such as example.com")
	}
	if s == "*" {
		return "", "", "", fmt.Errorf(`"*" would accept any host name and disable Django's Host header protection: name your domains instead`)
	}
	var changes []string
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		changes = append(changes, "the scheme")
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		if strings.Trim(s[i:], "/") != "" {
			changes = append(changes, "the path")
		}
		s = s[:i]
	}
	if strings.ContainsAny(s, " \t") {
		return "", "", "", fmt.Errorf("%q contains a space: a domain has none (separate several with commas)", orig)
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return "", "", "", fmt.Errorf("%q contains '@': give the domain only, without a user name", orig)
	}
	if ip, p, ok := splitIP(s); ok {
		if p != "" {
			changes = append(changes, "the port (for ALLOWED_HOSTS; CSRF_TRUSTED_ORIGINS keeps it)")
		}
		return ip, p, noteFor(orig, changes), nil
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if !allDigits(s[i+1:]) {
			return "", "", "", fmt.Errorf("%q has a malformed port", orig)
		}
		port = s[i+1:]
		s = s[:i]
		changes = append(changes, "the port (for ALLOWED_HOSTS; CSRF_TRUSTED_ORIGINS keeps it)")
	}
	if strings.HasPrefix(s, "*.") {
		s = s[1:]
		changes = append(changes, `"*" (".example.com" is how Django spells every subdomain)`)
	}
	host, err = checkHostName(orig, s)
	if err != nil {
		return "", "", "", err
	}
	return host, port, noteFor(orig, changes), nil
}

// splitIP recognises an IPv4 or IPv6 address, with an optional port.
func splitIP(s string) (host, port string, ok bool) {
	if ip := net.ParseIP(s); ip != nil {
		if ip.To4() != nil {
			return ip.String(), "", true
		}
		return "[" + ip.String() + "]", "", true
	}
	if h, p, err := net.SplitHostPort(s); err == nil && allDigits(p) {
		if ip := net.ParseIP(h); ip != nil {
			if ip.To4() != nil {
				return ip.String(), p, true
			}
			return "[" + ip.String() + "]", p, true
		}
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		if ip := net.ParseIP(s[1 : len(s)-1]); ip != nil {
			return "[" + ip.String() + "]", "", true
		}
	}
	return "", "", false
}

// checkHostName validates a DNS name and returns it lower-case in punycode.
func checkHostName(orig, s string) (string, error) {
	lead := ""
	if strings.HasPrefix(s, ".") {
		lead, s = ".", s[1:]
	}
	s = strings.TrimSuffix(s, ".") // a fully qualified trailing dot
	if s == "" {
		return "", fmt.Errorf("%q has no host name", orig)
	}
	if strings.Contains(s, "_") {
		return "", fmt.Errorf("%q contains an underscore, which host names may not have (use a hyphen)", orig)
	}
	ascii, err := idna.Lookup.ToASCII(strings.ToLower(s))
	if err != nil {
		return "", fmt.Errorf("%q is not a valid host name: %v", orig, err)
	}
	if len(ascii) > 253 {
		return "", fmt.Errorf("%q is longer than the 253 characters a host name may have", orig)
	}
	for _, label := range strings.Split(ascii, ".") {
		switch {
		case label == "":
			return "", fmt.Errorf("%q has an empty part between dots", orig)
		case len(label) > 63:
			return "", fmt.Errorf("%q has a part longer than 63 characters", orig)
		case strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-"):
			return "", fmt.Errorf("%q has a part that starts or ends with a hyphen", orig)
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", fmt.Errorf("%q contains %q, which host names may not have", orig, c)
			}
		}
	}
	return lead + ascii, nil
}

func noteFor(orig string, changes []string) string {
	if len(changes) == 0 {
		return ""
	}
	return fmt.Sprintf("removed %s from %q", strings.Join(changes, " and "), strings.TrimSpace(orig))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
