package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/generator"
)

// The wizard's flow as data: the screens in order, and the questions with
// their branching. Both presenters use it: the Bubble Tea screens build a
// small huh form per question, the accessible flow asks the same question
// as a plain prompt. Adding a question is one entry in a list below.

// order is the screens in the order the wizard shows them.
var order = []screen{scrWelcome, scrWhere, scrItems, scrQuestions, scrKey, scrReview, scrDone}

// shown reports whether a screen has anything to show for this project.
func (a *app) shown(s screen) bool {
	return s != scrItems || len(a.steps) > 0
}

// forward goes to the next screen the flow shows after the current one.
func (a *app) forward() screen {
	return a.step(+1)
}

// backward is the screen before the current one.
func (a *app) backward() screen {
	return a.step(-1)
}

func (a *app) step(dir int) screen {
	i := 0
	for j, s := range order {
		if s == a.screen {
			i = j
		}
	}
	for i += dir; i >= 0 && i < len(order); i += dir {
		if a.shown(order[i]) {
			return order[i]
		}
	}
	if dir < 0 {
		return scrWelcome
	}
	return scrDone
}

// questionKind is how a question is answered.
type questionKind int

const (
	askChoice  questionKind = iota // one of a few options
	askConfirm                     // yes or no
	askText                        // a line of text
)

// question is one question of the flow. Everything a presenter needs is
// here: the title, the options or the text field, the validation, the
// branching (applies) and the explanation shown with it (rendered by us, so
// setting names keep their underscores).
type question struct {
	id          string
	kind        questionKind
	title       string
	description string                                 // askText: one line under the title
	placeholder string                                 // askText: shown while empty (marked "e.g." so it never looks typed)
	options     func(q *answersState, a *app) []choice // askChoice
	yes, no     string                                 // askConfirm labels
	text        func(q *answersState) *string          // askChoice, askText: the bound value
	flag        func(q *answersState) *bool            // askConfirm: the bound value
	validate    func(a *app, text string) error        // askText
	applies     func(q *answersState) bool             // nil: always asked
	explain     func(q *answersState, a *app) []string
	answered    func(q *answersState, a *app) // runs once the answer is given
}

// answersState holds the values the questions are bound to; commit turns
// them into generator.Answers.
type answersState struct {
	loaded      bool
	platform    string
	domainsText string
	https       string
	hsts        string
	preloadOK   bool
	subdomains  bool
	envStyle    string
	envFile     string
	static      string // how static files are served: generator.StaticWhiteNoise, StaticServer or StaticSkip

	// The wizard's own state the branching reads (shared, not copied).
	steps   *[]checklist.Finding
	skipped map[string]bool
}

// load takes the starting values from the answers (the safe defaults) and
// the platform the hosting files suggest.
func (q *answersState) load(a *app) {
	ans := a.answers
	q.loaded = true
	q.platform, _ = generator.SuggestPlatform(a.p)
	pl, _ := generator.PlatformByID(q.platform)
	q.domainsText = strings.Join(ans.Domains, ", ")
	if q.domainsText == "" { // a hardened project keeps its domains in the env file
		q.domainsText = strings.Join(generator.KnownDomains(a.p, orDefault(ans.EnvFile, ".env")), ", ")
	}
	q.https = pl.HTTPS
	q.hsts = orDefault(ans.HSTS, generator.HSTSTrial)
	q.subdomains = ans.HSTSSubdomains
	q.envStyle = ans.EnvStyle
	if q.envStyle == "" || q.envStyle == "auto" {
		q.envStyle = orDefault(a.p.EnvStyle, "os")
	}
	q.envFile = orDefault(ans.EnvFile, ".env")
	q.static = ans.Static
	if q.static == "" {
		q.static = generator.StaticOptions(a.p)[0].Value // the suggested answer comes first
	}
	q.steps, q.skipped = &a.steps, a.skipped
}

// staticAsked: the static-files question follows the static-files item
// when it needs attention and was not skipped (skipped, nothing is written).
func (q *answersState) staticAsked() bool {
	if q.steps == nil || q.skipped["static-files"] {
		return false
	}
	return slices.ContainsFunc(*q.steps, func(f checklist.Finding) bool { return f.ID == "static-files" })
}

// httpsOn: the HSTS questions only make sense with HTTPS.
func (q *answersState) httpsOn() bool { return q.https != generator.HTTPSNone }

// commit writes the values into the answers.
func (q *answersState) commit(a *app) {
	a.answers.Domains = splitDomains(q.domainsText)
	a.answers.HTTPS = q.https
	a.answers.HSTS = q.hsts
	if !q.httpsOn() {
		a.answers.HSTS = generator.HSTSOff
	}
	a.answers.HSTSSubdomains = q.httpsOn() && (q.subdomains || q.hsts == generator.HSTSPreload)
	a.answers.EnvStyle = q.envStyle
	a.answers.EnvFile = strings.TrimSpace(q.envFile)
	a.answers.Static = ""
	if q.staticAsked() {
		a.answers.Static = q.static
	}
	// Skipped items are left as they are: the block does not write them.
	a.answers.Keep = nil
	for _, f := range a.steps {
		if a.skipped[f.ID] {
			a.answers.Keep = append(a.answers.Keep, f.ID)
		}
	}
	if d, err := a.eng.NormalizeDomains(a.answers.Domains); err == nil {
		a.domains = d
	}
}

// platform is the platform answered (or suggested).
func (q *answersState) platformInfo() generator.Platform {
	pl, ok := generator.PlatformByID(q.platform)
	if !ok {
		pl, _ = generator.PlatformByID(generator.PlatformUnsure)
	}
	return pl
}

// applicable lists the questions of list that apply now.
func applicable(list []question, q *answersState) []int {
	var out []int
	for i, qu := range list {
		if qu.applies == nil || qu.applies(q) {
			out = append(out, i)
		}
	}
	return out
}

// textAnswer validates a typed answer for an askText question.
func textAnswer(qu question, a *app, text string) error {
	if qu.validate == nil {
		return nil
	}
	return qu.validate(a, text)
}

// errEmptyDomains is what the domains question says when nothing is typed.
var errEmptyDomains = errors.New("type at least one domain")

// splitDomains splits what was typed on commas and spaces.
func splitDomains(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// stepIndex is the position of a screen in the flow's order.
func (a *app) stepIndex(s screen) int {
	for i, o := range order {
		if o == s {
			return i
		}
	}
	return -1
}

// progress is one count across the whole flow, so the bar never restarts:
// the questions before the items, the items, the questions after them,
// the key and the review.
func (a *app) progress() (pos, total int) {
	where := len(applicable(a.where.list, &a.qs))
	settings := len(applicable(a.questions.list, &a.qs))
	total = where + len(a.steps) + settings + 2
	rank := func(list []question, idx int) int {
		n := 0
		for _, i := range applicable(list, &a.qs) {
			if i <= idx {
				n++
			}
		}
		return n
	}
	switch a.screen {
	case scrWhere:
		pos = rank(a.where.list, a.where.idx)
	case scrItems:
		pos = where + a.items.idx + 1
	case scrQuestions:
		pos = where + len(a.steps) + rank(a.questions.list, a.questions.idx)
	case scrKey:
		pos = total - 1
	case scrReview, scrDone:
		pos = total
	}
	return pos, total
}
