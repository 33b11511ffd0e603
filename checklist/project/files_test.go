package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/djharden/djharden/internal/regularfile"
	"github.com/djharden/djharden/internal/testenv"
)

// writeTree creates files (slash paths -> content) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	testenv.WriteTree(t, root, files)
	return root
}

func TestModuleFile(t *testing.T) {
	root := writeTree(t, map[string]string{
		"manage.py":                         "",
		"mysite/__init__.py":                "",
		"mysite/settings.py":                "",
		"config/settings/__init__.py":       "",
		"config/settings/production.py":     "",
		"both/x.py":                         "", // both/x.py and both/x/__init__.py: the package wins
		"both/x/__init__.py":                "",
		"src/app/settings.py":               "",
		"src/app/__init__.py":               "",
		"mysite/settings_dir.py/__init__.x": "", // a directory named like a module is not a module
	})
	p := &Project{Root: root}
	tests := []struct {
		dotted string
		want   string
		ok     bool
	}{
		{"mysite.settings", "mysite/settings.py", true},
		{"mysite", "mysite/__init__.py", true},
		{"config.settings", "config/settings/__init__.py", true},
		{"config.settings.production", "config/settings/production.py", true},
		{"both.x", "both/x/__init__.py", true},
		{"app.settings", "src/app/settings.py", true},
		{"mysite.settings_dir", "", false},
		{"mysite.missing", "", false},
		{"", "", false},
		{"..mysite", "", false},
		{"mysite/settings", "", false},
		{"mysite..settings", "", false},
		{"1abc.settings", "", false},
	}
	for _, tt := range tests {
		got, ok := p.ModuleFile(tt.dotted)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ModuleFile(%q) = %q, %v; want %q, %v", tt.dotted, got, ok, tt.want, tt.ok)
		}
	}
}

func TestModuleName(t *testing.T) {
	plain := &Project{Root: writeTree(t, map[string]string{"src/app/settings.py": ""})}
	srcPackage := &Project{Root: writeTree(t, map[string]string{"src/__init__.py": "", "src/settings.py": ""})}
	tests := []struct {
		p    *Project
		rel  string
		want string
	}{
		{plain, "mysite/settings.py", "mysite.settings"},
		{plain, "config/settings/__init__.py", "config.settings"},
		{plain, "config\\settings\\base.py", "config.settings.base"},
		{plain, "src/app/settings.py", "app.settings"},
		{srcPackage, "src/settings.py", "src.settings"},
		{plain, "settings.txt", ""},
		{plain, "my-site/settings.py", ""},
		{plain, "../x.py", ""},
	}
	for _, tt := range tests {
		if filepath.Separator != '\\' && strings.Contains(tt.rel, "\\") {
			continue // backslashes are separators only on Windows
		}
		if got := tt.p.ModuleName(tt.rel); got != tt.want {
			t.Errorf("ModuleName(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
	// ModuleName inverts ModuleFile.
	for _, dotted := range []string{"app.settings"} {
		rel, ok := plain.ModuleFile(dotted)
		if !ok || plain.ModuleName(rel) != dotted {
			t.Errorf("round trip of %q: file %q (%v), back %q", dotted, rel, ok, plain.ModuleName(rel))
		}
	}
}

func TestSourceReadsOnceAndNotesEncoding(t *testing.T) {
	root := writeTree(t, map[string]string{
		"plain.py": "DEBUG = True\n",
		"crlf.py":  "\xEF\xBB\xBFDEBUG = True\r\nX = 1\r\n",
	})
	p := &Project{Root: root}
	sf, err := p.Source("plain.py")
	if err != nil {
		t.Fatal(err)
	}
	if sf.Path != "plain.py" || sf.CRLF || sf.BOM || sf.Src == nil {
		t.Errorf("plain.py: got %+v", sf)
	}
	again, err := p.Source("./plain.py")
	if err != nil || again != sf {
		t.Errorf("second read was not the cached file: %p vs %p (%v)", again, sf, err)
	}
	crlf, err := p.Source("crlf.py")
	if err != nil {
		t.Fatal(err)
	}
	if !crlf.CRLF || !crlf.BOM {
		t.Errorf("crlf.py: CRLF=%v BOM=%v, want both", crlf.CRLF, crlf.BOM)
	}
	if got := crlf.Line(1); got != "DEBUG = True" {
		t.Errorf("line 1 after the BOM = %q", got)
	}
}

func TestSourceConcurrent(t *testing.T) {
	root := writeTree(t, map[string]string{"a.py": "A = 1\n", "b.py": "B = 2\n"})
	p := &Project{Root: root}
	var wg sync.WaitGroup
	results := make([]*SourceFile, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := []string{"a.py", "b.py"}[i%2]
			sf, err := p.Source(name)
			if err != nil {
				t.Error(err)
			}
			results[i] = sf
		}()
	}
	wg.Wait()
	for i := range results {
		if results[i] != results[i%2] {
			t.Errorf("goroutine %d got a different parse of the same file", i)
		}
	}
}

func TestSourceRefuses(t *testing.T) {
	root := writeTree(t, map[string]string{"ok.py": "X = 1\n"})
	if err := os.Mkdir(filepath.Join(root, "adir.py"), 0o755); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(root, "big.py"))
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: large on paper, no disk space used.
	if err := big.Truncate(MaxSourceSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	p := &Project{Root: root}
	tests := []struct {
		rel  string
		want string
	}{
		{"adir.py", "not a regular file"},
		{"big.py", "too large"},
		{"missing.py", "no such file"},
		{"../ok.py", "outside the project"},
	}
	for _, tt := range tests {
		_, err := p.Source(tt.rel)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Source(%q) error = %v, want it to mention %q", tt.rel, err, tt.want)
		}
	}
	if _, err := p.Source("big.py"); !errors.Is(err, regularfile.ErrTooLarge) {
		t.Errorf("big.py: error %v does not wrap ErrTooLarge", err)
	}
	if len(p.Files) != 0 {
		t.Errorf("failed reads were cached: %v", p.Files)
	}
}
