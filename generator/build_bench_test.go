package generator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// BenchmarkBuildSize builds a plan for settings modules of growing size up
// to the 1 MiB apply accepts: ns/op must grow in proportion (linear).
func BenchmarkBuildSize(b *testing.B) {
	for _, size := range []int{64 << 10, 256 << 10, 1000 << 10} {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			root := b.TempDir()
			var src strings.Builder
			src.WriteString(literalSettings)
			for i := 0; src.Len() < size-40; i++ {
				fmt.Fprintf(&src, "SETTING_%d = 'value %d'\n", i, i)
			}
			files := map[string]string{
				"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
				"mysite/__init__.py": "",
				"mysite/settings.py": src.String(),
			}
			testenv.WriteTree(b, root, files)
			p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				plan, err := Build(p, Answers{Domains: []string{"example.com"}, Key: testKey})
				if err != nil {
					b.Fatal(err)
				}
				_ = plan.Diff()
			}
		})
	}
}
