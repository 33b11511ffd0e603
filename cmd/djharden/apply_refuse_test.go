package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			for rel, content := range files {
				p := filepath.Join(dir, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
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
