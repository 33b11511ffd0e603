// Package djangorun runs the project's own Django: it finds a Python that
// can import Django (the project's venv first) and runs
// `manage.py check --deploy`, turning the output into the check IDs Django
// raised. It is the ground truth the static checklist is compared with.
package djangorun

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/djharden/djharden/internal/venv"
)

// probeTimeout bounds one "import django" probe.
const probeTimeout = 15 * time.Second

// ErrNoPython says no interpreter could import Django.
var ErrNoPython = errors.New("no Python that can import Django was found")

// PythonCandidates lists the interpreters FindPython tries, in order: the
// project's venvs (in root and the directories above it up to the
// repository top), $VIRTUAL_ENV, then every python3 and python on PATH.
func PythonCandidates(root string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p == "" {
			return
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return // missing or dangling
		}
		st, err := os.Stat(real)
		if err != nil || st.IsDir() || (runtime.GOOS != "windows" && st.Mode().Perm()&0o111 == 0) {
			return
		}
		// Two venvs may link to the same base interpreter but differ in
		// site-packages, so deduplicate by the path we run, not the target.
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, v := range venv.Near(root, 3) {
		for _, exe := range venvPythons(v) {
			add(exe)
		}
	}
	if active := os.Getenv("VIRTUAL_ENV"); active != "" {
		for _, exe := range venvPythons(active) {
			add(exe)
		}
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		for _, name := range []string{"python3", "python"} {
			if runtime.GOOS == "windows" {
				name += ".exe"
			}
			add(filepath.Join(dir, name))
		}
	}
	return out
}

// venvPythons are the interpreters inside a venv.
func venvPythons(venv string) []string {
	return []string{
		filepath.Join(venv, "bin", "python"),
		filepath.Join(venv, "bin", "python3"),
		filepath.Join(venv, "Scripts", "python.exe"),
	}
}

// FindPython returns the first candidate interpreter that imports Django,
// with the Django version it reports.
func FindPython(root string) (path, version string, err error) {
	return FindPythonContext(context.Background(), root)
}

// FindPythonContext is FindPython with a context.
func FindPythonContext(ctx context.Context, root string) (path, version string, err error) {
	for _, cand := range PythonCandidates(root) {
		if v, err := DjangoVersion(ctx, cand); err == nil {
			return cand, v, nil
		}
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
	}
	return "", "", ErrNoPython
}

// DjangoVersion asks an interpreter which Django it imports.
func DjangoVersion(ctx context.Context, python string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-c", "import django; print(django.get_version())")
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	v := strings.TrimSpace(string(out))
	if v == "" {
		return "", errors.New("empty version")
	}
	return v, nil
}
