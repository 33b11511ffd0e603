package checklist

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var csrfItem = &Item{
	ID:    "csrf",
	Title: "CSRF protection is on and its cookie is HTTPS-only",
	Lesson: "CSRF protection stops other sites from submitting forms as your logged-in users.\n" +
		"Keep CsrfViewMiddleware, send its cookie over HTTPS only, and avoid @csrf_exempt.\n" +
		"CSRF_COOKIE_HTTPONLY is not needed: it adds no real protection and breaks JavaScript that reads the token.",
	Docs:      docs("csrf-cookie-secure"),
	DjangoIDs: []string{"security.W003", "security.W016", "4_0.E001"},
}

var sessionCookiesItem = &Item{
	ID:    "session-cookies",
	Title: "Session cookies are HTTPS-only and hidden from JavaScript",
	Lesson: "The session cookie is the key to a logged-in account.\n" +
		"SESSION_COOKIE_SECURE = True keeps it off plain HTTP, where it could be sniffed.\n" +
		"SESSION_COOKIE_HTTPONLY (on by default) keeps injected JavaScript from reading it.",
	Docs: docs("session-cookie-secure"),
	DjangoIDs: []string{"security.W010", "security.W011", "security.W012",
		"security.W013", "security.W014", "security.W015"},
}

func init() {
	csrfItem.Check = settingsCheck(&csrfItem, checkCSRF)
	sessionCookiesItem.Check = settingsCheck(&sessionCookiesItem, checkSessionCookies)
}

func checkCSRF(c *evalCtx, b *builder) Finding {
	mw := requireMiddleware(c, b, csrfMW, "security.W003",
		"CsrfViewMiddleware is not in MIDDLEWARE: no view is protected against cross-site request forgery",
		"Put "+csrfMW+" back in MIDDLEWARE (after SessionMiddleware).")
	secure := c.secureFlag("CSRF_COOKIE_SECURE")
	switch and3(not3(c.truthy("CSRF_USE_SESSIONS")), mw, not3(secure)) {
	case yes:
		msg := "CSRF_COOKIE_SECURE is not True: the CSRF cookie is also sent over plain HTTP"
		if v := c.value("CSRF_COOKIE_SECURE"); v.Kind != pysource.BoolVal && v.Truthy() && c.v.AtLeast(4, 1) {
			msg = fmt.Sprintf("CSRF_COOKIE_SECURE is %s, not the boolean True Django 4.1+ requires", v.Python())
		}
		b.django("security.W016", Warn, msg, "Set CSRF_COOKIE_SECURE = True.", c.where("CSRF_COOKIE_SECURE"))
	case unk:
		b.unknown("CSRF_COOKIE_SECURE", "")
	}
	checkTrustedOrigins(c, b)
	sites, _, _ := siteProblems(c.p.Scan, csrfItem.ID)
	for _, pr := range sites {
		b.add(pr)
	}
	return b.done("CSRF protection is on and its cookie is HTTPS-only.")
}

// checkTrustedOrigins is 4_0.E001 (4.0+): every CSRF_TRUSTED_ORIGINS entry
// needs its scheme. Before 4.0 Django wanted bare hosts instead.
func checkTrustedOrigins(c *evalCtx, b *builder) {
	v := c.value("CSRF_TRUSTED_ORIGINS")
	locs := c.where("CSRF_TRUSTED_ORIGINS")
	if v.Kind == pysource.Unknown {
		b.unknown("CSRF_TRUSTED_ORIGINS", "")
		return
	}
	if v.Kind == pysource.StrVal && v.Str != "" {
		// Django does not validate the type: it iterates the string, so
		// every character is an "origin" (4_0.E001 on 4.0+) and none matches.
		msg := fmt.Sprintf("CSRF_TRUSTED_ORIGINS is the string %q, not a list: Django reads it one character at a time, so no origin is trusted", v.Str)
		fix := fmt.Sprintf("Write it as a list: CSRF_TRUSTED_ORIGINS = [%q].", v.Str)
		if c.v.AtLeast(4, 0) {
			b.django("4_0.E001", Warn, msg, fix, locs)
		} else {
			b.problem(Warn, msg, fix, locs)
		}
		return
	}
	if !isSeq(v) {
		return
	}
	for _, o := range v.Items {
		if o.Kind == pysource.Unknown {
			b.unknown("CSRF_TRUSTED_ORIGINS", "")
			return
		}
		if o.Kind != pysource.StrVal {
			continue
		}
		hasScheme := strings.Contains(o.Str, "://")
		switch {
		case c.v.AtLeast(4, 0) && !hasScheme:
			b.django("4_0.E001", Warn, fmt.Sprintf("CSRF_TRUSTED_ORIGINS entry %q has no scheme; Django 4.0+ needs the full origin", o.Str),
				fmt.Sprintf("Write it as %q.", "https://"+o.Str), locs)
		case !c.v.AtLeast(4, 0) && hasScheme:
			b.problem(Warn, fmt.Sprintf("CSRF_TRUSTED_ORIGINS entry %q has a scheme; before Django 4.0 entries are bare host names, so it never matches", o.Str),
				fmt.Sprintf("Write it as %q (and add the scheme back when you upgrade to 4.0).", hostOnly(o.Str)), locs)
		}
	}
}

// checkSessionCookies is W010-W015: the same three shapes for the secure
// and the HttpOnly flag, depending on the sessions app and middleware.
func checkSessionCookies(c *evalCtx, b *builder) Finding {
	app := c.contains("INSTALLED_APPS", sessionsApp)
	mw := c.contains("MIDDLEWARE", sessionMW)
	if app == no && mw == no {
		// Django skips W010-W015 then: saying the cookies are HTTPS-only
		// would be a claim about a cookie that is never sent.
		return b.skip("Neither django.contrib.sessions nor SessionMiddleware is installed: the project sends no session cookie.")
	}
	flags := []struct {
		setting string
		ids     [3]string // app only, middleware only, both
		what    string
		fix     string
	}{
		{"SESSION_COOKIE_SECURE", [3]string{"security.W010", "security.W011", "security.W012"},
			"the session cookie is also sent over plain HTTP, where it can be sniffed", "Set SESSION_COOKIE_SECURE = True."},
		{"SESSION_COOKIE_HTTPONLY", [3]string{"security.W013", "security.W014", "security.W015"},
			"JavaScript (and so injected scripts) can read the session cookie", "Set SESSION_COOKIE_HTTPONLY = True (Django's default)."},
	}
	for _, fl := range flags {
		notSet := not3(c.secureFlag(fl.setting))
		if notSet == no {
			continue
		}
		if app == unk || mw == unk {
			b.unknown(map[bool]string{true: "INSTALLED_APPS", false: "MIDDLEWARE"}[app == unk], "")
			continue
		}
		var id string
		switch {
		case app == yes && mw == yes:
			id = fl.ids[2]
		case app == yes:
			id = fl.ids[0]
		case mw == yes:
			id = fl.ids[1]
		}
		if id == "" {
			continue
		}
		if notSet == unk {
			b.unknown(fl.setting, "")
			continue
		}
		b.django(id, Warn, fmt.Sprintf("%s is not True: %s", fl.setting, fl.what), fl.fix, c.where(fl.setting))
	}
	return b.done("Session cookies are HTTPS-only and hidden from JavaScript.")
}
