package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BackupRoot is where backups live, relative to the project root.
const BackupRoot = StateDir + "/backups"

// afterStep, when set by a test, runs after each write step of Apply (the
// manifest, then each file); an error stops Apply right there, as a kill
// would, so tests can check that every file is whole at every point.
var afterStep func(step int) error

// beforeReplace, when set by a test, runs just before each file is
// replaced (a concurrent writer strikes there).
var beforeReplace func(path string)

// now is time.Now; tests may pin it.
var now = time.Now

// manifest records one apply, written before any file is replaced.
type manifest struct {
	Created string          `json:"created"`
	Token   string          `json:"token"` // its record in the user's state folder binds the backup (see binding)
	Files   []manifestEntry `json:"files"`
	Undone  bool            `json:"undone"`
}

type manifestEntry struct {
	Path      string      `json:"path"`    // relative to the root, slash-separated
	Existed   bool        `json:"existed"` // the file existed before the apply
	Mode      fs.FileMode `json:"mode"`    // mode before (or the created file's mode)
	OldSHA256 string      `json:"old_sha256,omitempty"`
	NewSHA256 string      `json:"new_sha256"`
	Backup    string      `json:"backup,omitempty"` // copy of the old bytes, relative to the backup dir
}

// target is a checked destination of one change.
type target struct {
	change  *FileChange
	abs     string      // real path written (a symlink inside the root is followed)
	mode    fs.FileMode // mode written
	oldMode fs.FileMode // mode before (restored by undo)
}

// Apply writes the plan: it takes the project's lock, checks every target
// (inside the root, a writable regular file, unchanged since Build),
// saves a backup and its manifest, then replaces each file atomically,
// .gitignore first so that nothing it protects is ever on disk un-ignored.
// A file another program changes while Apply runs is refused and every
// file already written is put back. A failure part-way leaves every file
// either old or new; Undo restores the old ones.
func (pl *Plan) Apply() (*Applied, error) {
	if pl.Empty() {
		return &Applied{}, nil
	}
	root, err := filepath.EvalSymlinks(pl.Root)
	if err != nil {
		return nil, fmt.Errorf("project root: %w", err)
	}
	lock, err := lockProject(root)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()

	var targets []target
	for _, i := range writeOrder(pl.Changes) {
		t, err := checkTarget(root, &pl.Changes[i])
		if err != nil {
			return nil, errors.New(pl.Mask(err.Error()))
		}
		targets = append(targets, t)
	}
	dirs := []string{filepath.Join(root, StateDir)}
	for _, t := range targets {
		dirs = append(dirs, filepath.Dir(t.abs))
	}
	cleanStaleTemps(dirs)

	backupDir, m, warning, err := pl.backup(root, targets)
	if err != nil {
		return nil, err
	}
	applied := &Applied{BackupDir: backupDir}
	if warning != "" {
		applied.Warnings = append(applied.Warnings, warning)
	}
	if err := step(0); err != nil {
		return applied, err
	}
	checked := false
	for i, t := range targets {
		if !checked && !isGitignore(t.change.Path) {
			// The ignore rules are on disk: ask git itself whether they cover
			// every file that will hold secrets, before writing any.
			checked = true
			if err := pl.confirmIgnored(root, targets); err != nil {
				return applied, pl.rollBack(backupDir, m, targets[:i], err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(t.abs), 0o755); err != nil {
			return applied, fmt.Errorf("creating the folder of %s: %w (run djharden undo to restore)", t.change.Path, err)
		}
		if beforeReplace != nil {
			beforeReplace(t.abs)
		}
		if err := replaceChecked(t.abs, t.change.Old, t.change.New, t.mode); err != nil {
			if errors.Is(err, ErrConcurrentChange) {
				return applied, pl.rollBack(backupDir, m, targets[:i], fmt.Errorf("%s %w (another program is editing it)", t.change.Path, err))
			}
			return applied, fmt.Errorf("writing %s: %w (run djharden undo to restore)", t.change.Path, err)
		}
		applied.Files = append(applied.Files, t.change.Path)
		if err := step(i + 1); err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// backup saves the old bytes of every target and the manifest, and binds
// the backup to this user and project.
func (pl *Plan) backup(root string, targets []target) (string, manifest, string, error) {
	stamp := now().UTC().Format("20060102T150405.000000000Z")
	base := filepath.Join(root, filepath.FromSlash(BackupRoot))
	if err := realFolder(root, base); err != nil {
		return "", manifest{}, "", err
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", manifest{}, "", fmt.Errorf("creating the backup folder: %w", err)
	}
	backupDir := filepath.Join(base, stamp)
	if err := os.Mkdir(backupDir, 0o700); err != nil {
		return "", manifest{}, "", fmt.Errorf("creating the backup folder: %w", err)
	}
	if err := os.Mkdir(filepath.Join(backupDir, "files"), 0o700); err != nil {
		return "", manifest{}, "", fmt.Errorf("creating the backup folder: %w", err)
	}
	token, err := newToken()
	if err != nil {
		return "", manifest{}, "", fmt.Errorf("drawing a backup token: %w", err)
	}
	m := manifest{Created: stamp, Token: token}
	for i, t := range targets {
		e := manifestEntry{Path: t.change.Path, Existed: t.change.Old != nil, Mode: t.oldMode, NewSHA256: sum(t.change.New)}
		if e.Existed {
			e.OldSHA256 = sum(t.change.Old)
			e.Backup = fmt.Sprintf("files/%d", i)
			if err := writeAtomic(filepath.Join(backupDir, filepath.FromSlash(e.Backup)), t.change.Old, 0o600); err != nil {
				return "", m, "", fmt.Errorf("backing up %s: %w", t.change.Path, err)
			}
		}
		m.Files = append(m.Files, e)
	}
	// Without a record of the token (no state folder: no home, read-only),
	// the apply still runs; undo will refuse this backup, and says why.
	var warning string
	if err := bind(root, backupDir, m); err != nil {
		warning = fmt.Sprintf("%v: djharden undo will not trust this backup; restore from %s by hand if needed (set %s to a writable folder to avoid this)", err, rel(root, backupDir), StateDirEnv)
	}
	if err := writeManifest(backupDir, m); err != nil {
		return "", m, "", err
	}
	return backupDir, m, warning, nil
}

// rollBack puts back the files written before cause stopped the apply,
// and marks the backup undone: the apply is refused as a whole.
func (pl *Plan) rollBack(backupDir string, m manifest, written []target, cause error) error {
	var failed []string
	for i := len(written) - 1; i >= 0; i-- {
		t := written[i]
		var err error
		if t.change.Old == nil {
			err = removeIfSame(t.abs, t.change.New)
		} else {
			err = replaceChecked(t.abs, t.change.New, t.change.Old, t.oldMode)
		}
		if err != nil {
			failed = append(failed, t.change.Path)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w: could not put back %s; run djharden undo", cause, strings.Join(failed, ", "))
	}
	m.Undone = true
	_ = writeManifest(backupDir, m)
	unbind(m.Token)
	return fmt.Errorf("%w: nothing was changed", cause)
}

// ErrNotIgnored is wrapped when git would not ignore a file that is about
// to receive secrets, even with the rules apply wrote.
var ErrNotIgnored = errors.New("git would not ignore it")

// confirmIgnored asks git whether every sensitive target is ignored.
func (pl *Plan) confirmIgnored(root string, targets []target) error {
	var paths []string
	for _, t := range targets {
		if t.change.Sensitive {
			paths = append(paths, t.change.Path)
		}
	}
	missing, err := notIgnored(root, paths)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: %w, even with the .gitignore rules djharden wrote (a rule like !%s, or a file name git reads as a pattern); fix .gitignore and run again", strings.Join(missing, ", "), ErrNotIgnored, missing[0])
	}
	return nil
}

// removeIfSame removes path when it still holds data.
func removeIfSame(path string, data []byte) error {
	cur, err := readRegular(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if string(cur) != string(data) {
		return ErrConcurrentChange
	}
	return os.Remove(path)
}

// writeOrder is the order changes are written in: .gitignore files first,
// so the rules that keep env files and backups out of git are in place
// before anything they protect is written; then the plan's order.
func writeOrder(changes []FileChange) []int {
	order := make([]int, len(changes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return isGitignore(changes[order[a]].Path) && !isGitignore(changes[order[b]].Path)
	})
	return order
}

func isGitignore(p string) bool { return p == ".gitignore" || strings.HasSuffix(p, "/.gitignore") }

func step(i int) error {
	if afterStep == nil {
		return nil
	}
	return afterStep(i)
}

// checkTarget refuses a target outside the root (through a symlink), one
// that is not a regular file (a FIFO, a device), one too large, a
// read-only file or folder, and a file changed since Build.
func checkTarget(root string, c *FileChange) (target, error) {
	t := target{change: c, mode: c.Mode}
	if c.Mode == 0 {
		t.mode = 0o644
	}
	if len(c.New) > MaxFileSize {
		return t, fmt.Errorf("%s would be %d bytes: djharden writes files of at most 1 MiB; nothing was changed", c.Path, len(c.New))
	}
	abs := filepath.Join(root, filepath.FromSlash(c.Path))
	if !inside(root, abs) {
		return t, fmt.Errorf("%s is outside the project", c.Path)
	}
	if inside(filepath.Join(root, StateDir), abs) {
		return t, fmt.Errorf("%s is inside djharden's own %s folder: refusing to write there", c.Path, StateDir)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		if !inside(root, real) {
			return t, fmt.Errorf("%s is a symlink to %s, outside the project: refusing to write through it", c.Path, real)
		}
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return t, fmt.Errorf("%s: %w", c.Path, err)
	}
	t.abs = abs
	st, err := os.Lstat(abs)
	switch {
	case err == nil:
		if !st.Mode().IsRegular() {
			return t, fmt.Errorf("%s is not a regular file (%s): refusing to read or replace it; nothing was changed", c.Path, st.Mode().Type())
		}
		// Root may write anything: the owner's write bit is what the user meant.
		if st.Mode().Perm()&0o200 == 0 {
			return t, fmt.Errorf("%s is read-only: make it writable (chmod u+w) and run again; nothing was changed", c.Path)
		}
		cur, err := readRegular(abs)
		if err != nil {
			return t, fmt.Errorf("reading %s: %w", c.Path, err)
		}
		if c.Old == nil || string(cur) != string(c.Old) {
			return t, fmt.Errorf("%s changed since the plan was made: run djharden again; nothing was changed", c.Path)
		}
		t.oldMode = st.Mode().Perm()
		t.mode = t.oldMode
		if c.Sensitive {
			// A file that now holds secrets is readable by its owner only.
			t.mode = 0o600
		}
	case errors.Is(err, fs.ErrNotExist):
		if c.Old != nil {
			return t, fmt.Errorf("%s was removed since the plan was made: run djharden again; nothing was changed", c.Path)
		}
		t.oldMode = t.mode
	default:
		return t, fmt.Errorf("%s: %w", c.Path, err)
	}
	if err := checkDirWritable(root, filepath.Dir(abs)); err != nil {
		return t, fmt.Errorf("%s: %w; nothing was changed", c.Path, err)
	}
	return t, nil
}

// checkDirWritable checks the nearest existing folder of dir: atomic
// replacement creates a temporary file next to the target.
func checkDirWritable(root, dir string) error {
	for {
		st, err := os.Stat(dir)
		if err == nil {
			if st.Mode().Perm()&0o200 == 0 {
				return fmt.Errorf("the folder %s is read-only", rel(root, dir))
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) || dir == root {
			return err
		}
		dir = filepath.Dir(dir)
	}
}

func inside(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func writeManifest(dir string, m manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "manifest.json"), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the backup manifest: %w", err)
	}
	return nil
}
