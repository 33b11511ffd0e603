package checklist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// Middleware and app paths Django's checks test by exact membership.
const (
	securityMW     = "django.middleware.security.SecurityMiddleware"
	xframeMW       = "django.middleware.clickjacking.XFrameOptionsMiddleware"
	csrfMW         = "django.middleware.csrf.CsrfViewMiddleware"
	sessionMW      = "django.contrib.sessions.middleware.SessionMiddleware"
	sessionsApp    = "django.contrib.sessions"
	cspMW          = "django.middleware.csp.ContentSecurityPolicyMiddleware"
	cspContextProc = "django.template.context_processors.csp"
)

// tri is a three-valued truth: what we know about a condition.
type tri int8

const (
	no tri = iota
	yes
	unk
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

func and3(ts ...tri) tri {
	out := yes
	for _, t := range ts {
		if t == no {
			return no
		}
		if t == unk {
			out = unk
		}
	}
	return out
}

func or3(ts ...tri) tri {
	out := no
	for _, t := range ts {
		if t == yes {
			return yes
		}
		if t == unk {
			out = unk
		}
	}
	return out
}

func not3(t tri) tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unk
}

// evalCtx is what every check reads: the effective settings, the version
// rules and the recorded decisions.
type evalCtx struct {
	p         *project.Project
	s         *project.Settings
	v         project.DjangoVersion
	silenced  map[string]bool     // effective SILENCED_SYSTEM_CHECKS
	decisions map[string]decision // Django ID -> recorded reason
}

type decision struct {
	reason string
	where  Location
}

func newEvalCtx(p *project.Project) *evalCtx {
	c := &evalCtx{p: p, s: p.Settings, v: p.Django.Checked(), silenced: map[string]bool{}}
	if s := c.get("SILENCED_SYSTEM_CHECKS"); s != nil && isSeq(s.Value) {
		for _, it := range s.Value.Items {
			if it.Kind == pysource.StrVal {
				c.silenced[it.Str] = true
			}
		}
	}
	c.decisions = readDecisions(p)
	return c
}

// decisionComment is the form the generator writes for a declined
// recommendation: "# djharden: accepted security.W005: <reason>".
var decisionComment = regexp.MustCompile(`#\s*djharden:\s*accepted\s+([A-Za-z0-9_.]+)\s*:\s*(.*\S)`)

// readDecisions collects the recorded decisions of the settings chain.
func readDecisions(p *project.Project) map[string]decision {
	out := map[string]decision{}
	files := p.SettingsFiles
	for _, rel := range files {
		sf, err := p.Source(rel)
		if err != nil || sf == nil {
			continue
		}
		for i, line := range strings.Split(string(sf.Src), "\n") {
			m := decisionComment.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			id := m[1]
			if !strings.Contains(id, ".") {
				id = "security." + id
			}
			out[id] = decision{reason: m[2], where: Location{File: rel, Line: i + 1, Source: strings.TrimRight(line, "\r \t")}}
		}
	}
	return out
}

func (c *evalCtx) get(name string) *project.Setting {
	return c.s.Get(name)
}

// conditional reports whether any of the settings got its value in a
// branch the evaluator could not decide (an if on the environment).
func (c *evalCtx) conditional(names ...string) bool {
	for _, name := range names {
		if st := c.get(name); st != nil && st.Conditional {
			return true
		}
	}
	return false
}

// value is a setting's computed value: Unknown when it is missing
// altogether, or when paths through an undecided branch give it several
// values (the tri-valued tests below look at each of them instead).
func (c *evalCtx) value(name string) pysource.Value {
	if s := c.get(name); s != nil && len(s.Alternatives) == 0 {
		return s.Value
	}
	return pysource.Value{Kind: pysource.Unknown}
}

// each is test applied to every value the setting may have: yes or no
// when all agree, unk otherwise.
func (c *evalCtx) each(name string, test func(pysource.Value) tri) tri {
	s := c.get(name)
	if s == nil {
		return test(pysource.Value{Kind: pysource.Unknown})
	}
	out := test(s.Value)
	for _, v := range s.Alternatives {
		if test(v) != out {
			return unk
		}
	}
	return out
}

// truthy is Python truthiness of a setting.
func (c *evalCtx) truthy(name string) tri {
	return c.each(name, func(v pysource.Value) tri {
		if v.Kind == pysource.Unknown {
			return unk
		}
		return triOf(v.Truthy())
	})
}

// isTrue is `setting is True`.
func (c *evalCtx) isTrue(name string) tri {
	return c.each(name, func(v pysource.Value) tri {
		if v.Kind == pysource.Unknown {
			return unk
		}
		return triOf(v.Kind == pysource.BoolVal && v.Bool)
	})
}

// secureFlag is how Django 4.1+ tests cookie flags (`is True`) and how
// earlier versions did (truthiness).
func (c *evalCtx) secureFlag(name string) tri {
	if c.v.AtLeast(4, 1) {
		return c.isTrue(name)
	}
	return c.truthy(name)
}

// contains is exact membership of a string in a list/tuple setting.
func (c *evalCtx) contains(name, entry string) tri {
	return c.each(name, func(v pysource.Value) tri {
		if !isSeq(v) {
			return unk
		}
		out := no
		for _, it := range v.Items {
			if it.Kind == pysource.StrVal && it.Str == entry {
				return yes
			}
			if it.Kind == pysource.Unknown {
				out = unk
			}
		}
		return out
	})
}

func isSeq(v pysource.Value) bool {
	return v.Kind == pysource.ListVal || v.Kind == pysource.TupleVal || v.Kind == pysource.SetVal
}

// where is the evidence for a setting: its final assignment (no location
// for a default).
func (c *evalCtx) where(name string) []Location {
	s := c.get(name)
	if s == nil || s.Default || s.Where.File == "" {
		return nil
	}
	if s.Example != nil {
		// Judged as the example configuration sets it: show both lines.
		ex := fromProject(*s.Example)
		ex.Source += "  (example configuration: production uses the operator's copy)"
		return []Location{fromProject(s.Where), ex}
	}
	return []Location{fromProject(s.Where)}
}

func fromProject(l project.Location) Location {
	return Location{File: l.File, Line: l.Line, Column: l.Col, Source: strings.TrimSpace(l.Source)}
}

// describe says where a setting's value comes from, in a few words.
func (c *evalCtx) describe(name string) string {
	s := c.get(name)
	switch {
	case s == nil:
		return name + " is not set"
	case s.Default:
		return fmt.Sprintf("%s is not set (Django's default is %s)", name, s.Value.Python())
	case s.Env != nil && !s.EnvResolved:
		return fmt.Sprintf("%s comes from the environment variable %s", name, s.Env.Var)
	}
	return ""
}

// unlessSet is " unless VAR is set" for a setting judged by the default of
// its environment read (the evaluation policy), " as X_example.py sets it"
// for one judged from an example configuration, "" otherwise.
func (c *evalCtx) unlessSet(name string) string {
	s := c.get(name)
	if s != nil && s.Example != nil {
		return fmt.Sprintf(" as %s sets it (production uses the operator's copy)", s.Example.File)
	}
	if s == nil || s.Env == nil || !s.EnvDefault {
		return ""
	}
	return fmt.Sprintf(" unless the environment variable %s is set", s.Env.Var)
}

// unknownBecause explains why a setting's value is not known.
func (c *evalCtx) unknownBecause(name string) string {
	s := c.get(name)
	if s != nil && len(s.Alternatives) > 0 && s.Branch != nil {
		how := "pass --env-file with the production values to decide it"
		if c.p.EnvFile != "" || c.p.EnvValues != nil {
			how = "the env file does not decide it"
		}
		return fmt.Sprintf("%s depends on the if at %s:%d, whose test djharden cannot work out (%s)", name, s.Branch.File, s.Branch.Line, how)
	}
	if s != nil && s.Env != nil && !s.EnvResolved {
		if c.p.EnvFile == "" && c.p.EnvValues == nil {
			return fmt.Sprintf("%s comes from the environment variable %s; its production value is unknown (pass --env-file to check it)", name, s.Env.Var)
		}
		return fmt.Sprintf("%s comes from the environment variable %s, which the env file does not settle", name, s.Env.Var)
	}
	return fmt.Sprintf("the value of %s cannot be worked out without running the settings", name)
}

// builder accumulates one item's problems and turns them into a Finding.
type builder struct {
	c  *evalCtx
	it *Item
	f  Finding
}

func (c *evalCtx) start(it *Item) *builder {
	return &builder{c: c, it: it, f: Finding{ID: it.ID, Title: it.Title, Docs: it.Docs, DjangoIDs: []string{}, Locations: []Location{}}}
}

// django records a deploy-check ID that fires. Django does not raise an ID
// listed in SILENCED_SYSTEM_CHECKS: with a recorded decision the problem is
// accepted, without one it is a warning of its own.
func (b *builder) django(id string, status Status, msg, fix string, locs []Location) {
	if b.c.silenced[id] {
		if d, ok := b.c.decisions[id]; ok {
			b.f.Decision = d.reason
			b.add(Problem{Status: Accepted, DjangoID: id, Message: fmt.Sprintf("%s (accepted: %s)", msg, d.reason), Locations: append(locs, d.where)})
			return
		}
		b.add(Problem{Status: Warn, DjangoID: id, Message: fmt.Sprintf("%s is silenced without a recorded reason (%s)", id, msg), Fix: fmt.Sprintf("Fix it, or record why with a comment `# djharden: accepted %s: <reason>`.", id), Locations: append(locs, b.c.silencedWhere()...)})
		return
	}
	if !slices.Contains(b.f.DjangoIDs, id) {
		b.f.DjangoIDs = append(b.f.DjangoIDs, id)
	}
	b.add(Problem{Status: status, DjangoID: id, Message: msg, Fix: fix, Locations: locs})
}

func (c *evalCtx) silencedWhere() []Location { return c.where("SILENCED_SYSTEM_CHECKS") }

// problem records something beyond Django's checks.
func (b *builder) problem(status Status, msg, fix string, locs []Location) {
	b.add(Problem{Status: status, Message: msg, Fix: fix, Locations: locs})
}

// unknown records that a condition cannot be decided and why.
func (b *builder) unknown(setting, fix string) {
	locs := b.c.where(setting)
	if s := b.c.get(setting); s != nil && len(s.Alternatives) > 0 && s.Branch != nil {
		locs = append(locs, fromProject(*s.Branch))
	}
	b.problem(Unknown, b.c.unknownBecause(setting), fix, locs)
}

// unknownOf records an undecidable condition, naming the first of the
// settings it depends on whose value is unknown.
func (b *builder) unknownOf(settings ...string) {
	for _, name := range settings {
		v := b.c.value(name)
		unknownItem := isSeq(v) && slices.ContainsFunc(v.Items, func(it pysource.Value) bool { return it.Kind == pysource.Unknown })
		if v.Kind == pysource.Unknown || unknownItem {
			b.unknown(name, "")
			return
		}
	}
	b.unknown(settings[len(settings)-1], "")
}

// add records p once: several rules that hit the same unread setting (the
// three HSTS warnings on an unknown SECURE_HSTS_SECONDS) give one message.
func (b *builder) add(p Problem) {
	p.Message = sentence(p.Message)
	for _, q := range b.f.Problems {
		if q.Status == p.Status && q.DjangoID == p.DjangoID && q.Rule == p.Rule && q.Message == p.Message &&
			q.Fix == p.Fix && slices.Equal(q.Locations, p.Locations) {
			return
		}
	}
	b.f.Problems = append(b.f.Problems, p)
	for _, l := range p.Locations {
		if !slices.Contains(b.f.Locations, l) {
			b.f.Locations = append(b.f.Locations, l)
		}
	}
}

// severity orders statuses for picking a finding's overall status.
func severity(s Status) int {
	switch s {
	case Fail:
		return 5
	case Warn:
		return 4
	case Unknown:
		return 3
	case Accepted:
		return 2
	case Pass:
		return 1
	}
	return 0
}

// done picks the worst problem as the finding's status, message and fix.
func (b *builder) done(passMessage string) Finding {
	slices.Sort(b.f.DjangoIDs)
	worst := -1
	for i, p := range b.f.Problems {
		if worst < 0 || severity(p.Status) > severity(b.f.Problems[worst].Status) {
			worst = i
		}
	}
	if worst < 0 {
		b.f.Status = Pass
		b.f.Message = passMessage
		return b.f
	}
	w := b.f.Problems[worst]
	b.f.Status = w.Status
	b.f.Message = w.Message
	b.f.Fix = w.Fix
	if n := len(b.f.Problems) - 1; n > 0 {
		b.f.Message += fmt.Sprintf(" (+%d more)", n)
	}
	return b.f
}

// skip is a finding for an item that does not apply.
func (b *builder) skip(msg string) Finding {
	b.f.Status = Skip
	b.f.Message = msg
	b.f.Problems = nil
	return b.f
}

// plainWord is a leading lowercase word that is not a name of code (a
// file, a setting, a dotted path), so it can take a capital.
var plainWord = regexp.MustCompile(`^[a-z]+ `)

// sentence capitalises a message that starts with a plain word.
func sentence(s string) string {
	if plainWord.MatchString(s) {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// requireMiddleware checks that a middleware Django relies on is in
// MIDDLEWARE: its removal is a failure with Django's ID; the tri result
// lets callers run the checks that only apply with it.
func requireMiddleware(c *evalCtx, b *builder, path, id, msg, fix string) tri {
	mw := c.contains("MIDDLEWARE", path)
	switch mw {
	case no:
		b.django(id, Fail, msg, fix, c.where("MIDDLEWARE"))
	case unk:
		b.unknown("MIDDLEWARE", "")
	}
	return mw
}
