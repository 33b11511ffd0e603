package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
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
