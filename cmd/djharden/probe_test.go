package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad input to probe is a one-line reason and exit 2, before any request.
func TestProbeUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"probe"}, "accepts between 1 and 2 arg(s)"},
		{[]string{"probe", "ftp://example.com"}, "the scheme must be https or http"},
		{[]string{"probe", "https://user:hunter2@example.com/"}, "leave credentials out of the URL"},
		{[]string{"probe", "https://example.com", "--format", "xml"}, "--format must be text, json or sarif"},
		{[]string{"probe", "https://example.com", "--fail-on", "always"}, "--fail-on must be warn, fail or never"},
		{[]string{"probe", "https://example.com", "--timeout", "0s"}, "--timeout must be between"},
		{[]string{"probe", "https://example.com", "--ca-file", filepath.Join(dir, "missing.pem")}, "cannot read --ca-file"},
		{[]string{"probe", "https://example.com", "--ca-file", notPEM}, "holds no PEM certificate"},
		{[]string{"probe", "https://example.com", filepath.Join(dir, "no-such-dir")}, "cannot read"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, tt.args...)
		if code != exitError || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", tt.args, code, errOut, out, tt.want)
		}
		if strings.Contains(errOut, "hunter2") {
			t.Errorf("%v: the password is in the error: %q", tt.args, errOut)
		}
	}
}
