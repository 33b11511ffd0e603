package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With django-environ, env lines it does not read are rewritten (values
// kept) and the plan says so; with os.environ they are left alone.
func TestEnvLinesRewrittenForTheLibrary(t *testing.T) {
	t.Parallel()
	env := "export MY_TOKEN=abc123xyz\nOTHER = value two\nFINE=1\n"
	for style, want := range map[string]string{
		"environ": "MY_TOKEN=abc123xyz\nOTHER=value two\nFINE=1\n",
		"os":      env,
	} {
		root := t.TempDir()
		writeFiles(t, root, map[string]string{"mysite/settings.py": "DEBUG = True\n", ".env": env})
		plan, err := Build(startprojectProject(root, 4, 2, style), Answers{Domains: []string{"example.com"}, Key: testKey})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, c := range plan.Changes {
			if c.Path == ".env" {
				got = string(c.New)
			}
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: .env starts %q, want %q", style, got, want)
		}
		noted := strings.Contains(strings.Join(plan.Notes, "\n"), "rewrote lines 1, 2")
		if noted != (style == "environ") {
			t.Errorf("%s: notes %q", style, plan.Notes)
		}
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
