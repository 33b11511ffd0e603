package project

import (
	"slices"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/internal/testenv"
)

// settingsProject writes files into a temp dir and returns a Project over
// it, as discovery would hand it to EvaluateSettings.
func settingsProject(t *testing.T, files map[string]string, env map[string]string, version DjangoVersion) *Project {
	t.Helper()
	dir := t.TempDir()
	testenv.WriteTree(t, dir, files)
	p := &Project{Root: dir, Files: map[string]*SourceFile{}, Django: version}
	if env != nil {
		p.EnvFile = "prod.env"
		p.EnvValues = env
	}
	return p
}

var django32 = DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25}

func TestEvaluateSettings(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		module  string
		env     map[string]string // nil = no env file
		version DjangoVersion
		want    map[string]string // setting -> Value.Python()
		files2  []string          // expected chain, bases first (nil = not checked)
	}{
		{
			name:   "literals and later assignments win",
			files:  map[string]string{"s.py": "DEBUG = True\nSECRET_KEY = 'abc'\nDEBUG = False\n"},
			module: "s",
			want:   map[string]string{"DEBUG": "False", "SECRET_KEY": "'abc'"},
		},
		{
			name: "relative star import, then override",
			files: map[string]string{
				"conf/__init__.py":            "",
				"conf/settings/__init__.py":   "",
				"conf/settings/base.py":       "DEBUG = True\nALLOWED_HOSTS = []\n_private = 1\n",
				"conf/settings/production.py": "from .base import *\n\nDEBUG = False\nALLOWED_HOSTS += ['example.com']\n",
			},
			module: "conf.settings.production",
			want:   map[string]string{"DEBUG": "False", "ALLOWED_HOSTS": "['example.com']"},
			files2: []string{"conf/settings/base.py", "conf/settings/production.py"},
		},
		{
			name: "absolute star import and a package __init__",
			files: map[string]string{
				"conf/__init__.py":          "",
				"conf/settings/__init__.py": "from conf.settings.base import *\nX_FRAME_OPTIONS = 'SAMEORIGIN'\n",
				"conf/settings/base.py":     "X_FRAME_OPTIONS = 'DENY'\nSECRET_KEY = 'k'\n",
			},
			module: "conf.settings",
			want:   map[string]string{"X_FRAME_OPTIONS": "'SAMEORIGIN'", "SECRET_KEY": "'k'"},
			files2: []string{"conf/settings/base.py", "conf/settings/__init__.py"},
		},
		{
			name: "a star import brings the base's final values, not the importer's earlier ones",
			files: map[string]string{
				"a.py": "DEBUG = False\nfrom b import *\n",
				"b.py": "DEBUG = True\n",
			},
			module: "a",
			want:   map[string]string{"DEBUG": "True"},
		},
		{
			name: "list methods and +=",
			files: map[string]string{"s.py": "MIDDLEWARE = ['a', 'b']\nMIDDLEWARE += ('c',)\nMIDDLEWARE.append('d')\n" +
				"MIDDLEWARE.insert(0, 'z')\nMIDDLEWARE.remove('b')\nMIDDLEWARE.extend(['e'])\n"},
			module: "s",
			want:   map[string]string{"MIDDLEWARE": "['z', 'a', 'c', 'd', 'e']"},
		},
		{
			name: "helpers, concatenation and starred splices",
			files: map[string]string{"s.py": "base_apps = ['a']\nINSTALLED_APPS = base_apps + ['b']\nINSTALLED_APPS = [*INSTALLED_APPS, 'c']\n" +
				"HOUR = 60 * 60\nSECURE_HSTS_SECONDS = HOUR * 24\n"},
			module: "s",
			want:   map[string]string{"INSTALLED_APPS": "['a', 'b', 'c']", "SECURE_HSTS_SECONDS": "86400"},
		},
		{
			name: "subscript assignment into a nested dict",
			files: map[string]string{"s.py": "DATABASES = {'default': {'ENGINE': 'x'}}\n" +
				"DATABASES['default']['PASSWORD'] = 'pw'\nDATABASES['default'].update({'HOST': 'h'})\n"},
			module: "s",
			want:   map[string]string{"DATABASES": "{'default': {'ENGINE': 'x', 'PASSWORD': 'pw', 'HOST': 'h'}}"},
		},
		{
			name: "try import of an existing local.py applies it",
			files: map[string]string{
				"p/__init__.py":          "",
				"p/settings/__init__.py": "DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    DEBUG = None\n",
				"p/settings/local.py":    "DEBUG = True\n",
			},
			module: "p.settings",
			want:   map[string]string{"DEBUG": "True"},
		},
		{
			name: "try import of a missing module runs the except clause",
			files: map[string]string{
				"p/__init__.py":          "",
				"p/settings/__init__.py": "DEBUG = False\ntry:\n    from .local import *\n    DEBUG = 1\nexcept ImportError:\n    SECRET_KEY = 'from-except'\n",
			},
			module: "p.settings",
			want:   map[string]string{"DEBUG": "False", "SECRET_KEY": "'from-except'"},
		},
		{
			name:   "if with a known test takes one branch",
			files:  map[string]string{"s.py": "DEBUG = False\nif DEBUG:\n    ALLOWED_HOSTS = ['*']\nelif not DEBUG:\n    ALLOWED_HOSTS = ['a.com']\nelse:\n    ALLOWED_HOSTS = []\n"},
			module: "s",
			want:   map[string]string{"ALLOWED_HOSTS": "['a.com']"},
		},
		{
			name:   "without an env file a read is judged by its default; no default is unknown",
			files:  map[string]string{"s.py": "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False')\nSECRET_KEY = os.environ['KEY']\nHOST = os.getenv('HOST')\n"},
			module: "s",
			want:   map[string]string{"DEBUG": "'False'", "SECRET_KEY": "<unknown>", "HOST": "<unknown>"},
		},
		{
			name:   "os.environ gives the raw string: 'False' is a non-empty string",
			files:  map[string]string{"s.py": "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', False)\nSECRET_KEY = os.environ['KEY']\n"},
			module: "s",
			env:    map[string]string{"DJANGO_DEBUG": "False", "KEY": "abc"},
			want:   map[string]string{"DEBUG": "'False'", "SECRET_KEY": "'abc'"},
		},
		{
			name:   "absent variable with an env file: the default applies",
			files:  map[string]string{"s.py": "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', True)\nHOSTS = os.environ.get('H', '').split(',')\n"},
			module: "s",
			env:    map[string]string{},
			want:   map[string]string{"DEBUG": "True", "HOSTS": "['']"},
		},
		{
			name: "django-environ casts: bool words, lists without stripping, default not cast",
			files: map[string]string{"s.py": "import environ\nenv = environ.Env()\nDEBUG = env.bool('D', default=False)\n" +
				"ALLOWED_HOSTS = env.list('H')\nSECURE_SSL_REDIRECT = env.bool('R', default='yes')\nSECURE_HSTS_SECONDS = env.int('S', default=0)\n"},
			module: "s",
			env:    map[string]string{"D": "Ok", "H": "a.com, b.com,", "S": "3600"},
			want: map[string]string{"DEBUG": "True", "ALLOWED_HOSTS": "['a.com', ' b.com']",
				"SECURE_SSL_REDIRECT": "'yes'", "SECURE_HSTS_SECONDS": "3600"},
		},
		{
			name: "decouple casts: strtobool words, Csv strips",
			files: map[string]string{"s.py": "from decouple import config, Csv\nDEBUG = config('D', default=False, cast=bool)\n" +
				"ALLOWED_HOSTS = config('H', cast=Csv())\nSECURE_SSL_REDIRECT = config('R', default='on', cast=bool)\n"},
			module: "s",
			env:    map[string]string{"D": "no", "H": "a.com, b.com"},
			want:   map[string]string{"DEBUG": "False", "ALLOWED_HOSTS": "['a.com', 'b.com']", "SECURE_SSL_REDIRECT": "True"},
		},
		{
			name: "comparisons are case-sensitive unless the code lower-cases",
			files: map[string]string{"s.py": "import os\nA = os.environ.get('V', '') == 'true'\nB = os.environ.get('V', '').lower() == 'true'\n" +
				"C = os.environ.get('V', 'x') != 'False'\nD = os.getenv('MISSING') not in ('0', 'false')\nE = os.getenv('V').upper() in ('TRUE', '1')\n"},
			module: "s",
			env:    map[string]string{"V": "True"},
			want:   map[string]string{"A": "False", "B": "True", "C": "True", "D": "True", "E": "True"},
		},
		{
			name: "a project helper that parses booleans",
			files: map[string]string{"s.py": "import os\n\ndef env_bool(name, default=False):\n    return os.environ.get(name, str(default)).lower() in ('1', 'true', 'yes')\n\n" +
				"DEBUG = env_bool('D')\nSECURE_SSL_REDIRECT = env_bool('R', True)\n"},
			module: "s",
			env:    map[string]string{"D": "False"},
			want:   map[string]string{"DEBUG": "False", "SECURE_SSL_REDIRECT": "True"},
		},
		{
			name:    "defaults follow the version",
			files:   map[string]string{"s.py": "DEBUG = False\n"},
			module:  "s",
			version: DjangoVersion{Known: true, Major: 3, Minor: 0, Patch: 0},
			want:    map[string]string{"SECURE_REFERRER_POLICY": "None", "X_FRAME_OPTIONS": "'DENY'", "SECURE_CONTENT_TYPE_NOSNIFF": "True"},
		},
		{
			name:   "defaults of the latest series when the version is unknown",
			files:  map[string]string{"s.py": "DEBUG = False\n"},
			module: "s",
			want:   map[string]string{"SECURE_REFERRER_POLICY": "'same-origin'", "SECURE_CROSS_ORIGIN_OPENER_POLICY": "'same-origin'", "SECURE_CSP": "{}", "SECRET_KEY": "''"},
		},
		{
			name:   "import cycles end",
			files:  map[string]string{"a.py": "from b import *\nDEBUG = False\n", "b.py": "from a import *\nSECRET_KEY = 'x'\n"},
			module: "a",
			want:   map[string]string{"DEBUG": "False", "SECRET_KEY": "'x'"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			version := tt.version
			if !version.Known && !strings.Contains(tt.name, "unknown") {
				version = django32
			}
			p := settingsProject(t, tt.files, tt.env, version)
			s, files, problems := evaluateBothWays(t, p, tt.module)
			for name, want := range tt.want {
				got := s.Get(name)
				if got == nil {
					t.Errorf("%s: not set (problems %v)", name, problems)
					continue
				}
				if got.Value.Python() != want {
					t.Errorf("%s = %s, want %s (problems %v)", name, got.Value.Python(), want, problems)
				}
			}
			if tt.files2 != nil && !slices.Equal(files, tt.files2) {
				t.Errorf("files = %v, want %v", files, tt.files2)
			}
		})
	}
}

func TestEvaluateSettingsLocationsAndFlags(t *testing.T) {
	files := map[string]string{
		"conf/__init__.py":   "",
		"conf/base.py":       "import os\n\nDEBUG = True\nMIDDLEWARE = ['a']\n",
		"conf/production.py": "from .base import *\n\n# production\nDEBUG = os.environ.get('DEBUG') == 'true'\nMIDDLEWARE.append('b')\nif os.environ.get('X'):\n    SECURE_SSL_REDIRECT = True\n",
	}
	p := settingsProject(t, files, nil, django32)
	s, _, _ := EvaluateSettings(p, "conf.production")

	debug := s.Get("DEBUG")
	if debug.Where.File != "conf/production.py" || debug.Where.Line != 4 || debug.Where.Source != "DEBUG = os.environ.get('DEBUG') == 'true'" {
		t.Errorf("DEBUG.Where = %+v", debug.Where)
	}
	if len(debug.History) != 2 || debug.History[0].File != "conf/base.py" || debug.History[0].Line != 3 {
		t.Errorf("DEBUG.History = %+v", debug.History)
	}
	if debug.Env == nil || debug.Env.Var != "DEBUG" || debug.EnvResolved {
		t.Errorf("DEBUG env = %+v resolved=%v", debug.Env, debug.EnvResolved)
	}
	mw := s.Get("MIDDLEWARE")
	if mw.Value.Python() != "['a', 'b']" || mw.Where.Line != 5 {
		t.Errorf("MIDDLEWARE = %s at %+v", mw.Value.Python(), mw.Where)
	}
	ssl := s.Get("SECURE_SSL_REDIRECT")
	if !ssl.Conditional || ssl.Default || ssl.Value.Python() != "True" {
		t.Errorf("SECURE_SSL_REDIRECT = %+v", ssl)
	}
	if hsts := s.Get("SECURE_HSTS_SECONDS"); !hsts.Default || hsts.Where.File != "" {
		t.Errorf("SECURE_HSTS_SECONDS should be Django's default: %+v", hsts)
	}
}

func TestEvaluateSettingsProblems(t *testing.T) {
	files := map[string]string{
		"s.py": "from decouple import config\nimport os\nMIDDLEWARE = ['a']\nMIDDLEWARE.remove('zzz')\n" +
			"DEBUG = config('D', cast=bool)\nSECRET_KEY = os.environ['MISSING']\n",
	}
	p := settingsProject(t, files, map[string]string{"D": "maybe"}, django32)
	s, _, problems := EvaluateSettings(p, "s")
	var text []string
	for _, pr := range problems {
		text = append(text, pr.Message)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"'zzz' is not in the list", "not a boolean python-decouple accepts", "MISSING is not in the env file"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "maybe") {
		t.Errorf("a problem shows an env value: %s", all)
	}
	if v := s.Get("DEBUG").Value.Python(); v != "<unknown>" {
		t.Errorf("DEBUG = %s, want unknown", v)
	}
	_, _, problems = EvaluateSettings(p, "nope.settings")
	if len(problems) == 0 {
		t.Error("a missing module gives no problem")
	}
}

func TestIsSettingName(t *testing.T) {
	for name, want := range map[string]bool{"DEBUG": true, "_X1": true, "SECRET_KEY": true, "Debug": false, "base_dir": false, "_1": false} {
		if got := isSettingName(name); got != want {
			t.Errorf("isSettingName(%q) = %v", name, got)
		}
	}
}

func TestResolveImport(t *testing.T) {
	tests := []struct {
		pkg    string
		level  int
		module string
		want   string
		ok     bool
	}{
		{"conf.settings", 1, "base", "conf.settings.base", true},
		{"conf.settings", 2, "common", "conf.common", true},
		{"conf.settings", 1, "", "conf.settings", true},
		{"", 1, "base", "base", true},
		{"conf", 3, "x", "", false},
		{"", 0, "a.b", "a.b", true},
	}
	for _, tt := range tests {
		got, ok := resolveImport(tt.pkg, tt.level, tt.module)
		if got != tt.want || ok != tt.ok {
			t.Errorf("resolveImport(%q, %d, %q) = %q, %v", tt.pkg, tt.level, tt.module, got, ok)
		}
	}
}

// Settings that double a value on every line must not exhaust memory or
// time: past a bound the value is unknown, as honest as it gets.
func TestEvaluateSettingsStaysBounded(t *testing.T) {
	for name, src := range map[string]string{
		"lists":  "A = [1]\n" + strings.Repeat("A = [*A, *A]\nA += A\nA.extend(A)\n", 40),
		"dicts":  "D = {}\n" + strings.Repeat("D = {'a': D, 'b': D}\nD['a']['x'] = D\n", 60),
		"nested": "L = []\n" + strings.Repeat("L = [L, L]\nL.append(L)\n", 60),
		// 200k assignments of one name: a history copied whole on every
		// assignment made this quadratic (minutes); it must stay linear.
		"reassigned": strings.Repeat("X = 1\n", 200_000),
	} {
		t.Run(name, func(t *testing.T) {
			p := settingsProject(t, map[string]string{"s.py": src + "DEBUG = True\n"}, nil, django32)
			s, _, _ := EvaluateSettings(p, "s")
			if s.Get("DEBUG").Value.Python() != "True" {
				t.Error("evaluation stopped early")
			}
			if x := s.Get("X"); x != nil && len(x.History) > maxHistory {
				t.Errorf("X remembers %d assignments, more than %d", len(x.History), maxHistory)
			}
		})
	}
}

func TestEvaluateSettingsReportsUnreadableSource(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"syntax error", "DEBUG = False\nDEBUG = (\nSECRET_KEY = 'x'\n", 3, "Python cannot parse"},
		{"binary", "DEBUG = False\x00\x01\x02", 0, "binary data"},
		{"latin-1 without declaration", "# caf\xe9\nDEBUG = False\n", 1, "not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := settingsProject(t, map[string]string{"s.py": c.src}, nil, django32)
			_, _, problems := EvaluateSettings(p, "s")
			found := false
			for _, pr := range problems {
				if strings.Contains(pr.Message, c.want) && pr.File == "s.py" && (c.line == 0 || pr.Line == c.line) {
					found = true
				}
			}
			if !found {
				t.Errorf("problems = %+v, want one at s.py:%d saying %q", problems, c.line, c.want)
			}
		})
	}
	p := settingsProject(t, map[string]string{"s.py": "# -*- coding: latin-1 -*-\n# caf\xe9\nDEBUG = False\n"}, nil, django32)
	if _, _, problems := EvaluateSettings(p, "s"); len(problems) != 0 {
		t.Errorf("a declared latin-1 file is fine for Python: %+v", problems)
	}
}

// A star import of a module the project does not hold (a machine's own
// local settings, kept out of git) is said, with its line: where that file
// exists it can change anything the checklist judged.
func TestMissingLocalSettingsAreNoted(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"p/__init__.py": "",
		"p/settings.py": "DEBUG = False\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\n",
	}
	p := settingsProject(t, files, nil, django32)
	s, _, problems := EvaluateSettings(p, "p.settings")
	found := false
	for _, pr := range problems {
		if pr.File == "p/settings.py" && pr.Line == 3 && strings.Contains(pr.Message, "imports .local_settings, which is not in the project") && !pr.Blocking {
			found = true
		}
	}
	if !found {
		t.Errorf("no note names the missing local settings: %+v", problems)
	}
	if v := s.Get("DEBUG").Value; v.Kind != pysource.BoolVal || v.Bool {
		t.Errorf("DEBUG = %s, want False (the project's own value)", v.Python())
	}
}

// django-split-settings: include() runs its files in the module's
// namespace, in order, relative to the including file, globs sorted; an
// environment-picked file is said; a path that cannot be worked out makes
// the settings unread; a missing required file blocks.
func TestSplitSettingsIncludes(t *testing.T) {
	t.Parallel()
	head := "from os import environ\nfrom split_settings.tools import include, optional\nENV = environ.get('DJANGO_ENV') or 'development'\n"
	files := map[string]string{
		"s/__init__.py":            head + "include('components/*.py', f'env/{ENV}.py', optional('env/local.py'))\n",
		"s/components/a_common.py": "DEBUG = False\nSECRET_KEY = 'k'\n",
		"s/components/b_hosts.py":  "ALLOWED_HOSTS = ['a.example']\nDEBUG = False\n",
		"s/env/development.py":     "DEBUG = True\n",
		"s/env/production.py":      "DEBUG = False\nALLOWED_HOSTS += ['b.example']\n",
		"t/__init__.py":            head + "include(environ['SETTINGS_FILE'])\n",
		"u/__init__.py":            head + "include('missing.py')\n",
		"v/__init__.py":            "import split_settings.tools as sst\nsst.include('x.py')\n",
		"v/x.py":                   "DEBUG = True\n",
		"w/__init__.py":            head + "_BASE = ['x.py', optional('local.py')]\ninclude(*_BASE)\n",
		"w/x.py":                   "DEBUG = True\n",
		"x/__init__.py":            head + "_BASE = ('x.py',)\ninclude(*_BASE)\n",
		"x/x.py":                   "DEBUG = True\n",
		"y/__init__.py":            head + "_BASE = ['x.py']\nif environ.get('X'):\n    _BASE = ['z.py']\ninclude(*_BASE)\n",
		"y/x.py":                   "DEBUG = True\n",
	}
	p := settingsProject(t, files, nil, django32)
	s, chain, problems := EvaluateSettings(p, "s")
	if d := s.Get("DEBUG"); d.Value.Kind != pysource.BoolVal || !d.Value.Bool || d.Where.File != "s/env/development.py" {
		t.Errorf("DEBUG = %s at %+v, want True from s/env/development.py", d.Value.Python(), d.Where)
	}
	if want := []string{"s/components/a_common.py", "s/components/b_hosts.py", "s/env/development.py", "s/__init__.py"}; !slices.Equal(chain, want) {
		t.Errorf("chain %v, want %v", chain, want)
	}
	var all []string
	for _, pr := range problems {
		all = append(all, pr.Message)
	}
	for _, want := range []string{"include() runs env/development.py because DJANGO_ENV is not set", `includes optional("env/local.py"), which is not in the project`} {
		if !strings.Contains(strings.Join(all, "\n"), want) {
			t.Errorf("problems lack %q: %v", want, all)
		}
	}

	prod := settingsProject(t, files, map[string]string{"DJANGO_ENV": "production"}, django32)
	s, _, _ = EvaluateSettings(prod, "s")
	if h := s.Get("ALLOWED_HOSTS").Value.Python(); h != "['a.example', 'b.example']" || s.Get("DEBUG").Value.Bool {
		t.Errorf("with DJANGO_ENV=production: ALLOWED_HOSTS %s, DEBUG %s", h, s.Get("DEBUG").Value.Python())
	}

	s, _, _ = EvaluateSettings(p, "t")
	if len(s.Unread) == 0 || !strings.Contains(s.Unread[0].Message, "include() of a path djharden cannot work out") {
		t.Errorf("an include of an unknown path is not unread: %+v", s.Unread)
	}
	_, _, problems = EvaluateSettings(p, "u")
	if !slices.ContainsFunc(problems, func(pr Problem) bool {
		return pr.Blocking && strings.Contains(pr.Message, `includes "missing.py", which does not exist`)
	}) {
		t.Errorf("a missing required include does not block: %+v", problems)
	}
	if s, _, _ = EvaluateSettings(p, "v"); !s.Get("DEBUG").Value.Bool {
		t.Errorf("import split_settings.tools as sst; sst.include(...) not followed")
	}
	// include(*LIST): the list or tuple bound where include() runs.
	for _, m := range []string{"w", "x"} {
		if s, _, _ = EvaluateSettings(p, m); !s.Get("DEBUG").Value.Bool || s.Get("DEBUG").Where.File != m+"/x.py" || len(s.Unread) != 0 {
			t.Errorf("%s: include(*_BASE) not followed: DEBUG at %+v, unread %+v", m, s.Get("DEBUG").Where, s.Unread)
		}
	}
	if s, _, _ = EvaluateSettings(p, "y"); len(s.Unread) == 0 || !strings.Contains(s.Unread[0].Message, "include() of a list djharden cannot work out") {
		t.Errorf("include(*_BASE) of a list set in a branch is not unread: %+v", s.Unread)
	}
}

// dynaconf's Django extension rewrites the settings from its own files
// and DJANGO_* variables: nothing the module sets may pass on its own.
func TestDynaconfSettingsAreUnread(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"p/__init__.py": "",
		"p/settings.py": "DEBUG = False\nSECRET_KEY = 'k' * 60\n# HERE STARTS DYNACONF EXTENSION LOAD\nimport dynaconf  # noqa\nsettings = dynaconf.DjangoDynaconf(__name__)  # noqa\n",
	}
	s, _, _ := EvaluateSettings(settingsProject(t, files, nil, django32), "p.settings")
	if len(s.Unread) != 1 || s.Unread[0].Line != 5 || !strings.Contains(s.Unread[0].Message, "dynaconf finishes the settings here") {
		t.Fatalf("unread = %+v, want the DjangoDynaconf line", s.Unread)
	}
}

// Settings set through the module's namespace: a literal name is an
// assignment like any other; a computed one makes the settings unread.
func TestNamespaceAssignments(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"a.py": "DEBUG = False\nglobals()['DEBUG'] = True\n",
		"b.py": "import os\nDEBUG = False\nfor k, v in os.environ.items():\n    globals()[k[7:]] = v\n",
		"c.py": "import os, sys\nDEBUG = False\nfor k, v in os.environ.items():\n    setattr(sys.modules[__name__], k, v)\n",
		"d.py": "import sys\nDEBUG = False\nif OVERRIDES:\n    sys.modules[__name__].__dict__.update(OVERRIDES)\n",
		"e.py": "import sys\nDEBUG = False\nsys.modules[__name__].DEBUG = True\n",
		"f.py": "import sys\nDEBUG = False\nvars(sys.modules[__name__])['DEBUG'] = True\n",
	}
	p := settingsProject(t, files, nil, django32)
	for _, m := range []string{"a", "e", "f"} {
		want := 2
		if m != "a" {
			want = 3
		}
		if s, _, _ := EvaluateSettings(p, m); !s.Get("DEBUG").Value.Bool || s.Get("DEBUG").Where.Line != want {
			t.Errorf("%s: DEBUG %s at line %d, want True at line %d", m, s.Get("DEBUG").Value.Python(), s.Get("DEBUG").Where.Line, want)
		}
	}
	for _, m := range []string{"b", "c", "d"} {
		if s, _, _ := EvaluateSettings(p, m); len(s.Unread) != 1 || s.Unread[0].Line != 4 {
			t.Errorf("%s: unread = %+v, want line 4", m, s.Unread)
		}
	}
}

// A file an include() runs is read like a module: a template is unread, a
// syntax error blocks.
func TestIncludedFilesAreCheckedLikeModules(t *testing.T) {
	t.Parallel()
	head := "from split_settings.tools import include\n"
	files := map[string]string{
		"j/__init__.py": head + "include('c.py')\n",
		"j/c.py":        "DEBUG = {{ cookiecutter.debug }}\n",
		"k/__init__.py": head + "include('c.py')\n",
		"k/c.py":        "DEBUG = (\n",
	}
	p := settingsProject(t, files, nil, django32)
	if s, _, _ := EvaluateSettings(p, "j"); len(s.Unread) == 0 || s.Unread[0].File != "j/c.py" {
		t.Errorf("an included template is not unread: %+v", s.Unread)
	}
	_, _, problems := EvaluateSettings(p, "k")
	if !slices.ContainsFunc(problems, func(pr Problem) bool { return pr.Blocking && pr.File == "k/c.py" }) {
		t.Errorf("an included file Python cannot parse does not block: %+v", problems)
	}
}

// An if whose test is unknown runs each clause from the state before it
// and joins the paths: the last clause's value, the other paths' values
// as Alternatives (Django's default where a path leaves a setting unset).
func TestUndecidedIfJoinsPaths(t *testing.T) {
	t.Parallel()
	files := map[string]string{"s.py": `import os
A = [0]
if os.environ.get("X"):
    A = [1]
    SECURE_SSL_REDIRECT = True
elif os.environ.get("Y"):
    A += [2]
else:
    pass
B = 1
if os.environ.get("Z"):
    B = 1
    if os.environ.get("W"):
        B = 2
C = [0]
if os.environ.get("V"):
    C = C
D = ["a"]
if os.environ.get("U"):
    D.append("b")
D.append("c")
E = [*D, "e"]
F = D + E
`}
	s, _, _ := evaluateBothWays(t, settingsProject(t, files, nil, django32), "s")
	alts := func(name string) []string { return pythonValues(s.Get(name).Alternatives) }
	// The elif clause starts from A = [0], not from the if clause's [1].
	if a := s.Get("A"); a.Value.Python() != "[0, 2]" || !slices.Equal(alts("A"), []string{"[1]", "[0]"}) || a.Branch == nil || a.Branch.Line != 3 {
		t.Errorf("A = %s, alternatives %v, branch %+v; want [0, 2], [[1] [0]] at line 3", a.Value.Python(), alts("A"), a.Branch)
	}
	if r := s.Get("SECURE_SSL_REDIRECT"); r.Value.Python() != "True" || !slices.Equal(alts("SECURE_SSL_REDIRECT"), []string{"False"}) || !r.Conditional {
		t.Errorf("SECURE_SSL_REDIRECT = %s, alternatives %v: want True, with Django's default False", r.Value.Python(), alts("SECURE_SSL_REDIRECT"))
	}
	// A nested undecided if: its alternatives reach the outer join.
	if b := s.Get("B"); b.Value.Python() != "2" || !slices.Equal(alts("B"), []string{"1"}) || b.Branch == nil || b.Branch.Line != 13 {
		t.Errorf("B = %s, alternatives %v, branch %+v; want 2, [1] at line 13", b.Value.Python(), alts("B"), b.Branch)
	}
	// Later changes apply to every path; a value built from two names of
	// several values each is unknown.
	if !slices.Equal(append([]string{s.Get("D").Value.Python()}, alts("D")...), []string{"['a', 'b', 'c']", "['a', 'c']"}) {
		t.Errorf("D = %s, alternatives %v; want ['a', 'b', 'c'] and ['a', 'c']", s.Get("D").Value.Python(), alts("D"))
	}
	if !slices.Equal(append([]string{s.Get("E").Value.Python()}, alts("E")...), []string{"['a', 'b', 'c', 'e']", "['a', 'c', 'e']"}) {
		t.Errorf("E = %s, alternatives %v; want ['a', 'b', 'c', 'e'] and ['a', 'c', 'e']", s.Get("E").Value.Python(), alts("E"))
	}
	if f := s.Get("F"); f.Value.Kind != pysource.Unknown {
		t.Errorf("F = %s, want unknown", f.Value.Python())
	}
	// A value every path agrees on has no alternatives.
	if c := s.Get("C"); c.Value.Python() != "[0]" || len(c.Alternatives) != 0 {
		t.Errorf("C = %s, alternatives %v; want [0] alone", c.Value.Python(), alts("C"))
	}
}

// Every branch's assignments stay in the history of a joined setting, in
// source order (apply replays them to keep each ALLOWED_HOSTS entry).
func TestUndecidedIfKeepsEveryBranchInHistory(t *testing.T) {
	t.Parallel()
	files := map[string]string{"s.py": "import os\nALLOWED_HOSTS = ['a']\nif os.environ.get('X'):\n    ALLOWED_HOSTS += ['x']\nelse:\n    ALLOWED_HOSTS += ['y']\n"}
	s, _, _ := evaluateBothWays(t, settingsProject(t, files, nil, django32), "s")
	var lines []int
	for _, l := range s.Get("ALLOWED_HOSTS").History {
		lines = append(lines, l.Line)
	}
	if !slices.Equal(lines, []int{2, 4, 6}) {
		t.Errorf("history lines %v, want [2 4 6]", lines)
	}
}

// A function of the module that declares names global changes them when it
// is called: djharden does not run it, so they are unknown from the call on.
func TestGlobalWritesThroughCalls(t *testing.T) {
	t.Parallel()
	files := map[string]string{"s.py": `DEBUG = False
SECRET_KEY = "k"

def configure(debug):
    global DEBUG, ALLOWED_HOSTS
    DEBUG = debug
    def inner():
        global SECRET_KEY
    ALLOWED_HOSTS = ["*"]

X = configure(True)
`}
	s, _, problems := evaluateBothWays(t, settingsProject(t, files, nil, django32), "s")
	for _, name := range []string{"DEBUG", "ALLOWED_HOSTS"} {
		if v := s.Get(name); v.Value.Kind != pysource.Unknown || v.Where.Line != 11 {
			t.Errorf("%s = %s at line %d, want unknown at line 11", name, v.Value.Python(), v.Where.Line)
		}
	}
	if k := s.Get("SECRET_KEY"); k.Value.Python() != "'k'" {
		t.Errorf("SECRET_KEY = %s: a nested def's global is not configure()'s", k.Value.Python())
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Message)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), "configure() sets DEBUG, ALLOWED_HOSTS through a global statement") {
		t.Errorf("problems %v do not name the call", msgs)
	}
}

// A statement run once per value of a name says what it finds once.
func TestJoinReportsOnce(t *testing.T) {
	t.Parallel()
	files := map[string]string{"s.py": "import os\nA = 1\nif os.environ.get('X'):\n    A = 2\nB = A + undefined_helper()\nexec(A)\n"}
	_, _, problems := evaluateBothWays(t, settingsProject(t, files, nil, django32), "s")
	seen := map[Problem]bool{}
	for _, p := range problems {
		if seen[p] {
			t.Errorf("problem reported twice: %+v", p)
		}
		seen[p] = true
	}
	s, _, _ := EvaluateSettings(settingsProject(t, files, nil, django32), "s")
	if len(s.Unread) != 1 {
		t.Errorf("unread %+v, want the exec line once", s.Unread)
	}
}

// A module that star-imports a setting of several values changes each of
// them (bakerydemo's production.py appends WhiteNoise to base's MIDDLEWARE).
func TestAlternativesAcrossStarImports(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"p/__init__.py": "",
		"p/base.py":     "import os\nMIDDLEWARE = ['a']\nif 'CSP' in os.environ:\n    MIDDLEWARE.append('csp')\n",
		"p/prod.py":     "from .base import *\nMIDDLEWARE.append('whitenoise')\n",
	}
	s, _, _ := evaluateBothWays(t, settingsProject(t, files, nil, django32), "p.prod")
	m := s.Get("MIDDLEWARE")
	got := pythonValues(append([]pysource.Value{m.Value}, m.Alternatives...))
	if !slices.Equal(got, []string{"['a', 'csp', 'whitenoise']", "['a', 'whitenoise']"}) {
		t.Errorf("MIDDLEWARE values %v, want both paths with whitenoise", got)
	}
}

// pythonValues is the Python form of each value.
func pythonValues(vs []pysource.Value) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Python())
	}
	return out
}
