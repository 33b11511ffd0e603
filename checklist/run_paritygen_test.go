package checklist

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
)

// A parity variant: a small Django project whose settings combine the
// settings of DJANGO.md's table at random, written in one of several
// layouts, with the env values its environment reads get.
type parityVariant struct {
	name   string            // "v007"
	pkg    string            // unique top-level package, "pv007"
	module string            // settings module to check
	files  map[string]string // path -> content
	env    map[string]string // values of the env file
}

// setting is one generated `NAME = expr` with the env values it needs.
type setting struct {
	name string
	expr string
	env  map[string]string
	// stmts replaces the plain assignment (e.g. MIDDLEWARE built with += and .append).
	stmts []string
}

var standardMiddleware = []string{
	securityMW,
	sessionMW,
	"django.middleware.common.CommonMiddleware",
	csrfMW,
	"django.contrib.auth.middleware.AuthenticationMiddleware",
	"django.contrib.messages.middleware.MessageMiddleware",
	xframeMW,
}

var standardApps = []string{
	"django.contrib.auth",
	"django.contrib.contenttypes",
	sessionsApp,
	"django.contrib.messages",
	"django.contrib.staticfiles",
}

var parityCheckIDs = []string{"security.W001", "security.W002", "security.W003", "security.W004", "security.W005",
	"security.W006", "security.W008", "security.W009", "security.W010", "security.W011", "security.W012",
	"security.W013", "security.W014", "security.W015", "security.W016", "security.W018", "security.W019",
	"security.W020", "security.W021", "security.W022", "security.E023", "security.E100"}

// parityIDsFor is every covered ID the variants of a series must make its
// Django raise somewhere.
func parityIDsFor(series string) []string {
	g := &gen{series: series}
	ids := slices.DeleteFunc(slices.Clone(parityCheckIDs), func(id string) bool { return id == "security.E100" && g.atLeast(4, 0) })
	ids = append(ids, "caches.W002", "async.E001")
	if g.atLeast(4, 0) {
		ids = append(ids, "security.E024", "4_0.E001")
	}
	if g.atLeast(4, 1) {
		ids = append(ids, "security.W025")
	}
	if g.atLeast(6, 0) {
		ids = append(ids, "security.E026")
	}
	if g.atLeast(6, 1) {
		ids = append(ids, "security.W027", "mail.E001", "mail.W001")
	}
	return ids
}

// gen draws one variant's settings; q quotes strings in the variant's style.
type gen struct {
	r      *rand.Rand
	q      func(string) string
	series string // "3.2", "4.2", "5.2", "6.1"
	pkg    string
}

// atLeast compares the variant's series with major.minor.
func (g *gen) atLeast(major, minor int) bool {
	var ma, mi int
	fmt.Sscanf(g.series, "%d.%d", &ma, &mi)
	return ma > major || (ma == major && mi >= minor)
}

func (g *gen) pick(options ...string) string { return options[g.r.Intn(len(options))] }
func (g *gen) chance(p float64) bool         { return g.r.Float64() < p }

// quoteStyle returns a quoting function: double, single, or mixed per string.
func quoteStyle(r *rand.Rand) func(string) string {
	style := r.Intn(3)
	return func(s string) string {
		double := style == 0 || (style == 2 && r.Intn(2) == 0)
		if double {
			return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
		}
		return `'` + strings.ReplaceAll(s, `'`, `\'`) + `'`
	}
}

// list writes a Python list or tuple display, sometimes over several lines
// with a trailing comma and a comment.
func (g *gen) list(items []string, tuple bool) string {
	open, close := "[", "]"
	if tuple {
		open, close = "(", ")"
	}
	quoted := make([]string, len(items))
	for i, it := range items {
		quoted[i] = g.q(it)
	}
	if tuple && len(items) == 1 {
		return open + quoted[0] + "," + close
	}
	if len(items) > 2 && g.chance(0.6) {
		var b strings.Builder
		b.WriteString(open + "\n")
		for i, it := range quoted {
			b.WriteString("    " + it + ",")
			if i == 0 && g.chance(0.3) {
				b.WriteString("  # keep first")
			}
			b.WriteString("\n")
		}
		b.WriteString(close)
		return b.String()
	}
	return open + strings.Join(quoted, ", ") + close
}

func randomKey(r *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return string(b)
}

const keyAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789!@^&*(-_=+)"

func (g *gen) boolish() string {
	return g.pick("True", "False", "1", "0", g.q("True"), g.q("False"), g.q(""), "None")
}

// settings draws every setting of the table (each may be left unset).
func (g *gen) settings() []setting {
	var out []setting
	add := func(p float64, name string, make func() setting) {
		if g.chance(p) {
			s := make()
			s.name = name
			out = append(out, s)
		}
	}
	plain := func(expr string) func() setting { return func() setting { return setting{expr: expr} } }
	add(0.9, "DEBUG", g.debug)
	add(0.9, "SECRET_KEY", g.secretKey)
	add(0.85, "ALLOWED_HOSTS", g.allowedHosts)
	out = append(out, g.apps(), g.middleware())
	add(0.5, "SECURE_SSL_REDIRECT", g.sslRedirect)
	add(0.5, "SECURE_HSTS_SECONDS", g.hstsSeconds)
	add(0.4, "SECURE_HSTS_INCLUDE_SUBDOMAINS", plain(g.boolish()))
	add(0.4, "SECURE_HSTS_PRELOAD", plain(g.boolish()))
	add(0.3, "SECURE_CONTENT_TYPE_NOSNIFF", plain(g.boolish()))
	add(0.5, "SESSION_COOKIE_SECURE", g.cookieFlag("DJ_SESSION_SECURE"))
	add(0.45, "SESSION_COOKIE_HTTPONLY", g.cookieFlag("DJ_SESSION_HTTPONLY"))
	add(0.5, "CSRF_COOKIE_SECURE", g.cookieFlag("DJ_CSRF_SECURE"))
	add(0.2, "CSRF_USE_SESSIONS", plain(g.pick("True", "False", "1")))
	add(0.4, "X_FRAME_OPTIONS", plain(g.pick(g.q("DENY"), g.q("SAMEORIGIN"), g.q("deny"))))
	add(0.4, "SECURE_REFERRER_POLICY", plain(g.pick("None", g.q("same-origin"), g.q("no-referrer, strict-origin"),
		g.list([]string{"origin", "same-origin"}, false), g.list([]string{"unsafe-url"}, true), g.q("bogus"),
		g.list([]string{"same-origin", "nope"}, false), g.q(""), g.q("strict-origin-when-cross-origin"))))
	add(0.15, "SECURE_CROSS_ORIGIN_OPENER_POLICY", plain(g.pick(g.q("same-origin"), g.q("bogus"), "None")))
	add(0.2, "DEFAULT_HASHING_ALGORITHM", plain(g.pick(g.q("sha256"), g.q("sha1"), g.q("md5"))))
	add(0.3, "CSRF_TRUSTED_ORIGINS", func() setting {
		if g.chance(0.25) { // a string: Django iterates it per character
			return setting{expr: g.q(g.pick("https://example.com", "example.com"))}
		}
		return setting{expr: g.list([]string{g.pick("example.com", "https://example.com", "*.example.com", "https://*.example.com")}, g.chance(0.3))}
	})
	add(0.25, "SECRET_KEY_FALLBACKS", func() setting {
		strong := randomKey(g.r, 55, keyAlphabet)
		switch g.r.Intn(4) {
		case 0: // a string: settings loading fails on 4.1+
			return setting{expr: g.q(strong)}
		case 1:
			return setting{expr: "[]"}
		}
		return setting{expr: g.list([]string{g.pick("short", strong, "django-insecure-"+strong)}, g.chance(0.3))}
	})
	add(0.4, "MAILERS", g.mailers)
	// MAILERS with any EMAIL_* stops 6.1 from starting: keep that rarer there,
	// so most variants still reach the checks.
	pEmail := 0.35
	if g.atLeast(6, 1) && len(out) > 0 && out[len(out)-1].name == "MAILERS" {
		pEmail = 0.1
	}
	add(pEmail, "EMAIL_BACKEND", plain(g.q("django.core.mail.backends."+g.pick("console", "smtp", "locmem", "filebased", "dummy")+".EmailBackend")))
	add(pEmail/3, "EMAIL_HOST", plain(g.q("smtp.example.com")))
	if g.atLeast(6, 0) {
		add(0.4, "SECURE_CSP", g.csp)
		add(0.2, "SECURE_CSP_REPORT_ONLY", g.csp)
		add(0.4, "TEMPLATES", g.templates)
	}
	add(0.3, "CACHES", g.caches)
	add(0.15, "SECURE_BROWSER_XSS_FILTER", plain("True"))
	add(0.3, "SILENCED_SYSTEM_CHECKS", func() setting {
		ids := slices.Clone(parityCheckIDs)
		g.r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		return setting{expr: g.list(ids[:1+g.r.Intn(4)], false)}
	})
	return out
}

// mailers is MAILERS (6.1+; other series ignore it).
func (g *gen) mailers() setting {
	backend := g.q("django.core.mail.backends." + g.pick("console", "smtp", "locmem", "dummy") + ".EmailBackend")
	switch g.r.Intn(5) {
	case 0:
		return setting{expr: "{}"}
	case 1:
		return setting{expr: "{" + g.q("transactional") + ": {" + g.q("BACKEND") + ": " + backend + "}}"}
	case 2:
		return setting{expr: "{" + g.q("default") + ": {}}"}
	}
	return setting{expr: "{\n    " + g.q("default") + ": {" + g.q("BACKEND") + ": " + backend + "},\n}"}
}

// csp is SECURE_CSP / SECURE_CSP_REPORT_ONLY (6.0+): a dict, maybe with
// the nonce, or a wrong type.
func (g *gen) csp() setting {
	switch g.r.Intn(5) {
	case 0:
		return setting{expr: g.q("default-src 'self'")}
	case 1:
		return setting{expr: "None"}
	case 2:
		return setting{expr: "{" + g.q("default-src") + ": [CSP.SELF], " + g.q("script-src") + ": [CSP.SELF, CSP.NONCE]}"}
	}
	return setting{expr: "{" + g.q("default-src") + ": [CSP.SELF]}"}
}

func (g *gen) templates() setting {
	procs := []string{"django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
		"django.contrib.messages.context_processors.messages"}
	if g.chance(0.5) {
		procs = append(procs, cspContextProc)
	}
	return setting{expr: "[{" + g.q("BACKEND") + ": " + g.q("django.template.backends.django.DjangoTemplates") + ", " +
		g.q("DIRS") + ": [], " + g.q("APP_DIRS") + ": True, " + g.q("OPTIONS") + ": {" + g.q("context_processors") + ": " +
		g.list(procs, false) + "}}]"}
}

// caches is a file-based cache whose LOCATION may sit inside, match or
// contain STATIC_ROOT / MEDIA_ROOT / STATICFILES_DIRS (caches.W002).
func (g *gen) caches() setting {
	root := "/srv/" + g.pkg
	if g.chance(0.3) {
		return setting{expr: "{" + g.q("default") + ": {" + g.q("BACKEND") + ": " + g.q("django.core.cache.backends.locmem.LocMemCache") + "}}"}
	}
	loc := g.pick(root+"/static/cache", root+"/cache", root, root+"/media", root+"/assets/c", "/var/tmp/"+g.pkg)
	return setting{expr: "{" + g.q("default") + ": {" + g.q("BACKEND") + ": " + g.q("django.core.cache.backends.filebased.FileBasedCache") +
		", " + g.q("LOCATION") + ": " + g.q(loc) + "}}"}
}

func (g *gen) debug() setting {
	switch g.r.Intn(7) {
	case 0:
		v := g.pick("true", "false", "True", "")
		return setting{expr: `os.environ.get("DJ_DEBUG", "") == "true"`, env: map[string]string{"DJ_DEBUG": v}}
	case 1: // the truthy-string bug: "False" is truthy
		return setting{expr: `os.environ.get("DJ_DEBUG", False)`, env: map[string]string{"DJ_DEBUG": g.pick("False", "0", "")}}
	case 2:
		env := map[string]string{}
		if g.chance(0.7) {
			env["DJ_DEBUG"] = g.pick("yes", "off", "0", "1", "True", "nope")
		}
		return setting{expr: `env.bool("DJ_DEBUG", default=` + g.pick("False", "True") + `)`, env: env}
	case 3:
		return setting{expr: `config("DJ_DEBUG", default=False, cast=bool)`, env: map[string]string{"DJ_DEBUG": g.pick("true", "False", "0", "on")}}
	}
	return setting{expr: g.boolish()}
}

func (g *gen) secretKey() setting {
	strong := randomKey(g.r, 50+g.r.Intn(20), keyAlphabet)
	value := g.pick(strong, "django-insecure-"+strong, randomKey(g.r, 20+g.r.Intn(29), keyAlphabet), strings.Repeat("ab", 30), "")
	switch g.r.Intn(4) {
	case 0:
		return setting{expr: `os.environ["DJ_SECRET_KEY"]`, env: map[string]string{"DJ_SECRET_KEY": strings.ReplaceAll(value, "$", "")}}
	case 1:
		return setting{expr: `os.environ.get("DJ_SECRET_KEY", ` + g.q(randomKey(g.r, 60, keyAlphabet)) + `)`, env: map[string]string{"DJ_SECRET_KEY": value}}
	case 2:
		if g.chance(0.3) { // babybuddy's form: an empty variable gives None
			return setting{expr: `os.environ.get("DJ_SECRET_KEY") or None`, env: map[string]string{"DJ_SECRET_KEY": g.pick(value, "")}}
		}
	}
	return setting{expr: g.q(value)}
}

func (g *gen) allowedHosts() setting {
	switch g.r.Intn(6) {
	case 0:
		return setting{expr: `os.environ.get("DJ_HOSTS", "").split(",")`, env: map[string]string{"DJ_HOSTS": g.pick("", "example.com,www.example.com")}}
	case 1:
		env := map[string]string{}
		if g.chance(0.6) {
			env["DJ_HOSTS"] = g.pick("", "example.com, www.example.com", ",")
		}
		return setting{expr: `env.list("DJ_HOSTS", default=[])`, env: env}
	}
	if g.chance(0.04) { // a string: settings loading fails
		return setting{expr: g.q("example.com")}
	}
	return setting{expr: g.pick("[]", g.list([]string{"*"}, false), g.list([]string{"example.com", ".example.com"}, false), "()", g.list([]string{"example.com"}, true))}
}

func (g *gen) sslRedirect() setting {
	switch g.r.Intn(4) {
	case 0:
		return setting{expr: `env.bool("DJ_SSL", default=True)`, env: map[string]string{"DJ_SSL": g.pick("true", "0", "ok")}}
	case 1:
		return setting{expr: `config("DJ_SSL", default=False, cast=bool)`, env: map[string]string{"DJ_SSL": g.pick("yes", "no", "1")}}
	}
	return setting{expr: g.boolish()}
}

func (g *gen) hstsSeconds() setting {
	switch g.r.Intn(5) {
	case 0:
		return setting{expr: `int(os.environ.get("DJ_HSTS", "0"))`, env: map[string]string{"DJ_HSTS": g.pick("0", "3600")}}
	case 1:
		return setting{expr: `env.int("DJ_HSTS", default=0)`, env: map[string]string{"DJ_HSTS": g.pick("0", "31536000")}}
	}
	return setting{expr: g.pick("0", "3600", "31536000", "60 * 60 * 24 * 365", g.q("3600"), "None")}
}

func (g *gen) cookieFlag(envVar string) func() setting {
	return func() setting {
		if g.chance(0.2) {
			return setting{expr: `os.environ.get("` + envVar + `", "1") == "1"`, env: map[string]string{envVar: g.pick("1", "0", "yes")}}
		}
		return setting{expr: g.boolish()}
	}
}

func (g *gen) apps() setting {
	apps := slices.Clone(standardApps)
	if g.chance(0.3) {
		apps = slices.DeleteFunc(apps, func(a string) bool { return a == sessionsApp })
	}
	if g.chance(0.3) { // admin loads auth's token generator at startup (3.2 reads SECRET_KEY then)
		apps = append([]string{"django.contrib.admin"}, apps...)
	}
	return setting{name: "INSTALLED_APPS", expr: g.list(apps, g.chance(0.2))}
}

// middleware removes or reorders standard middleware and writes the result
// either as one display or built step by step (+=, append, insert, remove).
func (g *gen) middleware() setting {
	mw := slices.Clone(standardMiddleware)
	removed := []string{}
	for _, m := range []string{securityMW, xframeMW, csrfMW, sessionMW} {
		if g.chance(0.2) {
			removed = append(removed, m)
		}
	}
	if g.atLeast(6, 0) && g.chance(0.5) {
		mw = append(mw, cspMW)
	}
	final := slices.DeleteFunc(slices.Clone(mw), func(m string) bool { return slices.Contains(removed, m) })
	shuffled := g.chance(0.2)
	if shuffled {
		g.r.Shuffle(len(final), func(i, j int) { final[i], final[j] = final[j], final[i] })
	}
	s := setting{name: "MIDDLEWARE"}
	switch g.r.Intn(4) {
	case 0: // the full list, then remove()
		if shuffled {
			break
		}
		s.stmts = append(s.stmts, "MIDDLEWARE = "+g.list(mw, false))
		for _, m := range removed {
			s.stmts = append(s.stmts, "MIDDLEWARE.remove("+g.q(m)+")")
		}
		return s
	case 1: // built up with +=, append and insert
		if len(final) < 3 {
			break
		}
		s.stmts = append(s.stmts, "MIDDLEWARE = "+g.list(final[1:2], false))
		s.stmts = append(s.stmts, "MIDDLEWARE.insert(0, "+g.q(final[0])+")")
		s.stmts = append(s.stmts, "MIDDLEWARE += "+g.list(final[2:len(final)-1], g.chance(0.5)))
		s.stmts = append(s.stmts, "MIDDLEWARE.append("+g.q(final[len(final)-1])+")")
		return s
	case 2:
		s.expr = g.list(final, true)
		return s
	}
	s.expr = g.list(final, false)
	return s
}

// render writes the settings in one of the layouts.
func renderVariant(i int, r *rand.Rand, series, version string) parityVariant {
	pkg := fmt.Sprintf("pv%s_%03d", strings.ReplaceAll(series, ".", ""), i)
	g := &gen{r: r, q: quoteStyle(r), series: series, pkg: pkg}
	v := parityVariant{name: fmt.Sprintf("v%03d", i), pkg: pkg, files: map[string]string{}, env: map[string]string{}}
	sets := g.settings()
	header := "import os\n\nimport environ\nfrom decouple import config\n\nenv = environ.Env()\n"
	if g.atLeast(6, 0) {
		header += "from django.utils.csp import CSP\n"
	}
	if g.chance(0.1) { // the env file turns off async safety (async.E001)
		v.env["DJANGO_ALLOW_ASYNC_UNSAFE"] = g.pick("true", "1")
	}
	if g.chance(0.5) {
		root := "/srv/" + pkg
		sets = append(sets, setting{name: "STATIC_ROOT", expr: g.q(root + "/static")}, setting{name: "MEDIA_ROOT", expr: g.q(root + "/media")})
		if g.chance(0.5) {
			sets = append(sets, setting{name: "STATICFILES_DIRS", expr: g.list([]string{root + "/assets"}, false)})
		}
	}
	var lines []string
	for _, s := range sets {
		for k, val := range s.env {
			v.env[k] = val
		}
		if s.stmts != nil {
			lines = append(lines, strings.Join(s.stmts, "\n"))
		} else {
			lines = append(lines, s.name+" = "+s.expr)
		}
	}
	v.files["requirements.txt"] = "Django==" + version + "\n"
	switch r.Intn(3) {
	case 0: // one settings.py
		v.module = v.pkg + ".settings"
		v.files[v.pkg+"/__init__.py"] = ""
		v.files[v.pkg+"/settings.py"] = header + "\n" + strings.Join(lines, "\n") + "\n"
	case 1: // split settings: base + production with a star import
		v.module = v.pkg + ".settings.production"
		v.files[v.pkg+"/__init__.py"] = ""
		v.files[v.pkg+"/settings/__init__.py"] = ""
		cut := r.Intn(len(lines) + 1)
		decoy := "DEBUG = True\nALLOWED_HOSTS = []\n"
		v.files[v.pkg+"/settings/base.py"] = header + "\n" + decoy + strings.Join(lines[:cut], "\n") + "\n"
		imp := "from .base import *  # noqa"
		if r.Intn(2) == 0 {
			imp = "from " + v.pkg + ".settings.base import *"
		}
		v.files[v.pkg+"/settings/production.py"] = imp + "\n\n" + strings.Join(lines[cut:], "\n") + "\n"
	default: // a settings package whose __init__ pulls in base and an optional local.py
		v.module = v.pkg + ".settings"
		v.files[v.pkg+"/__init__.py"] = ""
		v.files[v.pkg+"/settings/base.py"] = header + "\n" + strings.Join(lines, "\n") + "\n"
		v.files[v.pkg+"/settings/__init__.py"] = "from .base import *\n\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n"
	}
	v.files["manage.py"] = fmt.Sprintf(managePy, v.module)
	return v
}

const managePy = `#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", %q)
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`
