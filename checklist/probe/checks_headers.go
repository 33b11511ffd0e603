package probe

import (
	"regexp"
	"strings"

	"github.com/djharden/djharden/checklist"
)

// cspDirective returns the value of one directive of a CSP header, and whether it is there.
func cspDirective(policy, name string) (string, bool) {
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 && strings.EqualFold(f[0], name) {
			return strings.Join(f[1:], " "), true
		}
	}
	return "", false
}

var clickjackingCheck = check{
	ID:    "live-clickjacking",
	Title: "Pages refuse to be framed by other sites",
	Lesson: `A hostile page can load yours in an invisible frame and trick a visitor into clicking
your buttons. X-Frame-Options: DENY (or CSP frame-ancestors) makes browsers refuse.`,
	Docs:   "https://docs.djangoproject.com/en/stable/ref/clickjacking/",
	Fix:    "Keep django.middleware.clickjacking.XFrameOptionsMiddleware in MIDDLEWARE (X_FRAME_OPTIONS = \"DENY\"), or send CSP frame-ancestors 'self'.",
	Static: "clickjacking",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "X-Frame-Options", false, func(vals []string, ex *Exchange) (checklist.Status, string) {
			if _, ok := cspDirective(ex.Header.Get("Content-Security-Policy"), "frame-ancestors"); ok {
				return checklist.Pass, ""
			}
			if len(vals) == 0 {
				return checklist.Fail, "no X-Frame-Options header and no CSP frame-ancestors"
			}
			switch strings.ToUpper(strings.TrimSpace(vals[0])) {
			case "DENY", "SAMEORIGIN":
				return checklist.Pass, ""
			}
			return checklist.Fail, "X-Frame-Options is " + vals[0] + "; browsers honour only DENY and SAMEORIGIN"
		})
	},
}

var nosniffCheck = check{
	ID:    "live-content-type-nosniff",
	Title: "X-Content-Type-Options: nosniff is sent",
	Lesson: `Without nosniff a browser may guess that an uploaded text file is a script and run it.
Django's SecurityMiddleware sends it by default.`,
	Docs:   djangoDocs("secure-content-type-nosniff"),
	Fix:    "Keep SecurityMiddleware first in MIDDLEWARE with SECURE_CONTENT_TYPE_NOSNIFF = True (the default).",
	Static: "security-headers",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "X-Content-Type-Options", false, func(vals []string, _ *Exchange) (checklist.Status, string) {
			if len(vals) == 0 || !strings.EqualFold(strings.TrimSpace(vals[0]), "nosniff") {
				return checklist.Warn, "no X-Content-Type-Options: nosniff"
			}
			return checklist.Pass, ""
		})
	},
}

var referrerCheck = check{
	ID:    "live-referrer-policy",
	Title: "A Referrer-Policy keeps full URLs on the site",
	Lesson: `Links to other sites send the page's URL, query string and all (reset tokens, search
terms), unless a Referrer-Policy says otherwise. Django sends same-origin by default since 3.1.`,
	Docs:   djangoDocs("secure-referrer-policy"),
	Fix:    "Set SECURE_REFERRER_POLICY = \"same-origin\" (or strict-origin-when-cross-origin) with SecurityMiddleware.",
	Static: "security-headers",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "Referrer-Policy", false, func(vals []string, _ *Exchange) (checklist.Status, string) {
			if len(vals) == 0 {
				return checklist.Warn, "no Referrer-Policy header"
			}
			for _, v := range strings.Split(strings.Join(vals, ","), ",") {
				switch strings.ToLower(strings.TrimSpace(v)) {
				case "unsafe-url", "no-referrer-when-downgrade":
					return checklist.Warn, "Referrer-Policy " + strings.TrimSpace(v) + " sends full URLs to other sites"
				}
			}
			return checklist.Pass, ""
		})
	},
}

var coopCheck = check{
	ID:    "live-coop",
	Title: "Cross-Origin-Opener-Policy isolates the site's windows",
	Lesson: `A page you open in a popup can otherwise reach back into your window. COOP same-origin
cuts that link; Django sends it by default since 4.0.`,
	Docs:   djangoDocs("secure-cross-origin-opener-policy"),
	Fix:    "Send Cross-Origin-Opener-Policy: same-origin (SECURE_CROSS_ORIGIN_OPENER_POLICY on Django 4.0+, or add_header in the proxy on older versions).",
	Static: "security-headers",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "Cross-Origin-Opener-Policy", false, func(vals []string, _ *Exchange) (checklist.Status, string) {
			if len(vals) == 0 {
				return checklist.Warn, "no Cross-Origin-Opener-Policy header"
			}
			switch strings.ToLower(strings.TrimSpace(vals[0])) {
			case "same-origin", "same-origin-allow-popups":
				return checklist.Pass, ""
			}
			return checklist.Warn, "Cross-Origin-Opener-Policy is " + vals[0]
		})
	},
}

var cspCheck = check{
	ID:    "live-csp",
	Title: "A Content-Security-Policy is enforced, without 'unsafe-inline' scripts",
	Lesson: `A CSP tells the browser where scripts may come from, so an injected <script> does not run.
Report-Only watches without blocking; 'unsafe-inline' in script-src lets injected scripts run.`,
	Docs:   "https://docs.djangoproject.com/en/stable/ref/csp/",
	Fix:    "Send an enforced Content-Security-Policy (Django 6.0's ContentSecurityPolicyMiddleware, django-csp, or the proxy) with script-src free of 'unsafe-inline'; try it as Report-Only first.",
	Static: "security-headers",
	run: func(ev *evidence) checklist.Finding {
		return headerCheck(ev, "Content-Security-Policy", false, func(vals []string, ex *Exchange) (checklist.Status, string) {
			if len(vals) == 0 {
				if ex.Header.Get("Content-Security-Policy-Report-Only") != "" {
					return checklist.Warn, "only Content-Security-Policy-Report-Only: it reports, it does not block"
				}
				return checklist.Warn, "no Content-Security-Policy header"
			}
			policy := strings.Join(vals, ";")
			src, ok := cspDirective(policy, "script-src")
			if !ok {
				src, ok = cspDirective(policy, "default-src")
			}
			if !ok {
				return checklist.Warn, "the policy limits neither script-src nor default-src"
			}
			if strings.Contains(strings.ToLower(src), "'unsafe-inline'") && !strings.Contains(src, "'nonce-") && !strings.Contains(src, "'sha") {
				return checklist.Warn, "script sources allow 'unsafe-inline', so injected scripts run"
			}
			return checklist.Pass, ""
		})
	},
}

var versionDigits = regexp.MustCompile(`\d+\.\d+`)

var versionLeakCheck = check{
	ID:    "live-version-leak",
	Title: "Server and X-Powered-By do not announce software versions",
	Lesson: `A version number in a header tells an attacker which known holes to try first. It is no
defence on its own, but it costs nothing to hide.`,
	Docs:   "https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens",
	Fix:    "Hide versions in the proxy (nginx: server_tokens off;) and drop X-Powered-By.",
	Static: "",
	run: func(ev *evidence) checklist.Finding {
		if f, ok := needPage(ev); !ok {
			return f
		}
		var locs []checklist.Location
		var leaks []string
		for _, ex := range ev.pages() {
			for _, name := range []string{"Server", "X-Powered-By"} {
				v := ex.Header.Get(name)
				if v == "" {
					continue
				}
				if name == "X-Powered-By" || versionDigits.MatchString(v) {
					leaks = append(leaks, name+": "+v)
					locs = append(locs, at(ex, header(ex, name)))
				}
			}
		}
		if len(leaks) == 0 {
			return result(checklist.Pass, "No version numbers in Server or X-Powered-By.", at(ev.page(), header(ev.page(), "Server")))
		}
		return result(checklist.Warn, "The site announces "+strings.Join(dedupe(leaks), "; ")+".", locs...)
	},
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
