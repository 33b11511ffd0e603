package project

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec         string
		bareExact    bool
		known        bool
		major, minor int
		patch        int
		pinned       bool
	}{
		{"==4.2.1", false, true, 4, 2, 1, true},
		{"===3.2.25", false, true, 3, 2, 25, true},
		{"==4.2", false, true, 4, 2, 0, true},
		{"==4.2.*", false, true, 4, 2, -1, false},
		// A range is judged as the newest series it allows (LatestSeries at most).
		{">=4.2,<6.2", false, true, 6, 1, -1, false},
		{">=4.2", false, true, LatestSeries[0], LatestSeries[1], -1, false},
		{">=4.2,<=5.1", false, true, 5, 1, -1, false},
		{">=4.0,<4.2.5", false, true, 4, 2, -1, false},
		{">=99.0", false, true, 99, 0, -1, false},
		{"~=4.2", false, true, 4, 2, -1, false},
		{"~=5.0", false, true, 5, 2, -1, false},
		{"~=4.2.3", false, true, 4, 2, -1, false},
		{">=4.2,<5.0", false, true, 4, 2, -1, false},
		{"<5.0,>=4.1", false, true, 4, 2, -1, false},
		{">=3.2, !=4.0.*, <6", false, true, 5, 2, -1, false},
		{"^4.2", true, true, 4, 2, -1, false},
		{"^5.0", true, true, 5, 2, -1, false},
		{"~5.0", true, true, 5, 0, -1, false},
		{"^5", true, true, 5, 2, -1, false},
		{"4.2.1", true, true, 4, 2, 1, true},
		{"4.2.1", false, false, 0, 0, -1, false},
		{"*", true, false, 0, 0, -1, false},
		{"<5.0", false, false, 0, 0, -1, false},
		{"", false, false, 0, 0, -1, false},
		{"(>=4.2)", false, true, LatestSeries[0], LatestSeries[1], -1, false},
		{"==banana", false, false, 0, 0, -1, false},
		{"==99999999999999999999.1.1", false, false, 0, 0, -1, false},
	}
	for _, tt := range tests {
		v, pinned := parseSpec(tt.spec, tt.bareExact)
		if v.Known != tt.known || pinned != tt.pinned || (tt.known && (v.Major != tt.major || v.Minor != tt.minor || v.Patch != tt.patch)) {
			t.Errorf("parseSpec(%q, %v) = %+v pinned=%v; want known=%v %d.%d.%d pinned=%v",
				tt.spec, tt.bareExact, v, pinned, tt.known, tt.major, tt.minor, tt.patch, tt.pinned)
		}
	}
}

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		line  string
		ok    bool
		known bool
		minor int
	}{
		{"Django==4.2.1", true, true, 2},
		{"django[argon2]>=4.1,<5.0 ; python_version >= '3.8'", true, true, 2},
		{"Django ~= 5.0 --hash=sha256:abc", true, true, 2},
		{"Django (>=3.2)", true, true, LatestSeries[1]},
		{"Django", true, false, 0},
		{"django-environ==0.11.2", false, false, 0},
		{"djangorestframework>=3.14", false, false, 0},
		{"# Django==4.2", false, false, 0},
		{"-r base.txt", false, false, 0},
	}
	for _, tt := range tests {
		v, _, ok := parseRequirement(tt.line)
		if ok != tt.ok || v.Known != tt.known || (tt.known && v.Minor != tt.minor) {
			t.Errorf("parseRequirement(%q) = %+v, %v", tt.line, v, ok)
		}
	}
}

func TestDetectDjangoFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		root    string // relative to the fixture
		want    DjangoVersion
	}{
		// startproject has no requirements: its docstring says what it was
		// created with, not what it runs: a hint, marked as such.
		{"startproject", "", DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: 25,
			Raw: "created with Django 3.2.25 (django-admin startproject)", Source: "mysite/settings.py:4", FromComment: true}},
		// requirements.txt above src/.
		{"srclayout", "src", DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: -1,
			Raw: "Django>=4.2,<5.0", Source: "../requirements.txt:1", Range: true, FloorMajor: 4, FloorMinor: 2}},
		// requirements.txt -> requirements/production.txt -> base.txt, pinned.
		{"cookiecutter", "", DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: 11,
			Raw: "django==4.2.11", Source: "requirements/base.txt:3"}},
		// poetry.lock's exact version beats pyproject's ^5.0.
		{"settingspkg", "", DjangoVersion{Known: true, Major: 5, Minor: 0, Patch: 4, Raw: "5.0.4", Source: "poetry.lock:12"}},
		{"environproject", "", DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: 9, Raw: "==4.2.9", Source: "Pipfile.lock:12"}},
		{"decoupleproject", "", DjangoVersion{Known: true, Major: 5, Minor: 1, Patch: 7, Raw: "5.1.7", Source: "uv.lock:11"}},
		{"customenv", "", DjangoVersion{Known: true, Major: 3, Minor: 2, Patch: -1, Raw: "Django>=3.2,<4.0", Source: "setup.cfg:7", Range: true, FloorMajor: 3, FloorMinor: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			dir := copyFixture(t, tt.fixture)
			root := filepath.Join(dir, filepath.FromSlash(tt.root))
			p := &Project{Root: root}
			idx := buildIndex(root, root)
			var settings []string
			for _, rel := range idx.Files {
				if filepath.Base(rel) == "settings.py" || filepath.Base(rel) == "base.py" {
					settings = append(settings, rel)
				}
			}
			got := p.detectDjango(idx, settings)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDetectDjangoSources(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  DjangoVersion
	}{
		{"nothing", map[string]string{"manage.py": ""}, DjangoVersion{Patch: -1}},
		{"include cycle", map[string]string{
			"requirements.txt":             "-r requirements/dev.txt\n",
			"requirements/dev.txt":         "--requirement ../requirements.txt\n-c constraints.txt\n",
			"requirements/constraints.txt": "Django==5.2.3 \\\n    --hash=sha256:0000\n"},
			DjangoVersion{Known: true, Major: 5, Minor: 2, Patch: 3, Raw: "Django==5.2.3", Source: "requirements/constraints.txt:1"}},
		{"pinned beats range", map[string]string{
			"requirements.txt": "Django>=4.0\n", "requirements-prod.txt": "Django==4.1.13\n"},
			DjangoVersion{Known: true, Major: 4, Minor: 1, Patch: 13, Raw: "Django==4.1.13", Source: "requirements-prod.txt:1"}},
		{"pipfile range", map[string]string{"Pipfile": "[packages]\nDjango = \">=4.2,<5\"\n"},
			DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: -1, Raw: ">=4.2,<5", Source: "Pipfile:2", Range: true, FloorMajor: 4, FloorMinor: 2}},
		{"setup.py", map[string]string{"setup.py": "from setuptools import setup\nsetup(\n  name='x',\n  install_requires=[\n    'Django~=4.0',\n  ],\n)\n"},
			DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: -1, Raw: "Django~=4.0", Source: "setup.py:5", Range: true, FloorMajor: 4, FloorMinor: 0}},
		{"installed in venv beats range", map[string]string{
			"requirements.txt": "django>=4\n",
			".venv/pyvenv.cfg": "home = /usr/bin\n",
			".venv/lib/python3.12/site-packages/django/__init__.py":               "",
			".venv/lib/python3.12/site-packages/Django-4.2.16.dist-info/METADATA": ""},
			DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: 16, Raw: "4.2.16 (installed)",
				Source: ".venv/lib/python3.12/site-packages/Django-4.2.16.dist-info"}},
		{"pep621 multi-line", map[string]string{"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\n  \"requests\",\n  \"Django>=5.2\",  # LTS\n]\n"},
			DjangoVersion{Known: true, Major: LatestSeries[0], Minor: LatestSeries[1], Patch: -1, Raw: "Django>=5.2", Source: "pyproject.toml:5", Range: true, FloorMajor: 5, FloorMinor: 2}},
		{"broken pipfile lock", map[string]string{"Pipfile.lock": "{not json"}, DjangoVersion{Patch: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeTree(t, tt.files)
			p := &Project{Root: root}
			if got := p.detectDjango(buildIndex(root, root), nil); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A 10 MB requirements file or a binary one must not break detection.
func TestDetectDjangoBadFiles(t *testing.T) {
	root := writeTree(t, map[string]string{"requirements/bin.txt": "\x00\xff\xfeDjango==\x00\n", "requirements.txt": "Django==4.2.2\n"})
	big := make([]byte, 10<<20)
	for i := range big {
		big[i] = 'a'
	}
	if err := os.WriteFile(filepath.Join(root, "requirements-big.txt"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	p := &Project{Root: root}
	got := p.detectDjango(buildIndex(root, root), nil)
	if got.Major != 4 || got.Minor != 2 || got.Patch != 2 {
		t.Errorf("got %+v", got)
	}
}
