package generator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/djharden/djharden/internal/gitrun"
)

// ErrNothingToUndo is returned when no apply is left to undo.
var ErrNothingToUndo = errors.New("nothing to undo: djharden has not changed this project (or the last change was already undone)")

// UndoPlan is what an undo would do, for the user to read before it runs.
type UndoPlan struct {
	Root      string
	BackupDir string   // absolute
	Created   string   // when the apply ran (UTC stamp)
	Restore   []string // files put back to their version before the apply
	Remove    []string // files the apply created, removed
	Untouched []string // files the apply meant to write but never did (it stopped early)

	m       manifest
	entries []manifestEntry // the entries to act on, in order
}

// Empty reports whether the undo changes no file (an apply that stopped
// before writing anything): Run then only marks the backup undone.
func (u *UndoPlan) Empty() bool { return len(u.Restore)+len(u.Remove) == 0 }

// PlanUndo finds the last apply not undone yet and checks that it can be
// undone safely: the backup is bound to this project and this user (see
// binding), git does not track it, and no file was changed by hand since
// the apply. It changes nothing.
func PlanUndo(root string) (*UndoPlan, error) {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("project root: %w", err)
	}
	if err := realFolder(real, filepath.Join(real, StateDir)); err != nil {
		return nil, err
	}
	if err := realFolder(real, filepath.Join(real, filepath.FromSlash(BackupRoot))); err != nil {
		return nil, err
	}
	dir, m, err := lastBackup(real)
	if err != nil {
		return nil, err
	}
	if tracked := gitTracksBackups(real); tracked != "" {
		return nil, fmt.Errorf("refusing to restore %s: git tracks %s, so it came with the repository, not from an apply on this machine", rel(real, dir), tracked)
	}
	if err := checkBinding(real, dir, m); err != nil {
		return nil, err
	}
	u := &UndoPlan{Root: real, BackupDir: dir, Created: m.Created, m: m}
	// Check everything before touching anything.
	for _, e := range m.Files {
		abs, err := undoTarget(real, e.Path)
		if err != nil {
			return nil, err
		}
		cur, err := readRegular(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if e.Existed {
				return nil, fmt.Errorf("%s was deleted after djharden changed it; restore it from %s by hand", e.Path, rel(real, dir))
			}
			u.Untouched = append(u.Untouched, e.Path) // never created
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", e.Path, err)
		default:
			s := sum(cur)
			switch {
			case e.Existed && s == e.OldSHA256:
				u.Untouched = append(u.Untouched, e.Path)
			case s != e.NewSHA256:
				return nil, fmt.Errorf("%s changed after djharden wrote it; undo would lose those edits (its old version is in %s)", e.Path, rel(real, dir))
			case e.Existed:
				u.Restore = append(u.Restore, e.Path)
				u.entries = append(u.entries, e)
			default:
				u.Remove = append(u.Remove, e.Path)
				u.entries = append(u.entries, e)
			}
		}
	}
	// .gitignore last: the env file must be gone before its rule is.
	sort.SliceStable(u.entries, func(a, b int) bool {
		return !isGitignore(u.entries[a].Path) && isGitignore(u.entries[b].Path)
	})
	return u, nil
}

// Run restores the files, byte for byte and with their old mode (files the
// apply created are removed), under the project's lock, then marks the
// backup undone. The returned Files are the files it changed.
func (u *UndoPlan) Run() (*Applied, error) {
	lock, err := lockProject(u.Root)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()
	out := &Applied{BackupDir: u.BackupDir}
	for _, e := range u.entries {
		abs, err := undoTarget(u.Root, e.Path)
		if err != nil {
			return out, err
		}
		cur, err := readRegular(abs)
		if err != nil || sum(cur) != e.NewSHA256 {
			return out, fmt.Errorf("%s changed while undo ran; undo stopped (restored so far: %s)", e.Path, listOrNone(out.Files))
		}
		if !e.Existed {
			if err := removeIfSame(abs, cur); err != nil {
				return out, fmt.Errorf("removing %s: %w", e.Path, err)
			}
			out.Files = append(out.Files, e.Path)
			continue
		}
		old, err := readRegular(filepath.Join(u.BackupDir, filepath.FromSlash(e.Backup)))
		if err != nil {
			return out, fmt.Errorf("reading the backup of %s: %w", e.Path, err)
		}
		if sum(old) != e.OldSHA256 {
			return out, fmt.Errorf("the backup of %s is damaged (checksum mismatch)", e.Path)
		}
		if err := replaceChecked(abs, cur, old, e.Mode); err != nil {
			return out, fmt.Errorf("restoring %s: %w", e.Path, err)
		}
		out.Files = append(out.Files, e.Path)
	}
	u.m.Undone = true
	if err := writeManifest(u.BackupDir, u.m); err != nil {
		return out, err
	}
	unbind(u.m.Token)
	return out, nil
}

// Undo plans and runs an undo without asking (the CLI shows the plan and
// asks first).
func Undo(root string) (*Applied, error) {
	u, err := PlanUndo(root)
	if err != nil {
		return nil, err
	}
	return u.Run()
}

func listOrNone(files []string) string {
	if len(files) == 0 {
		return "none"
	}
	return strings.Join(files, ", ")
}

// gitTracksBackups returns a file under .djharden that git tracks, or "".
func gitTracksBackups(root string) string {
	if !gitrun.Available() {
		return ""
	}
	out, err := gitrun.Output(context.Background(), root, nil, "ls-files", "-z", "--", ":(literal)"+StateDir)
	if err != nil {
		return ""
	}
	if name, _, _ := strings.Cut(string(out), "\x00"); name != "" {
		return name
	}
	return ""
}

// undoTarget resolves a manifest path, refusing to leave the root.
func undoTarget(root, p string) (string, error) {
	abs := filepath.Join(root, filepath.FromSlash(p))
	if !filepath.IsLocal(filepath.FromSlash(p)) || !inside(root, abs) {
		return "", fmt.Errorf("the backup manifest names %s, outside the project", p)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		if !inside(root, real) {
			return "", fmt.Errorf("%s is a symlink leading outside the project", p)
		}
		abs = real
	}
	return abs, nil
}

// lastBackup finds the newest backup not yet undone.
func lastBackup(root string) (string, manifest, error) {
	base := filepath.Join(root, filepath.FromSlash(BackupRoot))
	entries, err := os.ReadDir(base)
	if errors.Is(err, fs.ErrNotExist) {
		return "", manifest{}, ErrNothingToUndo
	}
	if err != nil {
		return "", manifest{}, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, n := range names {
		dir := filepath.Join(base, n)
		data, err := readRegular(filepath.Join(dir, "manifest.json"))
		if err != nil {
			continue // an apply that stopped before its manifest changed nothing
		}
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return "", manifest{}, fmt.Errorf("reading %s: %w", rel(root, dir), err)
		}
		if m.Undone {
			continue
		}
		return dir, m, nil
	}
	return "", manifest{}, ErrNothingToUndo
}
