package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/djharden/djharden/generator"
)

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// TestFlowDefaults walks the whole wizard pressing enter everywhere (and
// typing a domain), with a golden of every screen at both sizes.
func TestFlowDefaults(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			eng := &fakeEngine{root: "/home/ana/mysite"}
			d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, sz.w, sz.h)
			if d.a.screen != scrWelcome {
				t.Fatalf("screen = %v after loading, want welcome", d.a.screen)
			}
			d.golden("welcome")
			d.mustSee("1 of 7 hardened", "mysite.settings", "heroku (Procfile:1)")

			d.keys("enter")
			d.golden("item_debug")
			d.mustSee("Step 1 of 6", "DEBUG = True", "mysite/settings.py:26")
			d.keys("?")
			d.golden("item_debug_explain")
			d.mustSee("https://docs.djangoproject.com", "security.W018")
			d.keys("?", "enter", "enter", "enter")
			d.mustSee("Step 4 of 6", "SECURE_SSL_REDIRECT")
			d.keys("s") // skip the redirect: recorded, shown at the end
			d.golden("item_sql")
			d.mustSee("shop/views.py:20", "Safe: cursor.execute(")
			d.keys("enter", "enter")

			if d.a.screen != scrQuestions {
				t.Fatalf("screen = %v, want questions", d.a.screen)
			}
			d.typeText("Example.com, https://www.example.com")
			d.golden("q_domains")
			d.mustSee(`ALLOWED_HOSTS = ["example.com", "www.example.com"]`, `CSRF_TRUSTED_ORIGINS = ["https://example.com", "https://www.example.com"]`)
			d.keys("enter")
			d.golden("q_https")
			d.mustSee("SECURE_PROXY_SSL_HEADER", "Suggested from heroku (Procfile:1)")
			d.keys("enter")
			d.golden("q_hsts")
			d.mustSee("SECURE_HSTS_SECONDS = 3600")
			d.keys("enter", "enter", "enter")
			d.golden("q_envfile")
			d.keys("enter")

			if d.a.screen != scrKey {
				t.Fatalf("screen = %v, want key", d.a.screen)
			}
			d.golden("key")
			d.mustSee("Zq3r… (52 characters)", "SECRET_KEY_FALLBACKS", "git has it")
			if strings.Contains(d.view(), fakeKey) {
				t.Fatal("the key is shown before r")
			}
			d.keys("r")
			d.mustSee(fakeKey)
			d.keys("r", "enter")

			if d.a.screen != scrReview {
				t.Fatalf("screen = %v, want review", d.a.screen)
			}
			d.golden("review")
			d.mustSee("File 1 of 2", "+ALLOWED_HOSTS", "djharden undo")
			d.keys("tab")
			d.mustSee("File 2 of 2", ".env (new)")
			if eng.applied != 0 {
				t.Fatal("files written before enter on the review")
			}
			d.keys("enter")

			if d.a.screen != scrDone || eng.applied != 1 || eng.deployed != 1 {
				t.Fatalf("screen %v, applied %d, deployed %d", d.a.screen, eng.applied, eng.deployed)
			}
			d.golden("done")
			d.mustSee("Wrote 2 file(s)", "Before: 1 of 7", "after: 5 of 7", "no issues", "on Heroku", "Skipped: HTTP is redirected to HTTPS")

			got := eng.built[len(eng.built)-1]
			want := generator.Answers{Domains: []string{"Example.com", "https://www.example.com"}, HTTPS: generator.HTTPSProxy,
				HSTS: generator.HSTSTrial, EnvStyle: "os", EnvFile: ".env", Key: fakeKey, Keep: []string{"https-redirect"}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("answers\n got %+v\nwant %+v", got, want)
			}
			d.keys("enter")
			if !d.quit || d.a.quit {
				t.Errorf("enter on done: program quit %v, counted as leaving early %v", d.quit, d.a.quit)
			}
		})
	}
}

// TestSkipHeartOfTheBlock: debug, the key and the hosts cannot be skipped;
// the screen says why and stays.
func TestSkipHeartOfTheBlock(t *testing.T) {
	eng := &fakeEngine{root: "/home/ana/mysite"}
	d := newDriver(t, eng, Options{Dir: "/home/ana/mysite"}, 80, 24)
	d.keys("enter")
	d.mustSee("Step 1 of 6", "DEBUG = True")
	d.keys("s")
	d.mustSee("Step 1 of 6", "cannot be skipped")
	if d.a.skipped["debug"] {
		t.Error("debug was recorded as skipped")
	}
}
