package checklist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

// settingsCheck wraps a check over the effective settings: without a
// settings module there is nothing to judge.
func settingsCheck(it **Item, check func(c *evalCtx, b *builder) Finding) func(*RunPass) Finding {
	return func(pass *RunPass) Finding {
		c := pass.eval
		b := c.start(*it)
		if pass.Settings == nil {
			b.f.Status = Unknown
			b.f.Message = "No settings module was found, so the settings could not be checked."
			b.f.Fix = "Run djharden from the project folder, or name the module with --settings."
			return b.f
		}
		if unread := pass.Settings.Unread; len(unread) > 0 {
			return unreadFinding(b, unread)
		}
		return check(c, b)
	}
}

// unreadFinding is the finding of a settings item when a module of the
// chain could not be read: whatever that module sets is unknown, so the
// item is neither passed on Django's defaults nor failed on half a chain.
func unreadFinding(b *builder, unread []project.Problem) Finding {
	for _, pr := range unread {
		var locs []Location
		what := "the settings module"
		if pr.File != "" {
			locs = []Location{{File: pr.File, Line: pr.Line}}
			what = pr.File
			if pr.Line > 0 {
				what = fmt.Sprintf("%s:%d", pr.File, pr.Line)
			}
		}
		b.problem(Unknown, fmt.Sprintf("not checked: %s: %s", what, pr.Message),
			"Make the settings readable Python (or render the template), then run djharden check again.", locs)
	}
	return b.done("")
}

var debugItem = &Item{
	ID:    "debug",
	Title: "DEBUG is off in production",
	Lesson: "With DEBUG on, any error page shows your code, your settings and parts of the request to whoever asked.\n" +
		"It also keeps every SQL query in memory. Production must run with DEBUG = False.\n" +
		"Read it from the environment as a real boolean: the text \"False\" is not False in Python.",
	Docs:      docs("debug"),
	DjangoIDs: []string{"security.W018"},
}

func init() { debugItem.Check = settingsCheck(&debugItem, checkDebug) }

func checkDebug(c *evalCtx, b *builder) Finding {
	s := c.get("DEBUG")
	locs := c.where("DEBUG")
	fix := "Set DEBUG = False in production settings, or read it with a real boolean parse, e.g. " + debugReadExample(c.p) + "."
	switch c.truthy("DEBUG") {
	case yes:
		msg := "DEBUG is on"
		switch {
		case s.Env != nil && s.EnvSet:
			msg = fmt.Sprintf("DEBUG is on: the environment variable %s makes it true", s.Env.Var)
		case s.Env != nil && c.p.EnvFile == "" && c.p.EnvValues == nil:
			msg = fmt.Sprintf("DEBUG is on unless the environment variable %s is set: its default is true, so production runs in debug mode when the variable is missing", s.Env.Var)
		case s.Env != nil:
			msg = fmt.Sprintf("DEBUG is on: %s is not in the env file and the default is true", s.Env.Var)
		}
		b.django("security.W018", Fail, msg, fix, locs)
	case unk:
		b.unknown("DEBUG", "Pass --env-file with the production environment, so the real value can be checked.")
	}
	if s != nil && s.Env != nil {
		debugEnvProblems(b, s, locs, !(s.EnvDefault && c.truthy("DEBUG") == yes))
	}
	if s != nil && s.Conditional {
		b.problem(Warn, "DEBUG is set inside a branch djharden cannot decide (if/try); check which value production gets", "Set DEBUG once, unconditionally, from the environment.", locs)
	}
	return b.done("DEBUG is off" + c.unlessSet("DEBUG") + ".")
}

// debugEnvProblems are the classic beginner bugs of reading DEBUG from the
// environment: a raw string used as a bool, and a default of True.
// An insecure default is a finding of its own (the evaluation policy):
// a fail, said separately unless the main finding already says it.
func debugEnvProblems(b *builder, s *project.Setting, locs []Location, sayDefault bool) {
	r := s.Env
	rawString := r.TruthyString || ((r.Cast == "" || r.Cast == "str") && !r.CompareTrue)
	if rawString {
		b.problem(Warn, fmt.Sprintf("DEBUG is the raw text of %s: any non-empty value, \"False\" and \"0\" included, turns DEBUG on", r.Var),
			fmt.Sprintf("Parse it as a boolean: env.bool(%q, default=False), config(%q, default=False, cast=bool) or os.environ.get(%q, \"\").lower() == \"true\".", r.Var, r.Var, r.Var), locs)
	}
	if sayDefault && r.HasDefault && defaultIsTrue(r) {
		b.problem(Fail, fmt.Sprintf("the default of %s is true: production runs in debug mode unless the variable is set", r.Var),
			"Make the default False; turn debug on in development by setting the variable there.", locs)
	}
}

// defaultIsTrue tells whether an env read's default makes DEBUG true.
func defaultIsTrue(r *pysource.EnvRead) bool {
	v := pysource.Literal(r.Default, nil)
	switch v.Kind {
	case pysource.Unknown:
		return false
	case pysource.StrVal:
		if len(r.FalseWords) > 0 {
			return !slices.Contains(r.FalseWords, v.Str) && !slices.Contains(r.FalseWords, strings.ToLower(v.Str))
		}
		if r.CompareTrue {
			for _, w := range r.TrueWords {
				if v.Str == w || strings.ToLower(v.Str) == w {
					return true
				}
			}
			return false
		}
		if r.Cast == "bool" {
			return truthWord(v.Str)
		}
		return v.Str != ""
	}
	return v.Truthy()
}

func truthWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "1", "yes", "on", "y", "t", "ok":
		return true
	}
	return false
}

// debugReadExample is a boolean DEBUG read in the project's own env style,
// so the fix never suggests a library the project does not use.
func debugReadExample(p *project.Project) string {
	switch p.EnvStyle {
	case "environ":
		return `env.bool("DEBUG", default=False)`
	case "decouple":
		return `config("DEBUG", default=False, cast=bool)`
	}
	return `os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")`
}
