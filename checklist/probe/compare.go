package probe

import (
	"github.com/djharden/djharden/checklist"
)

// Compare sets each live finding beside the static finding for the same
// checklist item and, where they disagree, says so with the likely cause.
// Unknown on either side is no disagreement: one side could not tell.
func Compare(live *Report, static *checklist.Report) {
	if live == nil || static == nil {
		return
	}
	info := static.Project
	live.Project = &info
	byID := map[string]checklist.Finding{}
	for _, f := range static.Findings {
		byID[f.ID] = f
	}
	for i := range live.Findings {
		f := &live.Findings[i]
		sf, ok := byID[f.Static]
		if f.Static == "" || !ok {
			continue
		}
		f.Settings = &StaticView{ID: sf.ID, Status: sf.Status, Message: checklist.RedactLine(staticMessage(sf))}
		f.Disagreement = disagreement(f, sf)
		if f.ID == "live-hsts" && f.Disagreement != "" {
			if loop := live.Lookup("live-redirect-loop"); loop != nil && loop.Status == checklist.Fail {
				f.Disagreement = "The settings set HSTS, yet the site sends none: Django never sees these requests as HTTPS (the proxy sends no X-Forwarded-Proto, see live-redirect-loop), and it sends HSTS only over HTTPS."
			}
		}
	}
	live.Summary = tally(live.Findings)
}

// staticMessage is the static finding in one line: its message, or its first problem's.
func staticMessage(f checklist.Finding) string {
	if f.Message != "" {
		return f.Message
	}
	if len(f.Problems) > 0 {
		return f.Problems[0].Message
	}
	return ""
}

func good(s checklist.Status) bool { return s == checklist.Pass || s == checklist.Accepted }

// worseLive names, per live check, why the live site fails what the settings
// pass. COOP and CSP have none: the static item checks them only on the
// Django versions that set them, so its pass does not promise the header.
var worseLive = map[string]string{
	"live-debug":                "The settings turn DEBUG off, yet the site shows Django's debug page: the server runs other settings (DJANGO_SETTINGS_MODULE, or an environment variable turning DEBUG on), or an old process started with DEBUG on still serves the site.",
	"live-hsts":                 "The settings set HSTS, yet the site sends no valid Strict-Transport-Security header: SecurityMiddleware is missing from the production MIDDLEWARE, the server runs other settings, or the proxy drops the header.",
	"live-https-redirect":       "The settings redirect to HTTPS, yet plain HTTP is not redirected: the proxy answers plain HTTP itself, or it tells Django every request is HTTPS (X-Forwarded-Proto: https on plain HTTP too).",
	"live-redirect-loop":        "The settings trust X-Forwarded-Proto, yet HTTPS requests loop: the proxy does not send the header (nginx: proxy_set_header X-Forwarded-Proto $scheme;), so Django keeps redirecting to HTTPS.",
	"live-proxy-header":         "The settings trust X-Forwarded-Proto, and the proxy passes the client's own value through over plain HTTP: set it from the connection in the proxy, on every server block.",
	"live-csrf-cookie":          "The settings make the CSRF cookie secure, yet the site sets it without those flags: the server runs other settings, or something in between rewrites Set-Cookie.",
	"live-session-cookie":       "The settings make the session cookie secure, yet the site sets it without those flags: the server runs other settings, or something in between rewrites Set-Cookie.",
	"live-allowed-hosts":        "The settings list only your hosts, yet a foreign Host was answered: the server runs with another ALLOWED_HOSTS (an environment variable), or the proxy rewrites Host to a name you allow.",
	"live-clickjacking":         "The settings send X-Frame-Options, yet the site does not: XFrameOptionsMiddleware is missing from the production MIDDLEWARE, or the proxy drops the header.",
	"live-content-type-nosniff": "The settings send this header, yet the site does not: SecurityMiddleware is missing from the production MIDDLEWARE, or the proxy drops the header.",
	"live-referrer-policy":      "The settings send this header, yet the site does not: SecurityMiddleware is missing from the production MIDDLEWARE, or the proxy drops the header.",
}

// betterLive names why the live site passes what the settings fail. Only
// checks that cover their whole item can say so: a live nosniff pass says
// nothing about the CSP the static item may be failing on, and a CSRF cookie
// says nothing about csrf_exempt views.
var betterLive = map[string]string{
	"live-debug":          "The settings leave DEBUG on, yet the site shows no debug page: the server runs other settings or environment than the ones checked; pass --settings and --env-file with the production values.",
	"live-hsts":           "The settings fail the HSTS item, yet the site sends a year-long header: the proxy or platform adds it. That works, but the settings no longer tell the truth; keep one place in charge.",
	"live-https-redirect": "The settings do not redirect to HTTPS, yet the site does: the proxy or platform redirects. That is fine; the settings check cannot see it.",
	"live-session-cookie": "The settings leave the session cookie insecure, yet the site sets it securely: the server runs other settings than the ones checked.",
	"live-allowed-hosts":  "The settings accept any host, yet a foreign Host was refused: the proxy refuses unknown names before Django sees them. Keep ALLOWED_HOSTS tight anyway, for the day the proxy changes.",
	"live-clickjacking":   "The settings do not forbid framing, yet the site does: the proxy adds the header.",
}

// warnIsEnough lists the checks whose static warn already means "insecure"
// (a session cookie without Secure is a warn statically); for the others a
// static warn may be about a facet the live check does not judge.
var warnIsEnough = map[string]bool{"live-debug": true, "live-session-cookie": true, "live-allowed-hosts": true}

func disagreement(f *Finding, sf checklist.Finding) string {
	switch {
	case good(sf.Status) && (f.Status == checklist.Fail || f.Status == checklist.Warn):
		return worseLive[f.ID]
	case f.Status == checklist.Pass && (sf.Status == checklist.Fail || sf.Status == checklist.Warn && warnIsEnough[f.ID]):
		return betterLive[f.ID]
	}
	return ""
}
