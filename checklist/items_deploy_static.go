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

var mediaFilesItem = &Item{
	ID:    "media-files",
	Title: "Uploaded files are kept apart from code and static files",
	Lesson: "MEDIA_ROOT is where user uploads go. Inside STATIC_ROOT or the code, an upload could be served as your own file\n" +
		"or overwrite one. On platforms with a throwaway disk (Heroku, Render, Fly without a volume) uploads vanish at each deploy:\n" +
		"keep them on a volume or object storage (django-storages).",
	Docs: docs("media-root"),
}

func init() {
	staticFilesItem.Check = settingsCheck(&staticFilesItem, checkStaticFiles)
	mediaFilesItem.Check = settingsCheck(&mediaFilesItem, checkMediaFiles)
}

// hasApp is membership of an app in INSTALLED_APPS, by module or AppConfig path.
func (c *evalCtx) hasApp(app string) tri {
	v := c.value("INSTALLED_APPS")
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
		servedAt = c.where("MIDDLEWARE")
		list := c.value("MIDDLEWARE").Items
		i := slices.IndexFunc(list, func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == whitenoiseMW })
		sm := slices.IndexFunc(list, func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == securityMW })
		if (sm >= 0 && i != sm+1) || (sm < 0 && i != 0) {
			b.problem(Warn, "WhiteNoiseMiddleware is not right after SecurityMiddleware: middleware above it runs (sessions, database queries) for every CSS file",
				"Move "+whitenoiseMW+" to just below "+securityMW+" in MIDDLEWARE.", c.where("MIDDLEWARE"))
		}
		if files, listed := c.dependencyMentions("whitenoise"); len(files) > 0 && !listed {
			b.problem(Warn, fmt.Sprintf("WhiteNoiseMiddleware is in MIDDLEWARE but whitenoise is not in %s: the deployed site cannot start", strings.Join(files, ", ")),
				"Add whitenoise>=6.0 to "+files[0]+" (djharden apply --static whitenoise does it).", []Location{{File: files[0]}})
		}
	case backendKnown && cloudStorage.MatchString(backend):
		servedBy = "the cloud storage " + backend
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
	if servedBy == "" && mw == unk {
		b.unknown("MIDDLEWARE", "")
	} else if servedBy == "" {
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

// ephemeral are the hosting kinds whose local disk is thrown away at each
// deploy unless a volume is mounted.
var ephemeral = []string{"heroku", "render", "fly", "railway", "appengine"}

// volumeOutside are the platforms whose volumes are set up outside the
// project's files (Railway's dashboard): a missing volume line proves nothing.
var volumeOutside = map[string]bool{"railway": true}

var volumeLine = regexp.MustCompile(`^\s*(\[\[?mounts\]\]?|disk\s*:|volumes?\s*[:=\[])`)

// ephemeralDisk returns the hints of platforms with a throwaway disk and
// no volume in their file (sure), and of platforms whose volumes djharden
// cannot see (maybe).
func (c *evalCtx) ephemeralDisk() (sure, maybe []Location) {
	for _, h := range c.p.Hosting {
		if !slices.Contains(ephemeral, h.Kind) {
			continue
		}
		l := Location{File: h.File, Line: h.Line, Source: h.Detail}
		switch {
		case len(c.grepProject(volumeLine, func(rel string) bool { return rel == h.File })) > 0:
		case volumeOutside[h.Kind]:
			maybe = append(maybe, l)
		default:
			sure = append(sure, l)
		}
	}
	return sure, maybe
}

func checkMediaFiles(c *evalCtx, b *builder) Finding {
	media := c.pathSetting("MEDIA_ROOT")
	switch media.set {
	case no:
		if uses := c.fileFields(); len(uses) > 0 {
			b.problem(Warn, fmt.Sprintf("%s, but the models store uploads (%s): they are saved in the folder the server runs from, among your code", media.shown, uses[0].Source),
				"Set MEDIA_ROOT = BASE_DIR / \"media\" (a folder of its own, outside STATIC_ROOT), or object storage for uploads.", uses[:1])
			return b.done("")
		}
		return b.skip(media.shown + " and no model has a FileField or ImageField: the project stores no uploads on disk.")
	case unk:
		b.unknown("MEDIA_ROOT", "")
		return b.done("")
	}
	locs := c.where("MEDIA_ROOT")
	static := c.pathSetting("STATIC_ROOT")
	if mu, su := c.value("MEDIA_URL"), c.value("STATIC_URL"); mu.Kind == pysource.StrVal && su.Kind == pysource.StrVal && mu.Str != "" && mu.Str == su.Str {
		b.problem(Fail, fmt.Sprintf("MEDIA_URL and STATIC_URL are both %q: Django's staticfiles stop with ImproperlyConfigured", mu.Str),
			"Give uploads their own URL, e.g. MEDIA_URL = \"/media/\".", append(c.where("MEDIA_URL"), c.where("STATIC_URL")...))
	}
	if media.set == yes && static.set == yes && media.base == static.base && media.rel == static.rel && media.rel != "" {
		b.problem(Fail, "MEDIA_ROOT and STATIC_ROOT are the same folder: Django's staticfiles stop with ImproperlyConfigured",
			"Give uploads their own folder, e.g. MEDIA_ROOT = BASE_DIR / \"media\".", append(locs, c.where("STATIC_ROOT")...))
	} else if media.within(static) == yes || static.within(media) == yes {
		b.problem(Warn, "MEDIA_ROOT and STATIC_ROOT overlap: uploads are served as static files, and collectstatic can overwrite or publish them",
			"Give uploads their own folder, e.g. MEDIA_ROOT = BASE_DIR / \"media\", apart from STATIC_ROOT.", append(locs, c.where("STATIC_ROOT")...))
	}
	if dirs := c.value("STATICFILES_DIRS"); isSeq(dirs) {
		if s := c.get("STATICFILES_DIRS"); s != nil && s.Expr != nil {
			if list, ok := s.Expr.(*pysource.List); ok {
				for _, e := range list.Elts {
					base, rel, ok := pathExpr(e)
					if !ok {
						continue
					}
					d := pathValue{set: yes, base: base, rel: rel}
					if media.within(d) == yes || d.within(media) == yes {
						b.problem(Warn, "MEDIA_ROOT overlaps a STATICFILES_DIRS folder: uploads would be collected and published as static files",
							"Keep uploads out of the static source folders.", append(locs, c.where("STATICFILES_DIRS")...))
					}
				}
			}
		}
	}
	if media.base != "" && media.rel == "." {
		b.problem(Warn, "MEDIA_ROOT is the project folder itself: uploads land among your code",
			"Use a folder of its own, e.g. MEDIA_ROOT = BASE_DIR / \"media\".", locs)
	}
	storages, _ := dictKey(c.value("STORAGES"), "default")
	backend, _ := dictKey(storages, "BACKEND")
	legacy := c.value("DEFAULT_FILE_STORAGE")
	remote := (backend.Kind == pysource.StrVal && cloudStorage.MatchString(backend.Str)) ||
		(legacy.Kind == pysource.StrVal && cloudStorage.MatchString(legacy.Str))
	fix := "Store uploads in object storage (django-storages: STORAGES[\"default\"]), or mount a volume at MEDIA_ROOT."
	sure, maybe := c.ephemeralDisk()
	switch {
	case remote:
	case len(sure) > 0:
		b.problem(Warn, fmt.Sprintf("%s: this platform's disk is thrown away at each deploy and no volume is configured, so uploads in MEDIA_ROOT vanish", sure[0].File), fix, append(locs, sure[0]))
	case len(maybe) > 0:
		b.problem(Warn, fmt.Sprintf("%s: this platform's disk is thrown away at each deploy, so uploads in MEDIA_ROOT vanish unless a volume is mounted there (set up in its dashboard, which djharden cannot see)", maybe[0].File), fix, append(locs, maybe[0]))
	}
	if len(b.f.Problems) == 0 {
		b.f.Locations = append(b.f.Locations, locs...)
	}
	return b.done("Uploads go to " + media.shown + ", apart from static files and code.")
}

var fileField = regexp.MustCompile(`\b(FileField|ImageField)\s*\(`)

// fileFields finds model fields that store uploads in the project's
// models.py files and models/ packages.
func (c *evalCtx) fileFields() []Location {
	var out []Location
	root := c.p.Root
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || strings.Count(rel, "/") > 5) {
				return filepath.SkipDir
			}
			return nil
		}
		if len(out) > 0 || !strings.HasSuffix(rel, ".py") || !(d.Name() == "models.py" || strings.Contains(rel, "/models/")) {
			return nil
		}
		st, err := d.Info()
		if err != nil || st.Size() > maxHostingRead {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for i, l := range strings.Split(string(data), "\n") {
			if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && fileField.MatchString(l) {
				out = append(out, Location{File: rel, Line: i + 1, Source: t})
				return filepath.SkipAll
			}
		}
		return nil
	})
	return out
}

// dependencyNames are the files that list a project's packages.
var dependencyNames = regexp.MustCompile(`^(requirements[\w.-]*\.(txt|in)|pyproject\.toml|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|setup\.cfg|setup\.py)$`)

// dependencyMentions lists the dependency files at the root and in a
// requirements/ folder, and whether any of them names pkg.
func (c *evalCtx) dependencyMentions(pkg string) (files []string, listed bool) {
	word := regexp.MustCompile(`(?i)(^|[^\w.-])` + regexp.QuoteMeta(pkg) + `([^\w-]|$)`)
	for _, dir := range []string{".", "requirements"} {
		entries, err := os.ReadDir(filepath.Join(c.p.Root, dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			inRequirements := dir == "requirements" && (strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".in"))
			if !inRequirements && !dependencyNames.MatchString(name) {
				continue
			}
			rel := path.Join(dir, name)
			full := filepath.Join(c.p.Root, filepath.FromSlash(rel))
			st, err := os.Stat(full)
			if err != nil || !st.Mode().IsRegular() || st.Size() > 4*maxHostingRead {
				continue
			}
			data, err := os.ReadFile(full)
			if err != nil {
				continue
			}
			files = append(files, rel)
			for _, l := range strings.Split(string(data), "\n") {
				if t := strings.TrimSpace(l); !strings.HasPrefix(t, "#") && word.MatchString(t) {
					listed = true
				}
			}
		}
	}
	return files, listed
}
