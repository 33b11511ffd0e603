package checklist

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// The deployment items claim what Django does with DEBUG off; these tests
// hold each claim (and each fix the items print) against the real Django.

// boomURLs is a URLconf with a view that raises.
const boomURLs = `from django.urls import path

def boom(request):
    return 1 / 0

urlpatterns = [path("boom/", boom)]
`

// getScript asks Django's test client for a path with the project's
// settings and prints the status and the start of the body.
const getScript = `import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
django.setup()
from django.test import Client
r = Client(raise_request_exception=False).get(sys.argv[1], HTTP_HOST="example.com")
print("status=%d" % r.status_code)
print(r.content.decode()[:300])
`

const debugOff = `
DEBUG = False
ALLOWED_HOSTS = ["example.com"]
ROOT_URLCONF = "mysite.boom_urls"
`

// realProject runs the real startproject, appends extra to its settings
// and writes the other files.
func realProject(t *testing.T, py, extra string, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	cmd := exec.Command(py, "-m", "django", "startproject", "mysite", root)
	cmd.Env = pyEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("startproject: %v\n%s", err, out)
	}
	files["mysite/boom_urls.py"] = boomURLs
	testenv.WriteTree(t, root, files)
	settings := filepath.Join(root, "mysite", "settings.py")
	src, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, append(src, []byte(extra)...), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func pyEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "PYTHONDONTWRITEBYTECODE=1", "LANG=C.UTF-8"}
}

// runIn runs python in root; it returns stdout, stderr and the exit code.
func runIn(t *testing.T, py, root string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(py, args...)
	cmd.Dir = root
	cmd.Env = pyEnv()
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

func realFinding(t *testing.T, root, item string) Finding {
	t.Helper()
	p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	return CheckOne(p, item)
}

// fixDict pulls the Python dict out of a finding's fix text.
func fixDict(t *testing.T, fix string) string {
	t.Helper()
	i, j := strings.Index(fix, "{"), strings.LastIndex(fix, "}")
	if i < 0 || j < i {
		t.Fatalf("the fix shows no dict: %q", fix)
	}
	return fix[i : j+1]
}

func TestLoggingItemAgainstDjango(t *testing.T) {
	t.Parallel()
	py := testenv.Python(t, "django")
	root := realProject(t, py, debugOff, map[string]string{})
	f := realFinding(t, root, "logging")
	if f.Status != Warn {
		t.Fatalf("startproject: logging %s, want warn: %s", f.Status, f.Message)
	}
	out, errOut, code := runIn(t, py, root, "-c", getScript, "/boom/")
	if code != 0 || !strings.Contains(out, "status=500") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if strings.Contains(errOut, "ZeroDivisionError") {
		t.Fatalf("Django's default logging printed the error with DEBUG off; the item's premise is wrong:\n%s", errOut)
	}

	// dictConfig's default switches Django's own loggers off.
	root = realProject(t, py, debugOff+`LOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["console"]}}`+"\n", map[string]string{})
	if f := realFinding(t, root, "logging"); f.Status != Warn || !findingSays(f, "disable_existing_loggers") {
		t.Errorf("root console without disable_existing_loggers: logging %s %q, want warn", f.Status, f.Message)
	}
	if _, errOut, _ := runIn(t, py, root, "-c", getScript, "/boom/"); strings.Contains(errOut, "ZeroDivisionError") {
		t.Errorf("the traceback reached the console although Django's loggers are off; the warning is wrong:\n%s", errOut)
	}

	// The fix the item prints puts the traceback on the console, and passes.
	root = realProject(t, py, debugOff+"LOGGING = "+fixDict(t, f.Fix)+"\n", map[string]string{})
	if f := realFinding(t, root, "logging"); f.Status != Pass {
		t.Errorf("with the item's own fix: logging %s, want pass: %s", f.Status, f.Message)
	}
	_, errOut, _ = runIn(t, py, root, "-c", getScript, "/boom/")
	if !strings.Contains(errOut, "ZeroDivisionError") {
		t.Errorf("with the item's fix, the error does not reach the console:\n%s", errOut)
	}
}

func TestErrorPagesItemAgainstDjango(t *testing.T) {
	t.Parallel()
	py := testenv.Python(t, "django")
	root := realProject(t, py, debugOff, map[string]string{})
	if f := realFinding(t, root, "error-pages"); f.Status != Warn {
		t.Errorf("startproject: error-pages %s, want warn: %s", f.Status, f.Message)
	}
	out, _, _ := runIn(t, py, root, "-c", getScript, "/nope/")
	if !strings.Contains(out, "status=404") || !strings.Contains(out, "Not Found") {
		t.Errorf("Django's own 404 page: %s", out)
	}

	// An app's templates/ folder, found through APP_DIRS.
	pages := map[string]string{"pages/__init__.py": "", "pages/templates/404.html": "<h1>Lost? Go home</h1>", "pages/templates/500.html": "<h1>Sorry, our fault</h1>"}
	root = realProject(t, py, debugOff+"INSTALLED_APPS += [\"pages\"]\n", pages)
	if f := realFinding(t, root, "error-pages"); f.Status != Pass {
		t.Errorf("with 404.html and 500.html: error-pages %s, want pass: %s %+v", f.Status, f.Message, f.Problems)
	}
	out, _, _ = runIn(t, py, root, "-c", getScript, "/nope/")
	if !strings.Contains(out, "Lost? Go home") {
		t.Errorf("Django does not show the custom 404 page the item found: %s", out)
	}
	out, _, _ = runIn(t, py, root, "-c", getScript, "/boom/")
	if !strings.Contains(out, "status=500") || !strings.Contains(out, "Sorry, our fault") {
		t.Errorf("Django does not show the custom 500 page the item found: %s", out)
	}
}

func TestStaticAndMediaItemsAgainstDjango(t *testing.T) {
	t.Parallel()
	py := testenv.Python(t, "django")
	root := realProject(t, py, debugOff, map[string]string{})
	if f := realFinding(t, root, "static-files"); f.Status != Warn || !findingSays(f, "collectstatic` stops") {
		t.Errorf("startproject: static-files %s %q, want warn about collectstatic", f.Status, f.Message)
	}
	if _, errOut, code := runIn(t, py, root, "manage.py", "collectstatic", "--noinput"); code == 0 || !strings.Contains(errOut, "STATIC_ROOT") {
		t.Errorf("collectstatic without STATIC_ROOT: exit %d, want the ImproperlyConfigured the item names:\n%s", code, errOut)
	}

	// Without MEDIA_ROOT, uploads are saved in the folder the server runs from.
	out, errOut, _ := runIn(t, py, root, "-c", "import os, django\nos.environ['DJANGO_SETTINGS_MODULE'] = 'mysite.settings'\ndjango.setup()\nfrom django.core.files.storage import default_storage\nprint(default_storage.location)")
	if real, _ := filepath.EvalSymlinks(root); strings.TrimSpace(out) != root && strings.TrimSpace(out) != real {
		t.Errorf("uploads without MEDIA_ROOT go to %q, not the working folder %s; the media-files warning is wrong\n%s", out, root, errOut)
	}

	root = realProject(t, py, debugOff+"STATIC_URL = None\nSTATIC_ROOT = BASE_DIR / \"public\"\n", map[string]string{})
	if f := realFinding(t, root, "static-files"); f.Status != Fail || !findingSays(f, "STATIC_URL is not set") {
		t.Errorf("STATIC_URL None: static-files %s %q, want fail", f.Status, f.Message)
	}
	if _, errOut, code := runIn(t, py, root, "manage.py", "collectstatic", "--noinput"); code == 0 || !strings.Contains(errOut, "STATIC_URL") {
		t.Errorf("collectstatic without STATIC_URL: exit %d, want ImproperlyConfigured:\n%s", code, errOut)
	}

	root = realProject(t, py, debugOff+"STATIC_ROOT = BASE_DIR / \"public\"\nMEDIA_ROOT = BASE_DIR / \"public\"\n", map[string]string{})
	if f := realFinding(t, root, "media-files"); f.Status != Fail {
		t.Errorf("MEDIA_ROOT == STATIC_ROOT: media-files %s, want fail: %s", f.Status, f.Message)
	}
	if _, errOut, code := runIn(t, py, root, "manage.py", "collectstatic", "--noinput"); code == 0 || !strings.Contains(errOut, "MEDIA_ROOT and STATIC_ROOT") {
		t.Errorf("collectstatic with MEDIA_ROOT == STATIC_ROOT: exit %d, want ImproperlyConfigured:\n%s", code, errOut)
	}

	root = realProject(t, py, debugOff+"STATIC_ROOT = BASE_DIR / \"public\"\nMEDIA_ROOT = BASE_DIR / \"media\"\n", map[string]string{})
	if f := realFinding(t, root, "media-files"); f.Status != Pass {
		t.Errorf("separate folders: media-files %s, want pass: %s", f.Status, f.Message)
	}
	if out, errOut, code := runIn(t, py, root, "manage.py", "collectstatic", "--noinput"); code != 0 {
		t.Errorf("collectstatic with separate folders: exit %d\n%s%s", code, out, errOut)
	}
}

// mailScript counts the error emails Django sends for a 500 (the test
// environment's locmem backend).
const mailScript = `import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core import mail
from django.test import Client
r = Client(raise_request_exception=False).get("/boom/", HTTP_HOST="example.com")
print("status=%d mails=%d" % (r.status_code, len(mail.outbox)))
`

func TestErrorReportsItemAgainstDjango(t *testing.T) {
	t.Parallel()
	py := testenv.Python(t, "django")
	admins := debugOff + "ADMINS = [(\"Ops\", \"ops@example.com\")]\nSERVER_EMAIL = \"errors@example.com\"\n"
	for _, tc := range []struct {
		name, logging string
		status        Status
		mails         string
	}{
		{"no ADMINS", "", Warn, "mails=0"},
		{"ADMINS, default logging", "-", Pass, "mails=1"},
		{"ADMINS, Django's loggers switched off", `LOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["c"]}}`, Warn, "mails=0"},
		{"ADMINS, existing loggers kept", `LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"c": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["c"]}}`, Pass, "mails=1"},
		{"ADMINS, django logger replaced", `LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"c": {"class": "logging.StreamHandler"}}, "loggers": {"django": {"handlers": ["c"]}}}`, Warn, "mails=0"},
	} {
		extra := debugOff
		if tc.logging != "" {
			extra = admins
			if tc.logging != "-" {
				extra += tc.logging + "\n"
			}
		}
		root := realProject(t, py, extra, map[string]string{})
		if f := realFinding(t, root, "error-reports"); f.Status != tc.status {
			t.Errorf("%s: error-reports %s, want %s: %s", tc.name, f.Status, tc.status, f.Message)
		}
		if out, errOut, _ := runIn(t, py, root, "-c", mailScript); !strings.Contains(out, "status=500 "+tc.mails) {
			t.Errorf("%s: Django sent %s, want %s\n%s", tc.name, strings.TrimSpace(out), tc.mails, errOut)
		}
	}
}
