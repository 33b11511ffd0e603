package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
	"github.com/djharden/djharden/internal/testenv"
)

// staticClient asks the demo, as set up by its settings, for the admin's CSS.
const staticClient = `import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
django.setup()
from django.conf import settings
from django.test import Client
r = Client().get("/static/admin/css/base.css", HTTP_HOST="example.com", secure=True)
print("DEBUG=%s status=%d" % (settings.DEBUG, r.status_code))
`

// staticFinding is the static-files finding of the project at root, read
// with env file's values as `djharden check --env-file` reads them.
func staticFinding(t *testing.T, root, envFile string) checklist.Finding {
	t.Helper()
	p, err := project.Discover(project.Options{Dir: root, EnvFile: envFile})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range checklist.Run(p, checklist.RunOptions{}).Findings {
		if f.ID == "static-files" {
			return f
		}
	}
	t.Fatal("no static-files finding")
	return checklist.Finding{}
}

// TestWizardStaticWhiteNoise: with a Procfile (Heroku), WhiteNoise is the
// suggested answer, so enter everywhere chooses it; the real engine then
// writes the middleware right after SecurityMiddleware, STATIC_ROOT, the
// storage and the requirement line next to Django, Done says how to install
// it, and the checklist agrees the item is done.
func TestWizardStaticWhiteNoise(t *testing.T) {
	root := demoRoot(t)
	if err := os.WriteFile(filepath.Join(root, "Procfile"), []byte("web: gunicorn mysite.wsgi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f := staticFinding(t, root, ""); f.Status != checklist.Warn {
		t.Fatalf("before: static-files %s, want warn: %s", f.Status, f.Message)
	}
	eng := &recordingEngine{Engine: NewEngine()}
	d := newDriver(t, eng, Options{Dir: root, ShowDir: showDir}, 100, 30)
	d.until(waitWork, func() bool { return d.a.p != nil })
	d.keys("enter") // welcome
	for d.a.screen != scrItems {
		d.keys("enter") // where (Heroku, suggested), https
	}
	for d.a.screen == scrItems {
		if d.a.steps[d.a.items.idx].ID == "static-files" {
			d.mustSee("What djharden will change", "You choose after the checklist items")
		}
		d.keys("enter")
	}
	if questionID(d.a) != "static" {
		t.Fatalf("the question after the items is %q, want static:\n%s", questionID(d.a), d.view())
	}
	d.mustSee("> WhiteNoise serves them (Heroku, Render, Fly, Railway) (suggested)", "djharden only adds the line whitenoise>=6.0")
	d.keys("down") // the explanation follows the selected answer
	d.mustSee("> My web server or CDN serves them", "Adds STATIC_ROOT only")
	d.keys("up")
	d.mustSee("> WhiteNoise serves them", "djharden only adds the line whitenoise>=6.0")
	toReview(t, d)
	if got := eng.built[len(eng.built)-1].Static; got != generator.StaticWhiteNoise {
		t.Fatalf("Answers.Static = %q, want whitenoise", got)
	}
	d.keys("enter")
	d.until(waitWork, func() bool { return d.a.done.deploy != nil || d.a.done.deployErr != nil })

	settings := readFile(t, root, "mysite/settings.py")
	for _, want := range []string{
		`MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")`, // right after SecurityMiddleware
		"STATIC_ROOT = pathlib.Path(__file__).resolve().parents[1] / \"staticfiles\"",
		`STATICFILES_STORAGE = "whitenoise.storage.CompressedStaticFilesStorage"`, // Django 3.2: before STORAGES
	} {
		if !strings.Contains(settings, want) {
			t.Errorf("settings lack %q:\n%s", want, settings)
		}
	}
	if got := readFile(t, root, "requirements.txt"); got != "Django==3.2.25\nwhitenoise>=6.0\n" {
		t.Errorf("requirements.txt = %q, want whitenoise added after Django", got)
	}
	for _, f := range []string{"mysite/settings.py", "requirements.txt"} {
		if !strings.Contains(strings.Join(d.a.done.written.Files, "\n"), f) {
			t.Errorf("Done does not list %s among %v", f, d.a.done.written.Files)
		}
	}
	var static *doneSection
	for _, sec := range d.a.done.sections(d.a) {
		if strings.HasPrefix(sec.title, "Static files") {
			static = &sec
		}
	}
	if static == nil || static.title != "Static files (WhiteNoise)" || !strings.Contains(strings.Join(static.lines, "\n"),
		"install it with pip install -r requirements.txt (djharden installs nothing).\n$ pip install -r requirements.txt") {
		t.Errorf("Done's static files section: %+v", static)
	}
	if f := staticFinding(t, root, ".env"); f.Status != checklist.Pass {
		t.Errorf("after: static-files %s, want pass: %s %+v", f.Status, f.Message, f.Problems)
	}

	// With WhiteNoise installed, what was written works: collectstatic
	// runs with the env file loaded, as the Done screen says to.
	t.Run("collectstatic", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the env file is loaded by a POSIX shell")
		}
		py := testenv.Python(t, "django", "whitenoise")
		cmd := exec.Command("sh", "-c", "set -a; . ./.env; set +a; \"$PY\" manage.py collectstatic --noinput")
		cmd.Dir, cmd.Env = root, append(os.Environ(), "PY="+py)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("collectstatic: %v\n%s", err, out)
		}
		if _, err := os.Stat(filepath.Join(root, "staticfiles", "admin", "css", "base.css")); err != nil {
			t.Errorf("the admin's CSS was not collected: %v", err)
		}
		// With DEBUG off, WhiteNoise answers the admin's CSS itself.
		cmd = exec.Command("sh", "-c", "set -a; . ./.env; set +a; \"$PY\" -c \"$SCRIPT\"")
		cmd.Dir, cmd.Env = root, append(os.Environ(), "PY="+py, "SCRIPT="+staticClient)
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "DEBUG=False status=200") {
			t.Errorf("the admin's CSS through Django's test client: %v, want DEBUG=False status=200:\n%s", err, out)
		}
	})
}

// TestWizardStaticSkippedItemNotAsked: skipping the static-files item
// leaves static files alone, so the question is not asked and nothing
// about them is written.
func TestWizardStaticSkippedItemNotAsked(t *testing.T) {
	t.Parallel()
	d, eng, root := demoDriver(t, 100, 30)
	d.keys("enter", "enter", "enter")
	for d.a.screen == scrItems {
		if d.a.steps[d.a.items.idx].ID == "static-files" {
			d.keys("s")
			continue
		}
		d.keys("enter")
	}
	if questionID(d.a) != "domains" {
		t.Fatalf("the question after the items is %q, want domains (static-files was skipped):\n%s", questionID(d.a), d.view())
	}
	toReview(t, d)
	got := eng.built[len(eng.built)-1]
	if got.Static != "" || strings.Join(got.Keep, ",") != "static-files" {
		t.Fatalf("Static %q, Keep %v: want no static answer and static-files kept", got.Static, got.Keep)
	}
	d.keys("enter")
	d.until(waitWork, func() bool { return d.a.done.deploy != nil || d.a.done.deployErr != nil })
	if s := readFile(t, root, "mysite/settings.py"); strings.Contains(s, "whitenoise") || strings.Contains(s, "STATIC_ROOT") {
		t.Errorf("static files were written although the item was skipped:\n%s", s)
	}
	if done := fullDone(d); !strings.Contains(done, "Left as they were (skipped): Static files") || strings.Contains(done, "Static files (WhiteNoise)") || strings.Contains(done, "as you chose") {
		t.Errorf("Done does not say (only) that static files were skipped:\n%s", done)
	}
}

// TestItemsThatWriteNothingHaveNoSkip: on an item djharden writes nothing
// for, enter goes on and s does nothing to skip.
func TestItemsThatWriteNothingHaveNoSkip(t *testing.T) {
	t.Parallel()
	d, _, _ := demoDriver(t, 120, 40)
	d.keys("enter", "enter", "enter")
	seen := 0
	for d.a.screen == scrItems {
		f := d.a.steps[d.a.items.idx]
		if !writesNothing(f.ID) {
			d.keys("enter")
			continue
		}
		seen++
		d.mustSee("What djharden will change", "Nothing", "enter next")
		if strings.Contains(d.view(), "s skip") {
			t.Errorf("%s offers s skip, but there is nothing to skip:\n%s", f.ID, d.view())
		}
		idx := d.a.items.idx
		d.keys("s")
		if d.a.skipped[f.ID] || d.a.screen != scrItems || d.a.items.idx != idx {
			t.Errorf("%s: s skipped or moved on (skipped %v, idx %d -> %d)", f.ID, d.a.skipped[f.ID], idx, d.a.items.idx)
		}
		d.keys("enter")
	}
	if seen < 5 { // sql-injection, xss, django-version, error-reports, error-pages, logging on the demo
		t.Errorf("saw %d items that write nothing, want at least 5", seen)
	}
}

func readFile(t *testing.T, root, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fullDone is every line of the Done report, plain, however tall the screen.
func fullDone(d *driver) string {
	var b strings.Builder
	for _, sec := range d.a.done.sections(d.a) {
		b.WriteString(sec.title + "\n" + strings.Join(sec.lines, "\n") + "\n")
	}
	return b.String()
}
