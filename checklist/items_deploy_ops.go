package checklist

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

var errorReportsItem = &Item{
	ID:    "error-reports",
	Title: "Someone hears about server errors",
	Lesson: "With DEBUG off, a crash shows visitors a plain \"Server Error (500)\" and the details go nowhere you look,\n" +
		"unless Django can email them to ADMINS (from SERVER_EMAIL, through a real mail server) or an error tracker\n" +
		"such as Sentry collects them.",
	Docs: docs("admins"),
}

var errorPagesItem = &Item{
	ID:    "error-pages",
	Title: "Custom 404 and 500 pages exist",
	Lesson: "With DEBUG off, Django shows its own bare \"Not Found\" and \"Server Error\" pages unless your templates have\n" +
		"404.html and 500.html. A friendly page with a link home keeps visitors; 500.html gets no context, so keep it simple.",
	Docs: "https://docs.djangoproject.com/en/stable/topics/http/views/#customizing-error-views",
}

func init() {
	errorReportsItem.Check = settingsCheck(&errorReportsItem, checkErrorReports)
	errorPagesItem.Check = settingsCheck(&errorPagesItem, checkErrorPages)
}

var errorTracker = regexp.MustCompile(`^\s*(sentry_sdk\.init\(|rollbar\.init\(|bugsnag\.configure\(|ROLLBAR\s*=|BUGSNAG\s*=|HONEYBADGER\s*=|AIRBRAKE\s*=)`)

// settingsGrep finds the first line of the settings chain that matches re.
func (c *evalCtx) settingsGrep(re *regexp.Regexp) []Location {
	return c.sourceGrep(re, c.p.SettingsFiles)
}

// entryFiles are the WSGI/ASGI modules next to the settings files, where
// error trackers are often set up too.
func (c *evalCtx) entryFiles() []string {
	var out []string
	for _, rel := range c.p.SettingsFiles {
		dir := path.Dir(rel)
		for _, d := range []string{dir, path.Dir(dir)} {
			for _, name := range []string{"wsgi.py", "asgi.py"} {
				f := path.Join(d, name)
				if st, err := os.Stat(filepath.Join(c.p.Root, filepath.FromSlash(f))); err == nil && st.Mode().IsRegular() && !slices.Contains(out, f) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// sourceGrep finds the first line of the Python files that matches re.
func (c *evalCtx) sourceGrep(re *regexp.Regexp, files []string) []Location {
	for _, rel := range files {
		sf, err := c.p.Source(rel)
		if err != nil || sf == nil {
			continue
		}
		for i, l := range strings.Split(string(sf.Src), "\n") {
			if re.MatchString(l) {
				// Only the matched call: the rest of the line may hold a DSN or token.
				return []Location{{File: rel, Line: i + 1, Source: strings.TrimSpace(re.FindString(l)) + "..."}}
			}
		}
	}
	return nil
}

// seqSetting is a list setting: its items when known, nil/no when unset.
func (c *evalCtx) seqSetting(name string) (pysource.Value, tri) {
	s := c.get(name)
	if s == nil || s.Default {
		return pysource.Value{Kind: pysource.ListVal}, no
	}
	if !isSeq(s.Value) {
		return s.Value, unk
	}
	return s.Value, triOf(len(s.Value.Items) > 0)
}

func checkErrorReports(c *evalCtx, b *builder) Finding {
	if t := c.sourceGrep(errorTracker, append(slices.Clone(c.p.SettingsFiles), c.entryFiles()...)); len(t) > 0 {
		b.f.Locations = append(b.f.Locations, t...)
		return b.done(fmt.Sprintf("An error tracker is set up (%s:%d).", t[0].File, t[0].Line))
	}
	logs := c.loggingFacts()
	if logs.reaches(isTrackerHandler, false) == yes {
		return b.done("A LOGGING handler sends server errors to a reporting service.")
	}
	_, admins := c.seqSetting("ADMINS")
	switch admins {
	case no:
		b.problem(Warn, "ADMINS is empty and no error tracker (Sentry, Rollbar, ...) is set up: server errors are reported to nobody",
			"Set ADMINS from a variable, e.g. ADMINS = [(\"Ops\", os.environ[\"DJANGO_ADMIN_EMAIL\"])] with SERVER_EMAIL, or set up an error tracker such as sentry_sdk.",
			c.where("ADMINS"))
		return b.done("")
	case unk:
		b.unknown("ADMINS", "")
		return b.done("")
	}
	switch logs.reaches(isAdminEmail, true) {
	case no:
		b.problem(Warn, "ADMINS is set, but LOGGING keeps django.request errors away from mail_admins (its loggers are replaced or switched off): no error email is sent",
			"Add \"disable_existing_loggers\": False to LOGGING, or list a {\"class\": \"django.utils.log.AdminEmailHandler\"} handler on the \"django\" logger.", c.where("LOGGING"))
	case unk:
		b.unknown("LOGGING", "")
	}
	server := c.get("SERVER_EMAIL")
	switch {
	case server == nil || server.Default || server.Value.Kind == pysource.StrVal && server.Value.Str == "root@localhost":
		b.problem(Warn, "SERVER_EMAIL is root@localhost (Django's default): error emails to ADMINS are sent from it, and most mail servers reject that sender",
			"Set SERVER_EMAIL to an address of your domain, e.g. SERVER_EMAIL = \"errors@example.com\".", c.where("SERVER_EMAIL"))
	case server.Value.Kind == pysource.Unknown:
		b.unknown("SERVER_EMAIL", "")
	}
	if c.v.AtLeast(6, 1) {
		// Mail itself is the email-backend item's business (mail.E001).
		return b.done("Server errors are emailed to ADMINS.")
	}
	be := c.value("EMAIL_BACKEND")
	host := c.get("EMAIL_HOST")
	switch {
	case be.Kind == pysource.StrVal && fakeMailBackend(be.Str):
		b.problem(Warn, "error emails to ADMINS go to "+be.Str+", which sends nothing",
			"Use a real backend in production, e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST.", c.where("EMAIL_BACKEND"))
	case be.Kind == pysource.StrVal && strings.HasSuffix(be.Str, ".smtp.EmailBackend") && (host == nil || host.Default) && len(c.hostedOn(paas...)) > 0:
		b.problem(Warn, "error emails to ADMINS go through an SMTP server on localhost (EMAIL_HOST is not set), and this platform runs none",
			"Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD from the environment) to your mail provider's SMTP server.", c.hostedOn(paas...)[:1])
	}
	return b.done("Server errors are emailed to ADMINS.")
}

func fakeMailBackend(s string) bool {
	for _, fake := range []string{".console.", ".dummy.", ".locmem.", ".filebased."} {
		if strings.Contains(s, fake) {
			return true
		}
	}
	return false
}

// skipDirs are folders never searched for templates.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "__pycache__": true, ".venv": true, "venv": true,
	"env": true, ".tox": true, ".nox": true, "site-packages": true, "staticfiles": true, ".djharden": true}

// templateFolders lists the folders Django's template loaders search:
// TEMPLATES' DIRS (when written as paths from the project folder) and
// every templates/ folder (app templates), relative to Root.
func (c *evalCtx) templateFolders() []string {
	var dirs []string
	if s := c.get("TEMPLATES"); s != nil && s.Expr != nil {
		pysource.Inspect(s.Expr, func(e pysource.Expr) bool {
			d, ok := e.(*pysource.Dict)
			if !ok {
				return true
			}
			for i, k := range d.Keys {
				if key, ok := k.(*pysource.Str); ok && key.Value == "DIRS" {
					if list, ok := d.Values[i].(*pysource.List); ok {
						for _, entry := range list.Elts {
							if _, rel, ok := pathExpr(entry); ok && rel != "." && !strings.HasPrefix(rel, "..") {
								dirs = append(dirs, rel)
							}
						}
					}
				}
			}
			return true
		})
	}
	if !c.appDirs() {
		return dirs
	}
	root := c.p.Root
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.Count(rel, "/") > 4) {
			return filepath.SkipDir
		}
		// An app's templates/ folder: its parent is a Python package.
		if d.Name() == "templates" {
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), "__init__.py")); err == nil {
				dirs = append(dirs, rel)
			}
		}
		return nil
	})
	return dirs
}

// appDirs reports whether a template engine looks in the apps' templates/
// folders (APP_DIRS = True, or the app_directories loader). When TEMPLATES
// cannot be read it says no, so that no page is counted that Django might
// not find.
func (c *evalCtx) appDirs() bool {
	return c.each("TEMPLATES", func(v pysource.Value) tri { return triOf(appDirsIn(v)) }) == yes
}

// appDirsIn is appDirs of one TEMPLATES value.
func appDirsIn(templates pysource.Value) bool {
	for _, engine := range templates.Items {
		if v, ok := dictKey(engine, "APP_DIRS"); ok && v.Kind == pysource.BoolVal && v.Bool {
			return true
		}
		opts, _ := dictKey(engine, "OPTIONS")
		loaders, _ := dictKey(opts, "loaders")
		found := false
		var walk func(v pysource.Value)
		walk = func(v pysource.Value) {
			if v.Kind == pysource.StrVal && strings.HasSuffix(v.Str, "app_directories.Loader") {
				found = true
			}
			for _, it := range v.Items {
				walk(it)
			}
		}
		walk(loaders)
		if found {
			return true
		}
	}
	return false
}

func checkErrorPages(c *evalCtx, b *builder) Finding {
	if t := c.value("TEMPLATES"); t.Kind == pysource.ListVal && len(t.Items) == 0 {
		return b.skip("TEMPLATES is empty: the project renders no templates, so Django's plain error responses are what clients get.")
	}
	found := map[string]string{}
	for _, dir := range c.templateFolders() {
		for _, name := range []string{"404.html", "500.html"} {
			if found[name] != "" {
				continue
			}
			rel := path.Join(dir, name)
			if st, err := os.Stat(filepath.Join(c.p.Root, filepath.FromSlash(rel))); err == nil && st.Mode().IsRegular() {
				found[name] = rel
			}
		}
	}
	for _, name := range []string{"404.html", "500.html"} {
		if found[name] == "" {
			b.problem(Warn, fmt.Sprintf("no %s template was found: with DEBUG off, visitors get Django's bare %s page", name, map[string]string{"404.html": "\"Not Found\"", "500.html": "\"Server Error (500)\""}[name]),
				fmt.Sprintf("Add templates/%s (and list the folder in TEMPLATES' DIRS), with a link back home.", name), nil)
		} else {
			b.f.Locations = append(b.f.Locations, Location{File: found[name]})
		}
	}
	return b.done("404.html and 500.html exist.")
}
