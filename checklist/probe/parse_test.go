package probe

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
)

func TestParseTarget(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, https, http, err string }{
		{"example.com", "https://example.com/", "http://example.com/", ""},
		{"https://example.com/app/?q=1#x", "https://example.com/app/", "http://example.com/app/", ""},
		{"https://example.com:8443", "https://example.com:8443/", "http://example.com/", ""},
		{"http://example.com:8080/", "https://example.com/", "http://example.com:8080/", ""},
		{"https://[::1]:8443/", "https://[::1]:8443/", "http://[::1]/", ""},
		{"ftp://example.com", "", "", "scheme"},
		{"https://", "", "", "no host"},
		{"https://a:secret@example.com", "", "", "credentials"},
		{"", "", "", "no URL"},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if tt.err != "" {
			if err == nil || !contains(err.Error(), tt.err) || contains(err.Error(), "secret") {
				t.Errorf("%q: error %v, want one about %q (without the password)", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.HTTPS.String() != tt.https || got.HTTP.String() != tt.http {
			t.Errorf("%q: %v %v (%v), want %s %s", tt.in, got.HTTPS, got.HTTP, err, tt.https, tt.http)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestParseHSTS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want hsts
	}{
		{"max-age=31536000; includeSubDomains; preload", hsts{31536000, true, true}},
		{`max-age="3600"`, hsts{3600, false, false}},
		{"MAX-AGE=0", hsts{0, false, false}},
		{"includeSubDomains", hsts{-1, true, false}},
		{"max-age=-5", hsts{-1, false, false}},
		{"max-age=abc; preload", hsts{-1, false, true}},
	}
	for _, tt := range tests {
		if got := parseHSTS(tt.in); got != tt.want {
			t.Errorf("parseHSTS(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestHideCookieValue(t *testing.T) {
	t.Parallel()
	got := hideCookieValue("sessionid=abc123secret; HttpOnly; Path=/; Secure")
	if got != "Set-Cookie: sessionid=(value hidden); HttpOnly; Path=/; Secure" {
		t.Errorf("got %q", got)
	}
	if got := hideCookieValue("flag=on"); got != "Set-Cookie: flag=(value hidden)" {
		t.Errorf("got %q", got)
	}
}

func TestCSPDirective(t *testing.T) {
	t.Parallel()
	p := "default-src 'self'; script-src 'self' 'unsafe-inline';frame-ancestors 'none'"
	if v, ok := cspDirective(p, "script-src"); !ok || v != "'self' 'unsafe-inline'" {
		t.Errorf("script-src: %q %v", v, ok)
	}
	if v, ok := cspDirective(p, "FRAME-ANCESTORS"); !ok || v != "'none'" {
		t.Errorf("frame-ancestors: %q %v", v, ok)
	}
	if _, ok := cspDirective(p, "img-src"); ok {
		t.Error("img-src found in a policy without it")
	}
}

// page is evidence of one HTTPS answer with these headers (no network).
func page(h http.Header) *evidence {
	u, _ := url.Parse("https://" + testHost + "/")
	return &evidence{target: Target{HTTPS: u, HTTP: u}, main: []*Exchange{{Method: "GET", URL: u.String(), Status: 200, Header: h}}}
}

func TestHeaderRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c       check
		h       http.Header
		status  checklist.Status
		message string
	}{
		{cspCheck, http.Header{"Content-Security-Policy-Report-Only": {"default-src 'self'"}}, checklist.Warn, "only Content-Security-Policy-Report-Only"},
		{cspCheck, http.Header{"Content-Security-Policy": {"img-src *"}}, checklist.Warn, "neither script-src nor default-src"},
		{cspCheck, http.Header{"Content-Security-Policy": {"script-src 'self' 'unsafe-inline' 'nonce-abc'"}}, checklist.Pass, ""},
		{clickjackingCheck, http.Header{"Content-Security-Policy": {"frame-ancestors 'self'"}}, checklist.Pass, ""},
		{clickjackingCheck, http.Header{}, checklist.Fail, "no X-Frame-Options header and no CSP frame-ancestors"},
		{hstsCheck, http.Header{"Strict-Transport-Security": {"max-age=0"}}, checklist.Fail, "max-age=0 switches HSTS off"},
		{hstsCheck, http.Header{"Strict-Transport-Security": {"includeSubDomains"}}, checklist.Fail, "no readable max-age"},
		{hstsCheck, http.Header{"Strict-Transport-Security": {"max-age=300", "max-age=31536000"}}, checklist.Warn, "2 different Strict-Transport-Security headers"},
		{hstsCheck, http.Header{"Strict-Transport-Security": {"max-age=31536000", "max-age=31536000"}}, checklist.Pass, ""},
		{referrerCheck, http.Header{"Referrer-Policy": {"no-referrer, strict-origin-when-cross-origin"}}, checklist.Pass, ""},
		{versionLeakCheck, http.Header{"Server": {"nginx"}}, checklist.Pass, ""},
		{versionLeakCheck, http.Header{"Server": {"gunicorn/20.1.0"}}, checklist.Warn, "gunicorn/20.1.0"},
	}
	for _, tt := range tests {
		f := tt.c.run(page(tt.h))
		if f.Status != tt.status || !strings.Contains(f.Message, tt.message) {
			t.Errorf("%s with %v: %s %q, want %s containing %q", tt.c.ID, tt.h, f.Status, f.Message, tt.status, tt.message)
		}
	}
}

// A subdomain asking for preload is told it must be the registrable domain.
func TestPreloadNeedsTheRegistrableDomain(t *testing.T) {
	t.Parallel()
	ev := page(http.Header{"Strict-Transport-Security": {"max-age=63072000; includeSubDomains; preload"}})
	u, _ := url.Parse("https://www.example.co.uk/")
	ev.target = Target{HTTPS: u, HTTP: &url.URL{Scheme: "http", Host: u.Host, Path: "/"}}
	ev.plain = &Exchange{Method: "GET", URL: "http://www.example.co.uk/", Status: 301, Header: http.Header{"Location": {"https://www.example.co.uk/"}}}
	f := hstsPreloadCheck.run(ev)
	if f.Status != checklist.Warn || !strings.Contains(f.Message, "the registrable domain itself (example.co.uk") {
		t.Errorf("%s %q", f.Status, f.Message)
	}
}

// Quoting a traceback on a normal page is no leak; on an error page it is.
func TestDebugMarkersOnErrorsOnly(t *testing.T) {
	t.Parallel()
	blog := []byte("<title>How to read a Python traceback</title><pre>Traceback (most recent call last):</pre> set SECRET_KEY from the environment")
	nf := &Exchange{Method: "GET", URL: "https://probe.test/x/", Status: 404, Header: http.Header{}, Body: []byte("<h1>Not Found</h1>")}
	ev := page(http.Header{})
	ev.main[0].Body = blog
	ev.notFound = []*Exchange{nf}
	if f := debugCheck.run(ev); f.Status != checklist.Pass {
		t.Errorf("a blog post quoting a traceback: %s %q", f.Status, f.Message)
	}
	nf.Status, nf.Body = 500, []byte("<pre>Traceback (most recent call last):\n  File ...</pre>")
	if f := debugCheck.run(ev); f.Status == checklist.Pass {
		t.Errorf("a traceback on an error page passed: %q", f.Message)
	}
}

func TestHTTPSRedirectingToHTTP(t *testing.T) {
	t.Parallel()
	ev := page(http.Header{"Location": {"http://probe.test/"}})
	ev.main[0].Status = 301
	ev.main[0].TLS = nil
	if f := redirectLoopCheck.run(ev); f.Status != checklist.Fail || !strings.Contains(f.Message, "plain HTTP") {
		t.Errorf("HTTPS to HTTP: %s %q", f.Status, f.Message)
	}
}
