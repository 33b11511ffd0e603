package djangorun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// DefaultTimeout bounds a check run when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// Options say how to run the check.
type Options struct {
	Root     string            // directory holding manage.py (the command runs there)
	Python   string            // interpreter; "" = FindPython(Root)
	Settings string            // --settings MODULE ("" = what manage.py sets)
	Env      map[string]string // extra environment, e.g. the env file's values (override the OS environment)
	Timeout  time.Duration     // 0 = DefaultTimeout
}

// Result is what `manage.py check --deploy` said.
type Result struct {
	Python   string        // interpreter used
	IDs      []string      // check IDs raised, e.g. "security.W004", "4_0.E001", in order of appearance, without repeats
	NoIssues bool          // "System check identified no issues"
	Output   string        // the check's output; only the last line when Python failed with a traceback (which may echo settings lines)
	Err      string        // why the check could not run: the traceback's last line, a timeout, ...
	ExitCode int           // the process's exit status (-1 when it did not finish)
	Duration time.Duration // how long it took
}

// CheckDeploy runs `python manage.py check --deploy` for a project. It
// returns an error only when the check cannot be started at all (no
// manage.py, no Python); a check that fails (settings do not import,
// timeout) is a Result with Err set.
func CheckDeploy(ctx context.Context, opts Options) (*Result, error) {
	if _, err := os.Stat(filepath.Join(opts.Root, "manage.py")); err != nil {
		return nil, fmt.Errorf("cannot run check --deploy: %w", err)
	}
	python := opts.Python
	if python == "" {
		var err error
		if python, _, err = FindPythonContext(ctx, opts.Root); err != nil {
			return nil, err
		}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	args := []string{"manage.py", "check", "--deploy", "--no-color"}
	if opts.Settings != "" {
		args = append(args, "--settings", opts.Settings)
	}
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Dir = opts.Root
	cmd.Env = commandEnv(opts.Env)
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	runErr := cmd.Run()
	res := &Result{Python: python, Duration: time.Since(start), ExitCode: -1}
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		res.Err = fmt.Sprintf("manage.py check --deploy did not finish within %s", timeout)
		return res, nil
	case runErr != nil && !errors.As(runErr, &exitErr):
		return nil, fmt.Errorf("running %s manage.py check: %w", python, runErr)
	}
	out := stdout.String() + stderr.String()
	if strings.Contains(stderr.String(), "Traceback (most recent call last)") {
		res.Err = lastLine(stderr.String())
		res.Output = res.Err
		return res, nil
	}
	res.Output = strings.TrimSpace(out)
	res.IDs, res.NoIssues = ParseOutput(out)
	if res.ExitCode != 0 && len(res.IDs) == 0 {
		res.Err = lastLine(stderr.String())
		if res.Err == "" {
			res.Err = fmt.Sprintf("manage.py check --deploy exited with status %d", res.ExitCode)
		}
		res.Output = res.Err
	}
	return res, nil
}

// commandEnv is the OS environment with extra overriding it and bytecode
// writing off (a check must not leave __pycache__ behind).
func commandEnv(extra map[string]string) []string {
	env := os.Environ()
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+extra[k])
	}
	return append(env, "PYTHONDONTWRITEBYTECODE=1")
}

// checkLine matches a reported issue: "?: (security.W004) ..." or
// "app.Model: (fields.E304) ..."; the ID is "tag.LNNN".
var checkLine = regexp.MustCompile(`(?m)^\S.*?: \(([A-Za-z0-9_]+\.[A-Z]\d{3})\) `)

// ParseOutput returns the check IDs in Django's check output, in order and
// without repeats, and whether it said there were no issues.
func ParseOutput(out string) (ids []string, noIssues bool) {
	seen := map[string]bool{}
	for _, m := range checkLine.FindAllStringSubmatch(out, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	return ids, strings.Contains(out, "System check identified no issues")
}

// lastLine is the last non-blank line of s, trimmed: for a traceback, the
// exception and its message.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return ""
}
