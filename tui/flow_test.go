package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// shot is one screen of a walk: a name and the plain view.
type shot struct{ name, title, view string }

// walkDefaults walks the whole wizard on the demo pressing enter everywhere
// (typing the domains when asked), calling at at every named screen.
func walkDefaults(t *testing.T, d *driver, at func(name, title string)) {
	t.Helper()
	at("welcome", "Welcome: the project found, the score, the checklist")
	d.keys("enter")
	at("where", "Where will the site run? (no hosting files: \"not sure yet\")")
	d.keys("enter")
	at("https", "Will visitors reach the site over HTTPS?")
	d.keys("enter")
	at("item_debug", "One screen per finding: DEBUG")
	d.keys("?")
	at("item_debug_explain", "? explains more")
	d.keys("?")
	for d.a.screen == scrItems {
		switch d.a.steps[d.a.items.idx].ID {
		case "sql-injection":
			at("item_sql", "A code finding: the sites and the safe pattern")
		case "static-files":
			at("item_static", "Static files: the question after the items chooses the fix")
		case "error-pages":
			at("item_error_pages", "An item djharden writes nothing for: enter goes on")
		}
		d.keys("enter")
	}
	at("q_static", "Static files: how they are served (no hosting files: left as they are)")
	d.keys("enter")
	at("q_domains_empty", "The domains: the placeholder is marked \"e.g.\"")
	d.typeText("example.com, www.example.com")
	at("q_domains", "The domains, with what the settings will hold")
	d.keys("enter")
	at("q_hsts", "HSTS: which stage")
	d.keys("enter")
	at("q_subdomains", "Subdomains: the focused answer is marked [x]")
	for d.a.screen == scrQuestions {
		d.keys("enter")
	}
	at("key", "The secret key, masked until r")
	d.keys("enter")
	d.until(waitWork, func() bool { return !d.a.review.building })
	at("review", "Review: every change as a diff; nothing is written before enter")
	d.keys("enter")
	d.until(waitWork, func() bool { return d.a.done.deploy != nil || d.a.done.deployErr != nil })
	at("done", "Done: the score, Django's own check, how to check it yourself")
	d.keys("pgdown")
	at("done_more", "Done, further down: run it locally, put the variables on the server")
}

// TestFlowDefaults walks the wizard with the real engine on the demo, with
// a golden of every screen at both sizes, and checks what it wrote.
func TestFlowDefaults(t *testing.T) {
	testenvPython(t)
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			d, eng, root := demoDriver(t, sz.w, sz.h)
			walkDefaults(t, d, func(name, _ string) { d.golden(name) })
			if eng.applied != 1 || eng.deployed != 1 {
				t.Fatalf("applied %d, deployed %d", eng.applied, eng.deployed)
			}
			got := eng.built[len(eng.built)-1]
			want := generator.Answers{Domains: []string{"example.com", "www.example.com"}, HTTPS: generator.HTTPSProxy,
				HSTS: generator.HSTSTrial, EnvStyle: "os", EnvFile: ".env", Key: testKey, Static: generator.StaticSkip}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("answers\n got %+v\nwant %+v", got, want)
			}
			if _, err := os.Stat(filepath.Join(root, ".env")); err != nil {
				t.Fatalf("no env file written: %v", err)
			}
			d.keys("enter")
			if !d.quit || d.a.quit || d.a.interrupted {
				t.Errorf("enter on done: program quit %v, counted as leaving early %v, interrupted %v", d.quit, d.a.quit, d.a.interrupted)
			}
		})
	}
}

// TestDoneScoreIsCheckScore: Done's "after" score is what `djharden check
// --env-file` computes right after (the same discovery and checklist run).
func TestDoneScoreIsCheckScore(t *testing.T) {
	d, _, root := demoDriver(t, 120, 40)
	walkDefaults(t, d, func(string, string) {})
	p, err := project.Discover(project.Options{Dir: root, EnvFile: ".env"})
	if err != nil {
		t.Fatal(err)
	}
	r := checklist.Run(p, checklist.RunOptions{})
	ok, total := r.Score()
	// "No / not sure" to the subdomains is recorded as the screen promised.
	for _, f := range r.Findings {
		if f.ID == "hsts" && f.Status != checklist.Accepted {
			t.Errorf("hsts after answering no to subdomains: %s (%s), want accepted with the reason", f.Status, f.Message)
		}
	}
	want := fmt.Sprintf("after: %d of %d (with .env's values)", ok, total)
	d.keys("pgup", "pgup")
	d.mustSee(want, "djharden check --env-file .env", "set -a; . ./.env; set +a;", "DJANGO_DEBUG=true ")
	if before, _ := d.a.report.Score(); before == ok {
		t.Errorf("the score did not change (%d): the walk wrote nothing useful", ok)
	}
}

// TestScreensDoc keeps docs/screens.md equal to the screens the real flow
// draws at 80x24: `go test ./tui -run TestScreensDoc -update` rewrites it.
func TestScreensDoc(t *testing.T) {
	testenvPython(t)
	d, _, _ := demoDriver(t, 80, 24)
	var shots []shot
	walkDefaults(t, d, func(name, title string) { shots = append(shots, shot{name, title, d.view()}) })
	var b strings.Builder
	b.WriteString("# The wizard, screen by screen\n\n")
	b.WriteString("Generated by `go test ./tui -run TestScreensDoc -update` from the real flow on the demo project\n")
	b.WriteString("(`djharden demo`, shown as `~/demo`) in an 80x24 terminal without colour, pressing enter on every\n")
	b.WriteString("screen and typing `example.com, www.example.com` when asked; CI fails when this file and the\n")
	b.WriteString("screens differ. `--accessible` asks the same questions, from the same list, as plain prompts.\n")
	for i, s := range shots {
		fmt.Fprintf(&b, "\n## %d. %s\n\n```text\n%s\n```\n", i+1, s.title, strings.TrimRight(s.view, "\n "))
	}
	path := filepath.Join("..", "docs", "screens.md")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(old) != b.String() {
		t.Errorf("docs/screens.md is out of date: run go test ./tui -run TestScreensDoc -update")
	}
}
