package checklist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var clickjackingItem = &Item{
	ID:    "clickjacking",
	Title: "Other sites cannot show your pages in a frame",
	Lesson: "A hostile page can load your site in an invisible frame and trick users into clicking your buttons.\n" +
		"XFrameOptionsMiddleware with X_FRAME_OPTIONS = \"DENY\" tells browsers never to frame your pages.",
	Docs:      docs("x-frame-options"),
	DjangoIDs: []string{"security.W002", "security.W019"},
}

var securityHeadersItem = &Item{
	ID:    "security-headers",
	Title: "Security headers are sent (content type, referrer, opener, CSP)",
	Lesson: "SecurityMiddleware adds headers that make browsers safer with your pages:\n" +
		"no content-type guessing, no full URLs leaked to other sites, no window sharing with pop-ups.\n" +
		"From Django 6.0 a Content Security Policy can also limit where scripts may come from.",
	Docs: docs("secure-referrer-policy"),
	DjangoIDs: []string{"security.W001", "security.W006", "security.W022", "security.E023",
		"security.E024", "security.E026", "security.W027"},
}

var emailBackendItem = &Item{
	ID:    "email-backend",
	Title: "Email is really sent in production",
	Lesson: "Password resets and error reports go out by email.\n" +
		"The console, file, memory and dummy backends only pretend to send: fine in development, broken in production.",
	Docs:      docs("email-backend"),
	DjangoIDs: []string{"mail.E001"},
}

func init() {
	clickjackingItem.Check = settingsCheck(&clickjackingItem, checkClickjacking)
	securityHeadersItem.Check = settingsCheck(&securityHeadersItem, checkSecurityHeaders)
	emailBackendItem.Check = settingsCheck(&emailBackendItem, checkEmailBackend)
}

func checkClickjacking(c *evalCtx, b *builder) Finding {
	mw := requireMiddleware(c, b, xframeMW, "security.W002",
		"XFrameOptionsMiddleware is not in MIDDLEWARE: any site can frame your pages",
		"Put "+xframeMW+" back in MIDDLEWARE.")
	v := c.value("X_FRAME_OPTIONS")
	deny := triOf(v.Kind == pysource.StrVal && v.Str == "DENY")
	if v.Kind == pysource.Unknown {
		deny = unk
	}
	switch and3(mw, not3(deny)) {
	case yes:
		b.django("security.W019", Warn, fmt.Sprintf("X_FRAME_OPTIONS is %s, not \"DENY\"", v.Python()),
			"Set X_FRAME_OPTIONS = \"DENY\" unless your own pages frame each other.", c.where("X_FRAME_OPTIONS"))
	case unk:
		b.unknown("X_FRAME_OPTIONS", "")
	}
	return b.done("Pages are sent with X-Frame-Options: DENY.")
}

var referrerPolicies = map[string]bool{"no-referrer": true, "no-referrer-when-downgrade": true, "origin": true,
	"origin-when-cross-origin": true, "same-origin": true, "strict-origin": true,
	"strict-origin-when-cross-origin": true, "unsafe-url": true}

var openerPolicies = map[string]bool{"same-origin": true, "same-origin-allow-popups": true, "unsafe-none": true}

func checkSecurityHeaders(c *evalCtx, b *builder) Finding {
	sm := requireMiddleware(c, b, securityMW, "security.W001",
		"SecurityMiddleware is not in MIDDLEWARE: HSTS, the HTTPS redirect and the security headers are all off",
		"Put "+securityMW+" first in MIDDLEWARE.")
	if sm != no {
		nosniff := c.isTrue("SECURE_CONTENT_TYPE_NOSNIFF")
		switch and3(sm, not3(nosniff)) {
		case yes:
			b.django("security.W006", Warn, "SECURE_CONTENT_TYPE_NOSNIFF is not True: browsers may guess content types", "Set SECURE_CONTENT_TYPE_NOSNIFF = True (Django's default).", c.where("SECURE_CONTENT_TYPE_NOSNIFF"))
		case unk:
			b.unknown("SECURE_CONTENT_TYPE_NOSNIFF", "")
		}
		checkReferrerPolicy(c, b, sm)
		if c.v.AtLeast(4, 0) {
			coop := c.value("SECURE_CROSS_ORIGIN_OPENER_POLICY")
			bad := triOf(coop.Kind != pysource.NoneVal && !(coop.Kind == pysource.StrVal && openerPolicies[coop.Str]))
			if coop.Kind == pysource.Unknown {
				bad = unk
			}
			switch and3(sm, bad) {
			case yes:
				b.django("security.E024", Warn, fmt.Sprintf("SECURE_CROSS_ORIGIN_OPENER_POLICY is %s, not a valid value", coop.Python()), "Use \"same-origin\" (Django's default).", c.where("SECURE_CROSS_ORIGIN_OPENER_POLICY"))
			case unk:
				b.unknown("SECURE_CROSS_ORIGIN_OPENER_POLICY", "")
			}
		}
	}
	checkCSP(c, b)
	obsolete := []struct{ name, why, fix string }{
		{"SECURE_BROWSER_XSS_FILTER", "browsers removed the X-XSS-Protection filter it turns on, and Django 4.0+ ignores it",
			"Remove it; a Content Security Policy is the modern protection."},
		{"SECURE_FRAME_DENY", "it comes from the old django-secure package and Django never reads it",
			"Remove it; XFrameOptionsMiddleware with X_FRAME_OPTIONS = \"DENY\" does this job."},
	}
	for _, o := range obsolete {
		if s := c.get(o.name); s != nil && !s.Default {
			b.problem(Warn, o.name+" is obsolete: "+o.why, o.fix, c.where(o.name))
		}
	}
	return b.done("SecurityMiddleware sends the security headers.")
}

// checkReferrerPolicy is W022 (None) and E023 (a value outside the valid set).
func checkReferrerPolicy(c *evalCtx, b *builder, sm tri) {
	v := c.value("SECURE_REFERRER_POLICY")
	locs := c.where("SECURE_REFERRER_POLICY")
	if v.Kind == pysource.Unknown {
		b.unknown("SECURE_REFERRER_POLICY", "")
		return
	}
	if v.Kind == pysource.NoneVal {
		if sm == yes {
			b.django("security.W022", Warn, "SECURE_REFERRER_POLICY is None: no Referrer-Policy header is sent", "Set SECURE_REFERRER_POLICY = \"same-origin\" (Django's default).", locs)
		}
		return
	}
	var values []pysource.Value
	switch {
	case v.Kind == pysource.StrVal:
		for _, part := range strings.Split(v.Str, ",") {
			values = append(values, pysource.Value{Kind: pysource.StrVal, Str: strings.TrimSpace(part)})
		}
	case isSeq(v):
		values = v.Items
	default:
		return
	}
	for _, x := range values {
		if x.Kind == pysource.Unknown {
			b.unknown("SECURE_REFERRER_POLICY", "")
			return
		}
		if x.Kind != pysource.StrVal || !referrerPolicies[x.Str] {
			if sm == yes {
				b.django("security.E023", Warn, fmt.Sprintf("SECURE_REFERRER_POLICY has an invalid value %s", x.Python()), "Use \"same-origin\" or another valid policy name.", locs)
			}
			return
		}
	}
}

// checkCSP is E026 (6.0+), W027 (6.1+) and our own note when no policy is sent.
func checkCSP(c *evalCtx, b *builder) {
	if !c.v.AtLeast(6, 0) {
		return
	}
	for _, name := range []string{"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"} {
		v := c.value(name)
		switch v.Kind {
		case pysource.Unknown:
			b.unknown(name, "")
		case pysource.NoneVal, pysource.DictVal:
		default:
			b.django("security.E026", Warn, fmt.Sprintf("%s must be a dict, not %s", name, v.Python()), "Write it as a dict, e.g. {\"default-src\": [CSP.SELF]}.", c.where(name))
		}
	}
	mw := c.contains("MIDDLEWARE", cspMW)
	if mw == no {
		b.problem(Warn, "no Content Security Policy is sent: ContentSecurityPolicyMiddleware is not in MIDDLEWARE",
			"Add "+cspMW+" and start with SECURE_CSP_REPORT_ONLY = {\"default-src\": [CSP.SELF]}; switch to SECURE_CSP once reports are clean.", c.where("MIDDLEWARE"))
	}
	if c.v.AtLeast(6, 1) && mw == yes && usesNonce(c) && !hasContextProcessor(c, cspContextProc) {
		b.django("security.W027", Warn, "the CSP uses CSP.NONCE but the csp context processor is not in TEMPLATES, so templates cannot add the nonce",
			"Add "+cspContextProc+" to TEMPLATES[0][\"OPTIONS\"][\"context_processors\"].", c.where("TEMPLATES"))
	}
}

// usesNonce looks for CSP.NONCE in the CSP settings' source.
func usesNonce(c *evalCtx) bool {
	for _, name := range []string{"SECURE_CSP", "SECURE_CSP_REPORT_ONLY"} {
		if s := c.get(name); s != nil && !s.Default && strings.Contains(s.Where.Source+exprText(s.Expr), "NONCE") {
			return true
		}
	}
	return false
}

func exprText(e pysource.Expr) string {
	found := ""
	var walk func(pysource.Expr)
	walk = func(e pysource.Expr) {
		switch x := e.(type) {
		case *pysource.Attr:
			if x.Name == "NONCE" {
				found = "NONCE"
			}
		case *pysource.Dict:
			for _, v := range x.Values {
				walk(v)
			}
		case *pysource.List:
			for _, v := range x.Elts {
				walk(v)
			}
		case *pysource.Tuple:
			for _, v := range x.Elts {
				walk(v)
			}
		}
	}
	walk(e)
	return found
}

// hasContextProcessor reports whether any TEMPLATES backend lists proc.
func hasContextProcessor(c *evalCtx, proc string) bool {
	v := c.value("TEMPLATES")
	for _, t := range v.Items {
		opts := dictGet(t, "OPTIONS")
		for _, p := range dictGet(opts, "context_processors").Items {
			if p.Kind == pysource.StrVal && p.Str == proc {
				return true
			}
		}
	}
	return false
}

func dictGet(v pysource.Value, key string) pysource.Value {
	for i, k := range v.Keys {
		if k.Kind == pysource.StrVal && k.Str == key {
			return v.Items[i]
		}
	}
	return pysource.Value{Kind: pysource.Unknown}
}

var toyBackends = []string{"console", "dummy", "filebased", "locmem"}

// toyBackend names the development-only backend a path is ("" = none).
func toyBackend(v pysource.Value) string {
	for _, toy := range toyBackends {
		if v.Kind == pysource.StrVal && v.Str == "django.core.mail.backends."+toy+".EmailBackend" {
			return toy
		}
	}
	return ""
}

// checkEmailBackend is mail.W001 (MAILERS without "default", every check)
// and mail.E001 (MAILERS["default"]["BACKEND"] is a development backend,
// deploy only), both 6.1+. Django 6.1 reads only MAILERS: the deprecated
// EMAIL_BACKEND is our own warning, never mail.E001.
func checkEmailBackend(c *evalCtx, b *builder) Finding {
	if !c.v.AtLeast(6, 1) {
		return b.skip("Django checks the email backend from 6.1 on (mail.E001).")
	}
	mailers := c.get("MAILERS")
	if mailers == nil || mailers.Default {
		if toy := toyBackend(c.value("EMAIL_BACKEND")); toy != "" {
			b.problem(Warn, fmt.Sprintf("EMAIL_BACKEND is the %s backend: no email leaves the server (and Django 6.1 deprecates EMAIL_BACKEND for MAILERS)", toy),
				"Replace it with MAILERS = {\"default\": {\"BACKEND\": \"django.core.mail.backends.smtp.EmailBackend\"}} in production settings.", c.where("EMAIL_BACKEND"))
		}
		if mailers == nil {
			return b.done("Email goes through a real backend.")
		}
	}
	v := mailers.Value
	switch {
	case v.Kind == pysource.Unknown:
		b.unknown("MAILERS", "")
		return b.done("")
	case v.Kind != pysource.DictVal:
		return b.done("")
	}
	def := dictGet(v, "default")
	if !mailers.Default && !slices.ContainsFunc(v.Keys, func(k pysource.Value) bool { return k.Kind == pysource.StrVal && k.Str == "default" }) {
		if slices.ContainsFunc(v.Keys, func(k pysource.Value) bool { return k.Kind != pysource.StrVal }) {
			b.unknown("MAILERS", "")
			return b.done("")
		}
		b.django("mail.W001", Warn, "MAILERS has no \"default\" entry: sending email without naming a mailer fails",
			"Add a \"default\" entry to MAILERS.", c.where("MAILERS"))
		return b.done("")
	}
	backend := dictGet(def, "BACKEND")
	if def.Kind == pysource.DictVal && !slices.ContainsFunc(def.Keys, func(k pysource.Value) bool { return k.Kind == pysource.StrVal && k.Str == "BACKEND" }) {
		return b.done("Email goes through the SMTP backend (MAILERS[\"default\"] names no BACKEND).")
	}
	if backend.Kind == pysource.Unknown {
		b.unknown("MAILERS", "")
		return b.done("")
	}
	if toy := toyBackend(backend); toy != "" {
		b.django("mail.E001", Warn, fmt.Sprintf("the default mailer uses the %s backend: no email leaves the server", toy),
			"Use the SMTP backend (or your provider's) in MAILERS[\"default\"] in production settings.", c.where("MAILERS"))
	}
	return b.done("Email goes through a real backend.")
}
