package project

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// fastImportRepo makes a repository of n commits with git fast-import (a
// few milliseconds per thousand commits). Commit i changes app/views.py;
// commit keyAt (counted from the oldest, 1-based; 0 = none) adds .env
// holding key, and the next commit removes it again.
func fastImportRepo(t testing.TB, n, keyAt int, key string) string {
	t.Helper()
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	var in strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&in, "commit refs/heads/main\ncommitter t <t@example.com> %d +0000\ndata 4\nc%03d\n", 1700000000+i*60, i%1000)
		body := fmt.Sprintf("def view%d(request):\n    return %d\n", i, i)
		fmt.Fprintf(&in, "M 100644 inline app/views.py\ndata %d\n%s\n", len(body), body)
		switch i {
		case keyAt:
			env := "DEBUG=off\nSECRET_KEY=" + key + "\n"
			fmt.Fprintf(&in, "M 100644 inline .env\ndata %d\n%s\n", len(env), env)
		case keyAt + 1:
			if keyAt > 0 {
				in.WriteString("D .env\n")
			}
		}
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(in.String())
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	gitRun(t, dir, "reset", "-q", "--hard", "main")
	return dir
}

// The key committed once in an env file, 4,000 commits before the newest,
// is found: the search reads the whole history and says how far it looked.
func TestSearchHistoryWholeHistoryAndEnvFiles(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	key := "k3y-from-the-env-file-0123456789abcdef"
	dir := fastImportRepo(t, 5000, 1000, key)
	res := searchHistory(context.Background(), dir, [][]byte{[]byte(key)})
	if !res.complete || res.scanned != 5000 || res.commits != 1 {
		t.Fatalf("result %+v", res)
	}
	if want := "2023-11-15"; res.firstDate != want {
		t.Errorf("first date %s, want %s", res.firstDate, want)
	}
	if got := res.extent(); !strings.Contains(got, "all 5000 commits") {
		t.Errorf("extent %q", got)
	}
	miss := searchHistory(context.Background(), dir, [][]byte{[]byte("not-there-0123456789abcdef")})
	if !miss.complete || miss.commits != 0 || !strings.Contains(miss.extent(), "all 5000 commits") {
		t.Errorf("a search that finds nothing must still say how far it looked: %+v", miss)
	}
}

// A repository's own config must not run anything: signature display with
// a gpg.program, an fsmonitor, a pager, an external diff and hooks all
// point at a script that leaves a marker.
func TestGitIgnoresHostileRepoConfig(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	dir := copyFixture(t, "startproject")
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "start")
	signCommit(t, dir)
	marker := filepath.Join(t.TempDir(), "ran")
	script := filepath.Join(t.TempDir(), "evil.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho ran >> "+marker+"\ncat >/dev/null\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{
		{"log.showSignature", "true"}, {"gpg.program", script}, {"core.fsmonitor", script},
		{"core.pager", script}, {"pager.log", script}, {"diff.external", script}, {"core.hooksPath", filepath.Dir(script)},
	} {
		gitRun(t, dir, "config", kv[0], kv[1])
	}
	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Git.Available || !p.Git.KeyInHistory {
		t.Fatalf("git facts %+v", p.Git)
	}
	if _, err := os.Stat(marker); err == nil {
		data, _ := os.ReadFile(marker)
		t.Fatalf("the repository's config ran a program during discovery: %q", data)
	}
	// The same config does run the script through a plain git: the test
	// would notice if it stopped being hostile.
	cmd := exec.Command("git", "--no-pager", "-C", dir, "log", "-1")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	_ = cmd.Run()
	if _, err := os.Stat(marker); err != nil {
		t.Skip("this git did not run the hostile config even unprotected; nothing was proven")
	}
}

func BenchmarkSearchHistory5000(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not found")
	}
	key := []byte("k3y-from-the-env-file-0123456789abcdef")
	dir := fastImportRepo(b, 5000, 1000, string(key))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if res := searchHistory(context.Background(), dir, [][]byte{key}); res.commits != 1 {
			b.Fatalf("%+v", res)
		}
	}
}

// signCommit replaces HEAD by the same commit with a (fake) PGP signature
// header, so that log.showSignature has something to verify.
func signCommit(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "cat-file", "commit", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(out), "\n\n")
	sig := "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
	obj := head + "\n" + sig + "\n\n" + body
	cmd := exec.Command("git", "-C", dir, "hash-object", "-t", "commit", "-w", "--stdin")
	cmd.Stdin = strings.NewReader(obj)
	sha, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "update-ref", "refs/heads/main", strings.TrimSpace(string(sha)))
}

// A key that lives in .env today but was committed there once is found by
// a plain check (no --env-file): the project's env files are read for it.
func TestKeyCommittedOnceInEnvFileFound(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	dir := t.TempDir()
	key := "env-k3y-committed-once-0123456789abcdefghij"
	files := map[string]string{
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/__init__.py": "",
		"mysite/settings.py": "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = False\n",
		".env":               "DJANGO_SECRET_KEY=" + key + "\n",
	}
	testenv.WriteTree(t, dir, files)
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "oops, the env file")
	gitRun(t, dir, "rm", "-q", "--cached", ".env")
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/.env\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "add", ".gitignore")
	gitRun(t, dir, "commit", "-q", "-m", "ignore it")
	p, err := Discover(Options{Dir: dir, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Git.KeyInHistory || !strings.Contains(p.Git.HistorySearch, "all 2 commits") {
		t.Errorf("git facts %+v", p.Git)
	}
}

// When cat-file cannot answer (here: not a repository), searchBlobs fails
// and still reads every sha it is sent, so the log reader never blocks.
func TestSearchBlobsFailureDrainsShas(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	shas := make(chan string)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := 0; i < 5000; i++ {
			shas <- fmt.Sprintf("%040x", i+1)
		}
		close(shas)
	}()
	found, err := searchBlobs(context.Background(), t.TempDir(), shas, [][]byte{[]byte("k")})
	<-sent
	if err == nil || len(found) != 0 {
		t.Fatalf("searchBlobs outside a repository: found %v, err %v", found, err)
	}
}
