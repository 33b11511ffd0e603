package tui

import (
	"fmt"

	"github.com/charmbracelet/huh"

	"github.com/djharden/djharden/generator"
)

// The fields and explanations of the questions after the domains.
// Explanations are rendered with lip gloss, not as huh Notes, whose
// markdown pass would eat the underscores of setting names.

func httpsField(s *questionsScreen, a *app) huh.Field {
	return huh.NewSelect[string]().Title("How is HTTPS served?").
		Options(
			huh.NewOption("A platform or proxy handles HTTPS (Heroku, Render, Fly.io, nginx, Caddy)", generator.HTTPSProxy),
			huh.NewOption("Django's server itself is reached over HTTPS", generator.HTTPSDirect),
			huh.NewOption("No HTTPS yet", generator.HTTPSNone),
		).Value(&s.https)
}

func httpsExplain(s *questionsScreen, a *app) []string {
	th, w := a.th, a.contentWidth()
	var out []string
	if hint := proxyHint(a); hint != "" {
		out = append(out, wrap(th.Subtle.Render("Suggested from "+hint+"."), w)...)
	}
	switch s.https {
	case generator.HTTPSProxy:
		out = append(out, wrap("The proxy talks HTTPS to browsers and plain HTTP to Django, and says so in the X-Forwarded-Proto header. djharden sets "+
			th.Setting.Render("SECURE_PROXY_SSL_HEADER")+" so Django believes it; without it "+th.Setting.Render("SECURE_SSL_REDIRECT")+
			" redirects forever (a redirect loop). Choose this only if the proxy removes that header from clients' requests.", w)...)
	case generator.HTTPSDirect:
		out = append(out, wrap("No proxy sets X-Forwarded-Proto, so djharden does not trust that header (clients could fake HTTPS with it). "+
			th.Setting.Render("SECURE_SSL_REDIRECT")+" sends plain HTTP visitors to HTTPS and cookies are marked secure.", w)...)
	case generator.HTTPSNone:
		out = append(out, wrap("Redirects, secure cookies and HSTS stay off, each recorded as a declined recommendation with this reason. Passwords and session cookies cross the network readable: get a certificate (Let's Encrypt is free) and run djharden again.", w)...)
	}
	return out
}

// proxyHint names the hosting file that suggests a TLS proxy.
func proxyHint(a *app) string {
	for _, h := range a.p.Hosting {
		if h.Proxy {
			return fmt.Sprintf("%s (%s)", h.Kind, location(h.File, h.Line))
		}
	}
	return ""
}

func hstsField(s *questionsScreen, a *app) huh.Field {
	return huh.NewSelect[string]().Title("HTTP Strict Transport Security (HSTS): which stage?").
		Options(
			huh.NewOption("Trial: one hour (start here)", generator.HSTSTrial),
			huh.NewOption("A year: every page already works over HTTPS", generator.HSTSYear),
			huh.NewOption("Preload: a year, subdomains, browsers' built-in list", generator.HSTSPreload),
			huh.NewOption("Off", generator.HSTSOff),
		).Value(&s.hsts)
}

func hstsExplain(s *questionsScreen, a *app) []string {
	th, w := a.th, a.contentWidth()
	setting := th.Setting.Render("SECURE_HSTS_SECONDS")
	switch s.hsts {
	case generator.HSTSTrial:
		return wrap(setting+" = 3600. Browsers remember for an hour to use only HTTPS with this site. If something breaks, it heals itself within the hour; once everything works, run djharden again and choose a year.", w)
	case generator.HSTSYear:
		return wrap(setting+" = 31536000. Browsers refuse plain HTTP for a year: choose it only when every page and asset works over HTTPS.", w)
	case generator.HSTSPreload:
		return wrap(setting+" = 31536000 with "+th.Setting.Render("SECURE_HSTS_INCLUDE_SUBDOMAINS")+" and "+th.Setting.Render("SECURE_HSTS_PRELOAD")+". You will be asked to confirm.", w)
	}
	return wrap("No HSTS header: a visitor's first plain-HTTP request can be intercepted before the redirect to HTTPS. Recorded as a declined recommendation.", w)
}

func preloadField(s *questionsScreen, a *app) huh.Field {
	s.preloadOK = false
	return huh.NewConfirm().Title("Really ask for preload?").
		Affirmative("Yes, preload").Negative("No, a year is enough").Value(&s.preloadOK)
}

func preloadExplain(s *questionsScreen, a *app) []string {
	w := a.contentWidth()
	return wrap("Preload lets you submit the domain to the list built into browsers: they will never speak plain HTTP to it or to ANY subdomain, now or later, including ones you have not created yet. "+
		"Getting off the list takes 6 to 12 weeks or more, and old browsers keep it for much longer. Answer no to keep a year without preload.", w)
}

func subdomainsField(s *questionsScreen, a *app) huh.Field {
	return huh.NewConfirm().Title("Is every subdomain served over HTTPS too?").
		Affirmative("Yes").Negative("No / not sure").Value(&s.subdomains)
}

func subdomainsExplain(s *questionsScreen, a *app) []string {
	th, w := a.th, a.contentWidth()
	return wrap("Yes sets "+th.Setting.Render("SECURE_HSTS_INCLUDE_SUBDOMAINS")+": browsers then refuse plain HTTP on every subdomain (an intranet or mail host over HTTP would break). "+
		"Not sure? Answer no: the setting stays off and the warning is recorded with this reason.", w)
}

func envStyleField(s *questionsScreen, a *app) huh.Field {
	label := func(text, style string) string {
		if style == a.p.EnvStyle {
			return text + " (detected)"
		}
		return text
	}
	return huh.NewSelect[string]().Title("How should settings read the environment?").
		Options(
			huh.NewOption(label("os.environ: no new dependency", "os"), "os"),
			huh.NewOption(label("django-environ", "environ"), "environ"),
			huh.NewOption(label("python-decouple", "decouple"), "decouple"),
		).Value(&s.envStyle)
}

func envStyleExplain(s *questionsScreen, a *app) []string {
	w := a.contentWidth()
	switch s.envStyle {
	case "environ":
		return wrap("Uses django-environ's env(...) calls, reusing the variable names your settings already read. The package must be in your requirements.", w)
	case "decouple":
		return wrap("Uses python-decouple's config(...) calls, reusing the variable names your settings already read. The package must be in your requirements.", w)
	}
	return wrap("Plain os.environ reads: nothing to install. The server must put the env file's values into the environment (your platform's config vars, systemd's EnvironmentFile, docker compose's env_file).", w)
}

func envFileField(s *questionsScreen, a *app) huh.Field {
	return huh.NewInput().Title("Where should the real values go?").
		Description("A file in the project; it is git-ignored and readable only by you.").
		Value(&s.envFile).Validate(cleanEnvPath)
}

func envFileExplain(s *questionsScreen, a *app) []string {
	th, w := a.th, a.contentWidth()
	return wrap("This file gets the new "+th.Setting.Render("SECRET_KEY")+" and the passwords moved out of settings (mode 0600, added to .gitignore; values already in it are kept). "+
		".env.example, safe to commit, lists the same variables with placeholders.", w)
}
