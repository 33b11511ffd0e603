// Package redact is djharden's one way of hiding secrets. Value masks one
// secret; Line and Source mask the secrets in source text (settings
// modules, env files, diffs) by setting name and by value shape, so that a
// secret djharden did not parse (a triple-quoted key, a concatenation, an
// unterminated string, a token pasted in a comment) is hidden too.
package redact

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Value shows enough of a secret to recognise it and no more: its first
// four characters and its length, e.g. "abcd…(64 chars)". Secrets of 8
// characters or fewer show only their length: four of them would give half
// away.
func Value(s string) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return `""`
	}
	head := ""
	if n > 8 {
		head = string([]rune(s)[:4])
	}
	return fmt.Sprintf("%s…(%d chars)", head, n)
}

// masked is Value's output: masking it again would hide the length.
var masked = regexp.MustCompile(`^[^…]{0,4}…\(\d+ chars\)$`)

// maskedPrefix finds a masked value at the start of a text.
var maskedPrefix = regexp.MustCompile(`^[^…\s'"]{0,4}…\(\d+ chars\)`)

// IsMasked reports whether s is already a masked value.
func IsMasked(s string) bool { return masked.MatchString(s) }

// shapes are token formats that are secrets wherever they appear.
var shapes = regexp.MustCompile(strings.Join([]string{
	`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b`, // AWS access key IDs
	`\b[sr]k_(?:live|test)_[0-9A-Za-z]{8,}`,             // Stripe secret / restricted keys
	`\bwhsec_[0-9A-Za-z]{16,}`,                          // Stripe webhook secrets
	`\bgh[pousr]_[A-Za-z0-9]{20,}`,                      // GitHub tokens
	`\bgithub_pat_[A-Za-z0-9_]{20,}`,                    // GitHub fine-grained tokens
	`\bglpat-[A-Za-z0-9_-]{20,}`,                        // GitLab tokens
	`\bxox[abposr]-[A-Za-z0-9-]{10,}`,                   // Slack tokens
	`\bAIza[0-9A-Za-z_-]{35}`,                           // Google API keys
	`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`,      // SendGrid keys
	`\bdjango-insecure-[^\s'"]+`,                        // Django's generated keys
	`-----BEGIN [A-Z ]*PRIVATE KEY-----`,                // PEM private keys
}, "|"))

// credURL finds the password of a URL with credentials (postgres://u:pw@h).
var credURL = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'"]*:)([^\s@/'"]+)(@)`)

// secretName matches names that hold secrets: SECRET_KEY, DB_PASSWORD,
// API_TOKEN, STRIPE_KEY, PRIVATE_KEY, credentials, AWS secrets...
var secretName = regexp.MustCompile(`(?i)(secret|passw|passwd|pwd|token|api_?key|private|credential|auth_?key|access_?key|_key\b|^\s*(export\s+)?key\s*[=:]|\bkey\s*=|\bsalt\b|\bdsn\b)`)

// envVarName is what a literal looks like when it names a variable rather
// than holding a value: "DJANGO_SECRET_KEY".
var envVarName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// envLine is an env-file assignment: NAME=value (optionally exported).
var envLine = regexp.MustCompile(`^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=\s*)(.*?)(\s*)$`)

// readable are literal values kept readable on a secret line: dotted
// Django paths and check IDs are not secrets.
func readable(body string) bool {
	return body == "" || envVarName.MatchString(body) || IsMasked(body) ||
		strings.HasPrefix(body, "django.") || strings.HasPrefix(body, "security.") ||
		body == "django-insecure-" // startproject's prefix alone: a marker, not a key
}

// dictKey reports whether the literal body, closed at end, is a dict key
// that is a plain word ("password": ...): a name, not a value.
func dictKey(line string, end int, body string) bool {
	if !identWord.MatchString(body) {
		return false
	}
	rest := strings.TrimLeft(line[end+1:], " \t")
	return strings.HasPrefix(rest, ":")
}

var (
	identWord  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,40}$`)
	dottedName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// Line masks the secrets of one line of source: token shapes and URL
// passwords anywhere, and on a line naming a secret every string literal
// (also unterminated), an env value, or a bare value that is not code.
func Line(line string) string {
	out, _ := lineState(line, state{})
	return out
}

// Source masks a whole text line by line, also following a secret's
// literal across lines (a triple-quoted string, a bracketed
// concatenation). Line endings are kept.
func Source(text string) string {
	if text == "" {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	var st state
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		var line, eol string
		if i < 0 {
			line, text = text, ""
		} else {
			line, eol, text = text[:i], "\n", text[i+1:]
		}
		if strings.HasSuffix(line, "\r") {
			line, eol = line[:len(line)-1], "\r"+eol
		}
		var m string
		m, st = lineState(line, st)
		b.WriteString(m)
		b.WriteString(eol)
	}
	return b.String()
}

// Known masks every occurrence of the given secret values in text
// (longest first, so a secret holding another is masked whole). Values
// shorter than 4 characters would match unrelated text: Line and Source
// catch them by name instead.
func Known(text string, secrets []string) string {
	s := append([]string(nil), secrets...)
	sort.Slice(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	for _, v := range s {
		if len(v) >= 4 {
			text = strings.ReplaceAll(text, v, Value(v))
		}
	}
	return text
}

// shapeHints are literal parts of every shape: a line with none of them
// skips the regular expression (most lines).
var shapeHints = []string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "k_live_", "k_test_", "whsec_",
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "AIza", "SG.", "django-insecure-", "PRIVATE KEY"}

func mayHoldShape(line string) bool {
	for _, h := range shapeHints {
		if strings.Contains(line, h) {
			return true
		}
	}
	return false
}

// nameHints are lower-case parts of every secretName match.
var nameHints = []string{"secret", "pass", "pwd", "token", "key", "private", "credential", "salt", "dsn"}

func mayNameSecret(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i] | 0x20; c == 's' || c == 'p' || c == 't' || c == 'k' || c == 'c' || c == 'd' {
			rest := line[i:]
			for _, h := range nameHints {
				if len(rest) >= len(h) && strings.EqualFold(rest[:len(h)], h) {
					return true
				}
			}
		}
	}
	return false
}

// Shapes masks only what is a secret by its shape (tokens, keys, URL
// passwords): for prose such as messages, where a setting's name does not
// mean the words after it are secret.
func Shapes(text string) string {
	if mayHoldShape(text) {
		text = shapes.ReplaceAllStringFunc(text, Value)
	}
	if strings.Contains(text, "://") {
		text = credURL.ReplaceAllStringFunc(text, func(m string) string {
			sub := credURL.FindStringSubmatch(m)
			return sub[1] + Value(sub[2]) + sub[3]
		})
	}
	return text
}

// state carries a secret's value from one line to the next.
type state struct {
	triple string // inside a triple-quoted string opened with this quote
	depth  int    // inside brackets opened on a secret's line
}

func (s state) open() bool { return s.triple != "" || s.depth > 0 }

// lineState masks one line, given the state the line before left.
func lineState(line string, st state) (string, state) {
	line = Shapes(line)
	if !st.open() && !(mayNameSecret(line) && secretName.MatchString(line)) {
		return line, state{}
	}
	if !st.open() && strings.HasPrefix(strings.TrimSpace(line), "raise ") {
		return line, st // an error message names a secret, it does not hold one
	}
	if !st.open() {
		if m := envLine.FindStringSubmatch(line); m != nil && !looksLikePython(m[2]) {
			return m[1] + maskEnvValue(m[2]) + m[3], state{}
		}
	}
	return maskLiterals(line, st)
}

// looksLikePython tells a Python right-hand side from an env value.
func looksLikePython(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || IsMasked(v) {
		return v == ""
	}
	switch v[0] {
	case '\'', '"', '(', '[', '{':
		return true
	}
	return strings.ContainsAny(v, "()[]") || v == "True" || v == "False" || v == "None"
}

// maskEnvValue masks an env file's value, quoted or not, keeping a
// trailing comment.
func maskEnvValue(v string) string {
	if v == "" {
		return v
	}
	if q := v[0]; q == '\'' || q == '"' {
		if end := strings.IndexByte(v[1:], q); end >= 0 {
			body := v[1 : 1+end]
			if readable(body) {
				return v
			}
			return string(q) + Value(body) + string(q) + v[2+end:]
		}
		if IsMasked(v[1:]) {
			return v
		}
		return string(q) + Value(v[1:])
	}
	val, comment := v, ""
	if i := strings.Index(v, " #"); i >= 0 {
		val, comment = v[:i], v[i:]
	}
	if readable(val) {
		return v
	}
	return Value(val) + comment
}

// maskLiterals masks the string literals and bare values of a line that
// names a secret (or continues one).
func maskLiterals(line string, st state) (string, state) {
	var b strings.Builder
	i := 0
	if st.triple != "" {
		end := strings.Index(line, st.triple)
		if end < 0 {
			return Value(line), st
		}
		b.WriteString(Value(line[:end]))
		i = end
		st.triple = ""
		b.WriteString(line[i : i+3])
		i += 3
	}
	afterEq := st.depth > 0 || i > 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == '#':
			b.WriteString(line[i:])
			return b.String(), st
		case c == '\'' || c == '"':
			q := string(c)
			if strings.HasPrefix(line[i:], q+q+q) {
				end := strings.Index(line[i+3:], q+q+q)
				if end < 0 {
					rest := line[i+3:]
					if !IsMasked(rest) {
						rest = Value(rest)
					}
					b.WriteString(q + q + q + rest)
					st.triple = q + q + q
					return b.String(), st
				}
				body := line[i+3 : i+3+end]
				if !readable(body) {
					body = Value(body)
				}
				b.WriteString(q + q + q + body + q + q + q)
				i += 6 + end
				continue
			}
			end := closingQuote(line, i+1, c)
			if end < 0 {
				// Unterminated: everything after the quote is hidden.
				rest := line[i+1:]
				if !IsMasked(rest) {
					rest = Value(rest)
				}
				b.WriteString(q + rest)
				return b.String(), state{}
			}
			body := line[i+1 : end]
			if readable(body) || dictKey(line, end, body) {
				b.WriteString(line[i : end+1])
			} else {
				b.WriteString(q + Value(body) + q)
			}
			i = end + 1
		case c == '(' || c == '[' || c == '{':
			st.depth++
			b.WriteByte(c)
			i++
		case c == ')' || c == ']' || c == '}':
			if st.depth > 0 {
				st.depth--
			}
			b.WriteByte(c)
			i++
		case c == '=' || c == ':':
			afterEq = true
			b.WriteByte(c)
			i++
		case afterEq && c != ' ' && c != '\t' && c != ',':
			if m := maskedPrefix.FindString(line[i:]); m != "" {
				b.WriteString(m) // masked already
				i += len(m)
				continue
			}
			j := i
			for j < len(line) && !strings.ContainsRune(" \t,()[]{}#'\"+", rune(line[j])) {
				j++
			}
			if j == i {
				j = i + 1
			}
			tok := line[i:j]
			if isCode(tok) || (j < len(line) && line[j] == '(' && dottedName.MatchString(tok)) { // a call: code
				b.WriteString(tok)
			} else {
				b.WriteString(Value(tok))
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), st
}

// closingQuote finds the quote closing a literal opened before start.
func closingQuote(line string, start int, q byte) int {
	for j := start; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case q:
			return j
		}
	}
	return -1
}

// isCode reports whether a bare token is code rather than a value: a name
// or dotted path without digits, a keyword, a number, an operator.
func isCode(tok string) bool {
	if tok == "" || IsMasked(tok) {
		return true
	}
	if isNumber(tok) {
		return true
	}
	letters := 0
	for _, r := range tok {
		switch {
		case r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			letters++
		case r == '+' || r == '*' || r == '/' || r == '%' || r == '-' || r == '|' || r == '&' || r == '<' || r == '>' || r == '!' || r == '=' || r == ':' || r == '~' || r == '@':
		default:
			return false // a digit inside a name, $, ^...: a value
		}
	}
	return letters == 0 || !strings.ContainsAny(tok, "-!@%~") || len(tok) < 2
}

func isNumber(tok string) bool {
	if len(tok) > 6 {
		return false
	}
	for _, r := range tok {
		if (r < '0' || r > '9') && r != '.' && r != '_' {
			return false
		}
	}
	return true
}
