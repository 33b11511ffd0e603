package checklist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
)

// Static files: names the checks and the generator share.
const (
	staticfilesApp   = "django.contrib.staticfiles"
	whitenoiseMW     = "whitenoise.middleware.WhiteNoiseMiddleware"
	defaultStaticSt  = "django.contrib.staticfiles.storage.StaticFilesStorage"
	staticServedNote = "djharden.staticfiles" // decision ID: "a web server serves STATIC_ROOT"
)

// StaticServedDecision is the decision ID the generator records when the
// user says a web server or CDN serves the collected static files.
const StaticServedDecision = staticServedNote

var staticFilesItem = &Item{
	ID:    "static-files",
	Title: "Static files (CSS, JavaScript) are collected and served in production",
	Lesson: "With DEBUG off, Django stops serving CSS and JavaScript: the site loads, but looks broken.\n" +
		"STATIC_ROOT is where `manage.py collectstatic` gathers them at each deploy; something must then serve that folder:\n" +
		"WhiteNoise (a middleware, right after SecurityMiddleware) on a platform like Heroku or Render, or your web server or CDN.",
	Docs: "https://docs.djangoproject.com/en/stable/howto/static-files/deployment/",
}

func init() {
	staticFilesItem.Check = settingsCheck(&staticFilesItem, checkStaticFiles)
}

// hasApp is membership of an app in INSTALLED_APPS, by module or AppConfig path.
func (c *evalCtx) hasApp(app string) tri {
	return c.each("INSTALLED_APPS", func(v pysource.Value) tri {
		if !isSeq(v) {
			return unk
		}
		out := no
		for _, it := range v.Items {
			if it.Kind == pysource.StrVal && (it.Str == app || strings.HasPrefix(it.Str, app+".apps.")) {
				return yes
			}
			if it.Kind == pysource.Unknown {
				out = unk
			}
		}
		return out
	})
}

// staticBackend is the storage backend collectstatic and {% static %} use,
// read the way the project's Django version reads it, with where it is set.
func (c *evalCtx) staticBackend(b *builder) (backend string, known bool) {
	legacy := c.get("STATICFILES_STORAGE")
	legacySet := legacy != nil && !legacy.Default
	if !c.v.AtLeast(4, 2) {
		if !legacySet {
			return defaultStaticSt, true
		}
		if legacy.Value.Kind == pysource.StrVal {
			return legacy.Value.Str, true
		}
		return "", false
	}
	storages := c.get("STORAGES")
	storagesSet := storages != nil && !storages.Default
	switch {
	case legacySet && storagesSet && !c.v.AtLeast(5, 1):
		b.problem(Fail, "STATICFILES_STORAGE and STORAGES are both set: Django refuses to start (they are mutually exclusive)",
			"Keep only STORAGES[\"staticfiles\"][\"BACKEND\"] and delete STATICFILES_STORAGE.", append(c.where("STATICFILES_STORAGE"), c.where("STORAGES")...))
		return "", false
	case legacySet && c.v.AtLeast(5, 1):
		b.problem(Warn, "STATICFILES_STORAGE was removed in Django 5.1 and is ignored: the storage it names is not used",
			"Move it to STORAGES = {\"default\": {...}, \"staticfiles\": {\"BACKEND\": ...}}.", c.where("STATICFILES_STORAGE"))
	case legacySet && !storagesSet:
		if legacy.Value.Kind == pysource.StrVal {
			return legacy.Value.Str, true
		}
		return "", false
	}
	if !storagesSet {
		return defaultStaticSt, true
	}
	st, ok := dictKey(storages.Value, "staticfiles")
	if storages.Value.Kind == pysource.DictVal && !ok {
		return defaultStaticSt, true // Django fills in the staticfiles alias
	}
	if be, ok := dictKey(st, "BACKEND"); ok && be.Kind == pysource.StrVal {
		return be.Str, true
	}
	return "", false
}

var (
	nginxStatic     = regexp.MustCompile(`^\s*(location\s+[\^~=\s]*/static\b|alias\s+\S*static)`)
	caddyStatic     = regexp.MustCompile(`^\s*(file_server\b|handle_path\s+/static|root\s+\*?\s*/static)`)
	appEngineStatic = regexp.MustCompile(`^\s*static_dir\s*:`)
	collectstatic   = regexp.MustCompile(`\bcollectstatic\b`)
	cloudStorage    = regexp.MustCompile(`^storages\.backends\.|cloudinary_storage\.|^django_s3_storage\.`)
	absoluteURL     = regexp.MustCompile(`^(https?:)?//`)
)

// paas are the hosting kinds with no web server of the project's own in
// front, where WhiteNoise is the usual way to serve static files.
var paas = []string{"heroku", "render", "fly", "railway"}

func checkStaticFiles(c *evalCtx, b *builder) Finding {
	switch c.hasApp(staticfilesApp) {
	case no:
		return b.skip(staticfilesApp + " is not in INSTALLED_APPS: Django serves no static files of this project.")
	case unk:
		b.unknown("INSTALLED_APPS", "")
		return b.done("")
	}
	if u := c.get("STATIC_URL"); u == nil || u.Default || u.Value.Kind == pysource.NoneVal || u.Value.Kind == pysource.StrVal && u.Value.Str == "" {
		b.problem(Fail, "STATIC_URL is not set: with django.contrib.staticfiles installed, collectstatic and runserver stop with ImproperlyConfigured",
			"Set STATIC_URL = \"/static/\" (startproject's value).", c.where("STATIC_URL"))
	}
	root := c.pathSetting("STATIC_ROOT")
	switch root.set {
	case no:
		msg := root.shown + ": `manage.py collectstatic` stops with ImproperlyConfigured, so there is nothing to serve in production"
		locs := c.where("STATIC_ROOT")
		if h := c.hostedOn("heroku"); len(h) > 0 {
			msg += " (Heroku's Python buildpack runs collectstatic at every build, so the build fails)"
			locs = append(locs, h[0])
		}
		b.problem(Warn, msg, "Set STATIC_ROOT = BASE_DIR / \"staticfiles\" (djharden apply --static whitenoise writes it).", locs)
	case unk:
		b.unknown("STATIC_ROOT", "")
	}

	backend, backendKnown := c.staticBackend(b)
	mw := c.contains("MIDDLEWARE", whitenoiseMW)
	staticURL := c.value("STATIC_URL")
	servedBy := ""
	var servedAt []Location
	switch {
	case mw == yes:
		servedBy = "WhiteNoise"
		servedAt = c.whereSource("MIDDLEWARE", whitenoiseMW)
		misplaced := c.each("MIDDLEWARE", func(v pysource.Value) tri {
			i := slices.IndexFunc(v.Items, func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == whitenoiseMW })
			sm := slices.IndexFunc(v.Items, func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == securityMW })
			return triOf((sm >= 0 && i != sm+1) || (sm < 0 && i != 0))
		})
		if misplaced == yes {
			b.problem(Warn, "WhiteNoiseMiddleware is not right after SecurityMiddleware: middleware above it runs (sessions, database queries) for every CSS file",
				"Move "+whitenoiseMW+" to just below "+securityMW+" in MIDDLEWARE.", servedAt)
		}
		if files, listed := c.dependencyMentions("whitenoise"); len(files) > 0 && !listed {
			b.problem(Warn, fmt.Sprintf("WhiteNoiseMiddleware is in MIDDLEWARE but whitenoise is not in %s: the deployed site cannot start", strings.Join(files, ", ")),
				"Add whitenoise>=6.0 to "+files[0]+" (djharden apply --static whitenoise does it).", []Location{{File: files[0]}})
		}
	case backendKnown && cloudStorage.MatchString(backend):
		servedBy = "the cloud storage " + backend
		if c.conditional("STORAGES", "STATICFILES_STORAGE") {
			// saleor: STORAGES["staticfiles"] picks a bucket when its
			// variable is set, else keeps the local storage nothing serves.
			b.problem(Unknown, "static files go to "+servedBy+" only when a condition holds (an if on the environment, say); otherwise they stay in STATIC_ROOT, and nothing may serve them",
				"Make sure production selects that storage (for example its bucket variable is set), or serve STATIC_ROOT as well.", append(c.where("STORAGES"), c.where("STATICFILES_STORAGE")...))
		}
	case staticURL.Kind == pysource.StrVal && absoluteURL.MatchString(staticURL.Str):
		servedBy = "the CDN at " + staticURL.Str
		servedAt = c.where("STATIC_URL")
	}
	if servedBy == "" {
		for _, l := range c.grepProject(nginxStatic, func(rel string) bool { return hostingFileKindOf(c, rel) == "nginx" }) {
			servedBy, servedAt = "nginx", []Location{l}
		}
	}
	if servedBy == "" {
		for _, l := range c.grepProject(caddyStatic, func(rel string) bool { return hostingFileKindOf(c, rel) == "caddy" }) {
			servedBy, servedAt = "Caddy", []Location{l}
		}
	}
	if servedBy == "" {
		for _, l := range c.grepProject(appEngineStatic, func(rel string) bool { return hostingFileKindOf(c, rel) == "appengine" }) {
			servedBy, servedAt = "App Engine's static handlers", []Location{l}
		}
	}
	if servedBy == "" {
		if d, ok := c.decisions[staticServedNote]; ok {
			servedBy = "your web server (" + d.reason + ")"
			b.problem(Accepted, "Static files are served outside Django (accepted: "+d.reason+")", "", []Location{d.where})
		}
	}
	switch {
	case servedBy == "" && mw == unk:
		b.unknown("MIDDLEWARE", "")
	case servedBy == "" && !backendKnown && c.v.AtLeast(4, 2):
		b.unknown("STORAGES", "") // the storage may be one that serves them
	case servedBy == "" && !backendKnown:
		b.unknown("STATICFILES_STORAGE", "")
	case servedBy == "":
		where := "nothing in the project says what serves them instead"
		fix := "Add WhiteNoise (djharden apply --static whitenoise), or serve STATIC_ROOT at STATIC_URL from your web server."
		if hints := c.hostedOn(paas...); len(hints) > 0 {
			where = fmt.Sprintf("on %s nothing else serves them", hints[0].File)
			fix = "Add WhiteNoise (djharden apply --static whitenoise): this platform has no web server of yours in front of Django."
		}
		b.problem(Warn, "With DEBUG off, Django serves no static files and "+where+": pages load without their CSS and JavaScript",
			fix, c.where("MIDDLEWARE"))
	}
	if backendKnown && strings.HasSuffix(backend, "ManifestStaticFilesStorage") && len(c.p.Hosting) > 0 &&
		len(c.grepProject(collectstatic, nil)) == 0 && len(c.hostedOn("heroku")) == 0 {
		b.problem(Warn, backend+" needs `collectstatic` at every deploy (else \"Missing staticfiles manifest entry\"), and no build or release step found runs it",
			"Run `python manage.py collectstatic --noinput` in your build step (Dockerfile RUN, render.yaml buildCommand, a release command).", append(c.where("STORAGES"), c.where("STATICFILES_STORAGE")...))
	} else if mw == yes && root.set == yes && len(c.hostedOn("docker", "render", "fly", "railway")) > 0 && len(c.grepProject(collectstatic, nil)) == 0 {
		b.problem(Warn, "no build or release step found runs `collectstatic`, so STATIC_ROOT is empty on the server",
			"Run `python manage.py collectstatic --noinput` in your build step (Dockerfile RUN, render.yaml buildCommand, a release command).", c.hostedOn("docker", "render", "fly", "railway")[:1])
	}
	msg := "Static files are collected into STATIC_ROOT"
	if servedBy != "" {
		for _, l := range servedAt {
			if !slices.Contains(b.f.Locations, l) {
				b.f.Locations = append(b.f.Locations, l)
			}
		}
		msg += " and served by " + servedBy
	}
	return b.done(msg + "; run `collectstatic` at each deploy.")
}

// hostingFileKindOf is the hosting kind discovery gave a file ("" if none).
func hostingFileKindOf(c *evalCtx, rel string) string {
	for _, h := range c.p.Hosting {
		if h.File == rel {
			return h.Kind
		}
	}
	return ""
}
