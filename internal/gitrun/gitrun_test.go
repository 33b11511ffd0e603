package gitrun

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

func TestEnvDropsVariablesThatRedirectGit(t *testing.T) {
	t.Setenv("GIT_DIR", "/elsewhere")
	t.Setenv("GIT_CONFIG_PARAMETERS", "'core.pager=evil'")
	t.Setenv("GIT_EXTERNAL_DIFF", "evil")
	env := Env()
	for _, kv := range env {
		for _, bad := range []string{"GIT_DIR=", "GIT_CONFIG_PARAMETERS=", "GIT_EXTERNAL_DIFF="} {
			if strings.HasPrefix(kv, bad) {
				t.Errorf("Env keeps %s", kv)
			}
		}
	}
	for _, want := range []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C"} {
		if !slices.Contains(env, want) {
			t.Errorf("Env lacks %s", want)
		}
	}
}

func TestArgsPutOverridesBeforeTheCommand(t *testing.T) {
	t.Parallel()
	a := Args("/p", "log", "-1")
	if a[0] != "-C" || a[1] != "/p" || a[len(a)-2] != "log" {
		t.Fatalf("Args = %v", a)
	}
	for _, want := range []string{"log.showSignature=false", "core.fsmonitor=false", "diff.external=", "core.pager=cat"} {
		if !slices.Contains(a, want) {
			t.Errorf("Args lacks -c %s", want)
		}
	}
}

func TestOutputReportsGitsReason(t *testing.T) {
	testenv.Tool(t, "git")
	t.Parallel()
	_, err := Output(context.Background(), t.TempDir(), nil, "rev-parse", "--show-toplevel")
	var ge *Error
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "not a git repository") {
		t.Fatalf("err = %v", err)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ExitCode(err) != 128 {
		t.Errorf("exit code %d", ExitCode(err))
	}
}
