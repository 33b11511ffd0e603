package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/checklist/scan"
	"github.com/djharden/djharden/generator"
)

// fakeEngine drives the screens with hand-built values; it records what
// the wizard asked of it.
type fakeEngine struct {
	mu       sync.Mutex
	root     string
	built    []generator.Answers
	applied  int
	deployed int
	discover int
	// deployBlock, when set, makes DeployCheck wait for its context.
	deployBlock bool
}

func (e *fakeEngine) Discover(opts project.Options) (*project.Project, error) {
	e.mu.Lock()
	e.discover++
	e.mu.Unlock()
	return fakeProject(e.root, opts.EnvFile != ""), nil
}

func fakeProject(root string, after bool) *project.Project {
	key := &project.Setting{Name: "SECRET_KEY", Value: pysource.Value{Kind: pysource.StrVal, Str: "k8#vXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"},
		Where: project.Location{File: "mysite/settings.py", Line: 23, Source: "SECRET_KEY = '…'"}}
	p := &project.Project{
		Root: root, ManagePy: "manage.py",
		SettingsModule: "mysite.settings", SettingsReason: "named by manage.py and wsgi.py",
		Candidates:    []project.SettingsCandidate{{Module: "mysite.settings", File: "mysite/settings.py", Production: true}},
		SettingsFiles: []string{"mysite/settings.py"},
		Settings:      &project.Settings{Module: "mysite.settings", Values: map[string]*project.Setting{"SECRET_KEY": key}},
		Django:        project.DjangoVersion{Known: true, Major: 4, Minor: 2, Patch: 16, Raw: "Django==4.2.16", Source: "requirements.txt:1"},
		EnvStyle:      "os",
		Hosting:       []project.HostingHint{{Kind: "heroku", File: "Procfile", Line: 1, Proxy: true, Detail: "Heroku terminates TLS and sets X-Forwarded-Proto."}},
		Git:           project.GitFacts{Available: true, Tracked: map[string]bool{"mysite/settings.py": true}, KeyInHistory: true, KeyHistoryNote: "in 3 commits"},
		Scan: &scan.Result{Root: root, Files: 4, Sites: []scan.Site{
			{Rule: "sql-fstring", Item: "sql-injection", File: "shop/views.py", Line: 20, Source: `cursor.execute(f"SELECT id FROM shop_product WHERE name LIKE '%{term}%'")`, Message: "f-string with `term` flows into cursor.execute"},
			{Rule: "template-safe", Item: "xss", File: "templates/shop/product.html", Line: 6, Source: `<div class="description">{{ description|safe }}</div>`, Message: "|safe turns escaping off for `description`"},
		}},
	}
	if after {
		p.EnvFile = ".env"
		p.EnvFileKeys = []string{"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_PASSWORD"}
		p.EnvValues = map[string]string{"DJANGO_DEBUG": "False"}
		p.Settings = &project.Settings{Module: "mysite.settings", Values: map[string]*project.Setting{}}
	}
	return p
}

func (e *fakeEngine) Check(p *project.Project) *checklist.Report {
	if p.EnvFile != "" { // after apply: everything but the code findings passes
		r := fakeReport()
		for i := range r.Findings {
			if !codeItems[r.Findings[i].ID] && needsAttention(r.Findings[i].Status) {
				r.Findings[i].Status = checklist.Pass
			}
		}
		return r
	}
	return fakeReport()
}

func fakeReport() *checklist.Report {
	loc := func(line int, src string) []checklist.Location {
		return []checklist.Location{{File: "mysite/settings.py", Line: line, Source: src}}
	}
	return &checklist.Report{SchemaVersion: 1, Findings: []checklist.Finding{
		{ID: "debug", Title: "DEBUG is off in production", Status: checklist.Fail, DjangoIDs: []string{"security.W018"},
			Message: "DEBUG = True in mysite/settings.py.", Fix: "DEBUG is read from DJANGO_DEBUG and defaults to False.", Locations: loc(26, "DEBUG = True")},
		{ID: "secret-key", Title: "SECRET_KEY is secret and strong", Status: checklist.Fail,
			Message: "The key is written in the settings file and git has it.", Fix: "SECRET_KEY comes from DJANGO_SECRET_KEY; a new key goes into the env file.", Locations: loc(23, "SECRET_KEY = 'k8#v…' (52 characters)")},
		{ID: "allowed-hosts", Title: "ALLOWED_HOSTS names your domains", Status: checklist.Fail, DjangoIDs: []string{"security.W020"},
			Message: "ALLOWED_HOSTS is empty.", Fix: "ALLOWED_HOSTS lists the domains you type.", Locations: loc(28, "ALLOWED_HOSTS = []")},
		{ID: "https-redirect", Title: "HTTP is redirected to HTTPS", Status: checklist.Warn, DjangoIDs: []string{"security.W008"},
			Message: "SECURE_SSL_REDIRECT is not set.", Fix: "SECURE_SSL_REDIRECT = True, with SECURE_PROXY_SSL_HEADER behind a proxy."},
		{ID: "clickjacking", Title: "Pages cannot be framed (clickjacking)", Status: checklist.Pass, Message: "X_FRAME_OPTIONS is DENY."},
		{ID: "sql-injection", Title: "SQL is built with parameters", Status: checklist.Fail, Message: "1 query is built from strings."},
		{ID: "xss", Title: "Templates escape user input", Status: checklist.Warn, Message: "1 place turns escaping off."},
		{ID: "csp", Title: "A Content Security Policy is set", Status: checklist.Skip, Message: "Django 6.0+ only."},
	}}
}

func (e *fakeEngine) Lookup(id string) *checklist.Item {
	lessons := map[string]string{
		"debug":          "With DEBUG on, every error page shows your settings, code and SQL to whoever triggers it.",
		"secret-key":     "The key signs sessions and password-reset links: whoever has it can log in as anyone.",
		"allowed-hosts":  "Django answers only to the names listed; an empty list makes production refuse every request.",
		"https-redirect": "Without the redirect, visitors who type the bare domain send passwords in clear text.",
		"sql-injection":  "SQL built from user input lets visitors run their own queries on your database.",
		"xss":            "Unescaped input lets visitors run scripts in other users' browsers.",
	}
	if lessons[id] == "" {
		return nil
	}
	return &checklist.Item{ID: id, Title: id, Lesson: lessons[id], Docs: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/", DjangoIDs: []string{"security.W018"}}
}

func (e *fakeEngine) Rules() []scan.Rule {
	return []scan.Rule{
		{ID: "sql-fstring", Item: "sql-injection", Safe: `cursor.execute("... LIKE %s", ["%" + term + "%"])`},
		{ID: "template-safe", Item: "xss", Safe: "drop |safe and let Django escape; sanitise with bleach if HTML is needed"},
	}
}

func (e *fakeEngine) DefaultAnswers(p *project.Project) generator.Answers {
	return generator.Answers{HTTPS: generator.HTTPSProxy, HSTS: generator.HSTSTrial, EnvStyle: "auto", EnvFile: ".env"}
}

// NormalizeDomains is a small stand-in for the generator's rules.
func (e *fakeEngine) NormalizeDomains(in []string) (Domains, error) {
	var d Domains
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if strings.HasPrefix(s, "https://") {
			s = strings.TrimPrefix(s, "https://")
			d.Notes = append(d.Notes, `removed the scheme from "https://`+s+`"`)
		}
		if s == "" || strings.ContainsAny(s, "/:@ ") || !strings.Contains(s, ".") {
			return Domains{}, errors.New(`"` + s + `" is not a domain name`)
		}
		d.Hosts = append(d.Hosts, s)
		d.Origins = append(d.Origins, "https://"+s)
	}
	return d, nil
}

const fakeKey = "Zq3rT8vLmN2pX7yB4cD9fG1hJ6kW0sA5eR_uI-oP8lK3jH2gF7dS"

func (e *fakeEngine) NewKey() (string, error) { return fakeKey, nil }

func (e *fakeEngine) Build(p *project.Project, a generator.Answers) (*Proposal, error) {
	e.mu.Lock()
	e.built = append(e.built, a)
	e.mu.Unlock()
	settings := "--- a/mysite/settings.py\n+++ b/mysite/settings.py\n@@ -20,9 +20,9 @@\n # The key was pasted from a tutorial\n-SECRET_KEY = 'k8#v…'\n+SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n \n-DEBUG = True\n+DEBUG = os.environ.get('DJANGO_DEBUG', '') == 'True'\n \n-ALLOWED_HOSTS = []\n+ALLOWED_HOSTS = " + pyList(a.Domains) + "\n"
	env := "--- /dev/null\n+++ b/.env\n@@ -0,0 +1,2 @@\n+DJANGO_SECRET_KEY=Zq3r… (52 characters)\n+DJANGO_DEBUG=False\n"
	return &Proposal{Files: []ProposedFile{
		{Path: "mysite/settings.py", Why: "hardened settings block", Diff: settings},
		{Path: ".env", Why: "new secret key and values", Diff: env, Created: true},
	}}, nil
}

func (e *fakeEngine) Apply(pr *Proposal) (*Written, error) {
	e.mu.Lock()
	e.applied++
	e.mu.Unlock()
	var files []string
	for _, f := range pr.Files {
		files = append(files, f.Path)
	}
	return &Written{BackupDir: ".djharden/backup/1", Files: files}, nil
}

func (e *fakeEngine) DeployCheck(ctx context.Context, p *project.Project, env map[string]string) (*DeployResult, error) {
	e.mu.Lock()
	e.deployed++
	block := e.deployBlock
	e.mu.Unlock()
	if block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &DeployResult{Ran: true, Python: "python3", Version: "3.2.25", NoIssues: env["DJANGO_DEBUG"] == "False", Duration: 1200 * time.Millisecond}, nil
}
