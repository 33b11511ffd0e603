package generator

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeDomain(t *testing.T) {
	tests := []struct {
		in, host string
		note     bool
		errPart  string
	}{
		{in: "example.com", host: "example.com"},
		{in: "  Example.COM ", host: "example.com"},
		{in: "https://example.com/", host: "example.com", note: true},
		{in: "http://example.com:8000/admin", host: "example.com", note: true},
		{in: "example.com:443", host: "example.com", note: true},
		{in: ".example.com", host: ".example.com"},
		{in: "*.example.com", host: ".example.com", note: true},
		{in: "bücher.de", host: "xn--bcher-kva.de"},
		{in: "example.com.", host: "example.com"},
		{in: "192.168.1.10", host: "192.168.1.10"},
		{in: "192.168.1.10:8000", host: "192.168.1.10", note: true},
		{in: "::1", host: "[::1]"},
		{in: "[2001:db8::1]:443", host: "[2001:db8::1]", note: true},
		{in: "localhost", host: "localhost"},
		{in: "https://exa mple.com/x", errPart: "space"},
		{in: "exa_mple.com", errPart: "underscore"},
		{in: "", errPart: "empty"},
		{in: "   ", errPart: "empty"},
		{in: "*", errPart: "any host"},
		{in: "example..com", errPart: "empty part"},
		{in: "-bad.com", errPart: "valid host name"},
		{in: "user@example.com", errPart: "'@'"},
		{in: "example.com:http", errPart: "port"},
	}
	for _, tt := range tests {
		host, note, err := NormalizeDomain(tt.in)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("NormalizeDomain(%q) = %q, %v; want an error about %q", tt.in, host, err, tt.errPart)
			}
			continue
		}
		if err != nil || host != tt.host || (note != "") != tt.note {
			t.Errorf("NormalizeDomain(%q) = %q, %q, %v; want %q (note %v)", tt.in, host, note, err, tt.host, tt.note)
		}
	}
}

func TestNormalizeDomains(t *testing.T) {
	d, err := NormalizeDomains([]string{"example.com,www.example.com", "https://www.example.com/", "api.example.com .example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com", "www.example.com", "api.example.com", ".example.org"}; !reflect.DeepEqual(d.Hosts, want) {
		t.Errorf("Hosts = %v, want %v", d.Hosts, want)
	}
	if want := []string{"https://example.com", "https://www.example.com", "https://api.example.com", "https://*.example.org"}; !reflect.DeepEqual(d.Origins, want) {
		t.Errorf("Origins = %v, want %v", d.Origins, want)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "scheme") {
		t.Errorf("Notes = %v", d.Notes)
	}
	if got := d.OriginsFor(3, 2); !reflect.DeepEqual(got, d.Hosts) {
		t.Errorf("OriginsFor(3.2) = %v, want the bare hosts", got)
	}
	for _, bad := range [][]string{nil, {""}, {"*"}, {"ok.com", "exa_mple.com"}, {"https://exa mple.com/x"}} {
		if _, err := NormalizeDomains(bad); err == nil {
			t.Errorf("NormalizeDomains(%q) accepted", bad)
		}
	}
}

func FuzzNormalizeDomain(f *testing.F) {
	for _, s := range []string{"example.com", "https://a.b:80/x", "[::1]:8", "*.x.y", "bücher.de", "a_b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, _, err := NormalizeDomain(s)
		if err != nil {
			return
		}
		again, note, err := NormalizeDomain(host)
		if err != nil || again != host || note != "" {
			t.Fatalf("%q -> %q is not stable: %q, %q, %v", s, host, again, note, err)
		}
		if strings.ContainsAny(host, " /_*") {
			t.Fatalf("%q -> %q keeps a forbidden character", s, host)
		}
	})
}

// Origins keep the port a site is served on (the browser sends it in Origin
// and Referer; Django 4.x compares scheme, host and port, 3.2 compares the
// Referer's host:port); ALLOWED_HOSTS never has one.
func TestDomainPortKeptInOrigins(t *testing.T) {
	t.Parallel()
	d, err := NormalizeDomains([]string{"example.com:8443,www.example.com:443,[2001:db8::1]:8000,example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com", "www.example.com", "[2001:db8::1]"}; !reflect.DeepEqual(d.Hosts, want) {
		t.Errorf("Hosts = %v, want %v", d.Hosts, want)
	}
	if want := []string{"https://example.com:8443", "https://www.example.com", "https://[2001:db8::1]:8000", "https://example.com"}; !reflect.DeepEqual(d.OriginsFor(4, 2), want) {
		t.Errorf("origins on 4.2 = %v, want %v", d.OriginsFor(4, 2), want)
	}
	if want := []string{"example.com:8443", "www.example.com", "[2001:db8::1]:8000", "example.com"}; !reflect.DeepEqual(d.OriginsFor(3, 2), want) {
		t.Errorf("origins on 3.2 = %v, want %v", d.OriginsFor(3, 2), want)
	}
	if len(d.Notes) == 0 || !strings.Contains(d.Notes[0], "CSRF_TRUSTED_ORIGINS keeps it") {
		t.Errorf("notes %v", d.Notes)
	}
}
