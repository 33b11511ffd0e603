package project

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/internal/testenv"
)

// branchyListSettings is a generated settings module of about size bytes:
// a list of 5,000 entries, then if/else blocks that reassign it in both
// branches (the shape that used to copy the whole list each time).
func branchyListSettings(size int) []byte {
	var sb strings.Builder
	sb.WriteString("import os\nFLAG = os.environ.get('FLAG')\nINSTALLED_APPS = [\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, "    'app%d',\n", i)
	}
	sb.WriteString("]\n")
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, "if FLAG == 'x%d':\n    INSTALLED_APPS = INSTALLED_APPS\nelse:\n    MIDDLEWARE = INSTALLED_APPS\n", i)
	}
	return []byte(sb.String())
}

func benchSettingsProject(b *testing.B, src []byte) *Project {
	b.Helper()
	dir := b.TempDir()
	testenv.WriteTree(b, dir, map[string]string{"mysite/__init__.py": "", "mysite/settings.py": string(src)})
	return &Project{Root: dir, Django: DjangoVersion{Known: true, Major: 5, Minor: 2, Patch: -1}}
}

// BenchmarkEvaluateSettingsBranchyLists evaluates a 3 MB settings module
// of list reassignments in branches: evaluation must stay linear (target
// under a second, peak memory under 10x the file size). The file is
// streamed, a statement at a time, so its tree is never held whole.
func BenchmarkEvaluateSettingsBranchyLists(b *testing.B) {
	benchEvaluate(b, branchyListSettings(3<<20), func(s *Settings) {
		if v := s.Get("INSTALLED_APPS").Value; len(v.Items) != 5000 {
			b.Fatalf("INSTALLED_APPS has %d entries", len(v.Items))
		}
	})
}

// BenchmarkEvaluateSettingsLongList evaluates a 3 MB module that is one
// list display, for contrast: a statement is held whole while it runs, and
// the setting keeps its expression (its value, over the item cap, is
// unknown), so the peak follows that one statement's tree: the 10x target
// is for modules of many statements.
func BenchmarkEvaluateSettingsLongList(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("INSTALLED_APPS = [\n")
	for i := 0; sb.Len() < 3<<20; i++ {
		fmt.Fprintf(&sb, "    'app%d',\n", i)
	}
	sb.WriteString("]\n")
	benchEvaluate(b, []byte(sb.String()), func(s *Settings) {
		if st := s.Get("INSTALLED_APPS"); st.Value.Kind != pysource.Unknown || st.Expr == nil {
			b.Fatalf("INSTALLED_APPS is %s", st.Value.Python())
		}
	})
}

// benchEvaluate times EvaluateSettings of src as mysite/settings.py,
// checks each result and reports the peak heap over the file size.
func benchEvaluate(b *testing.B, src []byte, check func(*Settings)) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		p := benchSettingsProject(b, src)
		runtime.GC()
		base := heapBytes()
		stop := samplePeak(&peak, base)
		b.StartTimer()
		s, _, _ := EvaluateSettings(p, "mysite.settings")
		b.StopTimer()
		stop()
		check(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/float64(len(src)), "peak-heap/file-size")
}

// heapBytes is the heap in use by objects, read without stopping the world.
func heapBytes() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// samplePeak records, until the returned stop is called, the most heap in
// use above base (live data and garbage not yet collected alike).
func samplePeak(peak *uint64, base uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if h := heapBytes(); h > base && h-base > *peak {
				*peak = h - base
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// BenchmarkParseBranchyLists is the parse alone of the same module, to
// tell the parser's share of time and memory from the evaluator's.
func BenchmarkParseBranchyLists(b *testing.B) {
	src := branchyListSettings(3 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var peak, tree uint64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		base := heapBytes()
		stop := samplePeak(&peak, base)
		b.StartTimer()
		m := pysource.Parse(src)
		b.StopTimer()
		stop()
		runtime.GC()
		tree = heapBytes() - base
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/float64(len(src)), "peak-heap/file-size")
	// The tree alone, garbage collected: what a parsed module keeps.
	b.ReportMetric(float64(tree)/float64(len(src)), "tree-heap/file-size")
}
