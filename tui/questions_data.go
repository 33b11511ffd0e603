package tui

import (
	"github.com/djharden/djharden/generator"
)

// The questions, as data (see flow.go). whereQuestions come right after the
// welcome: where the site runs shapes the HTTPS settings and the next
// steps. settingsQuestions come after the checklist items.

var whereQuestions = []question{
	{id: "platform", kind: askChoice, title: "Where will the site run?",
		options: platformOptions, text: func(q *answersState) *string { return &q.platform },
		explain: platformExplain,
		answered: func(q *answersState, a *app) {
			q.https = q.platformInfo().HTTPS
		}},
	{id: "https", kind: askChoice, title: "Will visitors reach the site over HTTPS?",
		options: httpsOptions, text: func(q *answersState) *string { return &q.https },
		explain: httpsExplain},
}

var settingsQuestions = []question{
	{id: "static", kind: askChoice, title: "How will static files (CSS, JavaScript, images) be served?",
		options: staticOptions, text: func(q *answersState) *string { return &q.static },
		explain: staticExplain, applies: (*answersState).staticAsked},
	{id: "domains", kind: askText, title: "Which domain(s) will serve the site?",
		description: "Separate several with commas, e.g. example.com, www.example.com",
		placeholder: "e.g. example.com", text: func(q *answersState) *string { return &q.domainsText },
		validate: validateDomains, explain: domainsPreview},
	{id: "hsts", kind: askChoice, title: "HTTP Strict Transport Security (HSTS): which stage?",
		options: func(*answersState, *app) []choice {
			return []choice{
				{"Trial: one hour (start here)", generator.HSTSTrial},
				{"A year: every page already works over HTTPS", generator.HSTSYear},
				{"Preload: a year, subdomains, browsers' built-in list", generator.HSTSPreload},
				{"Off", generator.HSTSOff},
			}
		},
		text: func(q *answersState) *string { return &q.hsts }, explain: hstsExplain,
		applies: (*answersState).httpsOn},
	{id: "preload", kind: askConfirm, title: "Really ask for preload?", yes: "Yes, preload", no: "No, a year is enough",
		flag: func(q *answersState) *bool { return &q.preloadOK }, explain: preloadExplain,
		applies: func(q *answersState) bool { return q.httpsOn() && q.hsts == generator.HSTSPreload },
		answered: func(q *answersState, a *app) {
			if !q.preloadOK {
				q.hsts = generator.HSTSYear // declined: a year without preload
			}
		}},
	{id: "subdomains", kind: askConfirm, title: "Is every subdomain served over HTTPS too?", yes: "Yes", no: "No / not sure",
		flag: func(q *answersState) *bool { return &q.subdomains }, explain: subdomainsExplain,
		applies: func(q *answersState) bool {
			return q.httpsOn() && (q.hsts == generator.HSTSTrial || q.hsts == generator.HSTSYear)
		}},
	{id: "env-style", kind: askChoice, title: "How should settings read the environment?",
		options: envStyleOptions, text: func(q *answersState) *string { return &q.envStyle }, explain: envStyleExplain},
	{id: "env-file", kind: askText, title: "Where should the real values go?",
		description: "A file in the project; it is git-ignored and readable only by you.",
		text:        func(q *answersState) *string { return &q.envFile },
		validate:    func(_ *app, text string) error { return cleanEnvPath(text) }, explain: envFileExplain},
}

func platformOptions(q *answersState, a *app) []choice {
	suggested, hint := generator.SuggestPlatform(a.p)
	var out []choice
	for _, pl := range generator.Platforms() {
		label := pl.Label
		if pl.ID == suggested && hint != nil {
			label += " (suggested: " + location(hint.File, hint.Line) + ")"
		}
		out = append(out, choice{label, pl.ID})
	}
	return out
}

func platformExplain(q *answersState, a *app) []string {
	th, w := a.th, a.contentWidth()
	pl := q.platformInfo()
	var out []string
	if _, hint := generator.SuggestPlatform(a.p); hint != nil {
		out = append(out, wrap(th.Subtle.Render("Suggested from "+location(hint.File, hint.Line)+": "+hint.Detail), w)...)
	} else if q.platform == generator.PlatformUnsure {
		out = append(out, wrap(th.Subtle.Render("No hosting files found (Procfile, fly.toml, render.yaml, nginx or compose files), so the suggestion is \"not sure yet\"."), w)...)
	}
	return append(out, wrap(pl.Why, w)...)
}

func httpsOptions(q *answersState, a *app) []choice {
	pl := q.platformInfo()
	var out []choice
	switch pl.HTTPS {
	case generator.HTTPSDirect:
		out = append(out, choice{"Yes: Django's own process serves HTTPS", generator.HTTPSDirect})
	default:
		out = append(out, choice{"Yes, or it will on the first deploy: " + proxyName(pl) + " serves HTTPS", generator.HTTPSProxy})
		if pl.ID == generator.PlatformUnsure {
			out = append(out, choice{"Yes: Django's own process serves HTTPS (no proxy)", generator.HTTPSDirect})
		}
	}
	return append(out, choice{"No HTTPS yet", generator.HTTPSNone})
}

func proxyName(pl generator.Platform) string {
	switch pl.ID {
	case generator.PlatformOwnProxy:
		return "the web server in front"
	case generator.PlatformUnsure:
		return "the host's proxy"
	}
	return pl.Label
}

func httpsExplain(q *answersState, a *app) []string {
	th, w := a.th, a.contentWidth()
	switch q.https {
	case generator.HTTPSProxy:
		return wrap("The proxy talks HTTPS to browsers and plain HTTP to Django, and says so in the X-Forwarded-Proto header. djharden sets "+
			th.Setting.Render("SECURE_PROXY_SSL_HEADER")+" so Django believes it; without it "+th.Setting.Render("SECURE_SSL_REDIRECT")+
			" would redirect forever (a redirect loop). The proxy must overwrite that header in clients' requests.", w)
	case generator.HTTPSDirect:
		return wrap("No proxy sets X-Forwarded-Proto, so djharden does not trust that header (clients could fake HTTPS with it). "+
			th.Setting.Render("SECURE_SSL_REDIRECT")+" sends plain HTTP visitors to HTTPS and cookies are marked secure.", w)
	}
	return wrap("Then the redirect to HTTPS, secure cookies and HSTS stay off, and the HSTS questions are skipped; `djharden check` keeps warning about them. "+
		"Passwords and session cookies cross the network readable: get a certificate (Let's Encrypt is free, most hosts do it for you) and run djharden again to turn them on.", w)
}

func validateDomains(a *app, text string) error {
	if len(splitDomains(text)) == 0 {
		return errEmptyDomains
	}
	_, err := a.eng.NormalizeDomains(splitDomains(text))
	return err
}

func hstsExplain(q *answersState, a *app) []string {
	th, w := a.th, a.contentWidth()
	setting := th.Setting.Render("SECURE_HSTS_SECONDS")
	switch q.hsts {
	case generator.HSTSTrial:
		return wrap(setting+" = 3600. Browsers remember for an hour to use only HTTPS with this site. If something breaks, it heals itself within the hour; once everything works, run djharden again and choose a year.", w)
	case generator.HSTSYear:
		return wrap(setting+" = 31536000. Browsers refuse plain HTTP for a year: choose it only when every page and asset works over HTTPS.", w)
	case generator.HSTSPreload:
		return wrap(setting+" = 31536000 with "+th.Setting.Render("SECURE_HSTS_INCLUDE_SUBDOMAINS")+" and "+th.Setting.Render("SECURE_HSTS_PRELOAD")+". You will be asked to confirm.", w)
	}
	return wrap("No HSTS header: a visitor's first plain-HTTP request can be intercepted before the redirect to HTTPS. `djharden check` keeps warning about it.", w)
}

func preloadExplain(q *answersState, a *app) []string {
	return wrap("Preload lets you submit the domain to the list built into browsers: they will never speak plain HTTP to it or to ANY subdomain, now or later, including ones you have not created yet. "+
		"Getting off the list takes 6 to 12 weeks or more, and old browsers keep it for much longer. Answer no to keep a year without preload.", a.contentWidth())
}

func subdomainsExplain(q *answersState, a *app) []string {
	th := a.th
	return wrap("Yes sets "+th.Setting.Render("SECURE_HSTS_INCLUDE_SUBDOMAINS")+": browsers then refuse plain HTTP on every subdomain (an intranet or mail host over HTTP would break). "+
		"Not sure? Answer no: the setting stays off, and the settings record the warning as accepted with this reason, so `djharden check` shows it as a decision.", a.contentWidth())
}

func envStyleOptions(q *answersState, a *app) []choice {
	label := func(text, style string) string {
		if style == a.p.EnvStyle {
			return text + " (detected)"
		}
		return text
	}
	return []choice{
		{label("os.environ: no new dependency", "os"), "os"},
		{label("django-environ", "environ"), "environ"},
		{label("python-decouple", "decouple"), "decouple"},
	}
}

func envStyleExplain(q *answersState, a *app) []string {
	w := a.contentWidth()
	switch q.envStyle {
	case "environ":
		return wrap("Uses django-environ's env(...) calls, reusing the variable names your settings already read. The package must be in your requirements.", w)
	case "decouple":
		return wrap("Uses python-decouple's config(...) calls, reusing the variable names your settings already read. The package must be in your requirements.", w)
	}
	return wrap("Plain os.environ reads: nothing to install. The server must put the env file's values into the environment; the last screen shows how for "+q.platformInfo().Label+".", w)
}

func envFileExplain(q *answersState, a *app) []string {
	th := a.th
	return wrap("This file gets the new "+th.Setting.Render("SECRET_KEY")+" and the passwords moved out of settings (mode 0600, added to .gitignore; values already in it are kept). "+
		".env.example, safe to commit, lists the same variables with placeholders.", a.contentWidth())
}

func staticOptions(q *answersState, a *app) []choice {
	var out []choice
	for i, o := range generator.StaticOptions(a.p) {
		label := o.Label
		if i == 0 && o.Value != generator.StaticSkip {
			label += " (suggested)"
		}
		out = append(out, choice{label, o.Value})
	}
	return out
}

func staticExplain(q *answersState, a *app) []string {
	th, w := a.th, a.contentWidth()
	var help string
	for _, o := range generator.StaticOptions(a.p) {
		if o.Value == q.static {
			help = o.Help
		}
	}
	out := wrap("With DEBUG off, Django serves no static files: unless something serves "+th.Setting.Render("STATIC_ROOT")+", the site loses its CSS.", w)
	out = append(out, "")
	switch q.static {
	case generator.StaticWhiteNoise:
		out = append(out, wrap(help+" djharden only adds the line "+th.Code.Render("whitenoise>=6.0")+
			"; install it yourself (the last screen shows the command), here and on the server, before the site starts.", w)...)
	case generator.StaticServer:
		out = append(out, wrap(help+" The settings record the static-files warning as accepted: your server serves them.", w)...)
	default:
		out = append(out, wrap(help+" Choose this when you are not sure yet; run djharden again once you know.", w)...)
	}
	return out
}
