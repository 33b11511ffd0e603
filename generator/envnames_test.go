package generator

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func TestKnownDomains(t *testing.T) {
	root := t.TempDir()
	env := "# real values\nDJANGO_DEBUG=False\nDJANGO_ALLOWED_HOSTS=example.com, www.example.com,localhost,,127.0.0.1\n"
	if err := os.WriteFile(filepath.Join(root, ".env.production"), []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &project.Project{Root: root}
	if got, want := KnownDomains(p, ".env.production"), []string{"example.com", "www.example.com"}; !reflect.DeepEqual(got, want) {
		t.Errorf("KnownDomains = %q, want %q", got, want)
	}
	if got := KnownDomains(p, ".env"); got != nil {
		t.Errorf("missing file: %q", got)
	}
	// The project's own variable name wins.
	p.EnvNames = map[string]string{"ALLOWED_HOSTS": "HOSTS"}
	if err := os.WriteFile(filepath.Join(root, ".env"), []byte("HOSTS=shop.example.org\nDJANGO_ALLOWED_HOSTS=wrong.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := KnownDomains(p, ".env"); !reflect.DeepEqual(got, []string{"shop.example.org"}) {
		t.Errorf("own name: %q", got)
	}
	if DebugVar(&project.Project{}) != "DJANGO_DEBUG" || DebugVar(&project.Project{EnvNames: map[string]string{"DEBUG": "DEBUG"}}) != "DEBUG" {
		t.Error("DebugVar does not follow the project's name")
	}
}
