//go:build unix

package project

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestDiscoverUnreadableSettings(t *testing.T) {
	root := writeTree(t, map[string]string{"manage.py": "", "mysite/settings.py": "DEBUG = True\n", "site2/__init__.py": ""})
	if os.Geteuid() != 0 {
		if err := os.Chmod(filepath.Join(root, "mysite", "settings.py"), 0); err != nil {
			t.Fatal(err)
		}
	} else {
		// root reads every file: make it a FIFO instead, which must not block us.
		os.Remove(filepath.Join(root, "mysite", "settings.py"))
		if err := syscall.Mkfifo(filepath.Join(root, "mysite", "settings.py"), 0o644); err != nil {
			t.Skip("no FIFOs here:", err)
		}
	}
	done := make(chan *Project, 1)
	go func() {
		p, err := Discover(Options{Dir: root, NoGit: true, NoScan: true, Settings: "mysite.settings"})
		if err != nil {
			t.Error(err)
		}
		done <- p
	}()
	select {
	case p := <-done:
		if p != nil && len(p.Problems) == 0 {
			t.Error("an unreadable settings file gave no Problem")
		}
		if p != nil {
			for _, prob := range p.Problems {
				t.Logf("problem: %+v", prob)
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Discover blocks on an unreadable settings file")
	}
}
