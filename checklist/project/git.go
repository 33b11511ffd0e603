package project

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/djharden/djharden/checklist/pysource"
)

// gitTimeout bounds each quick git command; historyTimeout bounds the
// search of history for a committed key.
const (
	gitTimeout     = 10 * time.Second
	historyTimeout = 30 * time.Second
)

// gitSafetyArgs keep git from running anything a repository's own config
// could name: an untrusted project must not execute code through us.
var gitSafetyArgs = []string{"-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "-c", "diff.external="}

// runGit runs git in dir and returns its stdout.
func runGit(ctx context.Context, dir string, stdin []byte, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append(append([]string{"-C", dir}, gitSafetyArgs...), args...)...)
	cmd.Env = gitEnv()
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd.Output()
}

// gitEnv is the environment for git: no prompts, no pager, stable output.
func gitEnv() []string {
	return append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
}

// gitFacts gathers what git says about the settings and env files.
func (p *Project) gitFacts(ctx context.Context, idx fileIndex) GitFacts {
	var facts GitFacts
	if _, err := exec.LookPath("git"); err != nil {
		return facts
	}
	top, err := runGit(ctx, p.Root, nil, "rev-parse", "--show-toplevel")
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
	ignored := p.gitIgnored(ctx, append([]string{".env"}, envFiles...))
	facts.EnvIgnored = ignored[".env"]
	for _, rel := range envFiles {
		switch {
		case tracked[rel]:
			facts.EnvTracked = append(facts.EnvTracked, rel)
		case !ignored[rel]:
			facts.EnvNotIgnored = append(facts.EnvNotIgnored, rel)
		}
	}
	if key, file, ok := p.literalSecretKey(); ok && p.insideWorkTree(facts.TopLevel, file) {
		facts.KeyInHistory, facts.KeyHistoryNote = searchHistory(ctx, p.Root, []byte(key))
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
	stdout, err := runGit(ctx, p.Root, nil, append([]string{"ls-files", "-z", "--full-name", "--"}, paths...)...)
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

// rootPrefix is Root's path inside the work tree, "" or "src/".
func (p *Project) rootPrefix(ctx context.Context) string {
	out, err := runGit(ctx, p.Root, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// gitIgnored returns which of the paths (relative to Root, existing or
// not) git would ignore. Paths are fed on stdin, one per line.
func (p *Project) gitIgnored(ctx context.Context, paths []string) map[string]bool {
	out := map[string]bool{}
	var in bytes.Buffer
	for _, rel := range paths {
		in.WriteString(rel)
		in.WriteByte(0)
	}
	// check-ignore exits 1 when nothing is ignored: that is not an error here.
	stdout, _ := runGit(ctx, p.Root, in.Bytes(), "check-ignore", "-z", "--stdin")
	for _, name := range strings.Split(string(stdout), "\x00") {
		if name != "" {
			out[name] = true
		}
	}
	return out
}

// literalSecretKey returns the effective SECRET_KEY when it is a literal
// string written in a settings file (the case where git history matters),
// with that file.
func (p *Project) literalSecretKey() (key, file string, ok bool) {
	s := p.Settings.Get("SECRET_KEY")
	if s == nil || s.Default || s.Value.Kind != pysource.StrVal || s.Value.Str == "" || s.Where.File == "" {
		return "", "", false
	}
	// Short values are too likely to match unrelated text.
	if len(s.Value.Str) < 16 {
		return "", "", false
	}
	sf, err := p.Source(s.Where.File)
	if err != nil || !bytes.Contains(sf.Module.Src, []byte(s.Value.Str)) {
		return "", "", false
	}
	return s.Value.Str, s.Where.File, true
}

// historyCommitCap bounds how many commits the history search reads.
const historyCommitCap = 2000

// searchHistory looks for key in the patches of every commit (all refs),
// newest first, with git's output streamed and searched here: the key is
// never put on a command line, where other users could read it.
func searchHistory(ctx context.Context, root string, key []byte) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, historyTimeout)
	defer cancel()
	const marker = "\x01djharden-commit "
	args := append([]string{"-C", root}, gitSafetyArgs...)
	args = append(args, "log", "--all", "-p", "--no-ext-diff", "--no-textconv", "--no-color",
		"-n", strconv.Itoa(historyCommitCap), "--format="+strings.ReplaceAll(marker, "\x01", "%x01")+"%H %cs")
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Env = gitEnv()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return false, ""
	}
	if cmd.Start() != nil {
		return false, ""
	}
	hits := historyScan(stdout, key, marker)
	_ = cmd.Wait() // an early stop or timeout ends git; what was read stands
	if hits.commits == 0 {
		return false, ""
	}
	note := "in " + plural(hits.commits, "commit") + ", first " + hits.firstDate
	if hits.scanned >= historyCommitCap || ctx.Err() != nil {
		note += " (searched only the newest " + plural(hits.scanned, "commit") + ")"
	}
	return true, note
}

// plural renders "1 commit" / "3 commits".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
