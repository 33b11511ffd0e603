package project

import (
	"strings"
	"testing"
)

// Class-based settings: the common loaders copy a class (with its bases)
// into the module; a property stays unknown; classes nothing loads make the
// settings unread, naming the class.
func TestClassBasedSettings(t *testing.T) {
	t.Parallel()
	const base = "class Base:\n    DEBUG = True\n    SECRET_KEY = 'k'\n    ALLOWED_HOSTS = ['a.example']\n\n" +
		"class Prod(Base):\n    DEBUG = False\n\n    @property\n    def DATABASES(self):\n        return {}\n\n"
	tests := []struct {
		name   string
		loader string
		want   map[string]string
		unread string // expected in the Unread message ("" = none)
	}{
		{"load_settings", "Prod.load_settings(__name__)\n", map[string]string{"DEBUG": "False", "SECRET_KEY": "'k'", "ALLOWED_HOSTS": "['a.example']", "DATABASES": "<unknown>"}, ""},
		{"cbs.apply by name", "import cbs\ncbs.apply('Prod', globals())\n", map[string]string{"DEBUG": "False"}, ""},
		{"globals().update(vars())", "globals().update(vars(Prod))\n", map[string]string{"DEBUG": "False"}, ""},
		{"the base class loaded", "Base.load_settings(__name__)\n", map[string]string{"DEBUG": "True"}, ""},
		{"nothing loads them", "", nil, "class Base, Prod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := settingsProject(t, map[string]string{"s.py": base + tt.loader}, nil, django32)
			s, _, _ := evaluateBothWays(t, p, "s")
			for name, want := range tt.want {
				if got := s.Get(name); got == nil || got.Default || got.Value.Python() != want {
					t.Errorf("%s = %+v, want %s", name, got, want)
				}
			}
			switch {
			case tt.unread == "" && len(s.Unread) > 0:
				t.Errorf("unread %+v", s.Unread)
			case tt.unread != "" && (len(s.Unread) != 1 || !strings.Contains(s.Unread[0].Message, tt.unread) || s.Unread[0].Line != 1):
				t.Errorf("unread %+v, want one naming %q at line 1", s.Unread, tt.unread)
			}
		})
	}
}

func TestTemplateLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src    string
		parses bool
		line   int
	}{
		{"A = 1\n{%- if cookiecutter.use_celery == 'y' %}\nB = 2\n{%- endif %}\n", false, 2},
		{"TIME_ZONE = '{{ cookiecutter.timezone }}'\n", true, 1},
		{"EMAIL_TEMPLATE = \"\"\"\n{% if user %}Hi{% endif %}\n\"\"\"\n", true, 0},
		{"X = {'a': {'b': 1}}\n", true, 0},
	}
	for _, tt := range tests {
		if got := templateLine([]byte(tt.src), tt.parses); got != tt.line {
			t.Errorf("templateLine(%q) = %d, want %d", tt.src, got, tt.line)
		}
	}
}

// A class built on a library's base (django-configurations) is not followed.
func TestClassOnForeignBase(t *testing.T) {
	t.Parallel()
	p := settingsProject(t, map[string]string{"s.py": "from configurations import Configuration\nclass Prod(Configuration):\n    DEBUG = False\nProd.load_settings(__name__)\n"}, nil, django32)
	s, _, _ := evaluateBothWays(t, p, "s")
	if len(s.Unread) != 1 || !strings.Contains(s.Unread[0].Message, "builds on Configuration") {
		t.Errorf("unread %+v", s.Unread)
	}
}
