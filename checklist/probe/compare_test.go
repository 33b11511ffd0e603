package probe

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
)

// staticFor runs the real checklist on the test site's own project with
// the environment of an env file under testdata/env.
func staticFor(t *testing.T, env string) *checklist.Report {
	t.Helper()
	p, err := project.Discover(project.Options{
		Dir: filepath.Join("testdata", "djsite"), EnvFile: filepath.Join("testdata", "env", env),
		NoGit: true, NoScan: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return checklist.Run(p, checklist.RunOptions{})
}

func TestCompareWithSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		setup, env string
		id         string
		static     checklist.Status
		cause      string // in the disagreement ("" = none expected)
	}{
		// The settings promise DEBUG off; a process with DEBUG on answers.
		{"debug", "hardened.env", "live-debug", checklist.Pass, "old process started with DEBUG on"},
		{"nohsts", "hardened.env", "live-hsts", checklist.Pass, "SecurityMiddleware is missing"},
		{"cookies", "hardened.env", "live-session-cookie", checklist.Pass, "runs other settings"},
		{"anyhost", "hardened.env", "live-allowed-hosts", checklist.Pass, "another ALLOWED_HOSTS"},
		{"loop", "hardened.env", "live-redirect-loop", checklist.Warn, ""},
		{"loop", "hardened.env", "live-hsts", checklist.Pass, "never sees these requests as HTTPS"},
		// The settings checked are laxer than what runs.
		{"hardened", "lax.env", "live-debug", checklist.Fail, "pass --settings and --env-file"},
		{"hardened", "lax.env", "live-session-cookie", checklist.Warn, "runs other settings"},
		// Agreement: nothing to explain.
		{"hardened", "hardened.env", "live-hsts", checklist.Pass, ""},
		{"debug", "lax.env", "live-debug", checklist.Fail, ""},
	}
	for _, tt := range tests {
		t.Run(tt.setup+"/"+tt.env+"/"+tt.id, func(t *testing.T) {
			t.Parallel()
			live := probeSite(t, tt.setup, nil)
			Compare(live, staticFor(t, tt.env))
			f := live.Lookup(tt.id)
			if f.Settings == nil || f.Settings.Status != tt.static {
				t.Fatalf("%s: static beside it = %+v, want status %s", tt.id, f.Settings, tt.static)
			}
			if tt.cause == "" && f.Disagreement != "" {
				t.Errorf("%s: unexpected disagreement %q", tt.id, f.Disagreement)
			}
			if tt.cause != "" && !strings.Contains(f.Disagreement, tt.cause) {
				t.Errorf("%s (live %s, settings %s): disagreement %q, want it to name %q", tt.id, f.Status, f.Settings.Status, f.Disagreement, tt.cause)
			}
			if live.Project == nil || live.Project.SettingsModule != "probesite.settings" {
				t.Errorf("project beside the live report: %+v", live.Project)
			}
		})
	}
}

// Every renderer shows the disagreement; none shows the key or a cookie value.
func TestRenderers(t *testing.T) {
	t.Parallel()
	live := probeSite(t, "debug", nil)
	Compare(live, staticFor(t, "hardened.env"))
	var text, js, sarif bytes.Buffer
	if err := WriteText(&text, live, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, live); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&sarif, live, "test"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"✗ fail     No debug page, traceback or settings text in any response [live-debug]",
		"settings: ✓ pass [debug]", "≠ The settings turn DEBUG off", "fix: Run production with DEBUG = False", "i info     Where the admin lives"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if d := back.Lookup("live-debug"); d == nil || d.Status != checklist.Fail || d.Settings == nil || d.Disagreement == "" || len(d.Locations) == 0 {
		t.Errorf("JSON live-debug: %+v", d)
	}
	if back.Summary.Fail == 0 || back.Summary.Disagreements == 0 || back.Requests != live.Requests {
		t.Errorf("JSON summary %+v, requests %d", back.Summary, back.Requests)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct{ RuleID, Level string }
		}
	}
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "live-debug" && r.Level == "error" {
			found = true
		}
	}
	if !found || len(log.Runs[0].Tool.Driver.Rules) != len(checks()) {
		t.Errorf("SARIF: results %+v, %d rules", log.Runs[0].Results, len(log.Runs[0].Tool.Driver.Rules))
	}
	for name, out := range map[string]string{"text": text.String(), "json": js.String(), "sarif": sarif.String()} {
		if strings.Contains(out, "not-a-real-key") {
			t.Errorf("%s output shows the secret key", name)
		}
		for _, f := range live.Findings {
			for _, l := range f.Locations {
				if strings.HasPrefix(l.Source, "Set-Cookie:") && !strings.Contains(l.Source, "=(value hidden)") {
					t.Errorf("%s: cookie value shown: %s", name, l.Source)
				}
			}
		}
	}
}
