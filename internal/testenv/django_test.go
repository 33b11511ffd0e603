package testenv

import (
	"strings"
	"testing"
)

func TestDjangoTreeImportsItsSeries(t *testing.T) {
	t.Parallel()
	for _, series := range Series {
		t.Run(series, func(t *testing.T) {
			t.Parallel()
			d := DjangoTree(t, series)
			if !strings.HasPrefix(d.Version, series+".") {
				t.Fatalf("Django %s tree reports version %q", series, d.Version)
			}
			out, err := d.Command("-c", "import django, os; print(os.path.dirname(django.__file__))").Output()
			if err != nil {
				t.Fatal(err)
			}
			if d.PythonPath != "" && !strings.HasPrefix(strings.TrimSpace(string(out)), d.PythonPath) {
				t.Errorf("Django %s imported from %s, not from its tree %s", series, out, d.PythonPath)
			}
		})
	}
}
