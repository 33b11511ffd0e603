package probe

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/djharden/djharden/checklist"
)

const skippedNote = " Certificate verification was skipped (--insecure)."

var tlsCertCheck = check{
	ID:    "live-tls-certificate",
	Title: "The certificate verifies for the host and is not about to expire",
	Lesson: `Browsers refuse a certificate that is expired, issued for another name or not
signed by a trusted authority, and visitors learn to click through warnings.
Renewal must be automatic: a certificate that expires on a weekend takes the site down.`,
	Docs:   "https://letsencrypt.org/docs/",
	Fix:    "Serve a certificate for this exact host name from a trusted CA (e.g. Let's Encrypt with automatic renewal), with the full chain.",
	Static: "",
	run: func(ev *evidence) checklist.Finding {
		ex := ev.main[0]
		if ex.Err != nil {
			return certError(ev, ex)
		}
		if ex.TLS == nil || len(ex.TLS.PeerCertificates) == 0 {
			return result(checklist.Unknown, "The HTTPS answer carried no certificate to read.", at(ex, ""))
		}
		leaf := ex.TLS.PeerCertificates[0]
		days := int(leaf.NotAfter.Sub(ev.now).Hours() / 24)
		line := fmt.Sprintf("certificate for %s, issued by %s, expires %s (%d days)",
			strings.Join(names(leaf), ", "), leaf.Issuer.CommonName, leaf.NotAfter.UTC().Format("2006-01-02"), days)
		if ev.insecure {
			st := checklist.Unknown
			if leaf.NotAfter.Before(ev.now) {
				st = checklist.Fail
			}
			return result(st, fmt.Sprintf("Not verified: %d days until expiry.%s", days, skippedNote), at(ex, line))
		}
		if days < 21 {
			return result(checklist.Warn, fmt.Sprintf("The certificate verifies but expires in %d days.", days), at(ex, line))
		}
		return result(checklist.Pass, fmt.Sprintf("The certificate verifies for %s and expires in %d days.", ev.target.HTTPS.Hostname(), days), at(ex, line))
	},
}

func names(c *x509.Certificate) []string {
	if len(c.DNSNames) > 0 {
		return c.DNSNames
	}
	return []string{c.Subject.CommonName}
}

// certError explains why HTTPS failed: which verification step, or no TLS at all.
func certError(ev *evidence, ex *Exchange) checklist.Finding {
	host := ev.target.HTTPS.Hostname()
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var unknownCA x509.UnknownAuthorityError
	var verr *tls.CertificateVerificationError
	switch {
	case errors.As(ex.Err, &hostErr):
		return result(checklist.Fail, fmt.Sprintf("The certificate is for %s, not %s: browsers refuse it.",
			strings.Join(names(hostErr.Certificate), ", "), host), at(ex, "certificate for "+strings.Join(names(hostErr.Certificate), ", ")))
	case errors.As(ex.Err, &invalid) && invalid.Reason == x509.Expired:
		return result(checklist.Fail, fmt.Sprintf("The certificate expired on %s: browsers refuse it.",
			invalid.Cert.NotAfter.UTC().Format("2006-01-02")), at(ex, "certificate expires "+invalid.Cert.NotAfter.UTC().Format(timeLayout)))
	case errors.As(ex.Err, &unknownCA):
		return result(checklist.Fail, "The certificate does not chain to a trusted authority (self-signed, or the intermediate certificate is missing). For a private CA, pass it with --ca-file.",
			at(ex, "issued by "+issuer(unknownCA.Cert)))
	case errors.As(ex.Err, &verr):
		return result(checklist.Fail, "The certificate does not verify: "+verr.Err.Error()+".", at(ex, ""))
	}
	var rec tls.RecordHeaderError
	if errors.As(ex.Err, &rec) {
		return result(checklist.Fail, fmt.Sprintf("%s does not speak TLS on port %s.", host, port(ev.target.HTTPS)), at(ex, ""))
	}
	return result(checklist.Fail, fmt.Sprintf("HTTPS to %s failed: %s.", ev.target.HTTPS.Host, describeErr(ex.Err)), at(ex, ""))
}

const timeLayout = "2006-01-02 15:04 MST"

func issuer(c *x509.Certificate) string {
	if c == nil {
		return "(unknown)"
	}
	return c.Issuer.String()
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

var tlsVersionCheck = check{
	ID:    "live-tls-version",
	Title: "HTTPS uses TLS 1.2 or newer",
	Lesson: `TLS 1.0 and 1.1 have known weaknesses and every current browser has dropped them.
A server that still offers them is usually an old default in the proxy's config.`,
	Docs:   "https://ssl-config.mozilla.org/",
	Fix:    "Offer only TLS 1.2 and 1.3 in the proxy (nginx: ssl_protocols TLSv1.2 TLSv1.3;).",
	Static: "",
	run: func(ev *evidence) checklist.Finding {
		ex := ev.main[0]
		if ex.Err != nil || ex.TLS == nil {
			return httpsFailed()
		}
		v := tls.VersionName(ex.TLS.Version)
		note := ""
		if ev.insecure {
			note = skippedNote
		}
		line := "negotiated " + v + ", " + tls.CipherSuiteName(ex.TLS.CipherSuite)
		if ex.TLS.Version < tls.VersionTLS12 {
			return result(checklist.Fail, "The server negotiated "+v+", which browsers no longer accept."+note, at(ex, line))
		}
		return result(checklist.Pass, "The server negotiated "+v+"."+note, at(ex, line))
	},
}

var httpsRedirectCheck = check{
	ID:    "live-https-redirect",
	Title: "Plain HTTP redirects to HTTPS on the same host, permanently, in one hop",
	Lesson: `Whoever types the bare domain arrives over plain HTTP, where anyone on the network can
read and change the page. A permanent (301/308) redirect straight to https:// on the same
host sends them to safety at once, and browsers remember it.`,
	Docs:   djangoDocs("secure-ssl-redirect"),
	Fix:    "Redirect every plain-HTTP request to https:// on the same host with 301 or 308 (SECURE_SSL_REDIRECT = True, or `return 301 https://$host$request_uri;` in the proxy).",
	Static: "https-redirect",
	run: func(ev *evidence) checklist.Finding {
		ex := ev.plain
		loc := at(ex, header(ex, "Location"))
		if ex.Err != nil {
			return result(checklist.Warn, fmt.Sprintf("Nothing answers plain HTTP on port %s (%s): visitors who type the bare domain get an error instead of a redirect.",
				port(ev.target.HTTP), describeErr(ex.Err)), loc)
		}
		next, ok := redirectTarget(ex)
		if !ok {
			return result(checklist.Fail, fmt.Sprintf("Plain HTTP is answered with %d, not redirected to HTTPS: the page is served unencrypted.", ex.Status), loc)
		}
		switch {
		case next.Scheme != "https" && sameHost(next, ev.target.HTTP):
			return result(checklist.Warn, "Plain HTTP redirects to "+next.String()+", still plain HTTP: HTTPS is more than one hop away.", loc)
		case next.Scheme != "https":
			return result(checklist.Fail, "Plain HTTP redirects to "+next.String()+", which is not HTTPS.", loc)
		case !sameHost(next, ev.target.HTTP):
			return result(checklist.Warn, "Plain HTTP redirects to another host ("+next.Host+"): HSTS and its preload list need the redirect to stay on "+ev.target.HTTP.Hostname()+" first.", loc)
		case ex.Status != 301 && ex.Status != 308:
			return result(checklist.Warn, fmt.Sprintf("Plain HTTP redirects to HTTPS with a temporary %d; browsers and search engines remember only 301/308.", ex.Status), loc)
		}
		return result(checklist.Pass, fmt.Sprintf("Plain HTTP redirects to HTTPS with %d in one hop.", ex.Status), loc)
	},
}

var redirectLoopCheck = check{
	ID:    "live-redirect-loop",
	Title: "The HTTPS page answers without a redirect loop",
	Lesson: `With SECURE_SSL_REDIRECT on behind a proxy that ends TLS, Django sees plain HTTP unless
the proxy says otherwise, and redirects every HTTPS request to itself, forever. The proxy
must send X-Forwarded-Proto and the settings must trust it (SECURE_PROXY_SSL_HEADER).`,
	Docs:   djangoDocs("secure-proxy-ssl-header"),
	Fix:    "Have the proxy set X-Forwarded-Proto from the connection (nginx: proxy_set_header X-Forwarded-Proto $scheme;) and set SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\").",
	Static: "proxy-ssl-header",
	run: func(ev *evidence) checklist.Finding {
		if !ev.tlsOK() {
			return httpsFailed()
		}
		var locs []checklist.Location
		for _, ex := range ev.main {
			locs = append(locs, at(ex, header(ex, "Location")))
		}
		if ev.mainLoop {
			msg := "The HTTPS page redirects to itself, a loop"
			if len(ev.main) > 1 {
				msg = fmt.Sprintf("The HTTPS page redirects in a loop (%d redirects without reaching a page)", len(ev.main))
			}
			return result(checklist.Fail, msg+": browsers give up with \"too many redirects\".", locs...)
		}
		p := ev.page()
		if p.Err != nil {
			return result(checklist.Unknown, "The page gave no answer: "+describeErr(p.Err)+".", locs...)
		}
		if next, ok := redirectTarget(p); ok {
			if next.Scheme != "https" {
				return result(checklist.Fail, "The HTTPS page redirects to "+next.String()+", plain HTTP: visitors are sent off HTTPS.", locs...)
			}
			return result(Info, "The page redirects to "+next.Host+", another host; the probe stays on "+ev.target.HTTPS.Hostname()+".", locs...)
		}
		if len(ev.main) == 1 {
			return result(checklist.Pass, fmt.Sprintf("The HTTPS page answers %d directly.", p.Status), locs...)
		}
		return result(checklist.Pass, fmt.Sprintf("The HTTPS page answers %d after %d redirect(s).", p.Status, len(ev.main)-1), locs...)
	},
}

// hsts is a parsed Strict-Transport-Security header.
type hsts struct {
	maxAge            int64 // -1 when absent or unreadable
	subdomains, preld bool
}

func parseHSTS(v string) hsts {
	h := hsts{maxAge: -1}
	for _, part := range strings.Split(v, ";") {
		k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "max-age":
			if n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(val), `"`), 10, 64); err == nil && n >= 0 {
				h.maxAge = n
			}
		case "includesubdomains":
			h.subdomains = true
		case "preload":
			h.preld = true
		}
	}
	return h
}

const year = 31536000

var hstsCheck = check{
	ID:    "live-hsts",
	Title: "HTTPS responses send Strict-Transport-Security",
	Lesson: `HSTS tells the browser to use only HTTPS for this site for max-age seconds, so the next
visit never touches plain HTTP, where it could be intercepted. Start short, then raise it to
a year once every page works over HTTPS.`,
	Docs:   djangoDocs("secure-hsts-seconds"),
	Fix:    "Set SECURE_HSTS_SECONDS (start with 3600, then 31536000) with SecurityMiddleware in MIDDLEWARE, and make sure the proxy passes the header on.",
	Static: "hsts",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "Strict-Transport-Security", true, func(vals []string, _ *Exchange) (checklist.Status, string) {
			if len(vals) == 0 {
				return checklist.Fail, "no Strict-Transport-Security header"
			}
			h := parseHSTS(vals[0])
			switch {
			case len(vals) > 1 && !allSame(vals):
				return checklist.Warn, fmt.Sprintf("%d different Strict-Transport-Security headers (Django and the proxy both set one?); browsers use only the first", len(vals))
			case h.maxAge < 0:
				return checklist.Fail, "the header has no readable max-age, so browsers ignore it"
			case h.maxAge == 0:
				return checklist.Fail, "max-age=0 switches HSTS off"
			case h.maxAge < year:
				return checklist.Warn, fmt.Sprintf("max-age=%d is a trial value; raise it to %d (a year) once HTTPS works everywhere", h.maxAge, year)
			}
			return checklist.Pass, ""
		})
	},
}

var hstsPreloadCheck = check{
	ID:    "live-hsts-preload",
	Title: "HSTS preload: asked for only when eligible",
	Lesson: `Browsers ship a list of domains that are HTTPS-only from the first visit. To be listed a
domain must send max-age of at least a year, includeSubDomains and preload, and redirect
plain HTTP to HTTPS on the same host. Leaving the list takes months: every subdomain must be HTTPS.`,
	Docs:   "https://hstspreload.org/",
	Fix:    "Either drop `preload` from the header, or meet every requirement listed and submit the domain at hstspreload.org.",
	Static: "",
	run: func(ev *evidence) checklist.Finding {
		if f, ok := needPage(ev); !ok {
			return f
		}
		ex := ev.page()
		vals := ex.Header.Values("Strict-Transport-Security")
		loc := at(ex, header(ex, "Strict-Transport-Security"))
		if len(vals) == 0 {
			return result(Info, "No HSTS header, so no preload.", loc)
		}
		h := parseHSTS(vals[0])
		var missing []string
		if h.maxAge < year {
			missing = append(missing, fmt.Sprintf("max-age of at least %d", year))
		}
		if !h.subdomains {
			missing = append(missing, "includeSubDomains")
		}
		if !h.preld {
			missing = append(missing, "the preload directive")
		}
		host := strings.TrimSuffix(strings.ToLower(ev.target.HTTPS.Hostname()), ".")
		if apex, err := publicsuffix.EffectiveTLDPlusOne(host); err != nil || apex != host {
			if err == nil {
				missing = append(missing, "the registrable domain itself ("+apex+", not a subdomain)")
			} else {
				missing = append(missing, "a registrable domain name")
			}
		}
		if httpsRedirectCheck.run(ev).Status != checklist.Pass {
			missing = append(missing, "a 301/308 redirect from plain HTTP to HTTPS on the same host")
		}
		switch {
		case len(missing) == 0:
			return result(checklist.Pass, "Eligible for the preload list: submit it at hstspreload.org if not listed yet.", loc)
		case h.preld:
			return result(checklist.Warn, "The header asks for preload, but the list needs "+strings.Join(missing, ", ")+".", loc)
		}
		return result(Info, "Not asking for preload (fine unless you want it); the list would need "+strings.Join(missing, ", ")+".", loc)
	},
}

func allSame(vals []string) bool {
	for _, v := range vals[1:] {
		if strings.TrimSpace(v) != strings.TrimSpace(vals[0]) {
			return false
		}
	}
	return true
}
