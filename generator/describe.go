package generator

import (
	"fmt"
	"strings"

	"github.com/djharden/djharden/checklist/project"
)

// Describe says, in one or two plain sentences, what applying the plan
// does for a checklist item of this project: what the wizard shows under
// "What djharden will change". Items the generator cannot fix (code,
// the Django version) say so and what to do instead.
func Describe(p *project.Project, itemID string) string {
	v := envVarNamesFor(p)
	switch itemID {
	case "debug":
		return fmt.Sprintf("DEBUG is read from %s (true, 1, yes or on turn it on) and is False when the variable is unset, so production is safe by default.", v.Debug)
	case "secret-key":
		return fmt.Sprintf("A new 64-character key goes into the env file; settings read it from %s and refuse to start in production without it. A key written in settings is replaced at its line by that read; with DEBUG on and no key, a development-only key keeps runserver and its sessions working.", v.SecretKey)
	case "allowed-hosts":
		return fmt.Sprintf("ALLOWED_HOSTS is read from %s: the domains you give next, merged with the hosts the settings already list; localhost stays allowed while DEBUG is on.", v.AllowedHosts)
	case "https-redirect":
		return "Depends on your HTTPS answer: SECURE_SSL_REDIRECT is on whenever DEBUG is off when the site is served over HTTPS (runserver keeps plain HTTP); left off (and reported) when it is not yet."
	case "hsts":
		return "Depends on the HSTS stage you choose: an hour to start, a year once everything works; includeSubDomains and preload only when you say so, with the declined checks recorded and explained. HSTS the settings already send is never lowered."
	case "proxy-ssl-header":
		return "Set only when a platform or proxy terminates HTTPS (SECURE_PROXY_SSL_HEADER trusts its X-Forwarded-Proto); left unset otherwise, so clients cannot fake HTTPS."
	case "csrf":
		if dv := p.Django.Checked(); dv.Known && !dv.AtLeast(4, 0) {
			return fmt.Sprintf("CSRF_COOKIE_SECURE on over HTTPS while DEBUG is off, and CSRF_TRUSTED_ORIGINS from %s (bare host names, as Django before 4.0 wants; existing entries kept).", v.CSRFOrigins)
		}
		return fmt.Sprintf("CSRF_COOKIE_SECURE on over HTTPS while DEBUG is off, and CSRF_TRUSTED_ORIGINS from %s (https:// origins of your domains; existing entries kept).", v.CSRFOrigins)
	case "session-cookies":
		return "SESSION_COOKIE_SECURE on over HTTPS while DEBUG is off, and SESSION_COOKIE_HTTPONLY = True, so the session cookie never travels in the clear or reaches JavaScript."
	case "clickjacking":
		return `X_FRAME_OPTIONS = "DENY" (an explicit "SAMEORIGIN" stays: the site may frame its own pages). If XFrameOptionsMiddleware was removed from MIDDLEWARE, put it back by hand: djharden does not reorder your middleware.`
	case "security-headers":
		s := `SECURE_CONTENT_TYPE_NOSNIFF = True and SECURE_REFERRER_POLICY = "same-origin"`
		if !p.Django.Known || p.Django.AtLeast(4, 0) {
			s += `, SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"`
		}
		if dv := p.Django.Checked(); dv.Known && dv.Oldest().AtLeast(6, 0) {
			s += ", and a starter Content Security Policy in report-only mode (watch the reports, then enforce it)"
		} else if dv.Known && dv.AtLeast(6, 0) {
			s += "; no Content Security Policy, since the requirements still allow a Django without one (before 6.0)"
		}
		return s + "."
	case "email-backend":
		if !p.Django.Known || p.Django.AtLeast(6, 1) {
			return fmt.Sprintf("A production SMTP backend configured from %s, %s, %s and %s.", v.EmailHost, v.EmailPort, v.EmailUser, v.EmailPassword)
		}
		return "Nothing: Django checks the email backend from 6.1 on."
	case "secrets-in-settings":
		return "Literal database and email passwords in settings are replaced at their line by environment reads; their values move to the env file (change any that were committed)."
	case "env-file":
		return "The env file is created with mode 0600 and added to .gitignore; .env.example, safe to commit, lists every variable with a placeholder."
	case "sql-injection", "xss", "csrf-exempt":
		return "Nothing: djharden does not rewrite code. Each site shows the safe pattern."
	case "django-version":
		if !p.Django.Known || strings.HasSuffix(p.Django.Source, ".py") || strings.Contains(p.Django.Source, ".py:") {
			// No requirements or lock file names Django: the version is a guess.
			return "Nothing automatic: no requirements or lock file pins Django, so the version is a guess. Pin a supported release (e.g. Django==5.2.* in requirements.txt), install it and read the release notes."
		}
		return "Nothing automatic: upgrade Django in your requirements and read the release notes; djharden check tells you when a series is out of support."
	case "deploy-check":
		return "After writing, Django's own manage.py check --deploy runs with the env file's values, when a Python with Django is found."
	}
	if d := describeDeploy(itemID); d != "" {
		return d
	}
	return "The hardened settings block sets this from your answers."
}
