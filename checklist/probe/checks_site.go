package probe

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/djharden/djharden/checklist"
)

// setCookies are the cookies HTTPS responses set, with the exchange that set each.
func (e *evidence) setCookies(match func(name string) bool) (cs []*http.Cookie, from []*Exchange, raw []string) {
	var xs []*Exchange
	xs = append(xs, e.main...)
	xs = append(xs, e.notFound...)
	xs = append(xs, e.admin...)
	for _, ex := range xs {
		if ex.Err != nil {
			continue
		}
		lines := ex.Header.Values("Set-Cookie")
		parsed := (&http.Response{Header: http.Header{"Set-Cookie": lines}}).Cookies()
		for i, c := range parsed {
			if match(strings.ToLower(c.Name)) && i < len(lines) {
				cs, from, raw = append(cs, c), append(from, ex), append(raw, hideCookieValue(lines[i]))
			}
		}
	}
	return cs, from, raw
}

// hideCookieValue keeps a Set-Cookie line as received, but for its value.
func hideCookieValue(line string) string {
	name, rest, ok := strings.Cut(line, "=")
	if !ok {
		return line
	}
	_, attrs, _ := strings.Cut(rest, ";")
	out := "Set-Cookie: " + strings.TrimSpace(name) + "=(value hidden)"
	if attrs != "" {
		out += ";" + attrs
	}
	return out
}

func cookieCheckFor(kind string, match func(string) bool, wantHTTPOnly bool, ev *evidence) checklist.Finding {
	if f, ok := needSitePage(ev); !ok {
		return f
	}
	cs, from, raw := ev.setCookies(match)
	if len(cs) == 0 {
		msg := "No page the probe asked for set a " + kind + " cookie, so its flags could not be seen."
		if kind == "CSRF" && !adminFound(ev) {
			msg = "No " + kind + " cookie seen: there is no admin login page at /admin/ to ask for one, and the probe posts no forms."
		}
		return result(checklist.Skip, msg)
	}
	var problems []checklist.Problem
	var locs []checklist.Location
	judged := map[string]bool{}
	for i, c := range cs {
		if judged[c.Name] { // the same cookie set again: its first Set-Cookie is the evidence
			continue
		}
		judged[c.Name] = true
		loc := at(from[i], raw[i])
		locs = append(locs, loc)
		add := func(st checklist.Status, msg string) {
			problems = append(problems, checklist.Problem{Status: st, Message: c.Name + ": " + msg, Locations: []checklist.Location{loc}})
		}
		if !c.Secure {
			add(checklist.Fail, "set without Secure, so the browser also sends it over plain HTTP")
		}
		if wantHTTPOnly && !c.HttpOnly {
			add(checklist.Fail, "set without HttpOnly, so any script on the page can read it")
		}
		switch c.SameSite {
		case http.SameSiteDefaultMode:
			add(checklist.Warn, "set without SameSite")
		case http.SameSiteNoneMode:
			add(checklist.Warn, "SameSite=None sends it on cross-site requests too")
		}
	}
	if len(problems) == 0 {
		return result(checklist.Pass, fmt.Sprintf("The %s cookie is Secure%s with SameSite.", kind, map[bool]string{true: ", HttpOnly", false: ""}[wantHTTPOnly]), locs...)
	}
	worst := checklist.Warn
	for _, p := range problems {
		if p.Status == checklist.Fail {
			worst = checklist.Fail
		}
	}
	f := result(worst, problems[0].Message+".", locs...)
	if len(problems) > 1 {
		f.Problems = problems
	}
	return f
}

var csrfCookieCheck = check{
	ID:    "live-csrf-cookie",
	Title: "The CSRF cookie is Secure and SameSite",
	Lesson: `The CSRF cookie pairs with the token in every form. Sent over plain HTTP it can be read
or planted by someone on the network, which defeats the protection.`,
	Docs:   djangoDocs("csrf-cookie-secure"),
	Fix:    "Set CSRF_COOKIE_SECURE = True (and keep CSRF_COOKIE_SAMESITE = \"Lax\").",
	Static: "csrf",
	run: func(ev *evidence) checklist.Finding {
		return cookieCheckFor("CSRF", func(n string) bool { return strings.Contains(n, "csrf") }, false, ev)
	},
}

var sessionCookieCheck = check{
	ID:    "live-session-cookie",
	Title: "The session cookie is Secure, HttpOnly and SameSite",
	Lesson: `The session cookie is the login. Sent over plain HTTP, anyone on the same Wi-Fi can copy
it and be you; readable by scripts, one XSS bug hands it over.`,
	Docs:   djangoDocs("session-cookie-secure"),
	Fix:    "Set SESSION_COOKIE_SECURE = True and keep SESSION_COOKIE_HTTPONLY = True and SESSION_COOKIE_SAMESITE = \"Lax\".",
	Static: "session-cookies",
	run: func(ev *evidence) checklist.Finding {
		return cookieCheckFor("session", func(n string) bool { return strings.Contains(n, "session") }, true, ev)
	},
}

// debugMarkers are texts of Django's debug pages and settings dumps.
// errorsOnly markers count only on error responses (4xx/5xx): a blog post
// about Django may well quote a traceback or SECRET_KEY on a normal page.
var debugMarkers = []struct {
	text, what string
	errorsOnly bool
}{
	{"Using the URLconf defined in", "Django's technical 404 page (it lists every URL pattern)", false},
	{"<th>Django Version:</th>", "Django's technical error page (code, settings, request)", false},
	{"DEBUG = True</code>", "Django's debug page (\"you have DEBUG = True\")", false},
	{"Traceback (most recent call last)", "a Python traceback", true},
	{"SECRET_KEY", "settings text (SECRET_KEY)", true},
	{"DJANGO_SETTINGS_MODULE", "settings text (DJANGO_SETTINGS_MODULE)", true},
}

var debugCheck = check{
	ID:    "live-debug",
	Title: "No debug page, traceback or settings text in any response",
	Lesson: `With DEBUG on, an unknown URL lists every URL pattern and an error shows the code, the
settings and the request. Production must show plain error pages; a second process still
running with DEBUG on gives it all away too.`,
	Docs:   djangoDocs("debug"),
	Fix:    "Run production with DEBUG = False (check the environment of every process that serves the site), and restart it.",
	Static: "debug",
	run: func(ev *evidence) checklist.Finding {
		var locs []checklist.Location
		var found []string
		answered := 0
		for _, ex := range ev.all() {
			if ex.Err != nil {
				continue
			}
			answered++
			for _, m := range debugMarkers {
				if m.errorsOnly && ex.Status < 400 {
					continue
				}
				if bytes.Contains(ex.Body, []byte(m.text)) {
					locs = append(locs, at(ex, "body contains "+m.what))
					found = append(found, m.what)
					break
				}
			}
		}
		if answered == 0 {
			return result(checklist.Unknown, "Not checked: no request got an answer.")
		}
		if len(found) > 0 {
			return result(checklist.Fail, fmt.Sprintf("The site shows %s: DEBUG is on in the process that answered.", strings.Join(dedupe(found), " and ")), locs...)
		}
		nf := ev.notFoundPage()
		switch {
		case !ev.tlsOK():
			return result(checklist.Unknown, fmt.Sprintf("No debug text in the %d plain-HTTP responses, but HTTPS did not work, so Django's 404 page was not asked for.", answered))
		case nf == nil:
			return result(checklist.Unknown, fmt.Sprintf("No debug text in %d responses, but the unknown path %s got no answer, so Django's 404 page was not seen.", answered, ev.unknown))
		case nf.Status >= 300 && nf.Status < 400:
			return result(checklist.Unknown, fmt.Sprintf("No debug text in %d responses, but the unknown path %s was redirected (%d), not answered 404, so Django's 404 page was not seen.",
				answered, ev.unknown, nf.Status), at(nf, header(nf, "Location")))
		case nf.Status < 400 || nf.Status > 499:
			// A catch-all URL pattern (a single-page app, a CMS) answers every
			// path: the probe never reached Django's 404 handling.
			return result(checklist.Unknown, fmt.Sprintf("No debug text in %d responses, but the unknown path %s was answered %d, not 404 (a catch-all URL?), so Django's 404 page was not seen.",
				answered, ev.unknown, nf.Status), at(nf, ""))
		}
		return result(checklist.Pass, fmt.Sprintf("No debug page or traceback in %d responses; the unknown path %s got a plain %d.", answered, ev.unknown, nf.Status), at(nf, ""))
	},
}

var foreignHostCheck = check{
	ID:    "live-allowed-hosts",
	Title: "A request for a foreign Host is refused",
	Lesson: `Django builds links in password-reset mails and redirects from the Host header. If any
Host is accepted, an attacker can make your site send links to theirs. ALLOWED_HOSTS, and a
proxy that answers only your names, make such requests fail with 400.`,
	Docs:   djangoDocs("allowed-hosts"),
	Fix:    "List only your domains in ALLOWED_HOSTS (never \"*\"), and give the proxy a default server that refuses unknown names (nginx: return 444;).",
	Static: "allowed-hosts",
	run: func(ev *evidence) checklist.Finding {
		ex := ev.foreign
		if ex == nil {
			return httpsFailed()
		}
		loc := at(ex, header(ex, "Location"))
		if ex.Err != nil {
			if strings.Contains(describeErr(ex.Err), "closed") || strings.Contains(describeErr(ex.Err), "reset") {
				return result(checklist.Pass, "A foreign Host header gets the connection closed ("+describeErr(ex.Err)+").", loc)
			}
			return result(checklist.Unknown, "A foreign Host header got no answer: "+describeErr(ex.Err)+".", loc)
		}
		switch {
		case ex.Status == 400:
			return result(checklist.Pass, "A foreign Host header gets 400 Bad Request.", loc)
		case ex.Status >= 300 && ex.Status < 400 && redirectsHome(ex, ev.target.HTTPS):
			return result(checklist.Pass, fmt.Sprintf("A foreign Host header is redirected (%d) to %s itself: the proxy sends unknown names home.", ex.Status, ev.target.HTTPS.Hostname()), loc)
		case ex.Status >= 200 && ex.Status < 300 && !samePage(ex, ev.page()):
			return result(checklist.Warn, fmt.Sprintf("A foreign Host header was answered %d with a page unlike the site's (%s): probably the proxy's default site, so Django's ALLOWED_HOSTS was not reached.",
				ex.Status, pageTitle(ex)), loc)
		case ex.Status >= 200 && ex.Status < 400:
			msg := fmt.Sprintf("A request with Host: %s was answered %d: ALLOWED_HOSTS accepts any host (\"*\"), or the proxy rewrites Host.", foreignHost, ex.Status)
			if strings.Contains(ex.Header.Get("Location"), foreignHost) {
				msg += " The redirect points to the foreign host: links Django builds can be steered to another site."
			}
			return result(checklist.Fail, msg, loc)
		case ex.Status >= 500:
			return result(checklist.Warn, fmt.Sprintf("A foreign Host header gets %d, an error rather than a refusal.", ex.Status), loc)
		}
		return result(checklist.Pass, fmt.Sprintf("A foreign Host header is refused with %d.", ex.Status), loc)
	},
}

var proxyHeaderCheck = check{
	ID:    "live-proxy-header",
	Title: "A client cannot fake HTTPS with X-Forwarded-Proto",
	Lesson: `Behind a proxy, Django learns that a request was HTTPS from a header the proxy sets
(SECURE_PROXY_SSL_HEADER). If the proxy passes the client's own X-Forwarded-Proto through,
anyone can claim HTTPS over plain HTTP, and Django skips its redirect and secure-only checks.`,
	Docs:   djangoDocs("secure-proxy-ssl-header"),
	Fix:    "Make the proxy overwrite the header from the real connection (nginx: proxy_set_header X-Forwarded-Proto $scheme;), never pass the client's value on.",
	Static: "proxy-ssl-header",
	run: func(ev *evidence) checklist.Finding {
		sp, plain := ev.spoofed, ev.plain
		loc := at(sp, header(sp, "Location"))
		if sp.Err != nil || plain.Err != nil {
			return result(checklist.Unknown, "Not checked: nothing answers plain HTTP.", loc)
		}
		if _, ok := redirectTarget(plain); !ok {
			return result(checklist.Unknown, "Not checked: plain HTTP is not redirected even without the header, so the header's effect cannot be told apart.", loc, at(plain, header(plain, "Location")))
		}
		if next, ok := redirectTarget(sp); ok && next.Scheme == "https" {
			return result(checklist.Pass, fmt.Sprintf("Plain HTTP claiming X-Forwarded-Proto: https is still redirected to HTTPS (%d).", sp.Status), loc)
		}
		return result(checklist.Fail, fmt.Sprintf("Plain HTTP claiming X-Forwarded-Proto: https is answered %d instead of being redirected: the proxy passes the client's header through, so HTTPS can be faked.", sp.Status), loc)
	},
}

// adminFound says whether /admin/ led to Django's admin.
func adminFound(ev *evidence) bool {
	if len(ev.admin) == 0 {
		return false
	}
	last := ev.admin[len(ev.admin)-1]
	return last.Err == nil && last.Status == 200 &&
		(bytes.Contains(last.Body, []byte("Django administration")) || bytes.Contains(last.Body, []byte("Django site admin")) ||
			strings.Contains(last.URL, "/admin/login/"))
}

var adminCheck = check{
	ID:    "live-admin-url",
	Title: "Where the admin lives",
	Lesson: `Bots try /admin/ on every site. The admin is safe with strong passwords, but moving it to
a path of your own (path("a-name-only-you-know/", admin.site.urls)) and protecting it (2FA, an
IP allow list) keeps the noise and the guessing away.`,
	Docs:   "https://docs.djangoproject.com/en/stable/ref/contrib/admin/",
	Fix:    "Move the admin off /admin/ and add a second factor or an allow list.",
	Static: "",
	run: func(ev *evidence) checklist.Finding {
		if len(ev.admin) == 0 {
			return httpsFailed()
		}
		last := ev.admin[len(ev.admin)-1]
		loc := at(last, "")
		if adminFound(ev) {
			f := result(Info, "Django's admin login answers at /admin/: move it or protect it.", loc)
			f.Fix = "Move the admin off /admin/ and add a second factor or an allow list."
			return f
		}
		if last.Err != nil {
			return result(checklist.Unknown, "/admin/ gave no answer: "+describeErr(last.Err)+".", loc)
		}
		return result(Info, fmt.Sprintf("No Django admin at /admin/ (answered %d).", last.Status), loc)
	},
}

// redirectsHome says whether a redirect points to the probed host by name.
// A relative Location does not: the browser resolves it against the
// foreign host, so the site accepted that host.
func redirectsHome(ex *Exchange, home *url.URL) bool {
	loc, err := url.Parse(ex.Header.Get("Location"))
	return err == nil && loc.IsAbs() && sameHost(loc, home)
}

var titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// pageTitle is a page's <title>, or a note that it has none.
func pageTitle(ex *Exchange) string {
	if m := titleRe.FindSubmatch(ex.Body); m != nil {
		return "title " + strconv.Quote(strings.Join(strings.Fields(string(m[1])), " "))
	}
	return "no title"
}

// samePage says whether two answers are the same page: the same status
// and the same title (or the same bytes when there is no title).
func samePage(a, b *Exchange) bool {
	if b == nil || b.Err != nil || a.Status != b.Status {
		return false
	}
	ta, tb := titleRe.FindSubmatch(a.Body), titleRe.FindSubmatch(b.Body)
	if ta == nil || tb == nil {
		return bytes.Equal(a.Body, b.Body)
	}
	return bytes.Equal(bytes.TrimSpace(ta[1]), bytes.TrimSpace(tb[1]))
}
