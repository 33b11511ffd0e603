package checklist

import (
	"strings"
	"testing"
)

func TestMaskSecret(t *testing.T) {
	cases := map[string]string{
		"":           `""`,
		"abc":        "…(3 chars)",
		"abcdefghij": "abcd…(10 chars)",
	}
	for in, want := range cases {
		if got := MaskSecret(in); got != want {
			t.Errorf("MaskSecret(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactLine(t *testing.T) {
	key := "django-insecure-k3y$v@lue-that-is-long-enough-0123456789abcdef"
	cases := []struct {
		in       string
		mustHide string
		mustKeep []string
	}{
		{`SECRET_KEY = '` + key + `'`, key, []string{"SECRET_KEY = 'djan…(62 chars)'"}},
		{`SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "` + key + `")`, key, []string{`"DJANGO_SECRET_KEY"`}},
		{`        'PASSWORD': 'hunter2hunter2',`, "hunter2hunter2", []string{"'PASSWORD'"}},
		{`EMAIL_HOST_PASSWORD = "s3cr3t-pass"`, "s3cr3t-pass", nil},
		{`STRIPE_API_KEY = "sk_live_abcdefghijkl"`, "sk_live_abcdefghijkl", nil},
		// Keys the reader cannot parse must not show either (text, JSON and SARIF `source`).
		{`SECRET_KEY = 'unterminated-k3y-0123456789abcdef`, "unterminated-k3y-0123456789abcdef", []string{"SECRET_KEY = '"}},
		{`SECRET_KEY = unquoted$k3y^0123456789abcdef`, "unquoted$k3y^0123456789abcdef", []string{"SECRET_KEY = "}},
		{`        'PASSWORD': 'pw1',`, "pw1", []string{"'PASSWORD'"}},
	}
	for _, c := range cases {
		got := RedactLine(c.in)
		if strings.Contains(got, c.mustHide) {
			t.Errorf("RedactLine(%q) = %q still shows the secret", c.in, got)
		}
		for _, k := range c.mustKeep {
			if !strings.Contains(got, k) {
				t.Errorf("RedactLine(%q) = %q, want it to keep %q", c.in, got, k)
			}
		}
	}
	masked := `SECRET_KEY = 'djan…(66 chars)'`
	if got := RedactLine(masked); got != masked {
		t.Errorf("RedactLine masked a masked line again: %q", got)
	}
	for _, plain := range []string{
		`DEBUG = True`,
		`ALLOWED_HOSTS = ["example.com", "www.example.com"]`,
		`PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]`,
	} {
		if got := RedactLine(plain); got != plain {
			t.Errorf("RedactLine(%q) = %q, want it unchanged", plain, got)
		}
	}
}
