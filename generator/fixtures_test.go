package generator

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// fixtureCase is one project layout people actually have, under
// testdata/projects (written for these tests, modelled on public
// projects), hardened with apply --domain example.com --https proxy
// --hsts trial --yes and then started by real Django.
type fixtureCase struct {
	name       string
	dir        string            // under testdata/projects; "" = a fresh startproject
	prod, dev  string            // the settings module production uses, and the development one
	modules    []string          // every settings module of the project (all must import)
	documented map[string]string // the environment the project documented before, with real values filled in
	debugVar   string            // the one variable a developer sets
	debugOn    string            // its value for "on" in this project's own terms ("" = "true")
	keyVar     string            // the variable a production start without a key names
	has        map[string][]string
	hasNot     map[string][]string
}

const (
	docKey    = "Documented-Key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
	debugTrue = "true"
)

var fixtureCases = []fixtureCase{
	{name: "startproject", prod: "mysite.settings", dev: "mysite.settings", modules: []string{"mysite.settings"},
		debugVar: "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY"},
	{name: "split", dir: "split", prod: "mysite.settings.production", dev: "mysite.settings.dev",
		modules:  []string{"mysite.settings.base", "mysite.settings.dev", "mysite.settings.test", "mysite.settings.production"},
		debugVar: "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY",
		has: map[string][]string{
			"mysite/settings/base.py":       {devKeyComment},
			"mysite/settings/production.py": {BlockEnd + "\n\n# Machine-local overrides (not in git).\ntry:\n    from .local import *"},
		}},
	{name: "cookiecutter", dir: "cookiecutter", prod: "config.settings.production", dev: "config.settings.local",
		modules:    []string{"config.settings.base", "config.settings.local", "config.settings.test", "config.settings.production"},
		documented: map[string]string{"DJANGO_SECRET_KEY": docKey, "DJANGO_ALLOWED_HOSTS": ".example.org"},
		debugVar:   "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY",
		has: map[string][]string{"config/settings/production.py": {`SECRET_KEY = env("DJANGO_SECRET_KEY")`, `ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS"`}},
		hasNot: map[string][]string{"config/settings/production.py": {"environ.Env()", "\nDEBUG = ",
			"SECURE_SSL_REDIRECT = not DEBUG", "SESSION_COOKIE_SECURE = not DEBUG", "CSRF_COOKIE_SECURE = not DEBUG", "# The proxy in front"}}},
	{name: "helpers", dir: "helpers", prod: "mysite.settings", dev: "mysite.settings", modules: []string{"mysite.settings"},
		documented: map[string]string{"SECRET_KEY_FILE": "", "ALLOWED_HOSTS": "example.org,www.example.org"},
		debugVar:   "DEBUG", keyVar: "SECRET_KEY",
		has: map[string][]string{"mysite/settings.py": {
			`SECRET_KEY = env("SECRET_KEY", "")`, `ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")`,
			`EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")`,
			BlockEnd + "\n\ntry:\n    from .local_settings import *"}},
		hasNot: map[string][]string{"mysite/settings.py": {"DJANGO_", "\nDEBUG = os.environ"}}},
	{name: "documented", dir: "documented", prod: "shop.settings", dev: "shop.settings", modules: []string{"shop.settings"},
		documented: map[string]string{"DEBUG": "False", "SECRET_KEY": docKey, "ALLOWED_HOSTS": "shop.example.org"},
		debugVar:   "DEBUG", keyVar: "SECRET_KEY",
		has:    map[string][]string{".env.example": {"CSRF_TRUSTED_ORIGINS="}},
		hasNot: map[string][]string{"shop/settings.py": {"DJANGO_"}, ".env.example": {"DJANGO_"}}},
	{name: "decouple", dir: "decouple", prod: "app.settings", dev: "app.settings", modules: []string{"app.settings"},
		documented: map[string]string{"DEBUG": "False", "SECRET_KEY": docKey, "ALLOWED_HOSTS": "app.example.org"},
		debugVar:   "DEBUG", keyVar: "SECRET_KEY",
		has: map[string][]string{".env.production": {"DEBUG=False"}, ".env": {"DEBUG=True"}}},
	{name: "dotenv", dir: "dotenv", prod: "proj.settings", dev: "proj.settings", modules: []string{"proj.settings"},
		documented: map[string]string{"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": docKey, "DJANGO_ALLOWED_HOSTS": "proj.example.org"},
		debugVar:   "DJANGO_DEBUG", debugOn: "True", keyVar: "DJANGO_SECRET_KEY",
		has: map[string][]string{"proj/settings.py": {`DEBUG = os.getenv("DJANGO_DEBUG", "False") == "True"`}}},
	{name: "tutorial", dir: "tutorial", prod: "blog.settings", dev: "blog.settings", modules: []string{"blog.settings"},
		debugVar: "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY",
		has: map[string][]string{"blog/settings.py": {`"myblog.herokuapp.com,localhost,127.0.0.1,example.com"`, `"myblog.herokuapp.com,example.com"`}}},
	{name: "silenced", dir: "silenced", prod: "site1.settings", dev: "site1.settings", modules: []string{"site1.settings"},
		debugVar: "DJANGO_DEBUG", debugOn: "1", keyVar: "DJANGO_SECRET_KEY",
		has:    map[string][]string{"site1/settings.py": {`SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005"`, `SILENCED_SYSTEM_CHECKS = ("urls.W002",)`}},
		hasNot: map[string][]string{"site1/settings.py": {"SILENCED_SYSTEM_CHECKS += ["}}},
	{name: "starter", dir: "starter", prod: "starter.settings", dev: "starter.settings", modules: []string{"starter.settings"},
		documented: map[string]string{"DJANGO_SECRET_KEY": docKey},
		debugVar:   "ENVIRONMENT", debugOn: "development", keyVar: "DJANGO_SECRET_KEY",
		has:    map[string][]string{"starter/settings.py": {`"DJANGO_SECRET_KEY",` + "\n    default=\"\",\n)"}},
		hasNot: map[string][]string{"starter/settings.py": {"token_urlsafe("}}},
	{name: "package", dir: "package", prod: "web.settings", dev: "web.settings", modules: []string{"web.settings"},
		debugVar: "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY",
		has: map[string][]string{"web/settings/__init__.py": {BlockBegin}}},
}

// TestFixtures is the done-when of "apply keeps real projects working":
// for every layout, (1) production passes the real check --deploy, (2)
// the documented environment starts Django with the same key and hosts,
// (3) with only the debug variable every module imports, check passes
// and GET / answers as before in two processes with one key, (4) no
// environment and DEBUG off refuses to start naming the variable, (5) a
// second apply is a no-op and undo restores every byte.
func TestFixtures(t *testing.T) {
	py := testenv.Python(t, "django", "decouple", "environ", "dotenv")
	git := testenv.Tool(t, "git")
	for _, fc := range fixtureCases {
		t.Run(fc.name, func(t *testing.T) {
			if testing.Short() && fc.name != "startproject" && fc.name != "split" && fc.name != "cookiecutter" {
				t.Skip("-short runs three layouts")
			}
			t.Parallel()
			runFixture(t, py, git, fc)
		})
	}
}

// splitSettingsFixture is wemake-django-template's layout: settings
// assembled by django-split-settings from components and an environment
// file, then a machine's optional local file in an include() of its own.
var splitSettingsFixture = fixtureCase{name: "splitsettings", dir: "splitsettings", prod: "server.settings", dev: "server.settings",
	modules:    []string{"server.settings"},
	documented: map[string]string{"DJANGO_SECRET_KEY": docKey},
	debugVar:   "DJANGO_DEBUG", keyVar: "DJANGO_SECRET_KEY",
	has: map[string][]string{
		"server/settings/__init__.py":          {BlockEnd + "\n\n# Machine-local overrides (not in git).\ninclude(optional("},
		"server/settings/components/common.py": {`os.environ.get("DJANGO_SECRET_KEY", "django-insecure-" + hashlib.sha256(__file__.encode()).hexdigest())`},
	}}

// TestSplitSettingsFixture runs the done-when checks on the split-settings
// layout, with the real django-split-settings.
func TestSplitSettingsFixture(t *testing.T) {
	t.Parallel()
	py := testenv.Python(t, "django", "split_settings")
	git := testenv.Tool(t, "git")
	runFixture(t, py, git, splitSettingsFixture)
}

func runFixture(t *testing.T, py, git string, fc fixtureCase) {
	root := t.TempDir()
	if fc.dir == "" {
		root = startproject(t, py)
	} else if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "projects", fc.dir))); err != nil {
		t.Fatal(err)
	} else if err := os.Rename(filepath.Join(root, "dot.env"), filepath.Join(root, ".env")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// The repository commits no .env: a fixture's development .env is
		// kept as dot.env and takes its real name in the copy.
		t.Fatal(err)
	}
	documented := map[string]string{}
	for k, v := range fc.documented {
		if strings.HasSuffix(k, "_FILE") && v == "" {
			v = filepath.Join(t.TempDir(), "secret")
			if err := os.WriteFile(v, []byte(docKey+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		documented[k] = v
	}
	gitRun(t, git, root, "init", "-q")
	gitRun(t, git, root, "add", "-A")
	gitRun(t, git, root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fixture")
	orig := tree(t, root)

	on := fc.debugOn
	if on == "" {
		on = debugTrue
	}
	devEnv := map[string]string{fc.debugVar: on}
	imports := strings.Join(fc.modules, ",")
	before := probe(t, py, root, fc.dev, devEnv, "--get", "--import", imports)
	var docBefore probeResult
	if fc.documented != nil {
		if docBefore = probe(t, py, root, fc.prod, documented); docBefore.Error != "" {
			t.Fatalf("the documented environment does not start the fixture: %s", docBefore.Error)
		}
	}

	a, plan := fixtureApply(t, root)
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	after := tree(t, root)
	for file, subs := range fc.has {
		for _, s := range subs {
			if !strings.Contains(after[file], s) {
				t.Errorf("%s lacks %q:\n%s", file, s, after[file])
			}
		}
	}
	for file, subs := range fc.hasNot {
		for _, s := range subs {
			if strings.Contains(after[file], s) {
				t.Errorf("%s holds %q:\n%s", file, s, after[file])
			}
		}
	}

	// (1) production.
	prodEnv := envValues(t, root, plan.Answers.EnvFile)
	prodEnv["DJANGO_SETTINGS_MODULE"] = fc.prod
	out, code := manage(t, py, root, prodEnv, "check", "--deploy", "--fail-level", "WARNING")
	checkDeployOutput(t, out, code, nil)

	// (2) the documented environment.
	if fc.documented != nil {
		got := probe(t, py, root, fc.prod, documented)
		// Hosts the environment does not set are merged with the domain
		// apply was given; the hosts served before are all still there.
		merged := append(slices.Clone(docBefore.Hosts), "example.com")
		slices.Sort(merged)
		sorted := slices.Sorted(slices.Values(got.Hosts))
		sameHosts := strings.Join(got.Hosts, ",") == strings.Join(docBefore.Hosts, ",") || strings.Join(sorted, ",") == strings.Join(merged, ",")
		if got.Error != "" || got.Key != docBefore.Key || !sameHosts {
			t.Errorf("documented environment: before key %s hosts %v, after key %s hosts %v (%s)", docBefore.Key, docBefore.Hosts, got.Key, got.Hosts, got.Error)
		}
	}

	// (3) development, twice, with the env files apply wrote out of the way.
	aside(t, root, plan.Answers.EnvFile, func() {
		var keys []string
		for range 2 {
			dev := probe(t, py, root, fc.dev, devEnv, "--get", "--check", "--import", imports)
			if dev.Error != "" {
				t.Fatalf("with only %s=%s: %s", fc.debugVar, on, dev.Error)
			}
			// Every module that imported before still does (a module that
			// requires its key by design, as cookiecutter's production, may not).
			for _, m := range fc.modules {
				if was, ok := before.Imports[m]; (!ok || was == "") && dev.Imports[m] != "" {
					t.Errorf("with only %s=%s, %s no longer imports: %s", fc.debugVar, on, m, dev.Imports[m])
				}
			}
			if dev.Status == 400 || dev.Status == 301 || (before.Error == "" && dev.Status != before.Status) {
				t.Errorf("GET / with only %s=true: %d, before apply %d (%s)", fc.debugVar, dev.Status, before.Status, before.Error)
			}
			if dev.SecureCookies || dev.Redirect {
				t.Errorf("with DEBUG on: secure-only cookies %v, https redirect %v", dev.SecureCookies, dev.Redirect)
			}
			keys = append(keys, dev.Key)
		}
		if keys[0] != keys[1] {
			t.Error("two development processes got different keys: sessions end at every autoreload")
		}
	})

	// (4) no environment at all: production refuses, naming the variable.
	aside(t, root, ".env", func() {
		aside(t, root, plan.Answers.EnvFile, func() {
			got := probe(t, py, root, fc.prod, nil)
			if got.Error == "" || !strings.Contains(got.Error, fc.keyVar) {
				t.Errorf("no environment: %q, want a refusal naming %s", got.Error, fc.keyVar)
			}
		})
	})

	// (5) a second apply is a no-op; undo restores every byte.
	_, again := fixtureApply(t, root)
	_ = a
	if !again.Empty() {
		t.Errorf("second apply is not a no-op:\n%s", again.Diff())
	}
	if _, err := Undo(root); err != nil {
		t.Fatal(err)
	}
	restored := tree(t, root)
	for f, data := range orig {
		if restored[f] != data {
			t.Errorf("undo: %s differs from the original", f)
		}
	}
	for f := range restored {
		if _, ok := orig[f]; !ok {
			t.Errorf("undo left %s behind", f)
		}
	}
}

// fixtureApply discovers the project as the CLI does (the env file's
// values resolve reads) and builds the plan of the done-when answers.
func fixtureApply(t *testing.T, root string) (Answers, *Plan) {
	t.Helper()
	opts := project.Options{Dir: root, NoScan: true}
	if _, err := os.Stat(filepath.Join(root, ".env")); err == nil {
		opts.EnvFile = filepath.Join(root, ".env")
	}
	p, err := project.Discover(opts)
	if err != nil {
		t.Fatal(err)
	}
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.HSTS = []string{"example.com"}, HTTPSProxy, HSTSTrial
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	return a, plan
}

type probeResult struct {
	Key           string   `json:"key"`
	Hosts         []string `json:"hosts"`
	Debug         bool     `json:"debug"`
	Status        int      `json:"status"`
	SecureCookies bool     `json:"secure_cookies"`
	Redirect      bool     `json:"redirect"`
	Error         string   `json:"error"`

	Imports map[string]string `json:"imports"` // module -> error ("" = imported)
}

// probe starts Django with settings module and env in one process.
func probe(t *testing.T, py, root, module string, env map[string]string, args ...string) probeResult {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "probe.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{script}, args...)...)
	cmd.Dir = root
	cmd.Env = append(cleanEnv(env), "DJANGO_SETTINGS_MODULE="+module, "PYTHONPATH="+root)
	out, err := cmd.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var r probeResult
	if jerr := json.Unmarshal([]byte(lines[len(lines)-1]), &r); jerr != nil {
		t.Fatalf("probe %s: %v %v\n%s", module, err, jerr, out)
	}
	return r
}

// aside moves rel out of the way while fn runs.
func aside(t *testing.T, root, rel string, fn func()) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Stat(full); err != nil {
		fn()
		return
	}
	if err := os.Rename(full, full+".aside"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Rename(full+".aside", full); err != nil {
			t.Fatal(err)
		}
	}()
	fn()
}

func gitRun(t *testing.T, git, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(git, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(nil), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// tree reads every file under root but git's and djharden's own, and
// Python's caches and databases.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(root, p)
		r = filepath.ToSlash(r)
		if d.IsDir() && (r == ".git" || r == ".djharden" || d.Name() == "__pycache__") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && !strings.HasSuffix(r, ".sqlite3") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[r] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
