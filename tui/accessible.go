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
	if ctx.Err() != nil {
		pr.say("Stopped.")
		return ErrInterrupted
	}
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
	pr.say("Inspecting %s.", orDefault(a.opts.ShowDir, a.opts.Dir))
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
	if err := accessibleAsk(a, pr, whereQuestions); err != nil {
		return err
	}
	if err := accessibleItems(a, pr); err != nil {
		return err
	}
	if err := accessibleAsk(a, pr, settingsQuestions); err != nil {
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
		return fmt.Errorf("%w", msg.err)
	}
	a.setProject(msg.p, msg.report)
	p := a.p
	pr.say("Project: %s.", a.rootText())
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
		switch {
		case codeItems[f.ID] && writesNothing(f.ID):
			prompt = "Enter goes on, b goes back, w writes the to-do list, ? explains more:"
		case codeItems[f.ID]:
			prompt = "Enter accepts, s skips, b goes back, w writes the to-do list, ? explains more:"
		case writesNothing(f.ID):
			prompt = "Enter goes on, b goes back, ? explains more:"
		}
		ans, err := pr.ask(prompt)
		if err != nil {
			return err
		}
		switch strings.ToLower(ans) {
		case "s":
			if writesNothing(f.ID) {
				continue // nothing to leave out: on to the next item
			}
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

// accessibleAsk asks a list of questions (flow.go) as plain prompts: the
// same titles, options, validation and branching as the screens.
func accessibleAsk(a *app, pr *prompter, list []question) error {
	q := &a.qs
	if !q.loaded {
		q.load(a)
	}
	plain := func(lines []string) string { return strings.Join(plainLines(lines), " ") }
	pr.say("")
	for i := 0; i < len(list); i++ {
		qu := list[i]
		if qu.applies != nil && !qu.applies(q) {
			continue
		}
		switch qu.kind {
		case askChoice:
			v, err := pr.choose(qu.title, qu.options(q, a), *qu.text(q), func(v string) string {
				*qu.text(q) = v
				return plain(qu.explain(q, a))
			})
			if err != nil {
				return err
			}
			*qu.text(q) = v
		case askConfirm:
			pr.say("%s", plain(qu.explain(q, a)))
			ok, err := pr.confirm(qu.title, *qu.flag(q))
			if err != nil {
				return err
			}
			*qu.flag(q) = ok
		case askText:
			for {
				prompt := qu.title
				if qu.description != "" {
					prompt += " " + qu.description + "."
				}
				def := *qu.text(q)
				if def != "" {
					prompt += " Enter keeps " + def + "."
				}
				ans, err := pr.ask(prompt)
				if err != nil {
					return err
				}
				if ans == "" {
					ans = def
				}
				if err := textAnswer(qu, a, ans); err != nil {
					pr.say("Not accepted: %s.", err)
					continue
				}
				*qu.text(q) = ans
				pr.say("%s", plain(qu.explain(q, a)))
				break
			}
		}
		if qu.answered != nil {
			qu.answered(q, a)
		}
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
	pr.say("A new secret key was generated: it is shown as %s. It goes into %s, readable only by you and ignored by git.", generator.Mask(a.key.key), envFile)
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
	ds.deploy, ds.deployErr, ds.running = res, err, false
	ds.afterProj = afterProj
	if afterProj != nil {
		ds.after = a.eng.Check(afterProj)
	}
	pr.say("Result: %s", strings.TrimSpace(strings.Join(plainLines(ds.deployLines(a)), " ")))
	for _, sec := range ds.sections(a)[2:] {
		pr.say("%s:", sec.title)
		for _, l := range sec.lines {
			pr.say("  %s", strings.TrimPrefix(l, "$ "))
		}
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
