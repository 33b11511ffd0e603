package envfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Lines one of the libraries does not read (export for django-environ and
// decouple, blanks around '=' for django-environ) are flagged, and
// MakePortable rewrites them so that all three read the same value: checked
// against the real libraries.
func TestMakePortableReadBackByPython(t *testing.T) {
	src := "export A=1\nB = two words\nC= 3\nD =4\n  E=5\nexport  F='six'\nG=7 \nH=ok\n# comment\nI=$bad\n"
	f := Parse([]byte(src))
	var flagged []string
	for _, l := range f.Lines {
		if l.Unportable() != "" {
			flagged = append(flagged, l.Key)
		}
	}
	if want := []string{"A", "B", "C", "D", "E", "F", "G"}; !reflect.DeepEqual(flagged, want) {
		t.Errorf("flagged %v, want %v", flagged, want)
	}
	before := f.Values()
	rewritten, left := f.MakePortable()
	if want := []int{1, 2, 3, 4, 5, 6, 7}; !reflect.DeepEqual(rewritten, want) || len(left) != 0 {
		t.Errorf("rewritten %v, left %v", rewritten, left)
	}
	out := f.Bytes()
	if again := Parse(out); !reflect.DeepEqual(again.Values(), before) {
		t.Errorf("values changed: %v -> %v", before, again.Values())
	}
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	keys := []string{"A", "B", "C", "D", "E", "F", "G", "H"}
	got := readWithPython(t, path, keys)
	for lib, vals := range got {
		for _, k := range keys {
			if vals[k] == nil || *vals[k] != before[k] {
				t.Errorf("%s reads %s = %s, want %q", lib, k, show(vals[k]), before[k])
			}
		}
	}
}
