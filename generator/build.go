package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/checklist/project"
	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/regularfile"
)

// ErrInvalidAnswers wraps every answer validation error (bad domains, an
// unknown HTTPS mode...): the CLI turns it into exit code 2.
var ErrInvalidAnswers = errors.New("invalid answers")

// latest is the Django version assumed when the project does not say.
var latest = [2]int{6, 1}

func formatEnv(v string) (string, error) { return envfile.Format(v) }

// DefaultAnswers are safe defaults for p: the HTTPS mode of the platform
// the hosting files show (a proxy when none does), the HSTS trial stage, the env style
// detected, the .env file, and the domains the settings already name.
func DefaultAnswers(p *project.Project) Answers {
	a := Answers{HTTPS: HTTPSProxy, HSTS: HSTSTrial, EnvStyle: "auto", EnvFile: ".env"}
	if p == nil {
		return a
	}
	// The wizard's default, for apply too: the platform the hosting files
	// show, else "not sure yet", which means the proxy-safe settings (a
	// redirect without the proxy header loops forever behind a proxy).
	if id, _ := SuggestPlatform(p); id != "" {
		if pl, ok := PlatformByID(id); ok {
			a.HTTPS = pl.HTTPS
		}
	}
	if s := p.Settings.Get("ALLOWED_HOSTS"); s != nil && (s.Value.Kind == pysource.ListVal || s.Value.Kind == pysource.TupleVal) {
		for _, v := range s.Value.Items {
			if v.Kind != pysource.StrVal {
				continue
			}
			switch v.Str {
			case "*", "", "localhost", "127.0.0.1", "[::1]", "0.0.0.0":
				continue
			}
			a.Domains = append(a.Domains, v.Str)
		}
	}
	return a
}

// Build works out every file change for answers a. It reads the project's
// files and writes nothing; given the same files and answers it returns
// the same plan (the key is reused from the env file when it holds one).
func Build(p *project.Project, a Answers) (*Plan, error) {
	if p == nil || p.Root == "" {
		return nil, fmt.Errorf("no project to harden")
	}
	a, err := checkAnswers(a)
	if err != nil {
		return nil, err
	}
	domains, err := NormalizeDomains(a.Domains)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidAnswers, err)
	}
	b := &builder{p: p, a: a, domains: domains, plan: &Plan{Root: p.Root, Answers: a}}
	b.plan.Notes = append(b.plan.Notes, domains.Notes...)
	if err := b.build(); err != nil {
		return nil, err
	}
	keepCROnly(b.plan)
	if err := refuseUnimportable(p, b.plan); err != nil {
		return nil, err
	}
	return b.plan, nil
}

func checkAnswers(a Answers) (Answers, error) {
	bad := func(format string, args ...any) (Answers, error) {
		return a, fmt.Errorf("%w: "+format, append([]any{ErrInvalidAnswers}, args...)...)
	}
	switch a.HTTPS {
	case HTTPSProxy, HTTPSDirect, HTTPSNone:
	case "":
		a.HTTPS = HTTPSDirect
	default:
		return bad("--https must be proxy, direct or none, not %q", a.HTTPS)
	}
	switch a.HSTS {
	case HSTSOff, HSTSTrial, HSTSYear, HSTSPreload:
	case "":
		a.HSTS = HSTSTrial
	default:
		return bad("--hsts must be off, trial, year or preload, not %q", a.HSTS)
	}
	switch a.EnvStyle {
	case "auto", "os", "environ", "decouple":
	case "":
		a.EnvStyle = "auto"
	default:
		return bad("--env-style must be auto, os, environ or decouple, not %q", a.EnvStyle)
	}
	if a.EnvFile == "" {
		a.EnvFile = ".env"
	}
	clean := path.Clean(filepath.ToSlash(a.EnvFile))
	if filepath.IsAbs(a.EnvFile) || clean == ".." || strings.HasPrefix(clean, "../") || clean == "." {
		return bad("the env file must be a path inside the project, not %q", a.EnvFile)
	}
	a.EnvFile = clean
	if a.Key != "" {
		if problem := KeyProblem(a.Key); problem != "" {
			return bad("the given secret key is weak: %s", problem)
		}
		if _, err := envfile.Format(a.Key); err != nil {
			return bad("the given secret key cannot be stored in an env file: %v", err)
		}
	}
	return a, nil
}

// builder carries the state of one Build.
type builder struct {
	p       *project.Project
	a       Answers
	domains Domains
	plan    *Plan

	major, minor int
	style        string
	target       string                      // settings file that gets the block
	sources      map[string]string           // current content of read files
	modules      map[string]*pysource.Module // parsed settings files of the chain
	vars         envVars
	envObj       string
	binds        map[string]bindings  // per chain file, read without the managed block
	chainCtx     *pysource.EnvContext // env context of the whole chain (see chainContext)
	includeLine  int                  // first line of the target's local-override include (0 = none)
	devEnvKept   string               // the development env file left alone (the values went elsewhere)
	reuse        reuse
}

func (b *builder) atLeast(major, minor int) bool {
	return b.major > major || (b.major == major && b.minor >= minor)
}

// ErrSettingsUnparsable wraps the error for a settings file Python cannot
// parse: a block added to it could not run either, so nothing is written.
var ErrSettingsUnparsable = errors.New("settings file does not parse")

// parse reads a settings file, refusing one with a syntax error (naming
// its line).
func parse(path, src string) (*pysource.Module, error) {
	m := pysource.Parse([]byte(src))
	if len(m.Issues) == 0 {
		return m, nil
	}
	is := m.Issues[0]
	return nil, fmt.Errorf("%w: %s:%d: Python cannot parse this line (%s); fix it first, nothing was written", ErrSettingsUnparsable, path, is.At.Line, is.Message)
}

// keeps reports whether the user chose to leave an item as it is.
func (b *builder) keeps(item string) bool {
	if alwaysWritten[item] {
		return false
	}
	for _, k := range b.a.Keep {
		if k == item {
			return true
		}
	}
	return false
}

func (b *builder) build() error {
	b.major, b.minor = latest[0], latest[1]
	if b.p.Django.Known && b.p.Django.Major > 0 {
		b.major, b.minor = b.p.Django.Major, b.p.Django.Minor
	}
	b.style = b.a.EnvStyle
	if b.style == "auto" {
		switch b.p.EnvStyle {
		case "environ", "decouple":
			b.style = b.p.EnvStyle
		default:
			b.style = "os"
		}
	}
	b.sources = map[string]string{}
	b.modules = map[string]*pysource.Module{}
	target, err := b.settingsFile()
	if err != nil {
		return err
	}
	b.target = target
	b.vars = b.envVarNames()

	if err := refuseOptionalIncludes(b.p, target); err != nil {
		return err
	}
	chain := b.chainFiles()
	b.binds = map[string]bindings{}
	for _, f := range chain {
		src, err := b.read(f)
		if err != nil {
			return err
		}
		if err := refuseLayout(f, []byte(src)); err != nil {
			return err
		}
		if b.modules[f], err = parse(f, src); err != nil {
			return err
		}
		if err := refuseClasses(f, b.modules[f]); err != nil {
			return err
		}
		if f == b.target {
			if err := refuseUnknownIncludes(f, b.modules[f]); err != nil {
				return err
			}
		}
		b.binds[f] = bindingsOf(pysource.Parse([]byte(withoutBlock(src))))
	}
	b.envObj = "env"
	createEnv := true
	for _, f := range chain {
		if name := b.binds[f].envObject(); name != "" {
			b.envObj, createEnv = name, false
		}
	}
	if inc := findOverrideInclude(b.modules[b.target]); inc != nil {
		b.includeLine = inc.Line
	}
	sameModule := b.a.Settings == "" || b.a.Settings == b.p.SettingsModule
	b.reuse = b.reuseFor(sameModule)

	if err := b.checkEnvTarget(chain); err != nil {
		return err
	}
	if err := b.chooseEnvFile(b.a.EnvFile != ".env"); err != nil {
		return err
	}

	// Literal secrets, file by file; the target gets the block afterwards.
	editor := &secretEditor{style: b.style, envObj: b.envObj, varFor: b.secretVar, keyOnly: b.keeps("secrets-in-settings")}
	newSrc := map[string]string{}
	var moved []movedSecret
	for _, f := range chain {
		// Modules other than the block's get a read every inheriting module
		// lives with: the development-only key when the variable is unset.
		editor.dev = f != b.target
		out, m := editor.edit(f, b.sources[f], b.modules[f])
		newSrc[f] = out
		moved = append(moved, m...)
	}
	b.plan.Notes = append(b.plan.Notes, editor.skipped...)

	where, include := b.placement(newSrc[b.target])
	data, err := b.blockData(chain, createEnv, where)
	if err != nil {
		return err
	}
	block, err := renderBlock(data)
	if err != nil {
		return err
	}
	if block, err = b.staticFix(block); err != nil {
		return err
	}
	newSrc[b.target] = positionBlock(newSrc[b.target], block, include)
	b.plan.Notes = append(b.plan.Notes, b.reuse.Notes...)
	b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("The hardened block is in %s, %s.", b.target, where))

	for _, f := range chain {
		if newSrc[f] == b.sources[f] {
			continue
		}
		why := "literal secrets replaced by environment reads"
		if f == b.target {
			why = "hardened settings block"
			if len(moved) > 0 && movedFrom(moved, f) {
				why += "; literal secrets replaced by environment reads"
			}
		}
		if err := b.addChange(f, []byte(newSrc[f]), false, why); err != nil {
			return err
		}
	}
	for _, m := range moved {
		if m.Value != "" {
			b.plan.secrets = append(b.plan.secrets, m.Value)
		}
		if m.Setting != "SECRET_KEY" {
			b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s:%d: %s now comes from the %s environment variable; its value moved to %s", m.File, m.Line, m.Setting, m.Var, b.a.EnvFile))
			continue
		}
		if m.Random != "" {
			b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s:%d: SECRET_KEY no longer falls back to a new random key (%s) when %s is missing: each restart and each worker process would sign with a different key. With DEBUG on and no key set, it falls back to a fixed development-only key; with DEBUG off, production refuses to start without a real one.", m.File, m.Line, m.Random, m.Var))
			continue
		}
		b.plan.Notes = append(b.plan.Notes, fmt.Sprintf("%s:%d: SECRET_KEY now comes from the %s environment variable; a new key is in %s. With DEBUG on and no key set, every settings module falls back to a fixed development-only key; with DEBUG off, production refuses to start without a real one.", m.File, m.Line, m.Var, b.a.EnvFile))
		if m.Value != "" {
			b.plan.Notes = append(b.plan.Notes, "The old secret key was written in "+m.File+": if that file was ever committed, git history keeps it, so it must be rotated (the new key does that; replace any other copy).")
		}
	}
	b.envFileReadNote(data)
	if err := b.envFiles(data, moved); err != nil {
		return err
	}
	return b.gitignore()
}

// placement says where the block goes in the target's source (after the
// secret edits): before its first local-override include, else last.
func (b *builder) placement(src string) (string, *overrideInclude) {
	m := pysource.Parse([]byte(withoutBlock(src)))
	if inc := findOverrideInclude(m); inc != nil {
		return "before " + inc.What + ", so local and operator overrides still win", inc
	}
	return "last in the file, so it overrides anything set above", nil
}

func movedFrom(moved []movedSecret, f string) bool {
	for _, m := range moved {
		if m.File == f {
			return true
		}
	}
	return false
}

// settingsFile finds the file of the settings module to write into.
func (b *builder) settingsFile() (string, error) {
	module := b.a.Settings
	if module == "" {
		module = b.p.SettingsModule
	}
	if module == "" {
		if n := len(b.p.SettingsFiles); n > 0 {
			return b.p.SettingsFiles[n-1], nil
		}
		return "", fmt.Errorf("%w: no settings module found: name it with --settings", ErrInvalidAnswers)
	}
	for _, c := range b.p.Candidates {
		if c.Module == module && c.File != "" {
			return c.File, nil
		}
	}
	rel := strings.ReplaceAll(module, ".", "/")
	for _, cand := range []string{rel + ".py", rel + "/__init__.py"} {
		if st, err := os.Stat(filepath.Join(b.p.Root, filepath.FromSlash(cand))); err == nil && st.Mode().IsRegular() {
			return cand, nil
		}
	}
	return "", fmt.Errorf("%w: settings module %s not found under %s", ErrInvalidAnswers, module, b.p.Root)
}

// chainFiles are the files whose literal secrets move: the chosen module's
// chain when the target is that module, and always the target itself.
func (b *builder) chainFiles() []string {
	var files []string
	seen := map[string]bool{}
	if b.a.Settings == "" || b.a.Settings == b.p.SettingsModule {
		for _, f := range b.p.SettingsFiles {
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	if !seen[b.target] {
		files = append(files, b.target)
	}
	return files
}

// read returns a project file's content ("" when missing) and remembers it.
func (b *builder) read(rel string) (string, error) {
	if s, ok := b.sources[rel]; ok {
		return s, nil
	}
	data, err := readRegular(filepath.Join(b.p.Root, filepath.FromSlash(rel)))
	switch {
	case errors.Is(err, regularfile.ErrTooLarge) || errors.Is(err, regularfile.ErrNotRegular):
		return "", fmt.Errorf("%w: %s: %v; nothing was written", ErrCannotEdit, rel, err)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("reading %s: %w", rel, err)
	}
	b.sources[rel] = string(data)
	return string(data), nil
}

// addChange records a change of rel to data, keeping the file's mode.
func (b *builder) addChange(rel string, data []byte, sensitive bool, why string) error {
	full := filepath.Join(b.p.Root, filepath.FromSlash(rel))
	fc := FileChange{Path: rel, New: data, Sensitive: sensitive, Why: why, Mode: 0o644}
	if sensitive {
		fc.Mode = 0o600
	}
	if st, err := os.Stat(full); err == nil {
		old, err := readRegular(full)
		if err != nil {
			return fmt.Errorf("reading %s: %w", rel, err)
		}
		if string(old) == string(data) {
			return nil
		}
		fc.Old, fc.Mode = old, st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("checking %s: %w", rel, err)
	}
	b.plan.Changes = append(b.plan.Changes, fc)
	return nil
}
