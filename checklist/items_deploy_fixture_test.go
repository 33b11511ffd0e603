package checklist

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/djharden/djharden/checklist/project"
)

// TestDeployFixtureProjects runs the deployment items on fixture projects
// through the real discovery (hosting hints, version, settings chain).
func TestDeployFixtureProjects(t *testing.T) {
	tests := []struct {
		fixture string
		module  string
		expect  []fixtureExpect
	}{
		{"deployheroku", "blog.settings", []fixtureExpect{
			{"static-files", Warn, nil, "on Procfile nothing else serves them", "blog/settings.py", `MIDDLEWARE = [`},
			{"media-files", Warn, nil, "uploads in MEDIA_ROOT vanish", "blog/settings.py", `MEDIA_ROOT = BASE_DIR / "media"`},
			{"database", Fail, nil, "the default of DATABASE_URL", "blog/settings.py", `DATABASES = {`},
			{"error-reports", Pass, nil, "An error tracker is set up (blog/settings.py:", "blog/settings.py", `sentry_sdk.init(`},
			{"error-pages", Warn, nil, "No 500.html template", "templates/404.html", ""},
			{"logging", Warn, nil, "LOGGING is not set", "", ""},
		}},
		{"deployvps", "shop.settings", []fixtureExpect{
			{"static-files", Pass, nil, "served by nginx", "deploy/nginx/shop.conf", "location /static/ {"},
			{"media-files", Pass, nil, "/srv/shop/media", "shop/settings.py", `MEDIA_ROOT = "/srv/shop/media"`},
			{"database", Pass, nil, "not SQLite (django.db.backends.postgresql)", "", ""},
			{"error-reports", Pass, nil, "emailed to ADMINS", "", ""},
			{"error-pages", Pass, nil, "", "shop/templates/500.html", ""},
			{"logging", Pass, nil, "console", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			rep, p := fixtureReport(t, tt.fixture, "")
			if p.SettingsModule != tt.module {
				t.Fatalf("settings module %q, want %q (%s)", p.SettingsModule, tt.module, p.SettingsReason)
			}
			for _, e := range tt.expect {
				f := findingByID(rep, e.item)
				if f.Status != e.status || len(f.DjangoIDs) != 0 || !findingSays(f, e.message) {
					t.Errorf("%s: %s %v %q, want %s with %q\n%+v", e.item, f.Status, f.DjangoIDs, f.Message, e.status, e.message, f.Problems)
					continue
				}
				if e.file == "" {
					continue
				}
				want := 0
				if e.at != "" {
					want = lineContaining(t, p.Root, e.file, e.at)
				}
				if !slices.ContainsFunc(f.Locations, func(l Location) bool { return l.File == e.file && l.Line == want }) {
					t.Errorf("%s: locations %+v, want %s:%d", e.item, f.Locations, e.file, want)
				}
			}
		})
	}
}

// BenchmarkDeployItems measures the six deployment items on the Heroku
// fixture (settings already evaluated): template and hosting file reads
// included.
func BenchmarkDeployItems(b *testing.B) {
	p, err := project.Discover(project.Options{Dir: filepath.Join("testdata", "projects", "deployheroku"), NoGit: true, NoScan: true})
	if err != nil {
		b.Fatal(err)
	}
	items := []*Item{staticFilesItem, mediaFilesItem, errorReportsItem, errorPagesItem, databaseItem, loggingItem}
	b.ReportAllocs()
	for b.Loop() {
		pass := NewPass(p, RunOptions{})
		for _, it := range items {
			it.Check(pass)
		}
	}
}
