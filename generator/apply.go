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
	"strings"
	"time"
)

// BackupRoot is where backups live, relative to the project root.
const BackupRoot = ".djharden/backups"

// afterStep, when set by a test, runs after each write step of Apply (the
// manifest, then each file); an error stops Apply right there, as a kill
// would, so tests can check that every file is whole at every point.
var afterStep func(step int) error

// now is time.Now; tests may pin it.
var now = time.Now

// manifest records one apply, written before any file is replaced.
type manifest struct {
	Created string          `json:"created"`
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
	change *FileChange
	abs    string // real path written (a symlink inside the root is followed)
	mode   fs.FileMode
}

// Apply writes the plan: it checks every target first (inside the root,
// writable, unchanged since Build), saves a backup and its manifest, then
// replaces each file atomically. A failure part-way leaves every file
// either old or new; Undo restores the old ones.
func (pl *Plan) Apply() (*Applied, error) {
	if pl.Empty() {
		return &Applied{}, nil
	}
	root, err := filepath.EvalSymlinks(pl.Root)
	if err != nil {
		return nil, fmt.Errorf("project root: %w", err)
	}
	targets := make([]target, len(pl.Changes))
	for i := range pl.Changes {
		t, err := checkTarget(root, &pl.Changes[i])
		if err != nil {
			return nil, errors.New(pl.Mask(err.Error()))
		}
		targets[i] = t
	}

	stamp := now().UTC().Format("20060102T150405.000000000Z")
	backupDir := filepath.Join(root, filepath.FromSlash(BackupRoot), stamp)
	if err := os.MkdirAll(filepath.Join(backupDir, "files"), 0o700); err != nil {
		return nil, fmt.Errorf("creating the backup folder: %w", err)
	}
	m := manifest{Created: stamp}
	for i, t := range targets {
		e := manifestEntry{Path: t.change.Path, Existed: t.change.Old != nil, Mode: t.mode, NewSHA256: sum(t.change.New)}
		if e.Existed {
			e.OldSHA256 = sum(t.change.Old)
			e.Backup = fmt.Sprintf("files/%d", i)
			if err := writeAtomic(filepath.Join(backupDir, filepath.FromSlash(e.Backup)), t.change.Old, 0o600); err != nil {
				return nil, fmt.Errorf("backing up %s: %w", t.change.Path, err)
			}
		}
		m.Files = append(m.Files, e)
	}
	if err := writeManifest(backupDir, m); err != nil {
		return nil, err
	}
	applied := &Applied{BackupDir: backupDir}
	if err := step(0); err != nil {
		return applied, err
	}
	for i, t := range targets {
		if err := os.MkdirAll(filepath.Dir(t.abs), 0o755); err != nil {
			return applied, fmt.Errorf("creating the folder of %s: %w (run djharden undo to restore)", t.change.Path, err)
		}
		if err := writeAtomic(t.abs, t.change.New, t.mode); err != nil {
			return applied, fmt.Errorf("writing %s: %w (run djharden undo to restore)", t.change.Path, err)
		}
		applied.Files = append(applied.Files, t.change.Path)
		if err := step(i + 1); err != nil {
			return applied, err
		}
	}
	return applied, nil
}

func step(i int) error {
	if afterStep == nil {
		return nil
	}
	return afterStep(i)
}

// checkTarget refuses a target outside the root (through a symlink), a
// read-only file or folder, and a file changed since Build.
func checkTarget(root string, c *FileChange) (target, error) {
	t := target{change: c, mode: c.Mode}
	if c.Mode == 0 {
		t.mode = 0o644
	}
	abs := filepath.Join(root, filepath.FromSlash(c.Path))
	if !inside(root, abs) {
		return t, fmt.Errorf("%s is outside the project", c.Path)
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
	st, err := os.Stat(abs)
	switch {
	case err == nil:
		if !st.Mode().IsRegular() {
			return t, fmt.Errorf("%s is not a regular file", c.Path)
		}
		// Root may write anything: the owner's write bit is what the user meant.
		if st.Mode().Perm()&0o200 == 0 {
			return t, fmt.Errorf("%s is read-only: make it writable (chmod u+w) and run again; nothing was changed", c.Path)
		}
		cur, err := os.ReadFile(abs)
		if err != nil {
			return t, fmt.Errorf("reading %s: %w", c.Path, err)
		}
		if c.Old == nil || string(cur) != string(c.Old) {
			return t, fmt.Errorf("%s changed since the plan was made: run djharden again; nothing was changed", c.Path)
		}
		t.mode = st.Mode().Perm()
	case errors.Is(err, fs.ErrNotExist):
		if c.Old != nil {
			return t, fmt.Errorf("%s was removed since the plan was made: run djharden again; nothing was changed", c.Path)
		}
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
