package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDiscoverFixtures(t *testing.T) {
	tests := []struct {
		fixture   string
		start     string // where djharden runs, relative to the fixture
		root      string // want, relative to the fixture
		module    string
		files     []string
		django    string // major.minor.patch
		envStyle  string
		loaders   []string
		envNames  map[string]string
		hostKinds []string
	}{
		{fixture: "startproject", module: "mysite.settings", files: []string{"mysite/settings.py"},
			django: "3.2.25", envStyle: "os", envNames: map[string]string{}},
		{fixture: "srclayout", root: "src", module: "shop.settings", files: []string{"shop/settings.py"},
			django: "4.2.-1", envStyle: "os", envNames: map[string]string{}, hostKinds: []string{"heroku", "gunicorn"}},
		{fixture: "srclayout", start: "src/shop", root: "src", module: "shop.settings", files: []string{"shop/settings.py"},
			django: "4.2.-1", envStyle: "os", envNames: map[string]string{}, hostKinds: []string{"heroku", "gunicorn"}},
		{fixture: "cookiecutter", module: "config.settings.production",
			files:  []string{"config/settings/base.py", "config/settings/production.py"},
			django: "4.2.11", envStyle: "environ", loaders: []string{"environ.read_env"},
			envNames:  map[string]string{"SECRET_KEY": "DJANGO_SECRET_KEY", "DEBUG": "DJANGO_DEBUG", "SECURE_SSL_REDIRECT": "DJANGO_SECURE_SSL_REDIRECT"},
			hostKinds: []string{"docker", "heroku", "gunicorn", "compose"}},
		{fixture: "settingspkg", module: "portal.settings",
			files:  []string{"portal/settings/base.py", "portal/settings/local.py", "portal/settings/__init__.py"},
			django: "5.0.4", envStyle: "os", envNames: map[string]string{}},
		{fixture: "environproject", module: "notes.settings", files: []string{"notes/settings.py"},
			django: "4.2.9", envStyle: "environ", loaders: []string{"environ.read_env"},
			envNames: map[string]string{"SECRET_KEY": "SECRET_KEY", "DEBUG": "DEBUG", "ALLOWED_HOSTS": "ALLOWED_HOSTS"}, hostKinds: []string{"fly"}},
		{fixture: "decoupleproject", module: "shopfront.settings", files: []string{"shopfront/settings.py"},
			django: "5.1.7", envStyle: "decouple",
			envNames: map[string]string{"SECRET_KEY": "SECRET_KEY", "DEBUG": "DEBUG", "ALLOWED_HOSTS": "ALLOWED_HOSTS", "EMAIL_HOST_PASSWORD": "EMAIL_PASSWORD"}, hostKinds: []string{"render"}},
		{fixture: "customenv", module: "tracker.settings_prod", files: []string{"tracker/settings_prod.py"},
			django: "3.2.-1", envStyle: "os",
			envNames: map[string]string{"SECRET_KEY": "TRACKER_SECRET", "DEBUG": "TRACKER_DEBUG"}, hostKinds: []string{"appengine", "gunicorn", "nginx"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.start, func(t *testing.T) {
			dir := copyFixture(t, tt.fixture)
			p, err := Discover(Options{Dir: filepath.Join(dir, filepath.FromSlash(tt.start)), NoGit: true, NoScan: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.root)); p.Root != want {
				t.Errorf("root %s, want %s", p.Root, want)
			}
			if p.SettingsModule != tt.module || p.SettingsReason == "" {
				t.Errorf("module %q (%q), want %q", p.SettingsModule, p.SettingsReason, tt.module)
			}
			if !reflect.DeepEqual(p.SettingsFiles, tt.files) {
				t.Errorf("chain %v, want %v", p.SettingsFiles, tt.files)
			}
			if got := versionString(p.Django); got != tt.django || p.Django.Source == "" || p.Django.Raw == "" {
				t.Errorf("django %s from %q (%q), want %s", got, p.Django.Source, p.Django.Raw, tt.django)
			}
			if p.EnvStyle != tt.envStyle || !reflect.DeepEqual(p.EnvLoaders, tt.loaders) {
				t.Errorf("env style %q loaders %v, want %q %v", p.EnvStyle, p.EnvLoaders, tt.envStyle, tt.loaders)
			}
			for name, v := range tt.envNames {
				if p.EnvNames[name] != v {
					t.Errorf("EnvNames[%s] = %q, want %q (all: %v)", name, p.EnvNames[name], v, p.EnvNames)
				}
			}
			var kinds []string
			for _, h := range p.Hosting {
				kinds = append(kinds, h.Kind)
			}
			if !reflect.DeepEqual(kinds, tt.hostKinds) {
				t.Errorf("hosting %v, want %v", kinds, tt.hostKinds)
			}
			if p.Settings == nil || p.Settings.Get("DEBUG") == nil {
				t.Errorf("no effective settings")
			}
			if p.Git.Available || p.Scan != nil {
				t.Errorf("git or scan ran despite NoGit/NoScan")
			}
			for _, prob := range p.Problems {
				t.Logf("problem: %+v", prob)
			}
		})
	}
}

func versionString(v DjangoVersion) string {
	if !v.Known {
		return "unknown"
	}
	return itoaTest(v.Major) + "." + itoaTest(v.Minor) + "." + itoaTest(v.Patch)
}

func TestDiscoverEnvFile(t *testing.T) {
	dir := copyFixture(t, "environproject")
	env := filepath.Join(dir, "prod.env")
	if err := os.WriteFile(env, []byte("SECRET_KEY=abc\nDEBUG=off\nALLOWED_HOSTS=example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Discover(Options{Dir: dir, EnvFile: env, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.EnvFile != "prod.env" || p.EnvValues["DEBUG"] != "off" || !reflect.DeepEqual(p.EnvFileKeys, []string{"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}) {
		t.Errorf("env file %q values %d keys %v", p.EnvFile, len(p.EnvValues), p.EnvFileKeys)
	}
	// Relative to Root works too.
	if p, err := Discover(Options{Dir: dir, EnvFile: "prod.env", NoGit: true, NoScan: true}); err != nil || p.EnvFile != "prod.env" {
		t.Errorf("relative env file: %v", err)
	}
	_, err = Discover(Options{Dir: dir, EnvFile: filepath.Join(dir, "missing.env"), NoGit: true, NoScan: true})
	if err == nil || !strings.Contains(err.Error(), "missing.env") {
		t.Errorf("missing env file: err = %v", err)
	}
}

func TestDiscoverErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := Discover(Options{Dir: empty, NoGit: true, NoScan: true}); err == nil ||
		!strings.Contains(err.Error(), "no Django project found") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Discover(Options{Dir: filepath.Join(empty, "nope")}); err == nil {
		t.Error("missing dir: want an error")
	}
	file := filepath.Join(empty, "f.txt")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Discover(Options{Dir: file}); err == nil {
		t.Error("a file as dir: want an error")
	}
}

// Broken settings never panic or hang; they become Problems or unknowns.
func TestDiscoverBadSettings(t *testing.T) {
	// 10 MB in one comment: the size path, not the parser's speed on 1.7
	// million statements (about 16 s on a busy 2-core machine, reported).
	big := "# " + strings.Repeat("x", 10<<20) + "\n"
	tests := map[string]string{
		"syntax error": "DEBUG = (\nSECRET_KEY = 'x'\nif True\n    pass\n",
		"binary":       "\x00\x01\x02\xff\xfe\x00DEBUG\x00=\x00True",
		"non-utf8":     "# caf\xe9\nDEBUG = True\nNAME = '\xe9t\xe9'\n",
		"10 MB":        big + "DEBUG = True\n",
		"only bom":     "\xEF\xBB\xBF",
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, map[string]string{
				"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
				"mysite/__init__.py": "",
				"mysite/settings.py": content,
			})
			done := make(chan error, 1)
			go func() {
				_, err := Discover(Options{Dir: root, NoGit: true, NoScan: true})
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Discover failed: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Discover hangs")
			}
		})
	}
}

func TestDiscoverRunsScan(t *testing.T) {
	dir := copyFixture(t, "startproject")
	p, err := Discover(Options{Dir: dir, NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Scan == nil || p.Scan.Files == 0 {
		t.Errorf("scan result %+v", p.Scan)
	}
}
