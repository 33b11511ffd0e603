//go:build unix

package project

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/djharden/djharden/internal/testenv"
)

// A .gitignore that is a FIFO would block git check-ignore (and a reader)
// forever: discovery must not wait on it, and must say why git was not asked.
func TestGitIgnoredFIFOGitignore(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	dir := copyFixture(t, "startproject")
	gitRun(t, dir, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("DEBUG=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, ".gitignore"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	start := time.Now()
	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("discovery took %v with a FIFO .gitignore", d)
	}
	if p.Git.EnvIgnored || len(p.Git.EnvNotIgnored) != 0 {
		t.Errorf("ignore facts from a .gitignore git could not read: %+v", p.Git)
	}
	var noted bool
	for _, pr := range p.Problems {
		noted = noted || strings.Contains(pr.Message, ".gitignore is not a regular file")
	}
	if !noted {
		t.Errorf("no note about the FIFO .gitignore: %+v", p.Problems)
	}
}
