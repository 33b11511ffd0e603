package checklist

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

func TestDeployCheckItemRuntimeChecks(t *testing.T) {
	t.Parallel()
	fileCache := func(loc string) string {
		return "STATIC_ROOT = '/srv/site/static'\nMEDIA_ROOT = '/srv/site/media'\nSTATICFILES_DIRS = [('x', '/srv/site/assets')]\n" +
			"CACHES = {'default': {'BACKEND': '" + fileBasedCache + "', 'LOCATION': '" + loc + "'}}\n"
	}
	runItemCases(t, []itemCase{
		{name: "cache inside STATIC_ROOT", item: "deploy-check", src: fileCache("/srv/site/static/cache"), status: Warn, ids: []string{"caches.W002"}, message: "is inside STATIC_ROOT"},
		{name: "cache matches MEDIA_ROOT", item: "deploy-check", version: v61, src: fileCache("/srv/site/media/"), status: Warn, ids: []string{"caches.W002"}, message: "matches MEDIA_ROOT"},
		{name: "cache contains every root", item: "deploy-check", src: fileCache("/srv"), status: Warn, ids: []string{"caches.W002"}, message: "(+2 more)"},
		{name: "cache in a folder of its own", item: "deploy-check", src: fileCache("/var/tmp/site-cache"), status: Skip},
		{name: "async unsafe in the env file", item: "deploy-check", env: map[string]string{"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}, status: Warn, ids: []string{"async.E001"}},
		{name: "async unsafe empty", item: "deploy-check", env: map[string]string{"DJANGO_ALLOW_ASYNC_UNSAFE": ""}, status: Skip},
	})
}

func TestDjangoWillNotStart(t *testing.T) {
	t.Parallel()
	const adminApps = "INSTALLED_APPS = ['django.contrib.admin'] + INSTALLED_APPS\n"
	cases := []struct {
		name   string
		src    string
		env    map[string]string
		v      string
		reason string // "" = Django starts
	}{
		{"fallbacks string on 4.2", "SECRET_KEY_FALLBACKS = 'an-old-key-that-must-not-show-up-anywhere-at-all-0123'\n", nil, "4.2", "SECRET_KEY_FALLBACKS setting must be a list or a tuple"},
		{"fallbacks string on 3.2 (not a setting yet)", "SECRET_KEY_FALLBACKS = 'an-old-key'\n", nil, "3.2", ""},
		{"hosts string on 6.1", "ALLOWED_HOSTS = 'example.com'\n", nil, "6.1", "ALLOWED_HOSTS setting must be a list or a tuple"},
		{"hosts string on 3.2", "ALLOWED_HOSTS = 'example.com'\n", nil, "3.2", ""},
		{"MAILERS with EMAIL_HOST on 6.1", "MAILERS = {'default': {}}\nEMAIL_HOST = 'smtp.example.com'\n", nil, "6.1", "not allowed when MAILERS is defined: EMAIL_HOST"},
		{"MAILERS with EMAIL_HOST on 4.2", "MAILERS = {'default': {}}\nEMAIL_HOST = 'smtp.example.com'\n", nil, "4.2", ""},
		{"empty key with the admin on 3.2", adminApps, map[string]string{"DJANGO_SECRET_KEY": ""}, "3.2", "SECRET_KEY setting must not be empty"},
		{"empty key without the admin on 3.2", "", map[string]string{"DJANGO_SECRET_KEY": ""}, "3.2", ""},
		{"empty key with the admin on 4.2", adminApps, map[string]string{"DJANGO_SECRET_KEY": ""}, "4.2", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			version := v32
			switch tc.v {
			case "4.2":
				version = v42
			case "6.1":
				version = v61
			}
			env := tc.env
			if env == nil {
				env = map[string]string{"DJANGO_SECRET_KEY": strongKey}
			}
			p := itemProject(t, hardened+tc.src, env, version, nil)
			r := Run(p, RunOptions{})
			f := findingByID(r, "deploy-check")
			if tc.reason == "" {
				if strings.Contains(f.Message, "will not start") {
					t.Fatalf("Django %s starts, but djharden says %q", tc.v, f.Message)
				}
				return
			}
			if f.Status != Fail || !strings.Contains(f.Message, "Django will not start: ") || !strings.Contains(f.Message, tc.reason) {
				t.Fatalf("deploy-check is %s %q, want a failure naming %q", f.Status, f.Message, tc.reason)
			}
			if ids := r.DjangoIDs(); len(ids) != 0 {
				t.Errorf("Django would run no check, but the report lists %v", ids)
			}
			if strings.Contains(f.Message, "an-old-key") {
				t.Errorf("the refusal shows a secret: %q", f.Message)
			}
		})
	}
}

// TestRunDjangoAgreesDjangoWillNotStart runs the real 3.2 on a fresh
// project whose key was emptied: the admin makes startup fail, and the
// deploy-check item says so with the real run behind it.
func TestRunDjangoAgreesDjangoWillNotStart(t *testing.T) {
	t.Parallel()
	dj := testenv.DjangoTree(t, "3.2")
	dir := startproject(t, dj.Python)
	settings := filepath.Join(dir, "mysite", "settings.py")
	src, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, append(src, []byte("\nSECRET_KEY = \"\"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The project says which Django it runs (startproject's docstring is not
	// a version): without it djharden judges the newest series.
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("Django=="+dj.Version+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := project.Discover(project.Options{Dir: dir, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(p, RunOptions{RunDjango: true, Python: dj.Python, Timeout: time.Minute, Context: context.Background()})
	f := findingByID(rep, "deploy-check")
	if f.Status != Fail || !strings.Contains(f.Message, "Django will not start: The SECRET_KEY setting must not be empty") {
		t.Errorf("deploy-check %s: %q %+v", f.Status, f.Message, f.Problems)
	}
	if rep.Django == nil || rep.Django.Error == "" {
		t.Errorf("the real run should have failed: %+v", rep.Django)
	}
	if ids := rep.DjangoIDs(); len(ids) != 0 {
		t.Errorf("no check runs, yet the report lists %v", ids)
	}
}
