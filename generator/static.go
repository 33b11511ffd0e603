package generator

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// How static files are served in production (Answers.Static).
const (
	StaticWhiteNoise = "whitenoise" // WhiteNoise middleware serves STATIC_ROOT (PaaS: Heroku, Render, Fly, Railway)
	StaticServer     = "server"     // a web server or CDN serves STATIC_ROOT; only STATIC_ROOT is written
	StaticSkip       = "skip"       // leave static files as they are
)

const (
	whitenoiseMiddleware = "whitenoise.middleware.WhiteNoiseMiddleware"
	securityMiddleware   = "django.middleware.security.SecurityMiddleware"
	// CompressedStaticFilesStorage serves compressed files without a
	// manifest, so pages never fail with "Missing staticfiles manifest
	// entry" in tests or before the first collectstatic.
	whitenoiseStorage = "whitenoise.storage.CompressedStaticFilesStorage"
	// whitenoiseRequirement is the line added to the dependency file.
	whitenoiseRequirement = "whitenoise>=6.0"
	// staticDecision matches the checklist's decision ID for "a web server serves STATIC_ROOT".
	staticDecision = "djharden.staticfiles"
)

// StaticDefault is the static-files answer to suggest for p: whitenoise
// on a platform without a web server of the project's own (Heroku, Render,
// Fly, Railway) when the project serves static files; skip otherwise.
func StaticDefault(p *project.Project) string {
	if p == nil || p.Settings == nil {
		return StaticSkip
	}
	if present, known := staticfilesApp(p.Settings); !present || !known {
		return StaticSkip
	}
	for _, h := range p.Hosting {
		switch h.Kind {
		case "heroku", "render", "fly", "railway":
			return StaticWhiteNoise
		}
	}
	return StaticSkip
}

// StaticOption is one answer to "how are static files served?", with the
// words the wizard shows.
type StaticOption struct {
	Value string // StaticWhiteNoise, StaticServer, StaticSkip
	Label string
	Help  string
}

// StaticOptions are the answers for the static-files question, the
// suggested one (StaticDefault) first.
func StaticOptions(p *project.Project) []StaticOption {
	opts := []StaticOption{
		{StaticWhiteNoise, "WhiteNoise serves them (Heroku, Render, Fly, Railway)", "Adds STATIC_ROOT, the WhiteNoise middleware and its storage, and whitenoise to your requirements; you install it."},
		{StaticServer, "My web server or CDN serves them (nginx, Caddy, S3)", "Adds STATIC_ROOT only; point your server at it and run collectstatic at each deploy."},
		{StaticSkip, "Leave static files as they are", "Nothing about static files is written; the checklist keeps reporting them."},
	}
	def := StaticDefault(p)
	for i, o := range opts {
		if o.Value == def && i > 0 {
			opts[0], opts[i] = opts[i], opts[0]
		}
	}
	return opts
}

// staticfilesApp tells whether django.contrib.staticfiles is installed,
// and whether INSTALLED_APPS could be read to say so.
func staticfilesApp(s *project.Settings) (present, known bool) {
	apps := s.Get("INSTALLED_APPS")
	if apps == nil {
		return false, true
	}
	known = apps.Value.Kind == pysource.ListVal || apps.Value.Kind == pysource.TupleVal
	for _, it := range apps.Value.Items {
		if it.Kind == pysource.StrVal && (it.Str == "django.contrib.staticfiles" || strings.HasPrefix(it.Str, "django.contrib.staticfiles.apps.")) {
			return true, true
		}
		if it.Kind != pysource.StrVal {
			known = false
		}
	}
	return false, known
}

// staticFix adds the static-files fragment to the block (before its end
// marker) and the whitenoise requirement to the project's dependency file.
// It decides from the settings as they are without the managed block, so a
// second apply writes the same block.
func (b *builder) staticFix(block string) (string, error) {
	mode := b.a.Static
	if mode == "" || mode == StaticSkip {
		return block, nil
	}
	if mode != StaticWhiteNoise && mode != StaticServer {
		return "", fmt.Errorf("%w: --static must be whitenoise, server or skip, not %q", ErrInvalidAnswers, mode)
	}
	if b.keeps("static-files") {
		b.plan.Notes = append(b.plan.Notes, "Static files: --keep static-files wins over --static "+mode+"; nothing about static files was written.")
		return block, nil
	}
	s, err := b.settingsWithoutBlock()
	if err != nil {
		return "", err
	}
	switch present, known := staticfilesApp(s); {
	case !known:
		b.plan.Notes = append(b.plan.Notes, "Static files: INSTALLED_APPS cannot be read without running the settings; the static files settings are written as if django.contrib.staticfiles were installed.")
	case !present:
		b.plan.Notes = append(b.plan.Notes, "Static files: django.contrib.staticfiles is not in INSTALLED_APPS, so there is nothing to serve; nothing was added.")
		return block, nil
	}
	var lines []string
	add := func(l ...string) { lines = append(lines, l...) }

	rootExpr := fmt.Sprintf("pathlib.Path(__file__).resolve().parents[%d] / \"staticfiles\"", b.rootDepth())
	switch root := s.Get("STATIC_ROOT"); {
	case root == nil || root.Default || root.Value.Kind == pysource.NoneVal || root.Value.Kind == pysource.StrVal && strings.TrimSpace(root.Value.Str) == "":
		add("# collectstatic gathers every app's static files here at each deploy.",
			"import pathlib  # noqa: E402", "", "STATIC_ROOT = "+rootExpr)
	case root.Value.Kind == pysource.Unknown && root.Env != nil && !root.EnvResolved:
		add("# collectstatic gathers static files into STATIC_ROOT; this folder when the environment does not say.",
			"import pathlib  # noqa: E402", "", "STATIC_ROOT = STATIC_ROOT or "+rootExpr)
	}

	if mode == StaticServer {
		add("# Your web server or CDN serves STATIC_ROOT at STATIC_URL (run collectstatic at each deploy).",
			"# djharden: accepted "+staticDecision+": a web server or CDN serves STATIC_ROOT at STATIC_URL")
		b.plan.Notes = append(b.plan.Notes, "Static files: serve STATIC_ROOT at STATIC_URL from your web server (nginx: location /static/ { alias <project>/staticfiles/; }) and run `python manage.py collectstatic --noinput` at each deploy.")
		return insertFragment(block, lines), nil
	}

	mw := s.Get("MIDDLEWARE")
	if mw == nil || mw.Default {
		return "", fmt.Errorf("%w: --static whitenoise: %s sets no MIDDLEWARE, so there is nothing to put WhiteNoise into; add MIDDLEWARE (SecurityMiddleware, then %s), or use --static server or skip. Nothing was written",
			ErrInvalidAnswers, b.target, whitenoiseMiddleware)
	}
	present := slices.ContainsFunc(mw.Value.Items, isStr(whitenoiseMiddleware))
	if !present && (!isStringList(mw.Value) || mw.Conditional) {
		where := ""
		if mw != nil && mw.Where.File != "" {
			where = fmt.Sprintf(" (%s:%d)", mw.Where.File, mw.Where.Line)
		}
		return "", fmt.Errorf("%w: --static whitenoise: MIDDLEWARE%s cannot be read without running the settings, so djharden cannot place WhiteNoise right after SecurityMiddleware; add %s there by hand, or use --static server or skip. Nothing was written",
			ErrInvalidAnswers, where, whitenoiseMiddleware)
	}
	items := mw.Value.Items
	if !present {
		at := slices.IndexFunc(items, isStr(securityMiddleware)) + 1
		if len(lines) > 0 {
			add("")
		}
		add("# WhiteNoise serves the collected static files itself, right after SecurityMiddleware.",
			fmt.Sprintf("if %s not in MIDDLEWARE:", pyStr(whitenoiseMiddleware)),
			"    MIDDLEWARE = [*MIDDLEWARE]",
			fmt.Sprintf("    MIDDLEWARE.insert(%d, %s)", at, pyStr(whitenoiseMiddleware)))
	}
	if storage := b.staticStorage(s); len(storage) > 0 {
		add("")
		add(storage...)
	}
	b.plan.Notes = append(b.plan.Notes, "Static files: run `python manage.py collectstatic --noinput` at each deploy, before the app starts (Heroku's Python buildpack does it for you).")
	if err := b.addRequirement(); err != nil {
		return "", err
	}
	b.venvNote()
	return insertFragment(block, lines), nil
}

// staticStorage writes WhiteNoise's storage backend when the project uses
// Django's default one: STORAGES["staticfiles"] on 4.2+, STATICFILES_STORAGE
// before. A storage the project chose is kept.
func (b *builder) staticStorage(s *project.Settings) []string {
	comment := "# Compressed copies of the static files; WhiteNoise serves them with long cache headers."
	set := func(name string) *project.Setting {
		if v := s.Get(name); v != nil && !v.Default {
			return v
		}
		return nil
	}
	legacy, storages := set("STATICFILES_STORAGE"), set("STORAGES")
	if !b.atLeast(4, 2) {
		if legacy != nil {
			return nil
		}
		return []string{comment, "STATICFILES_STORAGE = " + pyStr(whitenoiseStorage)}
	}
	fileStorage := set("DEFAULT_FILE_STORAGE")
	switch {
	case legacy != nil && !b.atLeast(5, 1), fileStorage != nil && !b.atLeast(5, 1):
		if legacy == nil || legacy.Value.Kind != pysource.StrVal || !strings.HasPrefix(legacy.Value.Str, "whitenoise.") {
			b.plan.Notes = append(b.plan.Notes, "Static files: the settings set STATICFILES_STORAGE or DEFAULT_FILE_STORAGE, which Django 4.2-5.0 refuses next to STORAGES, so no storage was written; for compressed files set STATICFILES_STORAGE = \""+whitenoiseStorage+"\" yourself.")
		}
		return nil
	case storages == nil:
		return []string{comment, fmt.Sprintf("STORAGES = {\n    \"default\": {\"BACKEND\": \"django.core.files.storage.FileSystemStorage\"},\n    \"staticfiles\": {\"BACKEND\": %s},\n}", pyStr(whitenoiseStorage))}
	case storages.Value.Kind != pysource.DictVal:
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("Static files: STORAGES (%s:%d) cannot be read without running the settings; set its \"staticfiles\" backend to %s for compressed files.", storages.Where.File, storages.Where.Line, whitenoiseStorage))
		return nil
	}
	for i, k := range storages.Value.Keys {
		if k.Kind == pysource.StrVal && k.Str == "staticfiles" {
			for j, kk := range storages.Value.Items[i].Keys {
				be := storages.Value.Items[i].Items[j]
				if kk.Str == "BACKEND" && be.Kind == pysource.StrVal && be.Str != "django.contrib.staticfiles.storage.StaticFilesStorage" {
					return nil // the project chose its storage
				}
			}
		}
	}
	return []string{comment, fmt.Sprintf("STORAGES = {**STORAGES, \"staticfiles\": {\"BACKEND\": %s}}", pyStr(whitenoiseStorage))}
}

// insertFragment puts lines just before the block's end marker.
func insertFragment(block string, lines []string) string {
	if len(lines) == 0 {
		return block
	}
	i := strings.LastIndex(block, BlockEnd)
	if i < 0 {
		return block
	}
	return block[:i] + "\n" + strings.Join(lines, "\n") + "\n" + block[i:]
}

func isStringList(v pysource.Value) bool {
	if v.Kind != pysource.ListVal && v.Kind != pysource.TupleVal {
		return false
	}
	for _, it := range v.Items {
		if it.Kind != pysource.StrVal {
			return false
		}
	}
	return true
}

func isStr(s string) func(pysource.Value) bool {
	return func(v pysource.Value) bool { return v.Kind == pysource.StrVal && v.Str == s }
}

// rootDepth is the parents[] index from the target settings file to the root.
func (b *builder) rootDepth() int {
	if dir := path.Dir(b.target); dir != "." {
		return strings.Count(dir, "/") + 1
	}
	return 0
}

// settingsWithoutBlock evaluates the settings as they are with the
// managed block taken out of the target file.
func (b *builder) settingsWithoutBlock() (*project.Settings, error) {
	src, err := b.read(b.target)
	if err != nil {
		return nil, err
	}
	shadow := *b.p
	shadow.Files = map[string]*project.SourceFile{}
	for k, v := range b.p.Files {
		shadow.Files[k] = v
	}
	sf := project.NewSourceFile(b.target, []byte(withoutBlock(strings.TrimPrefix(src, "\ufeff"))))
	shadow.Files[b.target] = sf
	module := b.a.Settings
	if module == "" {
		module = b.p.SettingsModule
	}
	if module == "" {
		return b.p.Settings, nil
	}
	s, _, _ := project.EvaluateSettings(&shadow, module)
	if s == nil {
		return nil, fmt.Errorf("%w: the settings module %s could not be evaluated", ErrInvalidAnswers, module)
	}
	return s, nil
}

// describeDeploy says what apply does for the deployment items.
func describeDeploy(itemID string) string {
	switch itemID {
	case "static-files":
		return "With --static whitenoise: STATIC_ROOT, WhiteNoise right after SecurityMiddleware, its compressed storage, and whitenoise added to your requirements (you install it). With server: STATIC_ROOT only, for your web server to serve."
	case "media-files", "error-pages", "database", "logging", "error-reports":
		return "Nothing automatic: the finding says what to change and where; these depend on your hosting and your site."
	}
	return ""
}
