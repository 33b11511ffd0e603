package pysource

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStreamedParseMatchesWholeParse parses every Python fixture of the
// repository, and a module long enough to be compacted many times, both
// streamed and from all its tokens: the trees must be identical.
func TestStreamedParseMatchesWholeParse(t *testing.T) {
	t.Parallel()
	var srcs [][]byte
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".py") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			srcs = append(srcs, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 50 {
		t.Fatalf("found only %d Python fixtures", len(srcs))
	}
	var long strings.Builder
	for i := 0; long.Len() < 64<<10; i++ {
		long.WriteString("if FLAG == 'x':\n    A = [1, (2,\n 3)]  # c\nelse:\n    match = 1\nwith (open(a) as f):\n    pass\n")
		// A lookahead back over a display the parser compacted inside.
		long.WriteString("C = [v for v in w if [1, {2: 3}, [4, 5]]]\nD = [x if [6, 7] else y, 8]\nE = [v if [1, 2, 3] for v in w]\nF = (a for a in b if [c, d])\n")
	}
	srcs = append(srcs, []byte(long.String()))
	for _, src := range srcs {
		checkStreamed(t, src, Parse(src))
	}
}
