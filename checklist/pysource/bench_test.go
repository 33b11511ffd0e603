package pysource

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// benchInput concatenates the realistic fixtures up to about 1 MB.
func benchInput(b *testing.B) []byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "py", "*.py"))
	var buf bytes.Buffer
	for buf.Len() < 1<<20 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			buf.Write(data)
			buf.WriteString("\n")
		}
	}
	return buf.Bytes()
}

func BenchmarkTokenize(b *testing.B) {
	src := benchInput(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		t := NewTokenizer(src)
		for t.Next().Kind != TokEOF {
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := benchInput(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(src)
	}
}
