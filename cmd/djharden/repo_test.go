package main

import (
	"os/exec"
	"path"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// The repository commits no env file: fixtures keep a development env under
// another name (dot.env) and rename it in their copy. Examples and
// templates (.env.example, .env.sample, .env.template) are fine.
func TestRepositoryCommitsNoEnvFile(t *testing.T) {
	git := testenv.Tool(t, "git")
	out, err := exec.Command(git, "-C", "../..", "ls-files").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		base := path.Base(f)
		if base != ".env" && !strings.HasPrefix(base, ".env.") {
			continue
		}
		switch path.Ext(base) {
		case ".example", ".sample", ".template":
			continue
		}
		t.Errorf("git tracks the env file %s", f)
	}
}
