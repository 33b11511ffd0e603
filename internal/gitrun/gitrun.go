// Package gitrun runs git with a fixed, minimal configuration, so that a
// repository's own .git/config (or the user's) can never make djharden run
// a program: no signature display (gpg.program), no external diff or
// textconv, no fsmonitor, no pager, no hooks, no system config, no
// prompts. Every git call of djharden goes through Command.
//
// safe.directory is not overridden: a repository owned by another user is
// one whose config we must not read, and git's refusal is reported to the
// caller as ErrDubiousOwnership so it can say "unknown" instead.
package gitrun

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Timeout bounds a quick git command run with Output.
const Timeout = 10 * time.Second

// ErrNoGit is returned when git is not installed.
var ErrNoGit = errors.New("git is not installed")

// ErrDubiousOwnership is returned when git refuses the repository because
// another user owns it (safe.directory).
var ErrDubiousOwnership = errors.New("git refuses this repository: it is owned by another user (see git's safe.directory)")

// overrides are passed as -c options: command-line config wins over every
// config file, including the repository's own.
var overrides = []string{
	"log.showSignature=false",
	"gpg.program=" + os.DevNull,
	"gpg.ssh.program=" + os.DevNull,
	"gpg.x509.program=" + os.DevNull,
	"commit.gpgSign=false",
	"tag.gpgSign=false",
	"core.fsmonitor=false",
	"core.untrackedCache=false",
	"core.pager=cat",
	"core.hooksPath=" + os.DevNull,
	"core.quotepath=off",
	"core.sshCommand=false",
	"diff.external=",
	"color.ui=false",
	"pager.log=false",
	"protocol.allow=never",
	"credential.helper=",
}

// Args returns the full argument list for git: -C dir, the fixed config,
// then args.
func Args(dir string, args ...string) []string {
	out := make([]string, 0, 2+2*len(overrides)+len(args))
	if dir != "" {
		out = append(out, "-C", dir)
	}
	for _, o := range overrides {
		out = append(out, "-c", o)
	}
	return append(out, args...)
}

// Env is the environment for git: the caller's, minus every GIT_* variable
// that could point git elsewhere or add config, plus a fixed minimal set.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(name)
		if strings.HasPrefix(upper, "GIT_") || upper == "LC_ALL" || upper == "LANG" || upper == "PAGER" || upper == "EDITOR" || upper == "VISUAL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_CONFIG_COUNT=0",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_ASKPASS=",
		"SSH_ASKPASS=",
		"GIT_PAGER=cat",
		"PAGER=cat",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_NO_REPLACE_OBJECTS=1",
		"LC_ALL=C",
	)
}

// Command is an exec.Cmd running git in dir with the fixed config.
func Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", Args(dir, args...)...)
	cmd.Env = Env()
	return cmd
}

// Available reports whether git is installed.
func Available() bool {
	_, err := exec.LookPath("git")
	return err == nil
}

// Output runs git in dir (at most Timeout) with stdin (nil for none) and
// returns its stdout. A refusal for dubious ownership is
// ErrDubiousOwnership; other failures carry git's first stderr line.
func Output(ctx context.Context, dir string, stdin []byte, args ...string) ([]byte, error) {
	if !Available() {
		return nil, ErrNoGit
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	cmd := Command(ctx, dir, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := stderr.String()
		if strings.Contains(msg, "dubious ownership") || strings.Contains(msg, "safe.directory") {
			return out, ErrDubiousOwnership
		}
		return out, &Error{Args: args, Stderr: firstLine(msg), Err: err}
	}
	return out, nil
}

// Error is a failed git command.
type Error struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *Error) Error() string {
	name := "git"
	if len(e.Args) > 0 {
		name += " " + e.Args[0]
	}
	if e.Stderr != "" {
		return name + ": " + e.Stderr
	}
	return name + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ExitCode is the exit status of a failed git command, -1 when it did not run.
func ExitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
