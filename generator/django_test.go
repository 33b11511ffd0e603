package generator

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/internal/testenv"
)

// deployCase is one apply followed by the real `manage.py check --deploy`.
type deployCase struct {
	name     string
	answers  Answers
	wantIDs  []string // deploy-check IDs that must remain (nil = "no issues")
	silenced []string // IDs the block must silence
}

func TestRealDjangoDeployCheck(t *testing.T) {
	py := djangoPython(t)
	cases := []deployCase{
		{name: "proxy preload", answers: Answers{Domains: []string{"example.com,www.example.com"}, HTTPS: HTTPSProxy, HSTS: HSTSPreload}},
		{name: "direct default hsts", answers: Answers{Domains: []string{"example.com", "www.example.com"}, HTTPS: HTTPSDirect},
			silenced: []string{"security.W005", "security.W021"}},
		{name: "no https", answers: Answers{Domains: []string{"example.com"}, HTTPS: HTTPSNone},
			wantIDs: []string{"security.W004", "security.W008", "security.W012", "security.W016"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := startproject(t, py)
			p := startprojectProject(root, 3, 2, "os")
			plan, err := Build(p, tc.answers)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := plan.Apply(); err != nil {
				t.Fatal(err)
			}
			env := envValues(t, root, ".env")
			out, code := manage(t, py, root, env, "check", "--deploy")
			checkDeployOutput(t, out, code, tc.wantIDs)
			settings := snapshot(t, root)["mysite/settings.py"]
			for _, id := range tc.silenced {
				if !strings.Contains(settings, AcceptedPrefix+id+": ") {
					t.Errorf("no recorded decision for %s", id)
				}
			}
			if len(tc.silenced) == 0 && strings.Contains(settings, "SILENCED_SYSTEM_CHECKS") {
				t.Errorf("nothing should be silenced here")
			}

			// Fail closed: no key, no debug.
			out, code = manage(t, py, root, nil, "check")
			if code == 0 || !strings.Contains(out, "ImproperlyConfigured") || !strings.Contains(out, "DJANGO_SECRET_KEY") {
				t.Errorf("check with nothing set: exit %d, want ImproperlyConfigured naming DJANGO_SECRET_KEY:\n%s", code, tail(out))
			}
			// Local development: only the debug variable.
			out, code = manage(t, py, root, map[string]string{"DJANGO_DEBUG": "true"}, "check")
			if code != 0 {
				t.Errorf("check with DJANGO_DEBUG=true: exit %d\n%s", code, tail(out))
			}
		})
	}
}

// checkDeployOutput compares check --deploy's output with the IDs wanted.
func checkDeployOutput(t *testing.T, out string, code int, want []string) {
	t.Helper()
	if len(want) == 0 {
		if code != 0 || !strings.Contains(out, "no issues") {
			t.Errorf("check --deploy: exit %d, want no issues:\n%s", code, out)
		}
		return
	}
	got := map[string]bool{}
	for _, f := range strings.Fields(out) {
		f = strings.Trim(f, "():")
		if strings.HasPrefix(f, "security.") || strings.HasPrefix(f, "mail.") || strings.HasPrefix(f, "4_0.") {
			got[f] = true
		}
	}
	for _, id := range want {
		if !got[id] {
			t.Errorf("check --deploy does not report %s:\n%s", id, out)
		}
		delete(got, id)
	}
	for id := range got {
		t.Errorf("check --deploy also reports %s:\n%s", id, out)
	}
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}

// TestWithDiscover runs the whole path on a real startproject with the
// real discovery: apply, check --deploy, then a second discovery and build
// must find nothing to do.
func TestWithDiscover(t *testing.T) {
	py := djangoPython(t)
	root := startproject(t, py)
	p := discover(t, root)
	a := DefaultAnswers(p)
	a.Domains, a.HTTPS, a.HSTS = []string{"example.com,www.example.com"}, HTTPSProxy, HSTSPreload
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	out, code := manage(t, py, root, envValues(t, root, ".env"), "check", "--deploy")
	checkDeployOutput(t, out, code, nil)

	a.Key = ""
	again, err := Build(discover(t, root), a)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("second apply after rediscovery is not a no-op:\n%s", again.Diff())
	}
}

// discover runs the real discovery. While its pysource dependency still
// holds the "todo" placeholders of the shared contract, the test skips
// (fails in CI); any other panic fails the test.
func discover(t *testing.T, root string) (p *project.Project) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			if r != "todo" {
				panic(r)
			}
			if testenv.InCI() {
				t.Fatalf("project.Discover is not finished (a \"todo\" placeholder panicked)")
			}
			t.Skip("project.Discover is not finished yet (a \"todo\" placeholder panicked)")
		}
	}()
	p, err := project.Discover(project.Options{Dir: root, NoGit: true, NoScan: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKeptItemsAreNotWritten: items the user keeps as they are (the
// wizard's skip) get no settings, and Django still reports them; the heart
// of the block (debug, key, hosts) is written whatever the answers say.
func TestKeptItemsAreNotWritten(t *testing.T) {
	py := djangoPython(t)
	root := startproject(t, py)
	p := startprojectProject(root, 3, 2, "os")
	a := Answers{Domains: []string{"example.com"}, HTTPS: HTTPSDirect, HSTS: HSTSYear,
		Keep: []string{"hsts", "csrf", "debug", "secret-key"}}
	plan, err := Build(p, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	settings := snapshot(t, root)["mysite/settings.py"]
	block := settings[strings.Index(settings, BlockBegin):]
	for _, absent := range []string{"SECURE_HSTS", "CSRF_TRUSTED_ORIGINS", "CSRF_COOKIE_SECURE", "SILENCED_SYSTEM_CHECKS"} {
		if strings.Contains(block, absent) {
			t.Errorf("the block sets %s, which the user kept as it is", absent)
		}
	}
	for _, present := range []string{"DEBUG = ", "SECRET_KEY = ", "ALLOWED_HOSTS = ", "SECURE_SSL_REDIRECT = not DEBUG", "SESSION_COOKIE_SECURE = not DEBUG"} {
		if !strings.Contains(block, present) {
			t.Errorf("the block lacks %q", present)
		}
	}
	if strings.Contains(snapshot(t, root)[".env.example"], "DJANGO_CSRF_TRUSTED_ORIGINS") {
		t.Error(".env.example lists a variable the block does not read")
	}
	out, code := manage(t, py, root, envValues(t, root, ".env"), "check", "--deploy")
	checkDeployOutput(t, out, code, []string{"security.W004", "security.W016"})
}
