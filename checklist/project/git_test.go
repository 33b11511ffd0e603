package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// gitRun runs git in dir with a fixed identity, failing the test on error.
func gitRun(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2024-01-02T10:00:00Z", "GIT_COMMITTER_DATE=2024-01-02T10:00:00Z", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestGitFacts(t *testing.T) {
	testenv.Tool(t, "git")
	dir := copyFixture(t, "startproject")
	gitRun(t, dir, "init", "-q", "-b", "main")
	// The settings file, with its generated key, is committed; later the
	// developer stops tracking it, but history keeps the key.
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "start")
	gitRun(t, dir, "rm", "-q", "--cached", "mysite/settings.py")
	write := func(rel, content string) {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".gitignore", "mysite/settings.py\n.env.local\n")
	write(".env", "SECRET_KEY=x\n")        // neither tracked nor ignored
	write(".env.local", "DEBUG=1\n")       // ignored
	write(".env.example", "SECRET_KEY=\n") // a template: never reported
	write(".env.staging", "DEBUG=0\n")
	gitRun(t, dir, "add", ".gitignore", ".env.staging", ".env.example")
	gitRun(t, dir, "commit", "-q", "-m", "stop tracking settings")

	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	g := p.Git
	if !g.Available || g.TopLevel == "" {
		t.Fatalf("git facts: %+v", g)
	}
	if tracked, listed := g.Tracked["mysite/settings.py"]; !listed || tracked {
		t.Errorf("settings tracked = %v (listed %v), want listed and untracked", tracked, listed)
	}
	if !reflect.DeepEqual(g.EnvTracked, []string{".env.staging"}) {
		t.Errorf("EnvTracked = %v", g.EnvTracked)
	}
	if !reflect.DeepEqual(g.EnvNotIgnored, []string{".env"}) {
		t.Errorf("EnvNotIgnored = %v", g.EnvNotIgnored)
	}
	if g.EnvIgnored {
		t.Error(".env is not in .gitignore, yet EnvIgnored")
	}
	if !g.KeyInHistory || g.KeyHistoryNote != "in 1 commit, first 2024-01-02" {
		t.Errorf("KeyInHistory %v, note %q", g.KeyInHistory, g.KeyHistoryNote)
	}
	key := p.Settings.Get("SECRET_KEY").Value.Str
	if strings.Contains(g.KeyHistoryNote, key[:20]) {
		t.Error("the note shows the key")
	}
}

func TestGitFactsCleanRepo(t *testing.T) {
	testenv.Tool(t, "git")
	dir := copyFixture(t, "cookiecutter")
	gitRun(t, dir, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(".env\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "start")
	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	g := p.Git
	if !g.Available || !g.EnvIgnored || g.KeyInHistory || len(g.EnvTracked) != 0 || len(g.EnvNotIgnored) != 0 {
		t.Errorf("git facts: %+v", g)
	}
	for _, f := range []string{"config/settings/base.py", "config/settings/production.py"} {
		if !g.Tracked[f] {
			t.Errorf("%s not tracked: %v", f, g.Tracked)
		}
	}
}

func TestGitFactsNotARepo(t *testing.T) {
	testenv.Tool(t, "git")
	dir := copyFixture(t, "startproject")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	p := &Project{Root: dir}
	if g := p.gitFacts(context.Background(), buildIndex(dir, dir)); g.Available {
		t.Errorf("not a repo, yet %+v", g)
	}
}
