package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/envfile"
)

// Discover finds the Django project at or around opts.Dir and works out
// everything the checklist needs. It fails only when there is no Django
// project at all, the directory cannot be read, or --env-file names a file
// that does not exist; anything else odd becomes a Problem.
func Discover(opts Options) (*Project, error) {
	return DiscoverContext(context.Background(), opts)
}

// DiscoverContext is Discover with a context that bounds the git commands.
func DiscoverContext(ctx context.Context, opts Options) (*Project, error) {
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	if _, err := os.ReadDir(dir); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", dir, err)
	}
	found, err := findRoot(dir)
	if err != nil {
		return nil, err
	}
	p := &Project{Root: found.Root, ManagePy: found.ManagePy, Files: map[string]*SourceFile{}}
	p.Problems = append(p.Problems, found.Problems...)

	if opts.EnvFile != "" {
		if err := p.loadEnvFile(opts.EnvFile); err != nil {
			return nil, err
		}
	}

	idx := buildIndex(p.Root, dir)
	if !idx.Complete {
		p.Problems = append(p.Problems, Problem{Message: fmt.Sprintf(
			"the project tree is very large; only the first %d directories were looked at", maxWalkDirs)})
	}
	p.chooseModule(opts.Settings, idx)

	var settingsFiles []string
	for _, c := range p.Candidates {
		if c.Module == p.SettingsModule {
			settingsFiles = append([]string{c.File}, settingsFiles...)
		} else {
			settingsFiles = append(settingsFiles, c.File)
		}
	}
	p.Django = p.detectDjango(idx, settingsFiles)

	if p.SettingsModule != "" {
		settings, files, problems := EvaluateSettings(p, p.SettingsModule)
		p.Settings, p.SettingsFiles = settings, files
		p.Problems = append(p.Problems, problems...)
		if opts.Settings == "" {
			p.Problems = append(p.Problems, p.selectorProblems()...)
		}
	} else {
		p.Problems = append(p.Problems, Problem{Message: "no settings module found: nothing names DJANGO_SETTINGS_MODULE and no settings.py exists"})
	}
	p.detectEnvStyle()
	p.flagUnportableEnvLines()
	p.Hosting = p.hostingHints(idx)
	if !opts.NoGit {
		p.Git = p.gitFacts(ctx, idx)
	}
	if !opts.NoScan {
		scanOpts := opts.Scan
		if p.Settings != nil {
			scanOpts.TemplateDirs = append(scanOpts.TemplateDirs, templateDirs(p.Settings)...)
		}
		res, err := p.scanRepository(dir, scanOpts)
		if err != nil {
			p.Problems = append(p.Problems, Problem{Message: "code scan failed: " + err.Error()})
		}
		p.Scan = res
	}
	return p, nil
}

// chooseModule fills Candidates, SettingsModule and SettingsReason.
func (p *Project) chooseModule(requested string, idx fileIndex) {
	refs := p.collectRefs(idx)
	cands, byModule := p.buildCandidates(refs, p.settingsFileModules(idx))
	if requested != "" {
		if file, ok := p.ModuleFile(requested); ok {
			if !hasCandidate(cands, requested) {
				cands = append(cands, SettingsCandidate{Module: requested, File: file, Production: looksProduction(requested)})
			}
			p.Candidates = cands
			p.SettingsModule, p.SettingsReason = requested, "given with --settings"
			return
		}
		p.Problems = append(p.Problems, Problem{Message: fmt.Sprintf(
			"--settings %s: no such module under %s (looked for %s.py and %s/__init__.py); detecting the settings module instead",
			requested, p.Root, strings.ReplaceAll(requested, ".", "/"), strings.ReplaceAll(requested, ".", "/"))})
	}
	p.Candidates = cands
	p.SettingsModule, p.SettingsReason = chooseSettings(cands, byModule)
	if others := otherCandidates(cands, byModule, p.SettingsModule); others != "" {
		p.SettingsReason += "; not chosen: " + others
	}
}

func hasCandidate(cands []SettingsCandidate, module string) bool {
	for _, c := range cands {
		if c.Module == module {
			return true
		}
	}
	return false
}

// loadEnvFile reads --env-file: a path relative to the working directory,
// or, failing that, to Root.
func (p *Project) loadEnvFile(name string) error {
	candidates := []string{name}
	if !filepath.IsAbs(name) {
		candidates = append(candidates, filepath.Join(p.Root, name))
	}
	var data []byte
	var err error
	var used string
	for _, c := range candidates {
		data, err = readSmallFile(c, maxConfigSize)
		if err == nil {
			used = c
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--env-file %s: %w", name, err)
		}
	}
	if used == "" {
		return fmt.Errorf("--env-file %s: no such file", name)
	}
	f := envfile.Parse(data)
	p.EnvValues = f.Values()
	p.EnvFileKeys = f.Keys()
	abs, err := filepath.Abs(used)
	if err != nil {
		abs = used
	}
	p.EnvFile = abs
	if rel, err := filepath.Rel(p.Root, abs); err == nil && filepath.IsLocal(rel) {
		p.EnvFile = filepath.ToSlash(rel)
	}
	for _, l := range f.Lines {
		if l.Problem != "" {
			p.Problems = append(p.Problems, Problem{File: p.EnvFile, Line: l.Num, Message: l.Problem})
		}
	}
	return nil
}
