package tui

import (
	"context"
	"strings"
	"testing"
)

// The accessible flow on the real engine over the demo: the same questions
// from the same list as the screens, as plain prompts.
func TestAccessibleFlow(t *testing.T) {
	testenvPython(t)
	const items = 15 // the demo's findings that need attention
	where := "\n\n"  // platform, https
	static := "\n"   // how static files are served (after the items)
	cases := []struct {
		name    string
		input   string
		applied int
		want    []string
		absent  []string
	}{
		{
			name: "enter everywhere",
			// where, items, static, domains, hsts, subdomains, env style, env file, key, write
			input:   where + strings.Repeat("\n", items) + static + "example.com\n" + strings.Repeat("\n", 6),
			applied: 1,
			want: []string{"Where will the site run?", "9. Not sure yet", "Item 1 of 15: DEBUG is off in production. Status: fail.",
				"Item 14 of 15: Custom 404 and 500 pages exist. Status: warning.", "What djharden will change: Nothing automatic", "Enter goes on, b goes back, ? explains more:",
				"How will static files (CSS, JavaScript, images) be served?\n  1. Leave static files as they are", "Choose 1 to 3, enter for 1:",
				`ALLOWED_HOSTS = ["example.com"]`, "it is shown as Zq3r…(51 chars)", "Wrote 4 file(s)", "Score before: 4 of 19 hardened.",
				"no issues", "Static files:\n  Left as they are, as you chose", "Check it yourself", "djharden check --env-file .env", "DJANGO_DEBUG=true ", "Put the variables on the server (Not sure yet):", "Next steps:"},
			absent: []string{testKey, "\x1b[", "Static files (WhiteNoise)", "whitenoise>="},
		},
		{
			// s on an item that writes nothing goes on (there is nothing to
			// leave out); 3 at the static question chooses WhiteNoise.
			name:    "WhiteNoise chosen: the requirement and how to install it",
			input:   where + strings.Repeat("\n", items-2) + "s\n\n" + "3\n" + "example.com\n" + strings.Repeat("\n", 6),
			applied: 1,
			want: []string{"WhiteNoise serves them", "djharden only adds the line whitenoise>=6.0", "Wrote 5 file(s)",
				"Static files (WhiteNoise):", "requirements.txt now lists whitenoise>=6.0; install it with pip install -r requirements.txt (djharden installs nothing).",
				"\n  pip install -r requirements.txt\n"},
			absent: []string{"Left as they were (skipped)"},
		},
		{
			name:    "own web server for static files: STATIC_ROOT only, and how to serve it",
			input:   where + strings.Repeat("\n", items) + "2\n" + "example.com\n" + strings.Repeat("\n", 6),
			applied: 1,
			want:    []string{"Adds STATIC_ROOT only", "Wrote 4 file(s)", "Static files (your web server):", "location /static/", "collectstatic --noinput"},
			absent:  []string{"whitenoise>=", "pip install -r"},
		},
		{
			name:    "Heroku, no HTTPS: no HSTS questions",
			input:   "1\n2\n" + strings.Repeat("\n", items) + static + "example.com\n" + strings.Repeat("\n", 4),
			applied: 1,
			want:    []string{"HSTS questions are skipped", "heroku config:set DJANGO_DEBUG=False", "DJANGO_SECRET_KEY=Zq3r…(51 chars)"},
			absent:  []string{"HSTS): which stage", "Is every subdomain", "djharden probe"},
		},
		{
			name:    "invalid domain asked again, key revealed on r",
			input:   where + strings.Repeat("\n", items) + static + "my_site.com\nexample.com\n" + strings.Repeat("\n", 4) + "r\ny\n",
			applied: 1,
			want:    []string{`Not accepted: "my_site.com" contains an underscore`, "The key is: " + testKey},
		},
		{
			name:    "q at the review leaves",
			input:   where + strings.Repeat("\n", items) + static + "example.com\n" + strings.Repeat("\n", 5) + "q\n",
			applied: 0,
			want:    []string{"4 file(s) will change", "Left without writing anything."},
		},
		{
			name:    "input ends early",
			input:   "\n\n",
			applied: 0,
			want:    []string{"Left without writing anything."},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := &recordingEngine{Engine: NewEngine()}
			var out strings.Builder
			err := runAccessible(context.Background(), eng, Options{Dir: demoRoot(t), ShowDir: showDir, In: strings.NewReader(c.input), Out: &out})
			if err != nil {
				t.Fatal(err)
			}
			if eng.applied != c.applied {
				t.Errorf("applied %d times, want %d\n%s", eng.applied, c.applied, out.String())
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, a := range c.absent {
				if strings.Contains(out.String(), a) {
					t.Errorf("output contains %q", a)
				}
			}
		})
	}
}
