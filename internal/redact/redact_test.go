package redact

import (
	"strings"
	"testing"
)

func TestValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                 `""`,
		"pw1":              "…(3 chars)",
		"abcdefgh":         "…(8 chars)",
		"abcdefghij":       "abcd…(10 chars)",
		"ünïcødé-secret-x": "ünïc…(16 chars)",
	} {
		if got := Value(in); got != want {
			t.Errorf("Value(%q) = %q, want %q", in, got, want)
		}
	}
}

// secretLines are lines whose secret must never show, by setting name or
// by value shape, including forms a parser would not read.
var secretLines = []struct{ line, secret string }{
	{`SECRET_KEY = 'k3y-plain-0123456789abcdefghij'`, "k3y-plain-0123456789abcdefghij"},
	{`SECRET_KEY: str = "annotated-k3y-0123456789abc"`, "annotated-k3y-0123456789abc"},
	{`SECRET_KEY = """triple-quoted-k3y-0123456789"""`, "triple-quoted-k3y-0123456789"},
	{`SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or 'fallback-k3y-0123456789ab'`, "fallback-k3y-0123456789ab"},
	{`SECRET_KEY = 'concat-part-one-' + 'and-part-two-0123'`, "and-part-two-0123"},
	{`SECRET_KEY = 'unterminated-k3y-0123456789`, "unterminated-k3y-0123456789"},
	{`SECRET_KEY = unquoted$k3y^0123456789`, "unquoted$k3y^0123456789"},
	{`SECRET_KEY = f"fstring-k3y-{0}-0123456789"`, "fstring-k3y-"},
	{`        'PASSWORD': 'pw1',`, "pw1"},
	{`        "password": "hunter2",`, "hunter2"},
	{`EMAIL_HOST_PASSWORD = "x"`, `"x"`},
	{`AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"`, "AKIAIOSFODNN7EXAMPLE"},
	{`AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"`, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
	{`STRIPE = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"  # in a comment too`, "sk_live_4eC39HqLyjWDarjtT1zdp7dc"},
	{`# old: sk_live_4eC39HqLyjWDarjtT1zdp7dc`, "sk_live_4eC39HqLyjWDarjtT1zdp7dc"},
	{`GH = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"`, "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"},
	{`DATABASE_URL = "postgres://app:hunter2@db:5432/app"`, "hunter2"},
	{`export DJANGO_SECRET_KEY=env-k3y-0123456789abcdef`, "env-k3y-0123456789abcdef"},
	{`DB_PASSWORD = pw`, "pw"},
	{`API_TOKEN='tok-0123456789'`, "tok-0123456789"},
}

func TestLineHidesSecrets(t *testing.T) {
	t.Parallel()
	for _, c := range secretLines {
		got := Line(c.line)
		if strings.Contains(got, c.secret) {
			t.Errorf("Line(%q) = %q shows %q", c.line, got, c.secret)
		}
		if !strings.Contains(got, "chars)") {
			t.Errorf("Line(%q) = %q: nothing masked", c.line, got)
		}
	}
}

func TestLineKeepsCodeReadable(t *testing.T) {
	t.Parallel()
	for _, plain := range []string{
		`DEBUG = True`,
		`ALLOWED_HOSTS = ["example.com", "www.example.com"]`,
		`SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]`,
		`SECRET_KEY = env("DJANGO_SECRET_KEY")`,
		`PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]`,
		`SESSION_COOKIE_SECURE = True`,
		`SECRET_KEY = 'djan…(66 chars)'`,
		`'PASSWORD': os.environ.get('DJANGO_DB_PASSWORD', ''),`,
		`            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),`,
		`    SECRET_KEY = "django-insecure-" + hashlib.sha256(__file__.encode()).hexdigest()`,
		`if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure-")):`,
	} {
		if got := Line(plain); got != plain {
			t.Errorf("Line(%q) = %q, want it unchanged", plain, got)
		}
	}
}

// Masking twice changes nothing: renderers mask what Run masked already.
func TestLineIsIdempotent(t *testing.T) {
	t.Parallel()
	for _, c := range secretLines {
		once := Line(c.line)
		if twice := Line(once); twice != once {
			t.Errorf("Line twice: %q, then %q", once, twice)
		}
	}
}

func TestSourceFollowsValuesAcrossLines(t *testing.T) {
	t.Parallel()
	src := "DEBUG = True\r\nSECRET_KEY = '''\r\nmulti-line-k3y-0123456789\r\n'''\r\nX = 'visible'\r\n" +
		"SECRET_KEY = (\n    'paren-part-one-0123'\n    'paren-part-two-4567'\n)\nY = 'also visible'\n"
	got := Source(src)
	for _, s := range []string{"multi-line-k3y-0123456789", "paren-part-one-0123", "paren-part-two-4567"} {
		if strings.Contains(got, s) {
			t.Errorf("Source shows %q:\n%s", s, got)
		}
	}
	for _, keep := range []string{"DEBUG = True\r\n", "X = 'visible'\r\n", "Y = 'also visible'\n"} {
		if !strings.Contains(got, keep) {
			t.Errorf("Source lost %q:\n%s", keep, got)
		}
	}
	if strings.Count(got, "\r\n") != 5 {
		t.Errorf("line endings changed:\n%q", got)
	}
}

func TestKnown(t *testing.T) {
	t.Parallel()
	got := Known("a hunter2-db-pass b pw c", []string{"pw", "hunter2-db-pass"})
	if strings.Contains(got, "hunter2") || !strings.Contains(got, " pw ") {
		t.Errorf("Known = %q", got)
	}
}

func BenchmarkSource(b *testing.B) {
	line := "SECRET_KEY = 'k3y-plain-0123456789abcdefghij'\nDEBUG = True\nALLOWED_HOSTS = ['example.com']\n"
	src := strings.Repeat(line, 10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Source(src)
	}
}
