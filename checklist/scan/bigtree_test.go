//go:build unix

package scan

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestHugeLogicalLine checks that a generated file made of one giant
// expression is processed in windows without losing or repeating a site.
func TestHugeLogicalLine(t *testing.T) {
	const calls = 40000 // about 240k tokens, several windows
	var b bytes.Buffer
	b.WriteString("ITEMS = [\n")
	for i := 0; i < calls; i++ {
		fmt.Fprintf(&b, "    mark_safe(v%d), \"<br>\",\n", i)
	}
	b.WriteString("]\n")
	fr := scanPython("gen.py", b.Bytes())
	if len(fr.sites) != calls {
		t.Fatalf("got %d sites, want %d", len(fr.sites), calls)
	}
	for i, s := range fr.sites {
		if s.Line != i+2 {
			t.Fatalf("site %d at line %d, want %d", i, s.Line, i+2)
		}
	}
}

// hugePython is a generated .py file of funcs risky functions.
func hugePython(funcs int) []byte {
	var b bytes.Buffer
	for i := 0; i < funcs; i++ {
		fmt.Fprintf(&b, "def f%d(cursor, x):\n    sql = \"SELECT * FROM t\"\n    sql += \" WHERE a = \" + x\n    cursor.execute(sql)\n    return mark_safe(x)\n\n", i)
	}
	return b.Bytes()
}

// TestHugePythonLinear scans a large .py file four times the size of
// another and checks that the work does not grow faster than the size.
// Work is counted in bytes allocated, which the machine's load does not
// change (a quadratic scan copies what it has seen, so its allocations
// grow with the square); the time is BenchmarkHugePython's business.
func TestHugePythonLinear(t *testing.T) {
	measure := func(src []byte) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fr := scanPython("big.py", src)
		runtime.ReadMemStats(&after)
		if len(fr.sites) == 0 {
			t.Fatal("no sites in the generated file")
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := hugePython(5000), hugePython(20000)
	as, al := measure(small), measure(large)
	t.Logf("%d KB: %d KB allocated, %d KB: %d KB allocated", len(small)>>10, as>>10, len(large)>>10, al>>10)
	if al > 6*as { // 4x the input; quadratic would be 16x
		t.Errorf("4x the input allocated %.1fx the bytes", float64(al)/float64(as))
	}
}

// BenchmarkHugePython scans a 2.5 MB generated .py file; compare its ns/op
// with BenchmarkHugePythonQuarter's (a quarter of the size) for linearity.
func BenchmarkHugePython(b *testing.B)        { benchHuge(b, 20000) }
func BenchmarkHugePythonQuarter(b *testing.B) { benchHuge(b, 5000) }

func benchHuge(b *testing.B, funcs int) {
	src := hugePython(funcs)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		scanPython("big.py", src)
	}
}

// TestLargeTree scans a generated tree of 50,000 files with symlink loops,
// things that cannot be read, and a 20 MB minified file, watching the heap
// while it runs. See TestWalkOddFiles for why unreadability is made of
// FIFOs and broken links (tests run as root, chmod 000 would not stop a read).
func TestLargeTree(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50,000 files")
	}
	root := t.TempDir()
	const dirs, perDir = 500, 100
	risky := []byte("def view(request, cursor):\n    cursor.execute(f\"SELECT * FROM t WHERE id = {request.GET['id']}\")\n")
	plain := []byte("import os\n\n\ndef helper(x):\n    return os.path.join(x, 'y')\n")
	tmpl := []byte("<p>{{ body|safe }}</p>\n")
	wantSites, wantFiles := 0, 0
	for d := 0; d < dirs; d++ {
		dir := filepath.Join(root, fmt.Sprintf("pkg%03d", d/50), fmt.Sprintf("app%03d", d))
		tdir := filepath.Join(dir, "templates")
		if err := os.MkdirAll(tdir, 0o755); err != nil {
			t.Fatal(err)
		}
		for f := 0; f < perDir; f++ {
			var name string
			var content []byte
			switch {
			case f%10 == 0:
				name, content = filepath.Join(dir, fmt.Sprintf("views%d.py", f)), risky
				wantSites++
			case f%10 == 1:
				name, content = filepath.Join(tdir, fmt.Sprintf("page%d.html", f)), tmpl
				wantSites++
			case f%10 == 2:
				name, content = filepath.Join(dir, fmt.Sprintf("data%d.json", f)), []byte("{}")
			default:
				name, content = filepath.Join(dir, fmt.Sprintf("mod%d.py", f)), plain
			}
			if err := os.WriteFile(name, content, 0o644); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(name, ".json") {
				wantFiles++
			}
		}
		if d%50 == 0 { // symlink loops: to the directory itself and to the root
			mustSymlink(t, ".", filepath.Join(dir, "self"))
			mustSymlink(t, root, filepath.Join(dir, "root"))
		}
	}
	odd := filepath.Join(root, "odd")
	if err := os.MkdirAll(filepath.Join(odd, "templates", "dir.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustMkfifo(t, filepath.Join(odd, "pipe.py"))
	mustSymlink(t, "nowhere.py", filepath.Join(odd, "broken.py"))
	mustSymlink(t, "cycle.py", filepath.Join(odd, "cycle.py"))
	// 20 MB of minified JavaScript (never read: not a scanned extension) and
	// the same bytes as a template (refused: over the template size cap).
	minified := bytes.Repeat([]byte("var a=function(b){return b.safe&&b.execute(b.raw)};"), 20<<20/51)
	for _, name := range []string{filepath.Join(odd, "bundle.min.js"), filepath.Join(odd, "templates", "bundle.html")} {
		if err := os.WriteFile(name, minified, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()

	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // sample the heap while the scan runs
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	start := time.Now()
	go func() {
		res, err := Dir(root, Options{})
		done <- outcome{res, err}
	}()
	var out outcome
	select {
	case out = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("scan did not finish in 2 minutes")
	}
	elapsed := time.Since(start)
	close(stop)
	<-sampled
	if out.err != nil {
		t.Fatal(out.err)
	}
	res := out.res
	t.Logf("%d files scanned in %v, %d sites, peak heap %d MB", res.Files, elapsed, len(res.Sites), peak.Load()>>20)
	if res.Files != wantFiles {
		t.Errorf("files scanned = %d, want %d", res.Files, wantFiles)
	}
	if len(res.Sites) != wantSites {
		t.Errorf("sites = %d, want %d", len(res.Sites), wantSites)
	}
	wantSkipped := []string{"odd/broken.py: ", "odd/cycle.py: ", "odd/pipe.py: not a regular file", "odd/templates/bundle.html: file is too large"}
	if len(res.Skipped) != len(wantSkipped) {
		t.Fatalf("skipped = %q", res.Skipped)
	}
	for i, w := range wantSkipped {
		if !strings.HasPrefix(res.Skipped[i], w) {
			t.Errorf("skipped[%d] = %q, want prefix %q", i, res.Skipped[i], w)
		}
	}
	if p := peak.Load(); p > 100<<20 {
		t.Errorf("peak heap %d MB while scanning, want under 100 MB", p>>20)
	}
}
