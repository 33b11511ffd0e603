package generator

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
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
		testenv.WriteTree(t, root, map[string]string{"mysite/settings.py": "DEBUG = True\n", ".env": env})
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
