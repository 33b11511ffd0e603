package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// After a default apply, a plain `djharden check` (no env file at all)
// judges the block's reads by their defaults and its fail-closed key
// handling: debug, key and hosts pass, in every env style.
func TestCheckAfterApplyPassesWithoutEnvFile(t *testing.T) {
	for _, style := range []string{"os", "environ", "decouple"} {
		t.Run(style, func(t *testing.T) {
			dir := startproject(t)
			if _, errOut, code := run(t, "apply", "--domain", "example.com", "--https", "proxy", "--env-style", style, "--yes", dir); code != 0 {
				t.Fatalf("apply: exit %d, %s", code, errOut)
			}
			if err := os.Remove(filepath.Join(dir, ".env")); err != nil {
				t.Fatal(err)
			}
			out, errOut, _ := run(t, "check", "--no-git", "--format", "json", dir)
			var rep jsonReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("check: %v\n%s", err, errOut)
			}
			for _, f := range rep.Findings {
				switch f.ID {
				case "debug", "secret-key", "allowed-hosts":
					if f.Status != "pass" {
						t.Errorf("%s: %s after apply, want pass", f.ID, f.Status)
					}
				}
			}
		})
	}
}

// pinInstalledDjango declares, in requirements.txt, the Django that
// startproject ran, as real projects do: without it the version is unknown
// and djharden judges the newest series (startproject's docstring is not a
// version), which the installed Django need not agree with.
func pinInstalledDjango(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command(testenv.Python(t, "django"), "-c", "import django; print(django.get_version())").Output()
	if err != nil {
		t.Fatal(err)
	}
	req := "Django==" + strings.TrimSpace(string(out)) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
}
