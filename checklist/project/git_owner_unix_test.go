//go:build unix

package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// A repository another user owns is one whose config git must not read:
// djharden does not override safe.directory; it says git facts are unknown.
func TestGitRepoOwnedByAnotherUser(t *testing.T) {
	testenv.Tool(t, "git")
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the repository to another user")
	}
	t.Parallel()
	dir := copyFixture(t, "startproject")
	gitRun(t, dir, "init", "-q", "-b", "main")
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	})
	if err != nil {
		t.Skip("chown:", err)
	}
	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Git.Available {
		t.Errorf("git facts read from a repository another user owns: %+v", p.Git)
	}
	var noted bool
	for _, pr := range p.Problems {
		noted = noted || strings.Contains(pr.Message, "owned by another user")
	}
	if !noted {
		t.Errorf("no note about the owner: %+v", p.Problems)
	}
}
