package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
)

// TestTypoSuggestsCommand: a mistyped command is not read as a directory.
func TestTypoSuggestsCommand(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"chek"}, `djharden: unknown command "chek"; did you mean "check"?`},
		{[]string{"aply"}, `djharden: unknown command "aply"; did you mean "apply"?`},
		{[]string{"explian"}, `djharden: unknown command "explian"; did you mean "explain"?`},
		{[]string{"zzzzzz"}, `djharden: unknown command "zzzzzz" and no such directory`},
		{[]string{"./no-such-dir"}, `djharden: cannot read ./no-such-dir: no such file or directory`},
	}
	for _, c := range cases {
		out, errOut, code := run(t, c.args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if !strings.HasPrefix(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
			t.Errorf("%v: stderr %q, want one line starting %q", c.args, errOut, c.want)
		}
		if strings.Contains(errOut, "discover") || strings.Contains(errOut, "stat ") {
			t.Errorf("%v: internal words in %q", c.args, errOut)
		}
	}
}

func TestBuildVersion(t *testing.T) {
	cases := []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "dev (0123456789ab, modified)"},
		{debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}, "dev (abc)"},
	}
	for _, c := range cases {
		if got := buildVersion(&c.bi); got != c.want {
			t.Errorf("buildVersion(%+v) = %q, want %q", c.bi.Main, got, c.want)
		}
	}
}

// TestInterruptExits130: a command whose context ends (ctrl+c in check or
// apply) exits 130 with one line.
func TestInterruptExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	s := &ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	if code := executeContext(ctx, []string{"check", "--scan-only", t.TempDir()}, s); code != exitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "interrupted") || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
		t.Errorf("stderr %q", errb.String())
	}
}
