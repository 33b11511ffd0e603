package checklist

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var httpsRedirectItem = &Item{
	ID:    "https-redirect",
	Title: "Plain HTTP is redirected to HTTPS",
	Lesson: "Over plain HTTP, passwords and session cookies travel readable by anyone on the network.\n" +
		"SECURE_SSL_REDIRECT = True sends every http:// request to https://.\n" +
		"Behind a proxy that ends TLS, Django also needs SECURE_PROXY_SSL_HEADER, or it redirects forever.",
	Docs:      docs("secure-ssl-redirect"),
	DjangoIDs: []string{"security.W008"},
}

var hstsItem = &Item{
	ID:    "hsts",
	Title: "Browsers are told to use HTTPS only (HSTS)",
	Lesson: "HSTS makes browsers refuse plain HTTP for your site for a while, even if a link says http://.\n" +
		"Start small (SECURE_HSTS_SECONDS = 3600), then raise it to a year once every page works over HTTPS.\n" +
		"includeSubDomains and preload are hard to undo: turn them on only when every subdomain is HTTPS.",
	Docs:      docs("secure-hsts-seconds"),
	DjangoIDs: []string{"security.W004", "security.W005", "security.W021"},
}

var proxySSLHeaderItem = &Item{
	ID:    "proxy-ssl-header",
	Title: "Django knows when a proxy terminated HTTPS",
	Lesson: "Platforms like Heroku, Render or Fly.io end HTTPS at their proxy and talk plain HTTP to Django.\n" +
		"SECURE_PROXY_SSL_HEADER tells Django which header the proxy sets to say \"this was HTTPS\".\n" +
		"Set it only behind such a proxy: without one, any client can send that header and fake HTTPS.",
	Docs: docs("secure-proxy-ssl-header"),
}

func init() {
	httpsRedirectItem.Check = settingsCheck(&httpsRedirectItem, checkHTTPSRedirect)
	hstsItem.Check = settingsCheck(&hstsItem, checkHSTS)
	proxySSLHeaderItem.Check = settingsCheck(&proxySSLHeaderItem, checkProxySSLHeader)
}

// proxyHints are the hosting hints that say a proxy terminates TLS.
func (c *evalCtx) proxyHints() []Location {
	var out []Location
	for _, h := range c.p.Hosting {
		if h.Proxy {
			out = append(out, Location{File: h.File, Line: h.Line, Source: h.Detail})
		}
	}
	return out
}

func checkHTTPSRedirect(c *evalCtx, b *builder) Finding {
	sm := c.contains("MIDDLEWARE", securityMW)
	locs := c.where("SECURE_SSL_REDIRECT")
	redirect := c.isTrue("SECURE_SSL_REDIRECT")
	switch and3(sm, not3(redirect)) {
	case yes:
		b.django("security.W008", Warn, "SECURE_SSL_REDIRECT is not True: plain http:// requests are served as they are",
			"Set SECURE_SSL_REDIRECT = True (or have your proxy redirect to HTTPS).", locs)
	case unk:
		if redirect == unk {
			b.unknown("SECURE_SSL_REDIRECT", "")
		} else {
			b.unknown("MIDDLEWARE", "")
		}
	}
	if redirect == yes && len(c.proxyHints()) > 0 && c.value("SECURE_PROXY_SSL_HEADER").Kind == pysource.NoneVal {
		b.problem(Warn, "SECURE_SSL_REDIRECT is on behind a TLS proxy but SECURE_PROXY_SSL_HEADER is not set: every request looks like plain HTTP to Django and redirects forever",
			"Add SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\") for this platform.", append(locs, c.proxyHints()...))
	}
	if sm == unk {
		// Django's W008 is silent when the redirect is on, but only the
		// middleware redirects: unread, the item cannot say it happens.
		b.unknown("MIDDLEWARE", "")
	}
	if sm == no {
		msg := "not checked: Django skips this without SecurityMiddleware, and without it no request is redirected to HTTPS"
		if redirect == yes {
			msg = "not checked: Django skips this without SecurityMiddleware; SECURE_SSL_REDIRECT is set, but without the middleware nothing redirects"
		}
		b.problem(Warn, msg, "Put "+securityMW+" back at the top of MIDDLEWARE.", c.where("MIDDLEWARE"))
	}
	return b.done("Plain HTTP is redirected to HTTPS" + c.unlessSet("SECURE_SSL_REDIRECT") + ".")
}

func checkHSTS(c *evalCtx, b *builder) Finding {
	sm := c.contains("MIDDLEWARE", securityMW)
	seconds := c.truthy("SECURE_HSTS_SECONDS")
	locs := c.where("SECURE_HSTS_SECONDS")
	hstsFix := "Set SECURE_HSTS_SECONDS = 3600 to start; raise it to 31536000 (a year) once every page works over HTTPS."
	fire := func(id, msg, fix string, cond tri, setting string) {
		switch cond {
		case yes:
			b.django(id, Warn, msg, fix, c.where(setting))
		case unk:
			b.unknownOf("MIDDLEWARE", "SECURE_HSTS_SECONDS", setting)
		}
	}
	fire("security.W004", "SECURE_HSTS_SECONDS is not set: browsers are not told to insist on HTTPS", hstsFix, and3(sm, not3(seconds)), "SECURE_HSTS_SECONDS")
	fire("security.W005", "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True: subdomains can still be reached over plain HTTP",
		"Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain serves HTTPS (or accept this on purpose).",
		and3(sm, seconds, not3(c.isTrue("SECURE_HSTS_INCLUDE_SUBDOMAINS"))), "SECURE_HSTS_INCLUDE_SUBDOMAINS")
	fire("security.W021", "SECURE_HSTS_PRELOAD is not True: the site cannot join browsers' preload list",
		"Preloading is hard to undo (months): set SECURE_HSTS_PRELOAD = True only when you mean it, or accept this on purpose.",
		and3(sm, seconds, not3(c.isTrue("SECURE_HSTS_PRELOAD"))), "SECURE_HSTS_PRELOAD")
	if c.isTrue("SECURE_HSTS_PRELOAD") == yes && sm != no {
		secs := c.value("SECURE_HSTS_SECONDS")
		if secs.Kind == pysource.IntVal && secs.Int < 31536000 {
			b.problem(Warn, fmt.Sprintf("SECURE_HSTS_PRELOAD is on with SECURE_HSTS_SECONDS = %d: the preload list requires at least a year (31536000)", secs.Int),
				"Raise SECURE_HSTS_SECONDS to 31536000 before asking for preload.", locs)
		}
		if c.isTrue("SECURE_HSTS_INCLUDE_SUBDOMAINS") == no {
			b.problem(Warn, "SECURE_HSTS_PRELOAD is on without SECURE_HSTS_INCLUDE_SUBDOMAINS: the preload list requires includeSubDomains",
				"Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True, or turn preload off.", c.where("SECURE_HSTS_PRELOAD"))
		}
	}
	if sm == unk {
		b.unknown("MIDDLEWARE", "") // only the middleware sends the header
	}
	if sm == no {
		b.problem(Warn, "not checked: Django skips this without SecurityMiddleware, and without it no Strict-Transport-Security header is sent",
			"Put "+securityMW+" back at the top of MIDDLEWARE.", c.where("MIDDLEWARE"))
	}
	return b.done("HSTS is on" + c.unlessSet("SECURE_HSTS_SECONDS") + ".")
}

func checkProxySSLHeader(c *evalCtx, b *builder) Finding {
	v := c.value("SECURE_PROXY_SSL_HEADER")
	locs := c.where("SECURE_PROXY_SSL_HEADER")
	hints := c.proxyHints()
	const header = "SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")"
	switch {
	case v.Kind == pysource.Unknown:
		b.unknown("SECURE_PROXY_SSL_HEADER", "")
	case v.Kind == pysource.NoneVal:
		if len(hints) > 0 {
			b.problem(Warn, fmt.Sprintf("the site is hosted behind a TLS proxy (%s) but SECURE_PROXY_SSL_HEADER is not set: Django thinks every request is plain HTTP", hostingKinds(c)),
				"Add "+header+", the header this platform sets.", hints)
		}
		return b.done("SECURE_PROXY_SSL_HEADER is not set, and no hosting file says a proxy terminates HTTPS.")
	case v.Kind != pysource.TupleVal && v.Kind != pysource.ListVal || len(v.Items) != 2 || v.Items[0].Kind != pysource.StrVal || v.Items[1].Kind != pysource.StrVal:
		b.problem(Warn, "SECURE_PROXY_SSL_HEADER must be a pair (header, value), e.g. (\"HTTP_X_FORWARDED_PROTO\", \"https\")", "Write it as "+header+".", locs)
	case !strings.HasPrefix(v.Items[0].Str, "HTTP_"):
		b.problem(Warn, fmt.Sprintf("SECURE_PROXY_SSL_HEADER names %q: Django sees request headers as HTTP_..., so this never matches", v.Items[0].Str), "Write it as "+header+".", locs)
	case len(hints) == 0:
		b.problem(Warn, "SECURE_PROXY_SSL_HEADER is set but no hosting file shows a proxy that sets and strips that header: without one, any client can fake HTTPS",
			"Keep it only if your proxy strips X-Forwarded-Proto from clients and sets it itself; otherwise remove it.", locs)
	}
	return b.done("SECURE_PROXY_SSL_HEADER matches the TLS proxy in front of the site.")
}

func hostingKinds(c *evalCtx) string {
	var kinds []string
	for _, h := range c.p.Hosting {
		if h.Proxy && !strings.Contains(strings.Join(kinds, ","), h.Kind) {
			kinds = append(kinds, h.Kind)
		}
	}
	return strings.Join(kinds, ", ")
}
