package generator

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
)

// The managed block's markers: the checklist and the wizard find the block
// by these exact lines.
const (
	BlockBegin = "# >>> djharden: hardened production settings (managed block; re-run djharden to change) >>>"
	BlockEnd   = "# <<< djharden <<<"
)

// AcceptedPrefix starts the comment line recording a declined
// recommendation: "# djharden: accepted security.W005: <reason>".
const AcceptedPrefix = "# djharden: accepted "

//go:embed templates/*.tmpl
var templateFS embed.FS

// envVars are the environment variable names the block reads.
type envVars struct {
	Debug, SecretKey, Fallbacks, AllowedHosts, CSRFOrigins   string
	EmailHost, EmailPort, EmailUser, EmailPassword, EmailTLS string
}

// silence is one declined recommendation.
type silence struct {
	ID     string // "security.W005"
	Reason string
}

// blockData is everything the templates need; it is computed by Build.
type blockData struct {
	Begin, End string
	Style      string // "os", "environ", "decouple"
	Vars       envVars

	EnvObj         string // django-environ object name
	CreateEnv      bool   // the block creates the environ.Env object
	EnvFile        string // env file path relative to the project root
	EnvFileDepth   int    // parents[] index from the settings file to the root
	DecoupleImport string // names to import from decouple ("" = already imported)

	Placement string // "placed before from .local import ..., so ..." (said in the block's header)

	WriteDebug   bool // the block reads DEBUG (false: the project's own safe read stays)
	WriteKey     bool // the block reads SECRET_KEY (false: the project's own read stays; only the guard is added)
	WriteHosts   bool // the block reads ALLOWED_HOSTS
	WriteOrigins bool // the block reads CSRF_TRUSTED_ORIGINS

	HostsDefault   string // comma list
	OriginsDefault string
	BareOrigins    bool // Django < 4.0: CSRF_TRUSTED_ORIGINS takes host names

	Proxy          bool
	HTTPS          bool
	Redirect       bool // SECURE_SSL_REDIRECT (HTTPS and not kept)
	SessionCookies bool // SESSION_COOKIE_SECURE / HTTPONLY (not kept)
	CSRF           bool // CSRF_COOKIE_SECURE and CSRF_TRUSTED_ORIGINS (not kept)
	// Per setting: the block writes it (the item is not kept and the
	// project does not already set it securely).
	SessionSecure, CSRFSecure, HTTPOnly, Nosniff, Referrer bool
	HSTSKept                                               bool // the user keeps HSTS as it is: no HSTS lines at all
	Frame                                                  bool // X_FRAME_OPTIONS (not kept)
	Headers                                                bool // nosniff, referrer policy, COOP, CSP (not kept)
	HSTSStage                                              string
	HSTSSeconds                                            int  // written SECURE_HSTS_SECONDS (0: see HSTSOwn)
	HSTSSubdomains                                         bool // the final SECURE_HSTS_INCLUDE_SUBDOMAINS
	HSTSPreload                                            bool // the final SECURE_HSTS_PRELOAD
	// HSTSOwn is the project's own SECURE_HSTS_SECONDS, kept because it is
	// at least what the chosen stage asks (the block never lowers HSTS).
	HSTSOwn int
	// WriteSubdomains / WritePreload: the block writes the line (the
	// project does not already set it True).
	WriteSubdomains, WritePreload bool

	COOP      bool // 4.0+
	Fallbacks bool // 4.1+ and rotating
	CSP       bool // 6.0+
	Email     bool // 6.1+

	Silenced     []silence
	SilenceMerge string // "" (a new list), "extend" (assigned at top level), "globals" (assigned only inside blocks)
}

// SilencedList renders the IDs as a Python list body.
func (d blockData) SilencedList() string {
	ids := make([]string, len(d.Silenced))
	for i, s := range d.Silenced {
		ids[i] = pyStr(s.ID)
	}
	return strings.Join(ids, ", ")
}

// envRead is the argument of the per-style "bool"/"str"/"int"/"list" templates.
type envRead struct {
	Obj            string
	Var            string // Python string literal
	Default        string // Python string literal
	BoolDefault    string // True / False
	BoolDefaultStr string // "True" / "False" as a Python string literal
}

// renderBlock renders the managed block with "\n" line endings.
func renderBlock(d blockData) (string, error) {
	d.Begin, d.End = BlockBegin, BlockEnd
	funcs := template.FuncMap{
		"py":     pyStr,
		"pybool": pyBool,
		"read": func(name, def string) envRead {
			b := "False"
			if def == "True" {
				b = "True"
			}
			return envRead{Obj: d.EnvObj, Var: pyStr(name), Default: pyStr(def), BoolDefault: b, BoolDefaultStr: pyStr(b)}
		},
	}
	t, err := template.New("block").Funcs(funcs).ParseFS(templateFS, "templates/block.tmpl", "templates/"+d.Style+".tmpl")
	if err != nil {
		return "", fmt.Errorf("loading the %s template: %w", d.Style, err)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "block", d); err != nil {
		return "", fmt.Errorf("rendering the settings block: %w", err)
	}
	return b.String(), nil
}

// pyStr renders s as a double-quoted Python string literal.
func pyStr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func pyBool(v bool) string {
	if v {
		return "True"
	}
	return "False"
}

// findBlock returns the byte range of an existing managed block in src
// (from the start of the begin marker line to the end of the end marker
// line, its line ending included), or ok=false.
func findBlock(src string) (start, end int, ok bool) {
	start = strings.Index(src, BlockBegin)
	if start < 0 {
		return 0, 0, false
	}
	rel := strings.Index(src[start:], BlockEnd)
	if rel < 0 {
		return 0, 0, false
	}
	end = start + rel + len(BlockEnd)
	if strings.HasPrefix(src[end:], "\r\n") {
		end += 2
	} else if strings.HasPrefix(src[end:], "\n") {
		end++
	}
	return start, end, true
}

// withoutBlock returns src with the managed block removed.
func withoutBlock(src string) string {
	if s, e, ok := findBlock(src); ok {
		return src[:s] + src[e:]
	}
	return src
}

// placeBlock puts block (with "\n" endings) into src: in place of an
// existing block, else at the end after one blank line. The file's line
// ending style is kept.
func placeBlock(src, block string) string {
	eol := "\n"
	if isCRLF(src) {
		eol = "\r\n"
		block = strings.ReplaceAll(block, "\n", "\r\n")
	}
	if s, e, ok := findBlock(src); ok {
		return src[:s] + block + src[e:]
	}
	if src != "" && !strings.HasSuffix(src, "\n") {
		src += eol
	}
	if strings.TrimLeft(src, "\ufeff") != "" && !strings.HasSuffix(src, eol+eol) {
		src += eol
	}
	return src + block
}

// isCRLF reports whether the first line ending of src is CRLF.
func isCRLF(src string) bool {
	i := strings.IndexByte(src, '\n')
	return i > 0 && src[i-1] == '\r'
}
