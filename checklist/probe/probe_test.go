package probe

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist"
)

// probeSite probes one running set-up through the loopback dialer.
func probeSite(t *testing.T, name string, mod func(*Options)) *Report {
	t.Helper()
	s, f := siteFor(t, name)
	opts := Options{URL: "https://" + testHost + "/", Timeout: 15 * time.Second, RootCAs: f.caPool, DialContext: s.dial}
	if mod != nil {
		mod(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests > MaxRequests {
		t.Errorf("%d requests, budget %d", rep.Requests, MaxRequests)
	}
	return rep
}

type want struct {
	id      string
	status  checklist.Status
	message string // a part of the message ("" = not checked)
}

func TestSetups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		setup string
		wants []want
	}{
		{"debug", []want{
			{"live-debug", checklist.Fail, "technical 404"},
			{"live-hsts", checklist.Pass, ""},
			{"live-allowed-hosts", checklist.Pass, "400"},
		}},
		{"nohsts", []want{
			{"live-hsts", checklist.Fail, "no Strict-Transport-Security header"},
			{"live-hsts-preload", Info, "No HSTS"},
			{"live-debug", checklist.Pass, ""},
		}},
		{"passthrough", []want{
			{"live-proxy-header", checklist.Fail, "passes the client's header through"},
			{"live-https-redirect", checklist.Pass, "301"},
		}},
		{"noredirect", []want{
			{"live-https-redirect", checklist.Fail, "not redirected"},
			{"live-proxy-header", checklist.Unknown, "not redirected even without"},
			{"live-hsts-preload", checklist.Warn, "redirect from plain HTTP"},
			{"live-hsts", checklist.Pass, ""},
		}},
		{"loop", []want{
			{"live-redirect-loop", checklist.Fail, "loop"},
			{"live-debug", checklist.Unknown, "was redirected (301), not answered 404"},
			{"live-https-redirect", checklist.Pass, ""},
		}},
		{"cookies", []want{
			{"live-csrf-cookie", checklist.Fail, "csrftoken: set without Secure"},
			{"live-session-cookie", checklist.Fail, "sessionid: set without Secure"},
			{"live-hsts", checklist.Pass, ""},
		}},
		{"anyhost", []want{
			{"live-allowed-hosts", checklist.Fail, "ALLOWED_HOSTS accepts any host"},
			{"live-debug", checklist.Pass, ""},
		}},
		{"expired", []want{
			{"live-tls-certificate", checklist.Fail, "expired on"},
			{"live-tls-version", checklist.Unknown, ""},
			{"live-hsts", checklist.Unknown, "certificate"},
			{"live-https-redirect", checklist.Pass, ""},
			{"live-debug", checklist.Unknown, "HTTPS did not work"},
		}},
		{"apex", []want{
			{"live-redirect-loop", Info, "redirects to www.probe.test, another host"},
			{"live-hsts", checklist.Pass, ""},
			{"live-clickjacking", checklist.Unknown, "probe that URL"},
			{"live-session-cookie", checklist.Unknown, "another host"},
			{"live-tls-certificate", checklist.Pass, ""},
			{"live-debug", checklist.Unknown, "was redirected (301)"},
		}},
		{"default444", []want{{"live-allowed-hosts", checklist.Pass, "connection closed"}}},
		{"defaultpage", []want{{"live-allowed-hosts", checklist.Warn, `"Welcome to nginx!"`}}},
		{"defaulthome", []want{{"live-allowed-hosts", checklist.Pass, "redirected (301) to probe.test itself"}}},
		{"wrongname", []want{
			{"live-tls-certificate", checklist.Fail, "is for other.test, not probe.test"},
			{"live-allowed-hosts", checklist.Unknown, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.setup, func(t *testing.T) {
			t.Parallel()
			rep := probeSite(t, tt.setup, nil)
			for _, w := range tt.wants {
				f := rep.Lookup(w.id)
				if f == nil {
					t.Fatalf("no finding %s", w.id)
				}
				if f.Status != w.status || !strings.Contains(f.Message, w.message) {
					t.Errorf("%s: %s %q, want %s containing %q\nevidence: %+v", w.id, f.Status, f.Message, w.status, w.message, f.Locations)
				}
			}
		})
	}
}

// The hardened site passes everything; the admin is information.
func TestHardenedSiteAllPass(t *testing.T) {
	t.Parallel()
	rep := probeSite(t, "hardened", nil)
	for _, f := range rep.Findings {
		want := checklist.Pass
		if f.ID == "live-admin-url" {
			want = Info
		}
		if f.Status != want {
			t.Errorf("%s: %s %q, want %s\nevidence: %+v", f.ID, f.Status, f.Message, want, f.Locations)
		}
	}
	if f := rep.Lookup("live-admin-url"); f == nil || !strings.Contains(f.Message, "admin login answers at /admin/") {
		t.Errorf("admin finding: %+v", f)
	}
	if rep.Summary.Fail+rep.Summary.Warn+rep.Summary.Unknown != 0 || rep.Summary.Info != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
}

// With --insecure an expired certificate is still reported, every TLS
// finding says verification was skipped, and the rest of the site is probed.
func TestInsecureSaysSkipped(t *testing.T) {
	t.Parallel()
	rep := probeSite(t, "expired", func(o *Options) { o.Insecure = true; o.RootCAs = nil })
	for _, id := range []string{"live-tls-certificate", "live-tls-version"} {
		if f := rep.Lookup(id); !strings.Contains(f.Message, "skipped (--insecure)") {
			t.Errorf("%s does not say verification was skipped: %q", id, f.Message)
		}
	}
	if f := rep.Lookup("live-tls-certificate"); f.Status != checklist.Fail {
		t.Errorf("expired certificate with --insecure: %s, want fail", f.Status)
	}
	if f := rep.Lookup("live-hsts"); f.Status != checklist.Pass {
		t.Errorf("hsts with --insecure: %s %q, want pass", f.Status, f.Message)
	}
}

// Without the test CA the chain does not verify, and the finding says so.
func TestUnknownAuthority(t *testing.T) {
	t.Parallel()
	rep := probeSite(t, "hardened", func(o *Options) { o.RootCAs = nil })
	if f := rep.Lookup("live-tls-certificate"); f.Status != checklist.Fail || !strings.Contains(f.Message, "trusted authority") {
		t.Errorf("unknown CA: %s %q", f.Status, f.Message)
	}
}
