package generator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// StateDirEnv names the variable that moves djharden's per-user state
// folder (the record of each apply's backup token) elsewhere.
const StateDirEnv = "DJHARDEN_STATE_DIR"

// binding is kept in the user's state folder, outside any project, for
// each apply: undo trusts a backup only when the record of its token is
// there and names this project and these files. A backup committed to a
// repository, or copied from another project, has no such record.
type binding struct {
	Root   string `json:"root"`   // real path of the project root
	Backup string `json:"backup"` // the backup folder's name
	Files  string `json:"files"`  // sha256 of the manifest's file list
}

// userStateDir is where bindings live: $DJHARDEN_STATE_DIR, else
// $XDG_STATE_HOME/djharden, else ~/.local/state/djharden (on Windows
// %LocalAppData%\djharden).
func userStateDir() (string, error) {
	if d := os.Getenv(StateDirEnv); d != "" {
		return filepath.Abs(d)
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "djharden"), nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "djharden"), nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no folder for djharden's state (set %s): %w", StateDirEnv, err)
	}
	return filepath.Join(home, ".local", "state", "djharden"), nil
}

// newToken is a random backup token.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func filesSum(m manifest) string {
	data, _ := json.Marshal(m.Files)
	return sum(data)
}

// bindingPath is the record of token.
func bindingPath(token string) (string, error) {
	dir, err := userStateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "backups", token+".json"), nil
}

// bind records the apply's token in the user's state folder.
func bind(root, backupDir string, m manifest) error {
	p, err := bindingPath(m.Token)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("creating djharden's state folder: %w", err)
	}
	data, _ := json.Marshal(binding{Root: root, Backup: filepath.Base(backupDir), Files: filesSum(m)})
	if err := writeAtomic(p, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("recording the backup token: %w", err)
	}
	return nil
}

// checkBinding refuses a backup this user's djharden did not make for
// this project.
func checkBinding(root, backupDir string, m manifest) error {
	where := rel(root, backupDir)
	refuse := func(why string) error {
		return fmt.Errorf("refusing to restore %s: %s; undo only trusts backups djharden made on this machine for this project (restore by hand after reading them)", where, why)
	}
	if len(m.Token) != 32 {
		return refuse("it carries no backup token (made by an older djharden, or not by djharden)")
	}
	if _, err := hex.DecodeString(m.Token); err != nil {
		return refuse("its backup token is malformed")
	}
	p, err := bindingPath(m.Token)
	if err != nil {
		return err
	}
	data, err := readRegular(p)
	if errors.Is(err, fs.ErrNotExist) {
		return refuse("no record of its token in this user's djharden state")
	}
	if err != nil {
		return refuse(fmt.Sprintf("the record of its token cannot be read (%v)", err))
	}
	var b binding
	if err := json.Unmarshal(data, &b); err != nil {
		return refuse("the record of its token is damaged")
	}
	if b.Root != root || b.Backup != filepath.Base(backupDir) {
		return refuse("its token was made for another project or backup")
	}
	if b.Files != filesSum(m) {
		return refuse("its manifest was changed after the apply")
	}
	return nil
}

// unbind forgets a token (after its backup was undone).
func unbind(token string) {
	if p, err := bindingPath(token); err == nil && len(token) == 32 {
		os.Remove(p)
	}
}
