package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/djharden/djharden/internal/testenv"
)

// run drives the command line with buffers, as a script would (no TTY).
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	s := &ioStreams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	code = execute(args, s)
	return out.String(), errb.String(), code
}

func TestVersionFlag(t *testing.T) {
	out, _, code := run(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "djharden ") {
		t.Fatalf("--version: code %d, out %q", code, out)
	}
}

func TestWizardNeedsTTY(t *testing.T) {
	for _, args := range [][]string{{}, {"demo"}} {
		_, errOut, code := run(t, args...)
		if code != exitError {
			t.Errorf("%v without a TTY: exit %d, want 2", args, code)
		}
		if !strings.Contains(errOut, "djharden check") || !strings.Contains(errOut, "djharden apply") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v without a TTY: want one line pointing to check/apply, got %q", args, errOut)
		}
	}
}

func TestKeygen(t *testing.T) {
	out, _, code := run(t, "keygen", "--count", "5")
	if code != 0 {
		t.Fatalf("keygen exit %d", code)
	}
	keys := strings.Fields(out)
	if len(keys) != 5 {
		t.Fatalf("want 5 keys, got %d", len(keys))
	}
	valid := regexp.MustCompile(`^[A-Za-z0-9_-]{64}$`)
	seen := map[string]bool{}
	for _, k := range keys {
		if !valid.MatchString(k) {
			t.Errorf("key %q... is not 64 URL-safe characters", k[:4])
		}
		if seen[k] {
			t.Error("keygen repeated a key")
		}
		seen[k] = true
	}
	if _, _, code := run(t, "keygen", "--count", "0"); code != exitError {
		t.Errorf("keygen --count 0: exit %d, want 2", code)
	}
}

func TestExplain(t *testing.T) {
	out, _, code := run(t, "explain")
	if code != 0 {
		t.Fatalf("explain exit %d", code)
	}
	for _, id := range []string{"[debug]", "[secret-key]", "[allowed-hosts]", "[deploy-check]"} {
		if !strings.Contains(out, id) {
			t.Errorf("explain lists no %s", id)
		}
	}
	one, _, code := run(t, "explain", "debug")
	if code != 0 || !strings.Contains(one, "security.W018") || !strings.Contains(one, "docs.djangoproject.com") {
		t.Errorf("explain debug: exit %d, out %q", code, one)
	}
	if _, errOut, code := run(t, "explain", "no-such-item"); code != exitError || !strings.Contains(errOut, "no item") {
		t.Errorf("explain no-such-item: exit %d, stderr %q", code, errOut)
	}
}

func TestCheckBadInput(t *testing.T) {
	empty := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", filepath.Join(empty, "missing")}, "cannot read"},
		{[]string{"check", empty}, "no Django project"},
		{[]string{"check", "--format", "xml", empty}, "--format"},
		{[]string{"check", "--fail-on", "sometimes", empty}, "--fail-on"},
		{[]string{"check", "--no-such-flag"}, "unknown flag"},
	}
	for _, c := range cases {
		_, errOut, code := run(t, c.args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if !strings.Contains(errOut, c.want) {
			t.Errorf("%v: stderr %q, want it to mention %q", c.args, errOut, c.want)
		}
	}
}

// startproject makes a real Django project with the real django-admin.
func startproject(t *testing.T) string {
	t.Helper()
	py := testenv.Python(t, "django")
	dir := t.TempDir()
	cmd := exec.Command(py, "-m", "django", "startproject", "mysite", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	return dir
}

type jsonReport struct {
	SchemaVersion int `json:"schema_version"`
	Project       struct {
		SettingsModule string   `json:"settings_module"`
		SettingsFiles  []string `json:"settings_files"`
		DjangoVersion  string   `json:"django_version"`
	} `json:"project"`
	Summary  map[string]int `json:"summary"`
	Findings []struct {
		ID        string   `json:"id"`
		Status    string   `json:"status"`
		DjangoIDs []string `json:"django_ids"`
		Locations []struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"locations"`
	} `json:"findings"`
}

func TestCheckStartprojectJSON(t *testing.T) {
	dir := startproject(t)
	out, errOut, code := run(t, "check", "--format", "json", "--no-git", dir)
	if code != exitFindings {
		t.Fatalf("check on a fresh startproject: exit %d, want 1; stderr %s", code, errOut)
	}
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.SchemaVersion != 1 || r.Project.SettingsModule != "mysite.settings" {
		t.Errorf("schema %d, settings %q", r.SchemaVersion, r.Project.SettingsModule)
	}
	var ids []string
	for _, f := range r.Findings {
		if f.Status == "warn" || f.Status == "fail" {
			ids = append(ids, f.DjangoIDs...)
		}
	}
	sort.Strings(ids)
	want := []string{"security.W004", "security.W008", "security.W009", "security.W012", "security.W016", "security.W018", "security.W020"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("django_ids = %v, want %v", ids, want)
	}
	for _, key := range []string{"pass", "warn", "fail", "unknown", "skip", "accepted"} {
		if _, ok := r.Summary[key]; !ok {
			t.Errorf("summary lacks %q", key)
		}
	}
	settings, _ := os.ReadFile(filepath.Join(dir, "mysite", "settings.py"))
	key := regexp.MustCompile(`SECRET_KEY = '([^']+)'`).FindSubmatch(settings)
	if key == nil {
		t.Fatal("startproject wrote no SECRET_KEY")
	}
	if strings.Contains(out, string(key[1])) || strings.Contains(errOut, string(key[1])) {
		t.Error("the JSON report shows the secret key")
	}
	text, _, _ := run(t, "check", "--no-git", dir)
	if strings.Contains(text, string(key[1])) {
		t.Error("the text report shows the secret key")
	}
	if !strings.Contains(text, "mysite/settings.py:") {
		t.Errorf("the text report shows no file:line evidence:\n%s", text)
	}
	if _, _, code := run(t, "check", "--fail-on", "never", "--no-git", dir); code != 0 {
		t.Errorf("--fail-on never: exit %d", code)
	}
}

func TestCheckSARIF(t *testing.T) {
	dir := startproject(t)
	out, _, code := run(t, "check", "--format", "sarif", "--no-git", dir)
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
						Help    struct {
							Text string `json:"text"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "djharden" {
		t.Fatalf("not a SARIF 2.1.0 log from djharden: %+v", log)
	}
	run0 := log.Runs[0]
	if len(run0.Results) == 0 {
		t.Fatal("no results for a fresh startproject")
	}
	for _, r := range run0.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run0.Tool.Driver.Rules) || run0.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule index %d", r.RuleID, r.RuleIndex)
		}
		if len(r.Locations) == 0 {
			t.Errorf("result %s has no location (GitHub rejects it)", r.RuleID)
		}
		for _, l := range r.Locations {
			uri := l.PhysicalLocation.ArtifactLocation.URI
			if filepath.IsAbs(uri) || strings.HasPrefix(uri, "..") || l.PhysicalLocation.Region.StartLine < 1 {
				t.Errorf("result %s location %q:%d is not relative to the root", r.RuleID, uri, l.PhysicalLocation.Region.StartLine)
			}
		}
		switch r.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("result %s level %q", r.RuleID, r.Level)
		}
	}
	for _, rule := range run0.Tool.Driver.Rules {
		if rule.Help.Text == "" || !strings.HasPrefix(rule.HelpURI, "https://") {
			t.Errorf("rule %s lacks help text or a help URI", rule.ID)
		}
	}
}

func TestScanOnlyAnyDirectory(t *testing.T) {
	dir := t.TempDir()
	src := "from django.db import connection\n\ndef find(name):\n    with connection.cursor() as c:\n        c.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
	if err := os.WriteFile(filepath.Join(dir, "lib.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "check", "--scan-only", "--format", "json", dir)
	if code != exitError && !strings.Contains(out, "sql-injection") {
		t.Fatalf("scan-only: exit %d, stderr %s, out %s", code, errOut, out)
	}
	if !strings.Contains(out, `"lib.py"`) || !strings.Contains(out, `"line": 5`) {
		t.Errorf("scan-only JSON lacks lib.py:5:\n%s", out)
	}
	if code != 0 && code != exitFindings {
		t.Errorf("scan-only exit %d", code)
	}
	if _, _, code := run(t, "check", "--scan-only", "--fail-on", "warn", dir); code != exitFindings {
		t.Errorf("scan-only --fail-on warn with an f-string query: exit %d, want 1", code)
	}
}
