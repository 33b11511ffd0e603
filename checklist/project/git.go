package project

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/checklist/pysource"
	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/gitrun"
)

// runGit runs git in dir with djharden's fixed safe config (see
// internal/gitrun) and returns its stdout.
func runGit(ctx context.Context, dir string, stdin []byte, args ...string) ([]byte, error) {
	return gitrun.Output(ctx, dir, stdin, args...)
}

// gitFacts gathers what git says about the settings and env files.
func (p *Project) gitFacts(ctx context.Context, idx fileIndex) GitFacts {
	var facts GitFacts
	if !gitrun.Available() {
		return facts
	}
	top, err := runGit(ctx, p.Root, nil, "rev-parse", "--show-toplevel")
	if errors.Is(err, gitrun.ErrDubiousOwnership) {
		p.Problems = append(p.Problems, Problem{Message: err.Error() + ": git facts (tracked files, ignore rules, history) are unknown"})
		return facts
	}
	if err != nil {
		return facts
	}
	facts.Available = true
	facts.TopLevel = strings.TrimSpace(string(top))
	facts.Tracked = map[string]bool{}

	var envFiles []string
	for _, rel := range idx.Files {
		name := path.Base(rel)
		if isEnvFileName(name) && !isEnvExample(name) && p.insideWorkTree(facts.TopLevel, rel) {
			envFiles = append(envFiles, rel)
		}
	}
	var paths []string
	for _, rel := range p.SettingsFiles {
		if p.insideWorkTree(facts.TopLevel, rel) {
			paths = append(paths, rel)
		}
	}
	paths = append(paths, envFiles...)
	tracked := p.gitTracked(ctx, paths)
	for _, rel := range paths {
		facts.Tracked[rel] = tracked[rel]
	}
	ignored, ok := p.gitIgnored(ctx, facts.TopLevel, append([]string{".env"}, envFiles...))
	facts.EnvIgnored = ignored[".env"]
	for _, rel := range envFiles {
		switch {
		case tracked[rel]:
			facts.EnvTracked = append(facts.EnvTracked, rel)
		case ok && !ignored[rel]:
			facts.EnvNotIgnored = append(facts.EnvNotIgnored, rel)
		}
	}
	if keys := p.historyKeys(facts.TopLevel, envFiles); len(keys) > 0 {
		res := searchHistory(ctx, p.Root, keys)
		facts.KeyInHistory = res.commits > 0
		facts.HistorySearch = res.extent()
		if facts.KeyInHistory {
			facts.KeyHistoryNote = res.note()
		}
		if !res.complete {
			p.Problems = append(p.Problems, Problem{Message: "git history: " + res.extent()})
		}
	}
	return facts
}

// insideWorkTree reports whether a path relative to Root lies in the work tree.
func (p *Project) insideWorkTree(top, rel string) bool {
	if top == "" {
		return false
	}
	abs := filepath.Join(p.Root, filepath.FromSlash(rel))
	realTop, err := filepath.EvalSymlinks(top)
	if err != nil {
		realTop = top
	}
	realDir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		realDir = filepath.Dir(abs)
	}
	return isAncestor(realTop, realDir) || isAncestor(top, abs)
}

// gitTracked returns which of the paths (relative to Root) git tracks.
func (p *Project) gitTracked(ctx context.Context, paths []string) map[string]bool {
	out := map[string]bool{}
	if len(paths) == 0 {
		return out
	}
	// ls-files prints paths relative to the current directory (Root).
	stdout, err := runGit(ctx, p.Root, nil, append([]string{"ls-files", "-z", "--full-name", "--"}, literalPathspecs(paths)...)...)
	if err != nil {
		return out
	}
	prefix := p.rootPrefix(ctx)
	listed := map[string]bool{}
	for _, name := range strings.Split(string(stdout), "\x00") {
		if name != "" {
			listed[name] = true
		}
	}
	for _, rel := range paths {
		full := path.Clean(prefix + rel)
		out[rel] = listed[full]
	}
	return out
}

// literalPathspecs marks paths so git does not read "[", "*" or "?" in a
// file name as a pattern.
func literalPathspecs(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = ":(literal)" + p
	}
	return out
}

// rootPrefix is Root's path inside the work tree, "" or "src/".
func (p *Project) rootPrefix(ctx context.Context) string {
	out, err := runGit(ctx, p.Root, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// gitIgnored returns which of the paths (relative to Root, existing or
// not) git would ignore, and false when git could not be asked: a
// .gitignore on the way that is a FIFO or device would block git forever,
// so then nothing is asked and a note says why. Paths are fed on stdin.
func (p *Project) gitIgnored(ctx context.Context, top string, paths []string) (map[string]bool, bool) {
	out := map[string]bool{}
	if bad := unsafeIgnoreFile(p.Root, top, paths); bad != "" {
		p.Problems = append(p.Problems, Problem{File: bad, Message: bad + " is not a regular file: git was not asked which env files it ignores"})
		return out, false
	}
	var in bytes.Buffer
	for _, rel := range paths {
		in.WriteString(rel)
		in.WriteByte(0)
	}
	// check-ignore exits 1 when nothing is ignored: that is not an error here.
	stdout, err := runGit(ctx, p.Root, in.Bytes(), "check-ignore", "-z", "--stdin")
	if err != nil && gitrun.ExitCode(err) != 1 {
		return out, false
	}
	for _, name := range strings.Split(string(stdout), "\x00") {
		if name != "" {
			out[name] = true
		}
	}
	return out, true
}

// unsafeIgnoreFile returns the first ignore file git would open for paths
// that is neither a regular file nor a symlink (which git does not follow),
// relative to root, or "".
func unsafeIgnoreFile(root, top string, paths []string) string {
	dirs := map[string]bool{}
	if top != "" {
		dirs[filepath.Join(top, ".git", "info")] = true
	}
	for _, rel := range paths {
		d := filepath.Dir(filepath.Join(root, filepath.FromSlash(rel)))
		for {
			dirs[d] = true
			if top == "" || !isAncestor(top, d) || d == top || filepath.Dir(d) == d {
				break
			}
			d = filepath.Dir(d)
		}
	}
	for d := range dirs {
		name := ".gitignore"
		if filepath.Base(d) == "info" {
			name = "exclude"
		}
		f := filepath.Join(d, name)
		st, err := os.Lstat(f)
		if err != nil {
			continue // missing (or unreadable: git skips it too)
		}
		if t := st.Mode().Type(); t != 0 && t != fs.ModeSymlink {
			if r, err := filepath.Rel(root, f); err == nil {
				return filepath.ToSlash(r)
			}
			return f
		}
	}
	return ""
}

// historyKeys are the secret key values whose presence in git history
// matters: a literal key in the settings (also as an environment read's
// fallback) and the key the env file holds (an env file committed once
// leaks it as surely). Short values would match unrelated text.
func (p *Project) historyKeys(top string, envFiles []string) [][]byte {
	var keys [][]byte
	add := func(k string) {
		if len(k) < 16 {
			return
		}
		for _, have := range keys {
			if string(have) == k {
				return
			}
		}
		keys = append(keys, []byte(k))
	}
	if key, file, ok := p.literalSecretKey(); ok && p.insideWorkTree(top, file) {
		add(key)
	}
	if s := p.Settings.Get("SECRET_KEY"); s != nil && s.Env != nil {
		if s.Env.HasDefault {
			if def := pysource.Literal(s.Env.Default, nil); def.Kind == pysource.StrVal {
				add(def.Str)
			}
		}
		add(p.EnvValues[s.Env.Var])
		// The project's own env files hold the key too, --env-file or not.
		for _, rel := range envFiles {
			data, err := readSmallFile(filepath.Join(p.Root, filepath.FromSlash(rel)), maxConfigSize)
			if err != nil {
				continue
			}
			if v, ok := envfile.Parse(data).Get(s.Env.Var); ok {
				add(v)
			}
		}
	}
	return keys
}

// literalSecretKey returns the effective SECRET_KEY when it is a literal
// string written in a settings file (the case where git history matters),
// with that file.
func (p *Project) literalSecretKey() (key, file string, ok bool) {
	s := p.Settings.Get("SECRET_KEY")
	if s == nil || s.Default || s.Value.Kind != pysource.StrVal || s.Value.Str == "" || s.Where.File == "" || s.Env != nil {
		return "", "", false
	}
	sf, err := p.Source(s.Where.File)
	if err != nil || !bytes.Contains(sf.Src, []byte(s.Value.Str)) {
		return "", "", false
	}
	return s.Value.Str, s.Where.File, true
}
