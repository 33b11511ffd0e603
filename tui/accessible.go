package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/generator"
)

// The accessible flow: the same steps as the screens, as plain sequential
// prompts on opts.In/opts.Out that a screen reader can follow. No colours,
// no icons, no redraws; every question says what enter chooses.

func runAccessible(ctx context.Context, eng Engine, opts Options) error {
	pr := &prompter{in: bufio.NewReader(opts.In), out: opts.Out}
	lipgloss.SetColorProfile(termenv.Ascii) // words only: a screen reader reads escapes aloud
	a := newApp(eng, opts)                  // shared state and helpers; nothing is drawn
	a.base = ctx
	err := accessibleFlow(a, pr)
	if errors.Is(err, errLeave) {
		pr.say("Left without writing anything.")
		return nil
	}
	return err
}

func accessibleFlow(a *app, pr *prompter) error {
	pr.say("djharden, accessible mode. Each question takes one line; enter takes the suggested answer; q leaves without writing.")
	if a.opts.Demo {
		pr.say("This is the demo: a copy of a sample project with typical beginner mistakes. Nothing of yours is touched.")
	}
	pr.say("Inspecting %s.", a.opts.Dir)
	if err := accessibleLoad(a, pr, a.opts.Settings); err != nil {
		return err
	}
	if len(productionCandidates(a.p)) >= 2 {
		var cs []choice
		for _, c := range a.p.Candidates {
			cs = append(cs, choice{c.Module, c.Module})
		}
		pr.say("Several settings modules could be the production one; the suggested one is %s (%s).", a.p.SettingsModule, a.p.SettingsReason)
		mod, err := pr.choose("Which settings module runs in production?", cs, a.p.SettingsModule, nil)
		if err != nil {
			return err
		}
		if mod != a.p.SettingsModule {
			if err := accessibleLoad(a, pr, mod); err != nil {
				return err
			}
		}
	}
	if err := accessibleItems(a, pr); err != nil {
		return err
	}
	if err := accessibleQuestions(a, pr); err != nil {
		return err
	}
	if err := accessibleKey(a, pr); err != nil {
		return err
	}
	return accessibleReviewAndApply(a, pr)
}

func accessibleLoad(a *app, pr *prompter, settings string) error {
	msg := a.discoverCmd(settings)().(loadedMsg)
	if msg.err != nil {
		return fmt.Errorf("discover: %w", msg.err)
	}
	a.setProject(msg.p, msg.report)
	p := a.p
	pr.say("Project: %s.", p.Root)
	pr.say("Django: %s.", djangoVersionText(p.Django))
	pr.say("Settings module: %s (%s).", p.SettingsModule, p.SettingsReason)
	for _, h := range p.Hosting {
		pr.say("Hosting: %s, from %s. %s", h.Kind, location(h.File, h.Line), h.Detail)
	}
	for _, n := range a.report.Notes {
		pr.say("Note: %s: %s", location(n.File, n.Line), n.Message)
	}
	ok, total := a.report.Score()
	pr.say("Score: %d of %d hardened. %d item(s) need attention.", ok, total, len(a.steps))
	return nil
}

func accessibleItems(a *app, pr *prompter) error {
	for i := 0; i < len(a.steps); i++ {
		f := a.steps[i]
		pr.say("")
		pr.say("Item %d of %d: %s. Status: %s.", i+1, len(a.steps), f.Title, statusText(f.Status))
		if f.Message != "" {
			pr.say("%s", f.Message)
		}
		for _, l := range f.Locations {
			pr.say("Found at %s, line %d: %s", l.File, l.Line, strings.TrimSpace(l.Source))
		}
		if codeItems[f.ID] && a.p.Scan != nil {
			for _, s := range a.p.Scan.Sites {
				if s.Item == f.ID {
					pr.say("Site %s, line %d: %s", s.File, s.Line, s.Message)
				}
			}
		}
		item := a.eng.Lookup(f.ID)
		if item != nil && item.Lesson != "" {
			pr.say("Why it matters: %s", paragraph(item.Lesson))
		}
		pr.say("What djharden will change: %s", changeText(a.p, f))
		prompt := "Enter accepts, s skips, b goes back, ? explains more:"
		if codeItems[f.ID] {
			prompt = "Enter accepts, s skips, b goes back, w writes the to-do list, ? explains more:"
		}
		ans, err := pr.ask(prompt)
		if err != nil {
			return err
		}
		switch strings.ToLower(ans) {
		case "s":
			if generator.AlwaysWritten(f.ID) {
				pr.say("This one cannot be skipped: it is the heart of the hardened block, and production would stay open without it.")
				i-- // ask again about the same item
				continue
			}
			a.skipped[f.ID] = true
		case "b":
			i = max(i-2, -1)
		case "?":
			if item != nil && item.Docs != "" {
				pr.say("Django's deploy checks: %s. Docs: %s", strings.Join(item.DjangoIDs, ", "), item.Docs)
			}
			i--
		case "w":
			if path, n, err := writeTodo(a.p.Root, codeSites(a), a.eng.Rules()); err != nil {
				pr.say("Could not write the to-do list: %s", err)
			} else {
				pr.say("Wrote %s with %d site(s).", path, n)
			}
			i--
		default:
			delete(a.skipped, f.ID)
		}
	}
	return nil
}

func statusText(s checklist.Status) string {
	return map[checklist.Status]string{checklist.Pass: "pass", checklist.Warn: "warning", checklist.Fail: "fail",
		checklist.Unknown: "unknown", checklist.Skip: "does not apply", checklist.Accepted: "accepted"}[s]
}

func accessibleQuestions(a *app, pr *prompter) error {
	q := &a.questions
	q.load(a)
	pr.say("")
	for {
		def := ""
		if q.domainsText != "" {
			def = " Enter keeps " + q.domainsText + "."
		}
		ans, err := pr.ask("Which domain or domains will serve the site? Separate several with commas." + def)
		if err != nil {
			return err
		}
		if ans == "" {
			ans = q.domainsText
		}
		d, err := a.eng.NormalizeDomains(splitDomains(ans))
		if len(splitDomains(ans)) == 0 {
			err = errors.New("type at least one domain")
		}
		if err != nil {
			pr.say("Not accepted: %s.", err)
			continue
		}
		q.domainsText = ans
		pr.say("ALLOWED_HOSTS will be %s. CSRF_TRUSTED_ORIGINS will be %s.", pyList(d.Hosts), pyList(trustedOrigins(a.p, d)))
		for _, n := range d.Notes {
			pr.say("Note: %s", n)
		}
		break
	}
	var err error
	plainText := func(lines []string) string { return strings.Join(lines, " ") }
	q.https, err = pr.choose("How is HTTPS served?", []choice{
		{"A platform or proxy handles HTTPS (Heroku, Render, Fly.io, nginx, Caddy)", generator.HTTPSProxy},
		{"Django's server itself is reached over HTTPS", generator.HTTPSDirect},
		{"No HTTPS yet", generator.HTTPSNone},
	}, q.https, func(v string) string { q.https = v; return plainText(httpsExplain(q, a)) })
	if err != nil {
		return err
	}
	q.hsts, err = pr.choose("HTTP Strict Transport Security, HSTS: which stage?", []choice{
		{"Trial: one hour (start here)", generator.HSTSTrial},
		{"A year: every page already works over HTTPS", generator.HSTSYear},
		{"Preload: a year, subdomains, browsers' built-in list", generator.HSTSPreload},
		{"Off", generator.HSTSOff},
	}, q.hsts, func(v string) string { q.hsts = v; return plainText(hstsExplain(q, a)) })
	if err != nil {
		return err
	}
	if q.hsts == generator.HSTSPreload {
		pr.say("%s", plainText(preloadExplain(q, a)))
		ok, err := pr.confirm("Really ask for preload?", false)
		if err != nil {
			return err
		}
		if !ok {
			q.hsts = generator.HSTSYear
			pr.say("Keeping a year without preload.")
		}
	}
	if q.hsts == generator.HSTSTrial || q.hsts == generator.HSTSYear {
		pr.say("%s", plainText(subdomainsExplain(q, a)))
		if q.subdomains, err = pr.confirm("Is every subdomain served over HTTPS too?", q.subdomains); err != nil {
			return err
		}
	}
	detected := func(label, style string) string {
		if style == a.p.EnvStyle {
			return label + " (detected)"
		}
		return label
	}
	q.envStyle, err = pr.choose("How should settings read the environment?", []choice{
		{detected("os.environ: no new dependency", "os"), "os"},
		{detected("django-environ", "environ"), "environ"},
		{detected("python-decouple", "decouple"), "decouple"},
	}, q.envStyle, nil)
	if err != nil {
		return err
	}
	for {
		ans, err := pr.ask("Where should the real values go? Enter keeps " + q.envFile + ".")
		if err != nil {
			return err
		}
		if ans == "" {
			ans = q.envFile
		}
		if err := cleanEnvPath(ans); err != nil {
			pr.say("Not accepted: %s.", err)
			continue
		}
		q.envFile = ans
		break
	}
	q.commit(a)
	return nil
}

func accessibleKey(a *app, pr *prompter) error {
	a.key.enter(a)
	if a.key.err != nil {
		return fmt.Errorf("generate a key: %w", a.key.err)
	}
	envFile := orDefault(a.answers.EnvFile, ".env")
	pr.say("")
	pr.say("A new secret key was generated: it starts with %s. It goes into %s, readable only by you and ignored by git.", mask(a.key.key), envFile)
	if old := oldKeyLiteral(a.p); old != nil {
		pr.say("The old key is written in %s, line %d. Treat it as leaked if git ever had it; the new key replaces it.", old.Where.File, old.Where.Line)
		if supportsFallbacks(a.p) {
			ok, err := pr.confirm("Keep the old key in SECRET_KEY_FALLBACKS for a few weeks so sessions stay valid?", false)
			if err != nil {
				return err
			}
			a.answers.RotateKey = ok
		}
	}
	ans, err := pr.ask("Type r to hear the key in full, or press enter to continue:")
	if err != nil {
		return err
	}
	if strings.EqualFold(ans, "r") {
		pr.say("The key is: %s", a.key.key)
	}
	return nil
}

func accessibleReviewAndApply(a *app, pr *prompter) error {
	prop, err := a.eng.Build(a.p, a.answers)
	if err != nil {
		return fmt.Errorf("prepare the changes: %w", err)
	}
	a.review.proposal = prop
	pr.say("")
	if prop.Empty() {
		pr.say("Nothing to change: the settings already hold what you chose.")
		return nil
	}
	pr.say("%d file(s) will change:", len(prop.Files))
	for _, f := range prop.Files {
		pr.say("  %s: %s", f.Path, f.Why)
	}
	for {
		ans, err := pr.ask("Type d to read the changes, enter or y writes them (backups are kept; djharden undo puts them back), q leaves without writing:")
		if err != nil {
			return err
		}
		switch strings.ToLower(ans) {
		case "d":
			for _, f := range prop.Files {
				pr.say("Changes to %s:", f.Path)
				pr.say("%s", strings.TrimRight(f.Diff, "\n"))
			}
			continue
		case "", "y", "yes":
		default:
			pr.say("Please type d, y or q.")
			continue
		}
		break
	}
	w, err := a.eng.Apply(prop)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	a.done.written = w
	pr.say("Wrote %d file(s); the previous versions are backed up.", len(w.Files))
	return accessibleAfter(a, pr)
}

func accessibleAfter(a *app, pr *prompter) error {
	ds := &a.done
	after, err := a.eng.Discover(project.Options{Dir: a.p.Root, Settings: a.p.SettingsModule, EnvFile: orDefault(a.answers.EnvFile, ".env")})
	var afterProj *project.Project
	if err != nil {
		pr.say("Could not check again: %s", err)
	} else {
		afterProj = after
		before, total := a.report.Score()
		ok, total2 := a.eng.Check(after).Score()
		pr.say("Score before: %d of %d hardened. After: %d of %d.", before, total, ok, total2)
	}
	pr.say("Running Django's own deploy checks, manage.py check --deploy. This can take a few seconds.")
	p, env := a.p, map[string]string{}
	if afterProj != nil {
		p, env = afterProj, afterProj.EnvValues
	}
	res, err := a.eng.DeployCheck(a.ctx(), p, env)
	ds.deploy, ds.deployErr, ds.running, ds.after = res, err, false, &checklist.Report{}
	pr.say("Result: %s", strings.TrimSpace(strings.Join(plainLines(ds.deployLines(a)), " ")))
	pr.say("Next steps:")
	for _, s := range nextSteps(a, afterProj) {
		pr.say("  %s", s)
	}
	return nil
}

// plainLines strips the indentation screens use.
func plainLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(strings.TrimPrefix(l, "✓"), "!")
		out[i] = strings.TrimSpace(l)
	}
	return out
}
