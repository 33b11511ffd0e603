package checklist

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// startproject creates a fresh project with the real django-admin.
func startproject(t *testing.T, python string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	cmd := exec.Command(python, "-m", "django", "startproject", "mysite", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	return dir
}

// freshProjectIDs is what every Django from 3.2 to 6.0 raises on a fresh startproject.
var freshProjectIDs = []string{"security.W004", "security.W008", "security.W009", "security.W012",
	"security.W016", "security.W018", "security.W020"}

func TestStartprojectReportsExactlyDjangosIDs(t *testing.T) {
	python := testenv.Python(t, "django")
	dir := startproject(t, python)
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Django.Checked().Known || !p.Django.FromComment {
		// The docstring says what startproject ran, not what the site runs.
		t.Fatalf("version taken from the startproject docstring: %+v", p.Django)
	}
	rep := Run(p, RunOptions{})
	var union []string
	for _, f := range rep.Findings {
		if f.Status != Warn && f.Status != Fail {
			continue
		}
		for _, id := range f.DjangoIDs {
			if !slices.Contains(union, id) {
				union = append(union, id)
			}
		}
	}
	slices.Sort(union)
	if !slices.Equal(union, freshProjectIDs) {
		t.Errorf("django_ids %v, want %v\n%s", union, freshProjectIDs, findingsDump(rep))
	}
	if !rep.AtOrAbove(Fail) {
		t.Error("a fresh startproject must fail the default gate (exit 1)")
	}
	for _, id := range []string{"debug", "secret-key", "allowed-hosts"} {
		f := findingByID(rep, id)
		if f.Status != Fail || len(f.Locations) == 0 || f.Locations[0].File != "mysite/settings.py" {
			t.Errorf("%s: %s at %+v", id, f.Status, f.Locations)
		}
	}
	if f := findingByID(rep, "debug"); f.Locations[0].Line != 26 || f.Locations[0].Source != "DEBUG = True" {
		t.Errorf("debug location %+v, want mysite/settings.py:26", f.Locations[0])
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	key := p.Settings.Get("SECRET_KEY").Value.Str
	if len(key) < 20 || strings.Contains(string(data), key[16:]) {
		t.Errorf("the report shows the secret key (len %d)", len(key))
	}
	if rep.SchemaVersion != 1 || rep.Summary.Fail == 0 || rep.Project.DjangoVersion != "" {
		t.Errorf("report header %+v %+v", rep.Project, rep.Summary)
	}
}

func TestRunDjangoComparesWithManagePy(t *testing.T) {
	python := testenv.Python(t, "django")
	dir := startproject(t, python)
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(p, RunOptions{RunDjango: true, Python: python, Timeout: time.Minute, Context: context.Background()})
	f := findingByID(rep, "deploy-check")
	if f.Status != Pass {
		t.Errorf("deploy-check %s: %s %+v", f.Status, f.Message, f.Problems)
	}
	if rep.Django == nil || !slices.Equal(covered(rep.Django.IDs), freshProjectIDs) {
		t.Errorf("Report.Django = %+v", rep.Django)
	}
	without := Run(p, RunOptions{})
	if f := findingByID(without, "deploy-check"); f.Status != Skip || !strings.Contains(f.Message, "--run-django") {
		t.Errorf("without RunDjango: %s %q", f.Status, f.Message)
	}
}

func findingByID(r *Report, id string) Finding {
	for _, f := range r.Findings {
		if f.ID == id {
			return f
		}
	}
	return Finding{}
}

func TestDeployCheckFailsWhenSettingsDoNotParse(t *testing.T) {
	p := itemProject(t, hardened+"DEBUG = (\nX = 1\n", map[string]string{"DJANGO_SECRET_KEY": strongKey}, v32, nil)
	// itemProject keeps only the settings; discovery would pass on the problems.
	_, _, p.Problems = project.EvaluateSettings(p, "mysite.settings")
	f := CheckOne(p, "deploy-check")
	if f.Status != Fail || !strings.Contains(f.Problems[0].Message, "Django cannot import mysite.settings") {
		t.Errorf("deploy-check = %s %+v, want a failure naming the settings", f.Status, f.Problems)
	}
	clean := itemProject(t, hardened, map[string]string{"DJANGO_SECRET_KEY": strongKey}, v32, nil)
	if f := CheckOne(clean, "deploy-check"); f.Status != Skip {
		t.Errorf("deploy-check on readable settings without --run-django = %s, want skip", f.Status)
	}
}
