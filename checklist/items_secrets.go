package checklist

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
)

var secretsInSettingsItem = &Item{
	ID:    "secrets-in-settings",
	Title: "No passwords or API keys are written in settings",
	Lesson: "Settings files get committed, copied and pasted into chats.\n" +
		"A database password or API token written there is readable by everyone who sees the code.\n" +
		"Keep them in the environment (an env file that git ignores) and read them in settings.",
	Docs: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#critical-settings",
}

var envFileItem = &Item{
	ID:    "env-file",
	Title: "The env file with real values stays out of git",
	Lesson: "An env file holds the real key and passwords, so it must never be committed.\n" +
		"List it in .gitignore; commit a .env.example with placeholders instead, so others know what to set.",
	Docs: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key",
}

func init() {
	secretsInSettingsItem.Check = settingsCheck(&secretsInSettingsItem, checkSecretsInSettings)
	envFileItem.Check = checkEnvFile
}

// secretName matches setting names that hold credentials.
var secretName = regexp.MustCompile(`(_KEY|_TOKEN|_SECRET|PASSWORD|_PASS|_PWD)$|PASSWORD|SECRET`)

// notSecretName are look-alikes that hold no secret.
var notSecretName = regexp.MustCompile(`PUBLIC|PUBLISHABLE|_FILE$|_PATH$|_HEADER|_NAME$|_URL$|COOKIE|HASHERS|VALIDATORS|TIMEOUT|_FIELD$`)

// passwordSubscript matches DATABASES["default"]["PASSWORD"] = "..." lines.
var passwordSubscript = regexp.MustCompile(`\[\s*['"]PASSWORD['"]\s*\]\s*=\s*[rRbBuU]?['"]`)

func checkSecretsInSettings(c *evalCtx, b *builder) Finding {
	names := make([]string, 0, len(c.s.Values))
	for name := range c.s.Values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := c.s.Values[name]
		if s.Default || name == "SECRET_KEY" || name == "SECRET_KEY_FALLBACKS" {
			continue
		}
		if name == "DATABASES" {
			databasePasswords(c, b, s)
			continue
		}
		if !secretName.MatchString(name) || notSecretName.MatchString(name) {
			continue
		}
		if s.Env != nil {
			// A read of the environment whose fallback is the secret itself.
			if s.Env.HasDefault {
				if def := pysource.Literal(s.Env.Default, nil); def.Kind == pysource.StrVal && def.Str != "" {
					literalSecret(c, b, name+" (the fallback of "+s.Env.Var+")", def.Str, fromProject(s.Where))
				}
			}
			continue
		}
		if str, ok := s.Expr.(*pysource.Str); ok && !str.FString && str.Value != "" && s.Value.Kind == pysource.StrVal {
			literalSecret(c, b, name, s.Value.Str, fromProject(s.Where))
		}
	}
	return b.done("No literal passwords, tokens or API keys in settings.")
}

// databasePasswords finds literal PASSWORD values in DATABASES, whether in
// the dict display or assigned by subscript later.
func databasePasswords(c *evalCtx, b *builder, s *project.Setting) {
	if d, ok := s.Expr.(*pysource.Dict); ok {
		for i, k := range d.Keys {
			db, ok := d.Values[i].(*pysource.Dict)
			if !ok {
				continue
			}
			alias := pysource.Literal(k, nil).Str
			for j, field := range db.Keys {
				if f := pysource.Literal(field, nil); f.Kind != pysource.StrVal || f.Str != "PASSWORD" {
					continue
				}
				if lit, ok := db.Values[j].(*pysource.Str); ok && !lit.FString && lit.Value != "" {
					at := db.Values[j].Pos()
					where := s.Where
					loc := Location{File: firstHistoryFile(s), Line: at.Line, Column: at.Col, Source: sourceLine(c.p, firstHistoryFile(s), at.Line, where)}
					literalSecret(c, b, fmt.Sprintf("DATABASES[%q][\"PASSWORD\"]", alias), lit.Value, loc)
				}
			}
		}
	}
	for _, h := range s.History {
		if passwordSubscript.MatchString(h.Source) {
			literalSecret(c, b, "DATABASES[...][\"PASSWORD\"]", "", fromProject(h))
		}
	}
}

// firstHistoryFile is the file of the display that built the setting.
func firstHistoryFile(s *project.Setting) string {
	for _, h := range s.History {
		if h.Line == s.Expr.Pos().Line || len(s.History) == 1 {
			return h.File
		}
	}
	return s.Where.File
}

func sourceLine(p *project.Project, file string, line int, fallback project.Location) string {
	if sf, err := p.Source(file); err == nil && sf != nil {
		return strings.TrimSpace(sf.Line(line))
	}
	return strings.TrimSpace(fallback.Source)
}

// literalSecret records one secret written in a settings file; value ""
// means the value is not shown at all.
func literalSecret(c *evalCtx, b *builder, what, value string, loc Location) {
	tracked := c.p.Git.Available && c.p.Git.Tracked[loc.File]
	shown := ""
	if value != "" {
		shown = " " + MaskSecret(value)
	}
	msg := fmt.Sprintf("%s%s is written in %s", what, shown, loc.File)
	status := Warn
	if tracked {
		status = Fail
		msg += ", which git tracks"
	}
	b.problem(status, msg, "Move the value to the env file and read it from the environment (the old value must be changed if it was committed).", []Location{loc})
}

func checkEnvFile(pass *RunPass) Finding {
	p := pass.Project
	b := pass.eval.start(envFileItem)
	if !p.Git.Available {
		return b.skip("Not a git work tree, so nothing can be committed by mistake.")
	}
	for _, f := range p.Git.EnvTracked {
		b.problem(Fail, fmt.Sprintf("%s is tracked by git: its values are in the repository for everyone who clones it", f),
			fmt.Sprintf("Run `git rm --cached %s`, add it to .gitignore, and change every value it held.", f), []Location{{File: f}})
	}
	for _, f := range p.Git.EnvNotIgnored {
		b.problem(Warn, fmt.Sprintf("%s is not in .gitignore: the next `git add .` commits it", f),
			fmt.Sprintf("Add %s to .gitignore.", f), []Location{{File: f}})
	}
	return b.done("Env files are ignored by git.")
}
