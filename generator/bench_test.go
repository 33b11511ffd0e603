package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

// BenchmarkBuild plans the hardening of the cookiecutter-style fixture
// (four settings modules, django-environ): the cost of one apply's
// planning, discovery excluded.
func BenchmarkBuild(b *testing.B) {
	root := b.TempDir()
	if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "projects", "cookiecutter"))); err != nil {
		b.Fatal(err)
	}
	p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
	if err != nil {
		b.Fatal(err)
	}
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.HSTS, a.Key = []string{"example.com"}, HTTPSProxy, HSTSTrial, testKey
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(p, a); err != nil {
			b.Fatal(err)
		}
	}
}
