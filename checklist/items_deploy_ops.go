package checklist

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

const checklistDocs = "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/"

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

var databaseItem = &Item{
	ID:    "database",
	Title: "The production database survives a deploy",
	Lesson: "SQLite keeps the whole database in one file on the server's disk.\n" +
		"On platforms whose disk is thrown away at each deploy or restart (Heroku, Render, Fly or Railway without a volume),\n" +
		"every deploy wipes it: use the platform's PostgreSQL, read from DATABASE_URL.",
	Docs: docs("databases"),
}

var loggingItem = &Item{
	ID:    "logging",
	Title: "Errors reach the server's log",
	Lesson: "Django's default logging prints errors to the console only while DEBUG is on; in production it only emails ADMINS.\n" +
		"A LOGGING setting with a console handler puts tracebacks where your platform's log (heroku logs, docker logs) shows them.",
	Docs: "https://docs.djangoproject.com/en/stable/topics/logging/",
}

func init() {
	errorReportsItem.Check = settingsCheck(&errorReportsItem, checkErrorReports)
	errorPagesItem.Check = settingsCheck(&errorPagesItem, checkErrorPages)
	databaseItem.Check = settingsCheck(&databaseItem, checkDatabase)
	loggingItem.Check = settingsCheck(&loggingItem, checkLogging)
}

var errorTracker = regexp.MustCompile(`^\s*(sentry_sdk\.init\(|rollbar\.init\(|bugsnag\.configure\(|ROLLBAR\s*=|BUGSNAG\s*=|HONEYBADGER\s*=|AIRBRAKE\s*=)`)

// settingsGrep finds the first line of the settings chain that matches re.
func (c *evalCtx) settingsGrep(re *regexp.Regexp) []Location {
	for _, rel := range c.p.SettingsFiles {
		sf, err := c.p.Source(rel)
		if err != nil || sf == nil || sf.Module == nil {
			continue
		}
		for i, l := range strings.Split(string(sf.Module.Src), "\n") {
			if re.MatchString(l) {
				return []Location{{File: rel, Line: i + 1, Source: strings.TrimSpace(l)}}
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
	if t := c.settingsGrep(errorTracker); len(t) > 0 {
		b.f.Locations = append(b.f.Locations, t...)
		return b.done("An error tracker is set up (" + t[0].Source + ").")
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
		if d.Name() == "templates" {
			dirs = append(dirs, rel)
		}
		return nil
	})
	return dirs
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

// urlRead is an environment read of a database URL.
type urlRead struct {
	Var, Default string
	HasDefault   bool
}

// strArg is a call's positional argument i (-1: none) or keyword name,
// and whether it is there and a plain string.
func strArg(call *pysource.Call, i int, name string) (value string, present, isStr bool) {
	var e pysource.Expr
	if i >= 0 && i < len(call.Args) {
		e = call.Args[i]
	}
	for _, kw := range call.Keywords {
		if kw.Name == name {
			e = kw.Value
		}
	}
	if e == nil {
		return "", false, false
	}
	s, ok := e.(*pysource.Str)
	if !ok || s.FString || s.Bytes {
		return "", true, false
	}
	return s.Value, true, true
}

// envURLRead recognises the usual ways of reading a database URL:
// dj_database_url.config(default=, env=), env.db("VAR", default=),
// decouple's config("VAR", default=, cast=db_url), and
// dj_database_url.parse() of an os.environ / os.getenv / config / env read.
func envURLRead(e pysource.Expr) (urlRead, bool) {
	call, ok := e.(*pysource.Call)
	if !ok {
		return urlRead{}, false
	}
	name := pysource.DottedName(call.Func)
	varArg, defArg := 0, 1
	switch {
	case strings.HasSuffix(name, "dj_database_url.config"):
		varArg, defArg = -1, 0
	case strings.HasSuffix(name, ".db") || strings.HasSuffix(name, ".db_url"):
	case name == "config":
		// decouple: a URL read only with a cast that parses it.
		if _, cast, _ := strArg(call, -1, "cast"); !cast {
			return urlRead{}, false
		}
	case strings.HasSuffix(name, "dj_database_url.parse") && len(call.Args) > 0:
		if sub, ok := call.Args[0].(*pysource.Subscript); ok && pysource.DottedName(sub.X) == "os.environ" {
			if s, ok := sub.Index.(*pysource.Str); ok {
				return urlRead{Var: s.Value}, true
			}
			return urlRead{}, false
		}
		inner, ok := call.Args[0].(*pysource.Call)
		if !ok {
			return urlRead{}, false
		}
		switch pysource.DottedName(inner.Func) {
		case "os.environ.get", "os.getenv", "config", "env", "env.str":
			return readArgs(inner, 0, 1)
		}
		return urlRead{}, false
	default:
		return urlRead{}, false
	}
	return readArgs(call, varArg, defArg)
}

// readArgs reads the variable name (argument varArg, or var= / env=) and
// the default (argument defArg or default=) of a URL read.
func readArgs(call *pysource.Call, varArg, defArg int) (urlRead, bool) {
	read := urlRead{Var: "DATABASE_URL"}
	if v, present, isStr := strArg(call, varArg, "var"); present {
		if !isStr {
			return urlRead{}, false
		}
		read.Var = v
	} else {
		if v, present, isStr := strArg(call, -1, "env"); present {
			if !isStr {
				return urlRead{}, false
			}
			read.Var = v
		}
	}
	if v, present, isStr := strArg(call, defArg, "default"); present {
		if !isStr {
			return urlRead{}, false
		}
		read.Default, read.HasDefault = v, true
	}
	return read, true
}

// databaseURL works out a DATABASE_URL-style default entry: its URL when
// known, and how it was found.
func (c *evalCtx) databaseURL(e pysource.Expr) (url string, known bool, how string) {
	if call, ok := e.(*pysource.Call); ok && strings.HasSuffix(pysource.DottedName(call.Func), "dj_database_url.parse") && len(call.Args) > 0 {
		if s, ok := call.Args[0].(*pysource.Str); ok {
			return s.Value, true, "a literal URL"
		}
	}
	read, ok := envURLRead(e)
	if !ok {
		return "", false, ""
	}
	if v, set := c.p.EnvValues[read.Var]; set && v != "" {
		return v, true, fmt.Sprintf("%s from the env file", read.Var)
	}
	switch {
	case read.HasDefault:
		return read.Default, true, fmt.Sprintf("the default of %s, used when that variable is not set", read.Var)
	case c.p.EnvValues == nil:
		return "", false, ""
	}
	return "", true, read.Var + " is not in the env file"
}

func isSQLite(engineOrURL string) bool {
	return strings.Contains(engineOrURL, "sqlite")
}

func checkDatabase(c *evalCtx, b *builder) Finding {
	s := c.get("DATABASES")
	if s == nil || s.Default {
		return b.skip("DATABASES is not set: the project uses no database.")
	}
	locs := c.where("DATABASES")
	def, ok := dictKey(s.Value, "default")
	var defExpr pysource.Expr
	if d, isDict := s.Expr.(*pysource.Dict); isDict {
		for i, k := range d.Keys {
			if ks, isStr := k.(*pysource.Str); isStr && ks.Value == "default" {
				defExpr = d.Values[i]
			}
		}
	}
	engine, how := "", ""
	switch {
	case ok && def.Kind == pysource.DictVal:
		if e, has := dictKey(def, "ENGINE"); has && e.Kind == pysource.StrVal {
			engine, how = e.Str, "ENGINE"
		}
	case ok && def.Kind == pysource.StrVal: // env.db(...) read as a URL
		engine, how = def.Str, "the database URL"
	case s.Value.Kind == pysource.DictVal && !ok:
		return b.skip("DATABASES has no \"default\" entry: the project uses no default database.")
	}
	if engine == "" && defExpr != nil {
		if url, known, h := c.databaseURL(defExpr); known {
			engine, how = url, h
			if url == "" {
				b.problem(Warn, h+" and the read has no default: Django starts without a database", "Set it in the production environment (the platform's database add-on usually does).", locs)
				return b.done("")
			}
		} else if read, isRead := envURLRead(defExpr); isRead {
			b.problem(Unknown, fmt.Sprintf("the database comes from the environment variable %s; its production value is unknown (pass --env-file to check it)", read.Var), "", locs)
			return b.done("")
		}
	}
	if engine == "" {
		b.unknown("DATABASES", "")
		return b.done("")
	}
	b.f.Locations = append(b.f.Locations, locs...) // the evidence, whatever the verdict
	if isSQLite(engine) {
		fix := "Use the platform's PostgreSQL: DATABASES = {\"default\": dj_database_url.config(conn_max_age=600)} (or env.db()) with DATABASE_URL set in production (Heroku Postgres and Render databases set it); or mount a volume for the SQLite file."
		sure, maybe := c.ephemeralDisk()
		switch {
		case len(sure) > 0:
			b.problem(Fail, fmt.Sprintf("the default database is SQLite (%s) and %s: this platform's disk is thrown away at each deploy, and the database with it", how, sure[0].File), fix, append(locs, sure[0]))
			return b.done("")
		case len(maybe) > 0:
			b.problem(Warn, fmt.Sprintf("the default database is SQLite (%s) and %s: this platform's disk is thrown away at each deploy unless a volume holds the file (set up in its dashboard, which djharden cannot see)", how, maybe[0].File), fix, append(locs, maybe[0]))
			return b.done("")
		}
		return b.done("The default database is SQLite on the server's own disk: fine for a small site on one server; back the file up.")
	}
	return b.done("The default database is not SQLite (" + strings.SplitN(engine, "://", 2)[0] + ").")
}

var consoleHandlers = map[string]bool{"logging.StreamHandler": true, "rich.logging.RichHandler": true}

func checkLogging(c *evalCtx, b *builder) Finding {
	s := c.get("LOGGING")
	if s == nil || s.Default || s.Value.Kind == pysource.DictVal && len(s.Value.Keys) == 0 {
		b.problem(Warn, "LOGGING is not set: with DEBUG off, Django's default logging prints no errors to the console, so the platform's log shows no tracebacks",
			"Add a LOGGING dict with a console handler: {\"version\": 1, \"disable_existing_loggers\": False, \"handlers\": {\"console\": {\"class\": \"logging.StreamHandler\"}}, \"root\": {\"handlers\": [\"console\"], \"level\": \"WARNING\"}}.",
			c.where("LOGGING"))
		return b.done("")
	}
	if s.Value.Kind != pysource.DictVal {
		b.unknown("LOGGING", "")
		return b.done("")
	}
	handlers, _ := dictKey(s.Value, "handlers")
	console := map[string]bool{}
	unknown := handlers.Kind != pysource.DictVal
	for i, k := range handlers.Keys {
		class, _ := dictKey(handlers.Items[i], "class")
		if class.Kind == pysource.Unknown {
			unknown = true
		}
		filters, _ := dictKey(handlers.Items[i], "filters")
		debugOnly := false
		for _, f := range filters.Items {
			debugOnly = debugOnly || f.Kind == pysource.StrVal && f.Str == "require_debug_true"
		}
		if k.Kind == pysource.StrVal && class.Kind == pysource.StrVal && consoleHandlers[class.Str] && !debugOnly {
			console[k.Str] = true
		}
	}
	uses := func(logger pysource.Value) bool {
		hs, _ := dictKey(logger, "handlers")
		for _, h := range hs.Items {
			if h.Kind == pysource.StrVal && console[h.Str] {
				return true
			}
		}
		return false
	}
	root, _ := dictKey(s.Value, "root")
	loggers, _ := dictKey(s.Value, "loggers")
	rootConsole := uses(root)
	djangoConsole, djangoNamed, djangoPropagates := false, false, false
	for i, k := range loggers.Keys {
		if k.Kind != pysource.StrVal {
			continue
		}
		switch k.Str {
		case "":
			rootConsole = rootConsole || uses(loggers.Items[i])
		case "django", "django.request":
			djangoNamed = true
			djangoConsole = djangoConsole || uses(loggers.Items[i])
			prop, set := dictKey(loggers.Items[i], "propagate")
			djangoPropagates = djangoPropagates || !set || prop.Truthy()
		}
	}
	// dictConfig switches off every logger that exists and is not named,
	// Django's own among them, unless disable_existing_loggers is False.
	keep, set := dictKey(s.Value, "disable_existing_loggers")
	keepExisting := set && keep.Kind != pysource.Unknown && !keep.Truthy()
	switch {
	case djangoConsole || rootConsole && (keepExisting || djangoNamed && djangoPropagates):
		return b.done("LOGGING sends errors to the console, where the platform's log shows them.")
	case unknown || set && keep.Kind == pysource.Unknown:
		b.unknown("LOGGING", "")
	case rootConsole:
		b.problem(Warn, "LOGGING leaves disable_existing_loggers at True, which switches off Django's own loggers (django.request): tracebacks never reach the console handler",
			"Add \"disable_existing_loggers\": False to LOGGING.", c.where("LOGGING"))
	default:
		b.problem(Warn, "LOGGING has no console handler on the root or django loggers: with DEBUG off, tracebacks do not reach the platform's log",
			"Add a handler {\"class\": \"logging.StreamHandler\"} and list it in \"root\" (or the \"django\" logger).", c.where("LOGGING"))
	}
	return b.done("")
}
