package regularfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.py")
	if err := os.WriteFile(small, []byte("DEBUG = False\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(small, 1<<10, nil)
	if err != nil || string(got) != "DEBUG = False\n" {
		t.Fatalf("Read = %q, %v", got, err)
	}

	var buf []byte
	for i := 0; i < 3; i++ {
		if got, err := Read(small, 1<<10, &buf); err != nil || string(got) != "DEBUG = False\n" {
			t.Fatalf("Read with a buffer = %q, %v", got, err)
		}
	}

	big := filepath.Join(dir, "big.py")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 2048)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(big, 1<<10, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := Read(dir, 1<<10, nil); err == nil {
		t.Error("a directory was read")
	}
	if _, err := Read(filepath.Join(dir, "missing.py"), 1<<10, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
