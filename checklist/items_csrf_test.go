package checklist

import (
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/scan"
)

func withScan(sites ...scan.Site) func(*project.Project) {
	return func(p *project.Project) {
		p.Scan = &scan.Result{Sites: sites, Files: 3, Hidden: map[string]int{}}
	}
}

const onlySessionsApp = "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware']\n"

func TestCSRFSessionAndHeaderItems(t *testing.T) {
	runItemCases(t, []itemCase{
		{name: "on", item: "csrf", status: Pass},
		{name: "middleware removed", item: "csrf", src: "MIDDLEWARE.remove('django.middleware.csrf.CsrfViewMiddleware')\n", status: Fail, ids: []string{"security.W003"},
			line: lineOf("MIDDLEWARE.remove('django.middleware.csrf.CsrfViewMiddleware')\n", "MIDDLEWARE.remove")},
		{name: "cookie not secure", item: "csrf", src: "CSRF_COOKIE_SECURE = False\n", status: Warn, ids: []string{"security.W016"}},
		{name: "CSRF_USE_SESSIONS skips W016", item: "csrf", src: "CSRF_COOKIE_SECURE = False\nCSRF_USE_SESSIONS = True\n", status: Pass},
		{name: "'True' string is truthy on 3.2", item: "csrf", src: "CSRF_COOKIE_SECURE = 'True'\n", status: Pass},
		{name: "'True' string is not True on 4.2", item: "csrf", version: v42, src: "CSRF_COOKIE_SECURE = 'True'\n", status: Warn, ids: []string{"security.W016"}, message: "boolean True"},
		{name: "origins without scheme on 4.2", item: "csrf", version: v42, src: "CSRF_TRUSTED_ORIGINS = ['example.com', 'https://ok.com']\n", status: Warn, ids: []string{"4_0.E001"}},
		{name: "origins without scheme are right on 3.2", item: "csrf", src: "CSRF_TRUSTED_ORIGINS = ['example.com']\n", status: Pass},
		{name: "origins with scheme are wrong on 3.2", item: "csrf", src: "CSRF_TRUSTED_ORIGINS = ['https://example.com']\n", status: Warn, message: "before Django 4.0"},
		{name: "csrf_exempt in code", item: "csrf", tweak: withScan(scan.Site{Rule: "csrf-exempt", Item: "csrf", File: "app/views.py", Line: 9, Message: "@csrf_exempt on upload"}),
			status: Warn, message: "@csrf_exempt on upload"},

		{name: "secure", item: "session-cookies", status: Pass},
		{name: "W012 with app and middleware", item: "session-cookies", src: "SESSION_COOKIE_SECURE = False\n", status: Warn, ids: []string{"security.W012"}},
		{name: "W010 with the app only", item: "session-cookies", src: onlySessionsApp + "SESSION_COOKIE_SECURE = False\n", status: Warn, ids: []string{"security.W010"}},
		{name: "W011 with the middleware only", item: "session-cookies", src: "INSTALLED_APPS = []\nSESSION_COOKIE_SECURE = 0\n", status: Warn, ids: []string{"security.W011"}},
		{name: "W015 httponly off", item: "session-cookies", src: "SESSION_COOKIE_HTTPONLY = False\n", status: Warn, ids: []string{"security.W015"}},
		{name: "nothing without sessions", item: "session-cookies", src: "INSTALLED_APPS = []\n" + onlySessionsApp + "SESSION_COOKIE_SECURE = False\n", status: Skip, message: "sends no session cookie"},
		{name: "1 is truthy on 3.2", item: "session-cookies", src: "SESSION_COOKIE_SECURE = 1\n", status: Pass},
		{name: "1 is not True on 4.2", item: "session-cookies", version: v42, src: "SESSION_COOKIE_SECURE = 1\n", status: Warn, ids: []string{"security.W012"}},

		{name: "frames denied", item: "clickjacking", status: Pass},
		{name: "middleware removed", item: "clickjacking", src: "MIDDLEWARE = MIDDLEWARE[:3]\n", status: Unknown},
		{name: "middleware removed by remove()", item: "clickjacking", src: "MIDDLEWARE.remove('django.middleware.clickjacking.XFrameOptionsMiddleware')\n", status: Fail, ids: []string{"security.W002"}},
		{name: "SAMEORIGIN", item: "clickjacking", src: "X_FRAME_OPTIONS = 'SAMEORIGIN'\n", status: Warn, ids: []string{"security.W019"}},
		{name: "lowercase deny is not DENY", item: "clickjacking", src: "X_FRAME_OPTIONS = 'deny'\n", status: Warn, ids: []string{"security.W019"}},

		{name: "defaults", item: "security-headers", status: Pass},
		{name: "no SecurityMiddleware", item: "security-headers", src: noSecurityMW, status: Fail, ids: []string{"security.W001"}},
		{name: "nosniff off", item: "security-headers", src: "SECURE_CONTENT_TYPE_NOSNIFF = 'True'\n", status: Warn, ids: []string{"security.W006"}},
		{name: "referrer None", item: "security-headers", src: "SECURE_REFERRER_POLICY = None\n", status: Warn, ids: []string{"security.W022"}},
		{name: "referrer list with a bad value", item: "security-headers", src: "SECURE_REFERRER_POLICY = ['same-origin', 'nope']\n", status: Warn, ids: []string{"security.E023"}},
		{name: "referrer comma string", item: "security-headers", src: "SECURE_REFERRER_POLICY = 'no-referrer, strict-origin'\n", status: Pass},
		{name: "COOP ignored on 3.2", item: "security-headers", src: "SECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'\n", status: Pass},
		{name: "COOP invalid on 4.2", item: "security-headers", version: v42, src: "SECURE_CROSS_ORIGIN_OPENER_POLICY = 'bogus'\n", status: Warn, ids: []string{"security.E024"}},
		{name: "obsolete XSS filter", item: "security-headers", src: "SECURE_BROWSER_XSS_FILTER = True\n", status: Warn, message: "obsolete"},
		{name: "no CSP middleware on 6.0", item: "security-headers", version: v60, status: Warn, message: "No Content Security Policy"},
		{name: "CSP not a dict on 6.0", item: "security-headers", version: v60, src: "MIDDLEWARE.append('django.middleware.csp.ContentSecurityPolicyMiddleware')\nSECURE_CSP = \"default-src 'self'\"\n",
			status: Warn, ids: []string{"security.E026"}},
		{name: "nonce without the context processor on 6.1", item: "security-headers", version: v61,
			src:    "from django.utils.csp import CSP\nMIDDLEWARE.append('django.middleware.csp.ContentSecurityPolicyMiddleware')\nSECURE_CSP = {'script-src': [CSP.SELF, CSP.NONCE]}\nTEMPLATES = [{'OPTIONS': {'context_processors': []}}]\n",
			status: Warn, ids: []string{"security.W027"}},

		{name: "skipped before 6.1", item: "email-backend", src: "EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'\n", status: Skip},
		// Django 6.1 reads only MAILERS: a deprecated EMAIL_BACKEND is our warning, not mail.E001.
		{name: "console EMAIL_BACKEND on 6.1", item: "email-backend", version: v61, src: "EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'\n", status: Warn, message: "deprecates EMAIL_BACKEND"},
		{name: "console MAILERS on 6.1", item: "email-backend", version: v61, src: "MAILERS = {'default': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}\n", status: Warn, ids: []string{"mail.E001"}},
		{name: "MAILERS empty on 6.1", item: "email-backend", version: v61, src: "MAILERS = {}\n", status: Warn, ids: []string{"mail.W001"}},
		{name: "MAILERS without default on 6.1", item: "email-backend", version: v61, src: "MAILERS = {'bulk': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}\n", status: Warn, ids: []string{"mail.W001"}},
		{name: "MAILERS default without BACKEND is SMTP", item: "email-backend", version: v61, src: "MAILERS = {'default': {}}\n", status: Pass},
		{name: "smtp on 6.1", item: "email-backend", version: v61, status: Pass},
	})
}
