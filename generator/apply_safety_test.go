package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var safetyFiles = map[string]string{"mysite/settings.py": literalSettings, ".gitignore": "*.pyc\n", ".env": "OTHER=1\n"}

// A kill right after the first write leaves .gitignore new and nothing
// else: the ignore rules are on disk before the env file and backups
// they protect.
func TestGitignoreIsWrittenFirst(t *testing.T) {
	defer func() { afterStep = nil }()
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	afterStep = func(step int) error {
		if step == 1 {
			return errors.New("killed")
		}
		return nil
	}
	if _, err := plan.Apply(); err == nil {
		t.Fatal("Apply did not stop")
	}
	now := snapshot(t, root)
	for _, c := range plan.Changes {
		switch {
		case c.Path == ".gitignore":
			if now[c.Path] != string(c.New) {
				t.Errorf(".gitignore not written first")
			}
		case now[c.Path] != string(c.Old):
			t.Errorf("%s written before .gitignore", c.Path)
		}
	}
}

// A program that appends to settings.py while apply replaces it never
// loses a line: apply refuses (and puts every file back) whenever a line
// landed in the version it replaced; lines written after the rename are in
// the new file.
func TestConcurrentWriterLosesNoLine(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 20
	}
	concurrentWriter(t, runs)
}

// The same on the portable path (no renameat2 exchange), as on macOS and
// Windows.
func TestConcurrentWriterLosesNoLinePortable(t *testing.T) {
	defer func() { noExchange = false }()
	noExchange = true
	concurrentWriter(t, 30)
}

func concurrentWriter(t *testing.T, runs int) {
	defer func() { beforeReplace, beforeWatchRead = nil, nil }()
	refused, lost, late := 0, 0, 0
	for run := 0; run < runs; run++ {
		root, plan, _ := fixture(t, safetyFiles, 4, 2)
		settings := filepath.Join(root, "mysite", "settings.py")
		var wg sync.WaitGroup
		var lines []string
		var mu sync.Mutex
		wrote := map[string]time.Time{} // when each line's write returned
		var lastWatch time.Time         // when apply last looked for late writes to settings.py
		beforeWatchRead = func(path string) {
			if filepath.Dir(path) == filepath.Dir(settings) {
				mu.Lock()
				lastWatch = time.Now()
				mu.Unlock()
			}
		}
		var replaced time.Time // when apply started replacing settings.py
		beforeReplace = func(path string) {
			if filepath.Base(path) != "settings.py" {
				return
			}
			replaced = time.Now()
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(time.Duration(run%10) * 20 * time.Microsecond)
				for i := 0; i < 5; i++ {
					line := fmt.Sprintf("WRITER_%d_%d = %d\n", run, i, i)
					f, err := os.OpenFile(settings, os.O_WRONLY|os.O_APPEND, 0)
					if err != nil {
						continue
					}
					if _, err := f.WriteString(line); err == nil {
						mu.Lock()
						lines = append(lines, line)
						wrote[line] = time.Now()
						mu.Unlock()
					}
					f.Close()
					time.Sleep(30 * time.Microsecond)
				}
			}()
			if run%4 == 0 {
				wg.Wait() // every line before the replace: must be refused
			}
		}
		_, err := plan.Apply()
		beforeReplace = nil
		wg.Wait()
		final := snapshot(t, root)
		got := final["mysite/settings.py"]
		for _, l := range lines {
			if strings.Contains(got, l) {
				continue
			}
			// A write that returned after apply's last look is outside what
			// any tool can see: the replaced version is unlinked by then.
			// One that returned before it must never be lost.
			if wrote[l].After(lastWatch) {
				late++
				continue
			}
			lost++
		}
		switch {
		case err != nil:
			if !errors.Is(err, ErrConcurrentChange) {
				t.Fatalf("run %d: %v", run, err)
			}
			refused++
			for _, c := range plan.Changes {
				if c.Path != "mysite/settings.py" && final[c.Path] != string(c.Old) {
					t.Errorf("run %d: refused, yet %s was not put back", run, c.Path)
				}
			}
			if !strings.HasPrefix(got, literalSettings) {
				t.Errorf("run %d: refused, yet settings.py is not its old version plus the writer's lines", run)
			}
		default:
			var c FileChange
			for _, ch := range plan.Changes {
				if ch.Path == "mysite/settings.py" {
					c = ch
				}
			}
			if !strings.HasPrefix(got, string(c.New)) {
				t.Errorf("run %d: applied, yet settings.py does not start with the new version", run)
			}
			if lastWatch.Sub(replaced) < settleTime {
				t.Errorf("run %d: applied, yet apply's last look for late writes came %v after the replace began, less than %v", run, lastWatch.Sub(replaced), settleTime)
			}
			if run%4 == 0 {
				t.Errorf("run %d: every line was written before the replace, yet apply went through", run)
			}
		}
	}
	t.Logf("%d runs: %d refused, %d lost lines, %d written after apply's last look", runs, refused, lost, late)
	if lost != 0 {
		t.Errorf("%d lines lost in %d runs", lost, runs)
	}
}

// Two applies at once: one is refused, the other is whole, and undo
// always brings the original back.
func TestTwoAppliesAtOnce(t *testing.T) {
	runs := 40
	if testing.Short() {
		runs = 8
	}
	for run := 0; run < runs; run++ {
		root, planA, a := fixture(t, safetyFiles, 4, 2)
		original := snapshot(t, root)
		a.Key = "Other" + testKey[5:]
		a.HTTPS = HTTPSNone
		planB, err := Build(startprojectProject(root, 4, 2, "os"), a)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, pl := range []*Plan{planA, planB} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = pl.Apply()
			}()
		}
		close(start)
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("run %d: want exactly one apply refused, got %v / %v", run, errs[0], errs[1])
		}
		winner := planA
		if errs[0] != nil {
			winner = planB
		}
		loser := errs[0]
		if loser == nil {
			loser = errs[1]
		}
		if !errors.Is(loser, ErrLocked) && !strings.Contains(loser.Error(), "changed since the plan was made") {
			t.Errorf("run %d: refusal %v", run, loser)
		}
		now := snapshot(t, root)
		for _, c := range winner.Changes {
			if now[c.Path] != string(c.New) {
				t.Errorf("run %d: %s is not the winner's version", run, c.Path)
			}
		}
		if _, err := Undo(root); err != nil {
			t.Fatalf("run %d: undo: %v", run, err)
		}
		if fmt.Sprint(snapshot(t, root)) != fmt.Sprint(original) {
			t.Errorf("run %d: undo did not restore the original", run)
		}
	}
}

func TestLockHeldAndStale(t *testing.T) {
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	before := snapshot(t, root)
	lock := filepath.Join(root, ".djharden", "lock")
	if err := os.MkdirAll(filepath.Dir(lock), 0o700); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	writeLock := func(pid int) {
		data, _ := json.Marshal(lockInfo{PID: pid, Host: host, Started: "2026-01-01T00:00:00Z"})
		if err := os.WriteFile(lock, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeLock(os.Getpid()) // a live holder
	if _, err := plan.Apply(); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("held lock: %v", err)
	}
	if fmt.Sprint(snapshot(t, root)) != fmt.Sprint(before) {
		t.Fatal("files changed despite the held lock")
	}
	// A lock left by a process that is gone is stale.
	cmd := exec.Command("go", "version")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot start a process:", err)
	}
	writeLock(cmd.Process.Pid)
	if _, err := plan.Apply(); err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	if _, err := os.Stat(lock); err == nil {
		t.Error("the lock stayed after apply")
	}
}

func TestSymlinkedStateFolderRefused(t *testing.T) {
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, ".djharden")); err != nil {
		t.Skip("symlink:", err)
	}
	before := snapshot(t, root)
	if _, err := plan.Apply(); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("Apply = %v, want a refusal", err)
	}
	if fmt.Sprint(snapshot(t, root)) != fmt.Sprint(before) {
		t.Error("files changed")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote %d entries outside the project", len(entries))
	}
	if _, err := Undo(root); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Errorf("Undo = %v, want a refusal", err)
	}
}

// Undo trusts only backups bound to this user and this project: one copied
// from elsewhere, or with a changed manifest, or whose token has no record,
// is refused before any file is touched.
func TestUndoRefusesForeignBackups(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, src, dst string)
	}{
		{"copied from another project", func(t *testing.T, src, dst string) {
			copyTree(t, filepath.Join(src, ".djharden"), filepath.Join(dst, ".djharden"))
		}},
		{"manifest edited", func(t *testing.T, src, dst string) {
			copyTree(t, filepath.Join(src, ".djharden"), filepath.Join(dst, ".djharden"))
			// Bind the copy to dst, as a real apply there would, then edit the manifest.
			man := lastManifest(t, dst)
			dir, m, _ := lastBackup(evalRoot(t, dst))
			if err := bind(evalRoot(t, dst), dir, m); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(man)
			data = []byte(strings.Replace(string(data), `"mysite/settings.py"`, `"mysite/urls.py"`, 1))
			if err := os.WriteFile(man, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"no token", func(t *testing.T, src, dst string) {
			copyTree(t, filepath.Join(src, ".djharden"), filepath.Join(dst, ".djharden"))
			man := lastManifest(t, dst)
			var m map[string]any
			data, _ := os.ReadFile(man)
			_ = json.Unmarshal(data, &m)
			delete(m, "token")
			data, _ = json.Marshal(m)
			if err := os.WriteFile(man, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, plan, _ := fixture(t, safetyFiles, 4, 2)
			if _, err := plan.Apply(); err != nil {
				t.Fatal(err)
			}
			dst, _, _ := fixture(t, safetyFiles, 4, 2)
			tc.tamper(t, src, dst)
			before := snapshot(t, dst)
			_, err := Undo(dst)
			if err == nil || !strings.Contains(err.Error(), "refusing to restore") {
				t.Fatalf("Undo = %v, want a refusal", err)
			}
			if fmt.Sprint(snapshot(t, dst)) != fmt.Sprint(before) {
				t.Error("undo changed files")
			}
		})
	}
}

// The apply's temporary files carry a prefix the .gitignore rules cover,
// and the next apply removes the ones a killed run left behind.
func TestStaleTempFilesCleaned(t *testing.T) {
	defer func() { beforeReplace = nil }()
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	stale := filepath.Join(root, "mysite", TempPrefix+"1234")
	fresh := filepath.Join(root, TempPrefix+"5678")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("KEY=left by a killed apply\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	_ = os.Chtimes(stale, old, old)
	var seen []string
	beforeReplace = func(path string) {
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") && e.Name() != ".env" && e.Name() != ".gitignore" && e.Name() != ".djharden" && !strings.HasPrefix(e.Name(), TempPrefix) {
				seen = append(seen, e.Name())
			}
		}
	}
	if _, err := plan.Apply(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Errorf("temporary files without the %s prefix: %v", TempPrefix, seen)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale temporary file stayed")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temporary file (maybe another run's) was removed")
	}
	if g := snapshot(t, root)[".gitignore"]; !strings.Contains(g, TempPrefix+"*") {
		t.Errorf(".gitignore does not ignore temporary files:\n%s", g)
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, r)
		if info.IsDir() {
			return os.MkdirAll(out, 0o700)
		}
		if info.Name() == "lock" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func lastManifest(t *testing.T, root string) string {
	t.Helper()
	dir, _, err := lastBackup(evalRoot(t, root))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "manifest.json")
}

func evalRoot(t *testing.T, root string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// An editor that saves by renaming its own version over the file just
// before the replace: apply refuses, and the editor's version is the file.
func TestEditorSaveDuringApplyIsKept(t *testing.T) {
	for _, portable := range []bool{false, true} {
		noExchange = portable
		editorSave(t)
	}
	noExchange = false
}

func editorSave(t *testing.T) {
	defer func() { beforeReplace = nil }()
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	settings := filepath.Join(root, "mysite", "settings.py")
	edited := literalSettings + "EDITED = True\n"
	beforeReplace = func(path string) {
		if filepath.Base(path) != "settings.py" {
			return
		}
		tmp := settings + ".swp"
		if err := os.WriteFile(tmp, []byte(edited), 0o644); err != nil {
			t.Error(err)
		}
		if err := os.Rename(tmp, settings); err != nil {
			t.Error(err)
		}
	}
	_, err := plan.Apply()
	if !errors.Is(err, ErrConcurrentChange) {
		t.Fatalf("Apply = %v, want ErrConcurrentChange", err)
	}
	now := snapshot(t, root)
	if now["mysite/settings.py"] != edited {
		t.Errorf("the editor's version was lost:\n%s", now["mysite/settings.py"])
	}
	for _, c := range plan.Changes {
		if c.Path != "mysite/settings.py" && now[c.Path] != string(c.Old) {
			t.Errorf("%s was not put back", c.Path)
		}
	}
}

// Without a state folder to record the token in, apply still hardens the
// project and warns; undo then refuses that backup instead of trusting it.
func TestApplyWithoutStateFolder(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(StateDirEnv, filepath.Join(blocker, "state"))
	root, plan, _ := fixture(t, safetyFiles, 4, 2)
	applied, err := plan.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if len(applied.Warnings) != 1 || !strings.Contains(applied.Warnings[0], "undo will not trust this backup") {
		t.Errorf("warnings %q", applied.Warnings)
	}
	if _, err := Undo(root); err == nil || !strings.Contains(err.Error(), "refusing to restore") {
		t.Errorf("Undo = %v, want a refusal", err)
	}
}
