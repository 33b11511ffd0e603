package probe

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist"
)

// probeHandler probes a Go server on 127.0.0.1 (TLS with httptest's own
// certificate, so --insecure) that answers both ports with h.
func probeHandler(t *testing.T, h http.Handler, tlsConf *tls.Config, mod func(*Options)) *Report {
	t.Helper()
	ts := httptest.NewUnstartedServer(h)
	if tlsConf != nil {
		ts.TLS = tlsConf
	}
	ts.StartTLS()
	defer ts.Close()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+testHost+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer plain.Close()
	port := func(s *httptest.Server) int { return s.Listener.Addr().(*net.TCPAddr).Port }
	opts := Options{URL: testHost, Timeout: 5 * time.Second, Insecure: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return loopbackDial(ctx, network, addr, port(plain), port(ts))
		}}
	if mod != nil {
		mod(&opts)
	}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// A sloppy site: every header present but weak, every cookie loose.
func TestWeakHeadersAndCookies(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=3600; preload")
		w.Header().Set("X-Frame-Options", "ALLOWALL")
		w.Header().Set("Referrer-Policy", "unsafe-url")
		w.Header().Set("Cross-Origin-Opener-Policy", "unsafe-none")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'")
		w.Header().Set("Server", "Apache/2.4.41 (Ubuntu)")
		w.Header().Set("X-Powered-By", "Express")
		http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "s3cr3t-session", Path: "/", Secure: true, SameSite: http.SameSiteNoneMode})
		http.SetCookie(w, &http.Cookie{Name: "csrftoken", Value: "tok", Path: "/"})
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("<title>home</title>"))
	})
	rep := probeHandler(t, h, nil, nil)
	for _, w := range []want{
		{"live-hsts", checklist.Warn, "max-age=3600 is a trial value"},
		{"live-hsts-preload", checklist.Warn, "asks for preload, but the list needs max-age of at least 31536000, includeSubDomains"},
		{"live-clickjacking", checklist.Fail, "browsers honour only DENY and SAMEORIGIN"},
		{"live-referrer-policy", checklist.Warn, "unsafe-url sends full URLs"},
		{"live-coop", checklist.Warn, "unsafe-none"},
		{"live-csp", checklist.Warn, "'unsafe-inline'"},
		{"live-version-leak", checklist.Warn, "Server: Apache/2.4.41 (Ubuntu); X-Powered-By: Express"},
		{"live-session-cookie", checklist.Fail, "sessionid: set without HttpOnly"},
		{"live-csrf-cookie", checklist.Fail, "csrftoken: set without Secure"},
		{"live-allowed-hosts", checklist.Fail, "answered 200"},
		{"live-tls-certificate", checklist.Unknown, "skipped (--insecure)"},
		{"live-admin-url", Info, "No Django admin at /admin/ (answered 404)"},
	} {
		f := rep.Lookup(w.id)
		if f.Status != w.status || !strings.Contains(f.Message, w.message) {
			t.Errorf("%s: %s %q, want %s containing %q", w.id, f.Status, f.Message, w.status, w.message)
		}
	}
	if f := rep.Lookup("live-session-cookie"); len(f.Problems) != 2 {
		t.Errorf("session cookie: want 2 problems (HttpOnly, SameSite=None), got %+v", f.Problems)
	}
	var all strings.Builder
	_ = WriteJSON(&all, rep)
	if strings.Contains(all.String(), "s3cr3t-session") {
		t.Error("the JSON report shows a cookie value")
	}
}

// Old TLS fails; a certificate close to expiry warns.
func TestOldTLSAndExpirySoon(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	rep := probeHandler(t, ok, &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, nil)
	if f := rep.Lookup("live-tls-version"); f.Status != checklist.Fail || !strings.Contains(f.Message, "TLS 1.1") || !strings.Contains(f.Message, "skipped (--insecure)") {
		t.Errorf("TLS 1.1: %s %q", f.Status, f.Message)
	}
	if testing.Short() {
		return
	}
	// The clock moved to 10 days before the test certificate expires.
	s, fl := siteFor(t, "hardened")
	opts := Options{URL: testHost, Timeout: 15 * time.Second, RootCAs: fl.caPool, DialContext: s.dial,
		Now: func() time.Time { return time.Now().Add(80 * 24 * time.Hour) }}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Lookup("live-tls-certificate"); f.Status != checklist.Warn || !strings.Contains(f.Message, "expires in 9 days") && !strings.Contains(f.Message, "expires in 10 days") {
		t.Errorf("10 days to expiry: %s %q", f.Status, f.Message)
	}
}
