package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// apply refuses what it cannot edit correctly: exit 2, one line naming
// the reason, nothing written.
func TestApplyRefusesWithExit2(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		settings string
		args     []string
		want     string
	}{
		{"templated settings", "SECRET_KEY = '{{ cookiecutter.secret }}'\n{% if cookiecutter.debug %}\nDEBUG = True\n{% endif %}\n", nil, "template"},
		{"class-based settings", "from configurations import Configuration\n\n\nclass Prod(Configuration):\n    DEBUG = False\n", nil, "django-configurations"},
		{"env file is manage.py", "DEBUG = True\n", []string{"--env-file", "manage.py"}, "--env-file manage.py is a project source file"},
		{"env file is the settings", "DEBUG = True\n", []string{"--env-file", "mysite/settings.py"}, "mysite/settings.py"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{
				"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
				"mysite/__init__.py": "",
				"mysite/settings.py": c.settings,
			}
			testenv.WriteTree(t, dir, files)
			args := append([]string{"apply", "--domain", "example.com", "--yes"}, c.args...)
			_, errOut, code := run(t, append(args, dir)...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut, c.want)
			}
			if n := strings.Count(strings.TrimSpace(errOut), "\n"); n > 0 {
				t.Errorf("want a one-line reason, got %d lines:\n%s", n+1, errOut)
			}
			for rel, content := range files {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				if err != nil || string(data) != content {
					t.Errorf("%s changed", rel)
				}
			}
			for _, rel := range []string{".env", ".env.example", ".gitignore", ".djharden"} {
				if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
					t.Errorf("%s was written", rel)
				}
			}
		})
	}
}

// A development .env stays as it is; apply says where the production
// values went and scores with that file.
func TestApplyKeepsDevelopmentEnv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '')\nDEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n",
		".env":               "DJANGO_DEBUG=1\nDJANGO_ALLOWED_HOSTS=localhost\n",
	}
	testenv.WriteTree(t, dir, files)
	_, errOut, code := run(t, "apply", "--domain", "example.com", "--yes", dir)
	if code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".env")); string(data) != files[".env"] {
		t.Errorf("the development .env changed:\n%s", data)
	}
	if !strings.Contains(errOut, "production values go to .env.production") || !strings.Contains(errOut, "with .env.production's values") {
		t.Errorf("stderr does not say where the values went:\n%s", errOut)
	}
}
