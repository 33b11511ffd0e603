package generator

import (
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

func TestSuggestPlatform(t *testing.T) {
	cases := []struct {
		hints []project.HostingHint
		want  string
	}{
		{nil, PlatformUnsure},
		{[]project.HostingHint{{Kind: "heroku", File: "Procfile", Proxy: true}}, PlatformHeroku},
		{[]project.HostingHint{{Kind: "docker", File: "Dockerfile"}, {Kind: "fly", File: "fly.toml", Proxy: true}}, PlatformFly},
		{[]project.HostingHint{{Kind: "nginx", File: "deploy/site.conf"}}, PlatformOwnProxy},
		{[]project.HostingHint{{Kind: "compose", File: "compose.yaml", Proxy: true}}, PlatformOwnProxy},
		{[]project.HostingHint{{Kind: "compose", File: "compose.yaml"}}, PlatformUnsure}, // no proxy service: unknown
		{[]project.HostingHint{{Kind: "docker", File: "Dockerfile"}}, PlatformUnsure},
	}
	for _, c := range cases {
		got, hint := SuggestPlatform(&project.Project{Hosting: c.hints})
		if got != c.want {
			t.Errorf("%v: %s, want %s", c.hints, got, c.want)
		}
		if (hint == nil) != (got == PlatformUnsure) {
			t.Errorf("%v: hint %v for %s", c.hints, hint, got)
		}
	}
}

// TestPlatformHTTPSModes: every platform with a proxy in front trusts the
// proxy header (no redirect loop); only Django serving TLS itself does not.
func TestPlatformHTTPSModes(t *testing.T) {
	for _, pl := range Platforms() {
		want := HTTPSProxy
		if pl.ID == PlatformOwnTLS {
			want = HTTPSDirect
		}
		if pl.HTTPS != want || pl.Label == "" || pl.Why == "" {
			t.Errorf("%s: mode %s label %q why %q", pl.ID, pl.HTTPS, pl.Label, pl.Why)
		}
	}
	if len(Platforms()) != 9 {
		t.Errorf("%d platforms, want 9", len(Platforms()))
	}
}

func TestServerStepsMaskSecrets(t *testing.T) {
	const key = "Zq3rT8mXw2LpV9sKd4FhN7bYc6GjR1eAu5HoQ0iWxEzMnBvCtPy"
	pl := &Plan{public: map[string]bool{"DJANGO_DEBUG": true, "DJANGO_ALLOWED_HOSTS": true}}
	vars := pl.ShownEnvVars([]string{"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "API_TOKEN"},
		map[string]string{"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": key, "DJANGO_ALLOWED_HOSTS": "example.com", "API_TOKEN": "tok-123456789"})
	want := map[string]string{
		PlatformHeroku: "heroku config:set DJANGO_DEBUG=False DJANGO_SECRET_KEY=Zq3r…(51 chars) DJANGO_ALLOWED_HOSTS=example.com API_TOKEN=tok-…(13 chars)",
		PlatformFly:    "fly secrets set DJANGO_DEBUG=False DJANGO_SECRET_KEY=Zq3r…(51 chars)",
		PlatformRender: "Environment > Add from .env",
		PlatformOwnTLS: "EnvironmentFile=/path/to/.env",
	}
	for _, p := range Platforms() {
		steps := strings.Join(p.ServerSteps(".env", vars, nil), "\n")
		if strings.Contains(steps, key) || strings.Contains(steps, "tok-123456789") {
			t.Errorf("%s shows a secret: %s", p.ID, steps)
		}
		if !strings.Contains(steps, "djharden sends nothing anywhere") {
			t.Errorf("%s does not say nothing is sent", p.ID)
		}
		if w := want[p.ID]; w != "" && !strings.Contains(steps, w) {
			t.Errorf("%s: %q lacks %q", p.ID, steps, w)
		}
	}
	compose := PlatformOwnProxy
	pr, _ := PlatformByID(compose)
	steps := strings.Join(pr.ServerSteps(".env.production", vars, []project.HostingHint{{Kind: "compose", File: "compose.yaml"}}), "\n")
	if !strings.Contains(steps, "env_file: .env.production") {
		t.Errorf("compose project: %s", steps)
	}
}

func TestDescribeDjangoVersionWithoutRequirements(t *testing.T) {
	guess := &project.Project{Django: project.DjangoVersion{Known: true, Major: 3, Minor: 2, Raw: "created with Django 3.2.25 (django-admin startproject)", Source: "mysite/settings.py:4"}}
	if got := Describe(guess, "django-version"); !strings.Contains(got, "no requirements or lock file pins Django") || strings.Contains(got, "in your requirements") {
		t.Errorf("startproject docstring: %q", got)
	}
	pinned := &project.Project{Django: project.DjangoVersion{Known: true, Major: 3, Minor: 2, Raw: "Django==3.2.25", Source: "requirements.txt:1"}}
	if got := Describe(pinned, "django-version"); !strings.Contains(got, "upgrade Django in your requirements") {
		t.Errorf("pinned: %q", got)
	}
}
