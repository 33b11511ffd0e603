package generator

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// Settings Python cannot import get no block: apply refuses and names the
// line, whatever discovery could read of the file.
func TestBuildRefusesSettingsPythonCannotImport(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		src  string
		want string
	}{
		"NUL byte":   {"DEBUG = True\nX = 1\x00\n", "mysite/settings.py:2:"},
		"not UTF-8":  {"DEBUG = True\n\nNAME = 'caf\xe9'\n", "mysite/settings.py:3: bytes that are not UTF-8"},
		"syntax":     {"DEBUG = True\nSECRET_KEY = 'unterminated-0123456789\n", "mysite/settings.py:2:"},
		"too large":  {"DEBUG = True\n" + strings.Repeat("# padding line\n", MaxFileSize/15+1), "at most 1 MiB"},
		"very large": {"DEBUG = True\n" + strings.Repeat("X = 1\n", (17<<20)/6), "at most 1 MiB"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			files := map[string]string{
				"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
				"mysite/__init__.py": "",
				"mysite/settings.py": tc.src,
			}
			testenv.WriteTree(t, root, files)
			p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
			if err != nil {
				t.Fatal(err)
			}
			_, err = Build(p, Answers{Domains: []string{"example.com"}, Key: testKey})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Build = %v, want a refusal naming %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "unterminated-0123456789") {
				t.Errorf("the refusal shows the key: %v", err)
			}
		})
	}
}
