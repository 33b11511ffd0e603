package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/djharden/djharden/internal/regularfile"
)

// StateDir is djharden's folder in the project, relative to the root.
const StateDir = ".djharden"

// staleLockAge: a lock older than this is stale whoever holds it (an
// apply takes well under a second).
const staleLockAge = 10 * time.Minute

// ErrLocked is wrapped by the error of an apply or undo refused because
// another one holds the project's lock.
var ErrLocked = errors.New("another djharden apply or undo is running on this project")

// lockInfo is what the lock file says about its holder.
type lockInfo struct {
	PID     int    `json:"pid"`
	Host    string `json:"host"`
	Started string `json:"started"`
}

// projectLock is a held lock on a project's .djharden folder.
type projectLock struct{ path string }

// stateFolder checks (and creates) root/.djharden: it must be a real
// folder, not a symlink that would send backups (old keys, passwords)
// elsewhere. It also keeps a .gitignore of "*" in it, so git ignores the
// folder whatever the project's own .gitignore says, also after an undo.
func stateFolder(root string) (string, error) {
	dir := filepath.Join(root, StateDir)
	if err := realFolder(root, dir); err != nil {
		return "", err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("creating %s: %w", StateDir, err)
	}
	if err := realFolder(root, dir); err != nil { // swapped in meanwhile
		return "", err
	}
	ignore := filepath.Join(dir, ".gitignore")
	if cur, err := readRegular(ignore); err != nil || string(cur) != "*\n" {
		if err := writeAtomic(ignore, []byte("*\n"), 0o644); err != nil {
			return "", fmt.Errorf("writing %s/.gitignore: %w", StateDir, err)
		}
	}
	return dir, nil
}

// realFolder refuses dir when it is a symlink or not a folder; a missing
// dir is fine.
func realFolder(root, dir string) error {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(dir)
		return fmt.Errorf("%s is a symlink (to %s): backups hold old keys and passwords and must stay inside the project; remove the link and run again; nothing was changed", rel(root, dir), target)
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder: move it away and run again; nothing was changed", rel(root, dir))
	}
	return nil
}

// lockProject takes the lock file in the project's .djharden folder. A
// lock held by a live process is refused with ErrLocked; one left by a
// process that is gone (or older than staleLockAge) is replaced.
func lockProject(root string) (*projectLock, error) {
	dir, err := stateFolder(root)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "lock")
	host, _ := os.Hostname()
	me := lockInfo{PID: os.Getpid(), Host: host, Started: now().UTC().Format(time.RFC3339)}
	data, _ := json.Marshal(me)
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.Write(append(data, '\n'))
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(path)
				return nil, fmt.Errorf("writing the lock %s/lock: %v", StateDir, errors.Join(werr, cerr))
			}
			return &projectLock{path: path}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("taking the lock %s/lock: %w", StateDir, err)
		}
		holder, stale := readLock(path, host)
		if !stale {
			return nil, fmt.Errorf("%w (%s): wait for it to finish; if none is running, remove %s/lock; nothing was changed", ErrLocked, holder, StateDir)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("removing the stale lock %s/lock: %w", StateDir, err)
		}
	}
	return nil, fmt.Errorf("%w: the lock %s/lock keeps coming back; nothing was changed", ErrLocked, StateDir)
}

// readLock describes a lock's holder and reports whether it is stale: its
// process is gone (same host), it is too old, or it cannot be read (a lock
// cut short by a kill while it was written).
func readLock(path, host string) (string, bool) {
	data, err := regularfile.Read(path, 4096, nil)
	st, serr := os.Lstat(path)
	if errors.Is(serr, fs.ErrNotExist) {
		return "", true
	}
	old := serr == nil && now().Sub(st.ModTime()) > staleLockAge
	var li lockInfo
	if err != nil || json.Unmarshal(data, &li) != nil || li.PID <= 0 {
		// Being written right now, or cut short by a kill.
		return "an unreadable lock", old || (serr == nil && now().Sub(st.ModTime()) > 5*time.Second)
	}
	holder := fmt.Sprintf("process %d on %s, since %s", li.PID, li.Host, li.Started)
	if old {
		return holder, true
	}
	if li.Host == host && li.PID != os.Getpid() && !processAlive(li.PID) {
		return holder, true
	}
	return holder, false
}

// unlock releases the lock.
func (l *projectLock) unlock() {
	if l != nil {
		os.Remove(l.path)
	}
}
