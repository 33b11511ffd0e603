package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/djharden/djharden/internal/regularfile"
)

// MaxFileSize caps every project file apply reads or writes. A settings
// module, .env or .gitignore written by hand is a few kilobytes; one past
// a mebibyte is generated or not what it seems (a log, a dump, /dev/zero
// through a link), and djharden does not rewrite such files.
const MaxFileSize = 1 << 20

// ErrConcurrentChange is wrapped by errors about a file another program
// changed while apply was writing it.
var ErrConcurrentChange = errors.New("changed while djharden was writing it")

// settleTime is how long replaceChecked watches the replaced version for
// late writes from a program that opened it just before the rename.
var settleTime = 2 * time.Millisecond

// readRegular reads a project file through the one safe reader: regular
// files only (a FIFO or device is refused without blocking), at most
// MaxFileSize bytes. A missing file is (nil, fs.ErrNotExist).
func readRegular(path string) ([]byte, error) {
	data, err := regularfile.Read(path, MaxFileSize, nil)
	if errors.Is(err, regularfile.ErrTooLarge) {
		return nil, fmt.Errorf("%w: djharden edits files of at most 1 MiB (hand-written settings and env files are far smaller)", err)
	}
	return data, err
}

// replaceChecked replaces path, whose content must still be old (nil: the
// file must not exist), with data. It refuses with ErrConcurrentChange
// when another program changed the file since it was read: before the
// rename by comparing, and after it through a hard link kept to the old
// version, which catches a write that raced the rename; the old version
// (with that write) is then put back, so no line is lost.
func replaceChecked(path string, old, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, data, mode)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if old == nil {
		// Link fails when the name exists: a file created meanwhile is never clobbered.
		if err := os.Link(tmp, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return ErrConcurrentChange
			}
			if _, serr := os.Lstat(path); serr == nil {
				return ErrConcurrentChange
			}
			if err := os.Rename(tmp, path); err != nil { // no hard links on this file system
				return err
			}
		}
		return syncDir(dir)
	}
	if swapped, err := tryExchange(tmp, path); err != nil {
		return err
	} else if swapped {
		// tmp now holds the version that was at path at that instant.
		return verifyReplaced(path, tmp, old, data)
	}
	hold, err := holdLink(path)
	if err != nil {
		hold = ""
	} else {
		defer os.Remove(hold)
	}
	cur, err := readRegular(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, old) {
		return ErrConcurrentChange
	}
	if hold != "" {
		a, errA := os.Lstat(path)
		b, errB := os.Lstat(hold)
		if errA != nil || errB != nil || !os.SameFile(a, b) {
			return ErrConcurrentChange // replaced by another program's rename
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	if hold == "" {
		return nil
	}
	return verifyReplaced(path, hold, old, data)
}

// beforeWatchRead, when set by a test, runs just before each read that
// watches for another program's late writes: a write that completed before
// the last such read is never lost (later ones are outside what apply can
// see, and the test tells them apart).
var beforeWatchRead func(path string)

// watchRead reads a file apply is watching for late writes.
func watchRead(path string) ([]byte, error) {
	if beforeWatchRead != nil {
		beforeWatchRead(path)
	}
	return readRegular(path)
}

// verifyReplaced checks that hold, the version a rename just replaced,
// is still old, also a moment later (a program that opened it before the
// rename may still write). When it is not, that version is put back with
// every line written meanwhile, and the apply is refused.
func verifyReplaced(path, hold string, old, data []byte) error {
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	after, err := watchRead(hold)
	if err == nil && bytes.Equal(after, old) {
		time.Sleep(settleTime)
		after, err = watchRead(hold)
		if err == nil && bytes.Equal(after, old) {
			return nil
		}
	}
	if err := putBack(path, hold, data); err != nil {
		return err
	}
	return ErrConcurrentChange
}

// putBack makes hold (the replaced version, with another program's writes)
// the file at path again. What that program appended to the new version
// in the meantime is appended to it too, until the file is quiet, so no
// line is lost. A new version rewritten rather than appended to is kept
// beside the file, never dropped.
func putBack(path, hold string, data []byte) error {
	dir := filepath.Dir(path)
	swapped, err := tryExchange(hold, path)
	if err != nil {
		return err
	}
	if !swapped {
		cur, err := watchRead(path)
		if err != nil {
			return err
		}
		if err := os.Rename(hold, path); err != nil {
			return err
		}
		_ = syncDir(dir)
		if !bytes.HasPrefix(cur, data) {
			return keepAside(path, cur)
		}
		return appendTo(path, cur[len(data):])
	}
	// hold now is the new version, with whatever was written to it.
	copied := len(data)
	for quiet := 0; quiet < 2; {
		cur, err := watchRead(hold)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(cur, data) {
			return keepAside(path, cur)
		}
		if len(cur) > copied {
			if err := appendTo(path, cur[copied:]); err != nil {
				return err
			}
			copied, quiet = len(cur), 0
		} else {
			quiet++
		}
		time.Sleep(settleTime)
	}
	_ = syncDir(dir)
	return nil
}

// appendTo appends b to path.
func appendTo(path string, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	return errors.Join(werr, f.Sync(), f.Close())
}

// conflictPrefix names the copies keepAside saves: ignored by git like
// every temporary file, but never removed as stale.
const conflictPrefix = TempPrefix + "conflict-"

// keepAside saves a version another program rewrote next to path.
func keepAside(path string, b []byte) error {
	aside := filepath.Join(filepath.Dir(path), conflictPrefix+filepath.Base(path))
	if err := os.WriteFile(aside, b, 0o600); err != nil {
		return fmt.Errorf("%w, and rewrote the new version too; that version could not be saved: %v", ErrConcurrentChange, err)
	}
	return fmt.Errorf("%w, and rewrote the new version too: it is saved as %s; check the file by hand", ErrConcurrentChange, filepath.Base(aside))
}

// noExchange, set by tests, makes replaceChecked take the portable path
// (compare, rename, check a hard link) where exchange exists.
var noExchange bool

func tryExchange(a, b string) (bool, error) {
	if noExchange {
		return false, nil
	}
	return exchange(a, b)
}

// holdLink makes a hard link to path under a temporary name, keeping its
// current version reachable after a rename replaces it.
func holdLink(path string) (string, error) {
	dir := filepath.Dir(path)
	for i := 0; i < 10; i++ {
		name := filepath.Join(dir, fmt.Sprintf("%shold-%d-%d", TempPrefix, os.Getpid(), now().UnixNano()+int64(i)))
		err := os.Link(path, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fs.ErrExist
}
