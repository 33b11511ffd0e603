package checklist

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaskSecret shows enough of a secret to recognise it and no more: its
// first four characters and its length, e.g. "abcd…(64 chars)".
func MaskSecret(s string) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return `""`
	}
	head := s
	if n > 4 {
		r := []rune(s)
		head = string(r[:4])
	} else {
		// A very short secret is shown as its length only: four characters of
		// five would give it away.
		head = ""
	}
	return fmt.Sprintf("%s…(%d chars)", head, n)
}

// secretWord matches names that hold secrets: SECRET_KEY, DB_PASSWORD,
// API_TOKEN, STRIPE_KEY, PRIVATE_KEY, credentials...
var secretWord = regexp.MustCompile(`(?i)(secret|passw|passwd|pwd|token|api_?key|private|credential|_key\b|^key\b|\bkey\s*=)`)

// quoted finds string literals (no escapes across quotes, good enough for
// one line of settings source).
var quoted = regexp.MustCompile(`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`)

// alreadyMasked is MaskSecret's output: masking it again would hide the
// length the first mask kept.
var alreadyMasked = regexp.MustCompile(`^[^…]{0,4}…\(\d+ chars\)$`)

// envVarName is what a literal looks like when it names a variable rather
// than holding a value: "DJANGO_SECRET_KEY".
var envVarName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// RedactLine masks the string literals of a source line that mentions a
// secret-like name, so evidence can be shown without showing the secret.
// Literals that look like variable names stay readable.
func RedactLine(line string) string {
	if !secretWord.MatchString(line) {
		return line
	}
	return quoted.ReplaceAllStringFunc(line, func(lit string) string {
		body := lit[1 : len(lit)-1]
		if envVarName.MatchString(body) || utf8.RuneCountInString(body) < 6 || looksLikeSettingValue(body) || alreadyMasked.MatchString(body) {
			return lit
		}
		return lit[:1] + MaskSecret(body) + lit[:1]
	})
}

// looksLikeSettingValue keeps well-known non-secret values readable, such
// as dotted paths ("django.contrib.auth.hashers.PBKDF2PasswordHasher").
func looksLikeSettingValue(s string) bool {
	return strings.HasPrefix(s, "django.") || strings.HasPrefix(s, "security.")
}

// Redact masks secrets in every piece of evidence a report carries. Run
// calls it, and renderers call it again, so a secret cannot leak through a
// report whoever built it.
func Redact(r *Report) {
	if r == nil {
		return
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		redactLocations(f.Locations)
		for j := range f.Problems {
			redactLocations(f.Problems[j].Locations)
		}
	}
}

// redactedCopy returns a copy of r, sharing nothing a caller could change,
// with secrets masked: renderers work on it and leave r as it was.
func redactedCopy(r *Report) *Report {
	out := *r
	out.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.DjangoIDs = append([]string{}, f.DjangoIDs...)
		f.Locations = append([]Location{}, f.Locations...)
		f.Problems = append([]Problem(nil), f.Problems...)
		for j := range f.Problems {
			f.Problems[j].Locations = append([]Location(nil), f.Problems[j].Locations...)
		}
		out.Findings[i] = f
	}
	out.Project.SettingsFiles = append([]string{}, r.Project.SettingsFiles...)
	Redact(&out)
	return &out
}

func redactLocations(locs []Location) {
	for i := range locs {
		locs[i].Source = RedactLine(locs[i].Source)
	}
}
