package testenv

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Series are the Django series the tests run against real Django: 3.2 is
// the system's python3-django, the others come from .ci/django-trees.
var Series = []string{"3.2", "4.2", "5.2", "6.1"}

// Django is one series' real Django: an interpreter and the PYTHONPATH
// that makes it import that series (with asgiref, sqlparse and the env
// libraries).
type Django struct {
	Series     string // "4.2"
	Version    string // "4.2.30"
	Python     string
	PythonPath string // "" for the system's own Django
}

// Env is the environment entries that select this Django, for exec.Cmd.Env
// or djangorun.Options.Env.
func (d Django) Env() map[string]string {
	env := map[string]string{"PYTHONDONTWRITEBYTECODE": "1"}
	if d.PythonPath != "" {
		env["PYTHONPATH"] = d.PythonPath
	}
	return env
}

// Environ is os.Environ with Env applied.
func (d Django) Environ() []string {
	out := os.Environ()
	for k, v := range d.Env() {
		out = append(out, k+"="+v)
	}
	return out
}

// Command runs this Django's interpreter with args in its environment.
func (d Django) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(d.Python, args...)
	cmd.Env = d.Environ()
	return cmd
}

// TreesManifest is the file .ci/django-trees writes: $DJHARDEN_DJANGO_TREES,
// else <user cache>/djharden/django/trees.
func TreesManifest() string {
	if p := os.Getenv("DJHARDEN_DJANGO_TREES"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_CACHE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".cache")
	}
	return filepath.Join(dir, "djharden", "django", "trees")
}

var (
	treesOnce sync.Once
	trees     map[string]Django
	treesErr  error
)

func readTrees() (map[string]Django, error) {
	treesOnce.Do(func() {
		trees = map[string]Django{}
		path := TreesManifest()
		f, err := os.Open(path)
		if err != nil {
			treesErr = err
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) != 4 {
				continue
			}
			trees[fields[0]] = Django{Series: fields[0], Version: fields[1], Python: fields[2], PythonPath: fields[3]}
		}
		treesErr = sc.Err()
	})
	return trees, treesErr
}

type probeResult struct{ version, reason string }

var (
	verifyMu sync.Mutex
	verified = map[string]probeResult{} // series -> what importing it gave
)

// DjangoTree returns the real Django of a series ("3.2", "4.2", "5.2",
// "6.1"), checked to import that series, or skips (fails in CI) the test
// with how to get it.
func DjangoTree(t testing.TB, series string) Django {
	t.Helper()
	var d Django
	if series == "3.2" {
		d = Django{Series: series, Python: Python(t, "django", "environ", "decouple", "dotenv")}
	} else {
		all, err := readTrees()
		tree, ok := all[series]
		if !ok {
			why := "no entry for it"
			if err != nil {
				why = err.Error()
			}
			missing(t, fmt.Sprintf("the real Django %s (run .ci/django-trees; %s: %s)", series, TreesManifest(), why))
		}
		d = tree
	}
	verifyMu.Lock()
	defer verifyMu.Unlock()
	res, done := verified[series]
	if !done {
		out, err := d.Command("-c", "import django, environ, decouple, dotenv; print(django.get_version())").Output()
		got := strings.TrimSpace(string(out))
		switch {
		case err != nil:
			res.reason = fmt.Sprintf("%s cannot import Django %s with PYTHONPATH=%q: %v", d.Python, series, d.PythonPath, err)
		case !strings.HasPrefix(got, series+"."):
			res.reason = fmt.Sprintf("%s imports Django %s, not %s", d.Python, got, series)
		}
		res.version = got
		verified[series] = res
	}
	if res.reason != "" {
		missing(t, "the real Django "+series+" ("+res.reason+")")
	}
	d.Version = res.version
	return d
}
