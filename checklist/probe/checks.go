package probe

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/djharden/djharden/checklist"
)

// check is one live check: a stable ID, the lesson, the usual fix, the
// checklist item it observes, and a run over the gathered evidence.
type check struct {
	ID     string // stable: "live-hsts", ...
	Title  string
	Lesson string
	Docs   string
	Fix    string
	Static string // checklist item ID this check observes live
	run    func(*evidence) checklist.Finding
}

// checks lists every live check in report order.
func checks() []check {
	return []check{
		tlsCertCheck,
		tlsVersionCheck,
		httpsRedirectCheck,
		redirectLoopCheck,
		hstsCheck,
		hstsPreloadCheck,
		clickjackingCheck,
		nosniffCheck,
		referrerCheck,
		coopCheck,
		cspCheck,
		versionLeakCheck,
		csrfCookieCheck,
		sessionCookieCheck,
		debugCheck,
		foreignHostCheck,
		proxyHeaderCheck,
		adminCheck,
	}
}

// Checks describes the live checks (for explain-like listings and SARIF rules).
func Checks() []checklist.RuleInfo {
	var out []checklist.RuleInfo
	for _, c := range checks() {
		out = append(out, checklist.RuleInfo{ID: c.ID, Title: c.Title, Lesson: c.Lesson, Docs: c.Docs})
	}
	return out
}

func djangoDocs(anchor string) string {
	return "https://docs.djangoproject.com/en/stable/ref/settings/#" + anchor
}

const securityDocs = "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security"

// result builds a finding.
func result(s checklist.Status, msg string, locs ...checklist.Location) checklist.Finding {
	return checklist.Finding{Status: s, Message: msg, Locations: locs}
}

// at is the evidence of one exchange: the request, the status, and a line
// as received (a header, or what was missing).
func at(ex *Exchange, received string) checklist.Location {
	where := ex.Request()
	switch {
	case ex.Err != nil:
		where += " → " + describeErr(ex.Err)
	default:
		where += fmt.Sprintf(" → %d", ex.Status)
	}
	return checklist.Location{File: where, Source: received}
}

// header is a response header as received ("Name: value"), every value of
// it, or "(no Name header)".
func header(ex *Exchange, name string) string {
	if ex == nil || ex.Header == nil {
		return ""
	}
	vals := ex.Header.Values(name)
	if len(vals) == 0 {
		return "(no " + name + " header)"
	}
	return http.CanonicalHeaderKey(name) + ": " + strings.Join(vals, ", ")
}

// needPage returns an unknown finding when there is no HTTPS page to judge.
func needPage(ev *evidence) (checklist.Finding, bool) {
	if !ev.tlsOK() {
		return httpsFailed(), false
	}
	p := ev.page()
	if p.Err != nil {
		return result(checklist.Unknown, "Not checked: the page gave no answer ("+describeErr(p.Err)+").", at(p, "")), false
	}
	return checklist.Finding{}, true
}

// notFoundPage is the answer to the random unknown path, if there was one.
func (e *evidence) notFoundPage() *Exchange {
	if len(e.notFound) == 0 {
		return nil
	}
	x := e.notFound[len(e.notFound)-1]
	if x.Err != nil {
		return nil
	}
	return x
}

// pages are the HTTPS responses whose headers are judged: the page and the 404.
func (e *evidence) pages() []*Exchange {
	out := []*Exchange{e.page()}
	if nf := e.notFoundPage(); nf != nil {
		out = append(out, nf)
	}
	return out
}

// needSitePage is needPage, and also unknown when the page sends the probe
// to another host (example.com → www.example.com): the redirect's headers
// are the proxy's, not the site's, and the probe stays on its host.
func needSitePage(ev *evidence) (checklist.Finding, bool) {
	if f, ok := needPage(ev); !ok {
		return f, false
	}
	p := ev.page()
	if next, ok := redirectTarget(p); ok && !sameHost(next, ev.target.HTTPS) {
		return result(checklist.Unknown, fmt.Sprintf("Not checked: %s redirects to %s, another host; probe that URL to check the site itself.",
			p.URL, next.String()), at(p, header(p, "Location"))), false
	}
	return checklist.Finding{}, true
}

// headerCheck judges one header on the page and on the 404: judge returns
// the status and what is wrong ("" when fine). onRedirect judges it even
// when the page is a redirect to another host (HSTS belongs there too).
func headerCheck(ev *evidence, name string, onRedirect bool, judge func(vals []string, ex *Exchange) (checklist.Status, string)) checklist.Finding {
	need := needSitePage
	if onRedirect {
		need = needPage
	}
	if f, ok := need(ev); !ok {
		return f
	}
	worst := checklist.Pass
	var msgs []string
	var locs []checklist.Location
	for i, ex := range ev.pages() {
		st, msg := judge(ex.Header.Values(name), ex)
		locs = append(locs, at(ex, header(ex, name)))
		if st == checklist.Pass {
			continue
		}
		what := "The page"
		if i == 1 {
			what = "the 404 page"
			if len(msgs) == 0 {
				what = "The 404 page"
			}
		}
		msgs = append(msgs, what+": "+msg)
		if rank(st) > rank(worst) || worst == checklist.Pass {
			worst = st
		}
	}
	if worst == checklist.Pass {
		return result(checklist.Pass, "Sent as expected on the page and on the 404 page.", locs...)
	}
	return result(worst, strings.Join(msgs, "; ")+".", locs...)
}

// httpsFailed is the finding of a check that needs an HTTPS answer when
// there was none; live-tls-certificate says why.
func httpsFailed() checklist.Finding {
	return result(checklist.Unknown, "Not checked: HTTPS did not work (see live-tls-certificate).")
}
