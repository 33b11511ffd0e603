// Package probe checks that a live Django site does what its settings
// promise: HTTPS and its redirects, security headers, cookie flags, debug
// exposure, Host and proxy-header spoofing. It sends a small fixed set of
// GET requests (never more than MaxRequests, one connection at a time, the
// URL's host only) and reports in the checklist's vocabulary.
package probe

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/djharden/djharden/checklist"
)

// Info is a status of the probe only: worth knowing, not a problem.
const Info checklist.Status = "info"

// Options say what to probe and how.
type Options struct {
	URL      string        // https://example.com or example.com
	Timeout  time.Duration // per request; 10s when zero
	RootCAs  *x509.CertPool
	Insecure bool // skip certificate verification; every TLS finding says so
	// DialContext replaces the network dialer (tests resolve the site's name
	// to a loopback address with it).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Now is the clock for certificate expiry; time.Now when nil.
	Now func() time.Time
}

// Target is the site, as the probe understood the URL.
type Target struct {
	HTTPS *url.URL // the page probed over HTTPS
	HTTP  *url.URL // the same page over plain HTTP
}

// ParseTarget accepts "https://host[:port]/path", "http://host/path" or a
// bare host name; user info, queries and fragments are refused.
func ParseTarget(raw string) (Target, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Target{}, fmt.Errorf("no URL given")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return Target{}, fmt.Errorf("%q: the scheme must be https or http", raw)
	}
	if u.Hostname() == "" {
		return Target{}, fmt.Errorf("%q has no host name", raw)
	}
	if u.User != nil {
		return Target{}, fmt.Errorf("%q carries a user name or password: leave credentials out of the URL", u.Redacted())
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery, u.Fragment = "", ""
	h, p := *u, *u
	h.Scheme, p.Scheme = "https", "http"
	// A port belongs to the scheme it was given with; the other scheme uses its default.
	if u.Port() != "" {
		if u.Scheme == "https" {
			p.Host = u.Hostname()
		} else {
			h.Host = u.Hostname()
		}
	}
	if strings.Contains(u.Hostname(), ":") { // IPv6 literal: keep brackets
		if u.Scheme == "https" {
			p.Host = "[" + u.Hostname() + "]"
		} else {
			h.Host = "[" + u.Hostname() + "]"
		}
	}
	return Target{HTTPS: &h, HTTP: &p}, nil
}

// evidence is every exchange the probe made, by purpose.
type evidence struct {
	target    Target
	insecure  bool
	now       time.Time
	main      []*Exchange // GET the HTTPS page, following redirects
	mainLoop  bool
	plain     *Exchange // GET over plain HTTP
	spoofed   *Exchange // plain HTTP claiming X-Forwarded-Proto: https
	notFound  []*Exchange
	unknown   string    // the random path asked for
	foreign   *Exchange // a foreign Host header
	admin     []*Exchange
	adminLoop bool
}

// all lists every exchange once.
func (e *evidence) all() []*Exchange {
	var out []*Exchange
	out = append(out, e.main...)
	for _, x := range []*Exchange{e.plain, e.spoofed, e.foreign} {
		if x != nil {
			out = append(out, x)
		}
	}
	out = append(out, e.notFound...)
	out = append(out, e.admin...)
	return out
}

// page is the last answer of the main chain (the page itself, or what broke).
func (e *evidence) page() *Exchange { return e.main[len(e.main)-1] }

// tlsOK says whether HTTPS answered with a verified (or, with --insecure, any) certificate.
func (e *evidence) tlsOK() bool { return e.main[0].Err == nil }

// Run probes the site and returns one finding per check, in order.
func Run(ctx context.Context, opts Options) (*Report, error) {
	target, err := ParseTarget(opts.URL)
	if err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	c := newClient(&opts)
	ev := gather(ctx, c, target)
	if err := unreachable(ev); err != nil {
		return nil, err
	}
	ev.insecure = opts.Insecure
	ev.now = now()

	rep := evaluate(ev)
	rep.Requests = c.Sent()
	return rep, ctx.Err()
}

// evaluate runs every check over the evidence, in order.
func evaluate(ev *evidence) *Report {
	target := ev.target
	rep := &Report{SchemaVersion: 1, URL: target.HTTPS.String(), Host: target.HTTPS.Hostname(), Insecure: ev.insecure}
	for _, ch := range checks() {
		f := ch.run(ev)
		f.ID, f.Title, f.Docs = ch.ID, ch.Title, ch.Docs
		if f.Locations == nil {
			f.Locations = []checklist.Location{}
		}
		if f.DjangoIDs == nil {
			f.DjangoIDs = []string{}
		}
		switch {
		case f.Status == checklist.Pass:
			f.Fix = ""
		case f.Fix == "" && (f.Status == checklist.Fail || f.Status == checklist.Warn):
			f.Fix = ch.Fix // info, unknown and skip carry only a fix the check chose to give
		}
		rep.Findings = append(rep.Findings, Finding{Finding: f, Lesson: ch.Lesson, Static: ch.Static})
	}
	rep.Summary = tally(rep.Findings)
	return rep
}

// gather sends the fixed set of requests, at most MaxRequests in all.
func gather(ctx context.Context, c *client, t Target) *evidence {
	ev := &evidence{target: t}
	ev.main, ev.mainLoop = c.follow(ctx, t.HTTPS, maxRedirects)
	ev.plain = c.get(ctx, t.HTTP, "", nil)
	ev.spoofed = c.get(ctx, t.HTTP, "", map[string]string{"X-Forwarded-Proto": "https"})
	if !ev.tlsOK() {
		return ev // every other request would fail the same way
	}
	ev.unknown = "/djharden-probe-" + randomHex() + "/"
	nf := *t.HTTPS
	nf.Path = ev.unknown
	ev.notFound, _ = c.follow(ctx, &nf, 2)
	ev.foreign = c.get(ctx, t.HTTPS, foreignHost, nil)
	adm := *t.HTTPS
	adm.Path = "/admin/"
	ev.admin, ev.adminLoop = c.follow(ctx, &adm, 3)
	return ev
}

// foreignHost is a name no site serves (.invalid is reserved, RFC 2606).
const foreignHost = "djharden-probe.invalid"

func randomHex() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// unreachable is an error when neither HTTPS nor plain HTTP could even be
// connected to: a wrong name or a site that is down, not a finding.
func unreachable(ev *evidence) error {
	var dialErrs []string
	for _, ex := range []*Exchange{ev.main[0], ev.plain} {
		var op *net.OpError
		var dns *net.DNSError
		switch {
		case ex.Err == nil:
			return nil
		case errors.As(ex.Err, &dns):
			return fmt.Errorf("cannot resolve %s: %v", ev.target.HTTPS.Hostname(), dns.Err)
		case errors.As(ex.Err, &op) && op.Op == "dial":
			dialErrs = append(dialErrs, ex.URL+": "+describeErr(ex.Err))
		default:
			return nil
		}
	}
	return fmt.Errorf("cannot reach %s (%s)", ev.target.HTTPS.Hostname(), strings.Join(dialErrs, "; "))
}
