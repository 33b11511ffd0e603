package project

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/djharden/djharden/internal/gitrun"
)

// historyTimeout bounds the whole search of history for a committed key.
const historyTimeout = 30 * time.Second

// historyResult is what a history search found, and how far it looked.
type historyResult struct {
	commits   int    // commits that added a file version holding a key
	firstDate string // date of the oldest such commit (YYYY-MM-DD)
	scanned   int    // commits read
	blobs     int    // distinct file versions searched
	complete  bool   // every commit of every ref was read
	why       string // when not complete: why the search stopped
}

// extent says exactly how far the search looked.
func (r historyResult) extent() string {
	if r.complete {
		return "searched Python, env and config files in all " + plural(r.scanned, "commit") + " of every branch and tag"
	}
	return fmt.Sprintf("searched Python, env and config files in the newest %s only: %s", plural(r.scanned, "commit"), r.why)
}

// note is the finding's detail when a key was found.
func (r historyResult) note() string {
	n := "in " + plural(r.commits, "commit") + ", first " + r.firstDate
	if !r.complete {
		n += " (searched only the newest " + plural(r.scanned, "commit") + ")"
	}
	return n
}

// historyFile reports whether a path may hold a secret key: Python
// sources, env files and common config formats.
func historyFile(p string) bool {
	name := path.Base(strings.Trim(p, `"`))
	if isEnvFileName(name) && !isEnvExample(name) {
		return true
	}
	switch path.Ext(name) {
	case ".py", ".cfg", ".ini", ".toml", ".yml", ".yaml", ".json", ".env":
		return true
	}
	return false
}

// blobUse is a file version and the commits that introduced it.
type blobUse struct {
	commits int
	oldest  string
}

// searchHistory looks for any of keys in every version of the files
// historyFile accepts, in every commit of every ref: `git log --raw` lists
// the file versions each commit introduces (no patches are made), and
// `git cat-file --batch` streams each distinct version once, searched here
// while the log is still being read. The keys are never put on a command
// line, where other users could read them.
func searchHistory(ctx context.Context, root string, keys [][]byte) historyResult {
	ctx, cancel := context.WithTimeout(ctx, historyTimeout)
	defer cancel()
	var res historyResult
	cmd := gitrun.Command(ctx, root, "log", "--all", "--raw", "--no-renames", "--no-abbrev", "--no-color",
		"--format=%x01%H %cs")
	stdout, err := cmd.StdoutPipe()
	if err != nil || cmd.Start() != nil {
		res.why = "git log could not be started"
		return res
	}
	shas := make(chan string, 256)
	type blobsResult struct {
		found map[string]bool
		err   error
	}
	searched := make(chan blobsResult, 1)
	go func() {
		found, err := searchBlobs(ctx, root, shas, keys)
		searched <- blobsResult{found, err}
	}()
	order, uses, scanned, perr := parseRawLog(stdout, func(sha string) { shas <- sha })
	close(shas)
	werr := cmd.Wait()
	blobs := <-searched
	res.scanned = scanned
	switch {
	case perr != nil:
		res.why = perr.Error()
		return res
	case ctx.Err() != nil:
		res.why = "the 30 s limit was reached"
		return res
	case werr != nil:
		res.why = "git log failed"
		return res
	}
	found := blobs.found
	res.blobs = len(order)
	if blobs.err != nil {
		res.why = blobs.err.Error()
		return res
	}
	for _, sha := range order {
		if !found[sha] {
			continue
		}
		u := uses[sha]
		res.commits += u.commits
		if res.firstDate == "" || u.oldest < res.firstDate {
			res.firstDate = u.oldest
		}
	}
	res.complete = true
	return res
}

// parseRawLog reads `git log --raw --format=%x01%H %cs` output: for each
// file version (blob) a commit adds, how many commits added it and the
// oldest date. order lists the blobs in first-seen order; onNew, when not
// nil, is told each one as it is first seen.
func parseRawLog(r io.Reader, onNew func(sha string)) (order []string, uses map[string]*blobUse, commits int, err error) {
	uses = map[string]*blobUse{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	date := ""
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case len(line) > 0 && line[0] == 1:
			commits++
			date = ""
			if _, d, ok := bytes.Cut(line[1:], []byte(" ")); ok {
				date = string(d)
			}
		case len(line) > 0 && line[0] == ':':
			meta, p, ok := bytes.Cut(line, []byte("\t"))
			if !ok || !historyFile(string(p)) {
				continue
			}
			f := bytes.Fields(meta)
			if len(f) < 5 {
				continue
			}
			sha := string(f[3])
			if strings.Trim(sha, "0") == "" { // a deletion
				continue
			}
			u := uses[sha]
			if u == nil {
				u = &blobUse{}
				uses[sha] = u
				order = append(order, sha)
				if onNew != nil {
					onNew(sha)
				}
			}
			u.commits++
			if u.oldest == "" || date < u.oldest {
				u.oldest = date
			}
		}
	}
	if sc.Err() != nil {
		return order, uses, commits, fmt.Errorf("git log output could not be read: %v", sc.Err())
	}
	return order, uses, commits, nil
}

// searchBlobs streams the blobs named on shas, until it is closed, through
// `git cat-file --batch` and reports which hold any key. It reads shas to
// the end whatever happens, so the sender never blocks. Memory stays
// bounded: each blob is searched piece by piece with an overlap, whatever
// its size.
func searchBlobs(ctx context.Context, root string, shas <-chan string, keys [][]byte) (map[string]bool, error) {
	defer func() {
		for range shas {
		}
	}()
	found := map[string]bool{}
	cmd := gitrun.Command(ctx, root, "cat-file", "--batch", "--buffer")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file could not be started")
	}
	sent := make(chan int, 1)
	go func() {
		w := bufio.NewWriter(stdin)
		n := 0
		for s := range shas {
			w.WriteString(s)
			w.WriteByte('\n')
			n++
		}
		w.Flush()
		stdin.Close()
		sent <- n
	}()
	s := newKeySearch(keys)
	br := bufio.NewReaderSize(stdout, 256<<10)
	var readErr error
	answered := 0
	for {
		header, err := br.ReadString('\n')
		if err == io.EOF && header == "" {
			if answered != <-sent {
				readErr = fmt.Errorf("git cat-file stopped early")
			}
			break
		}
		if err != nil {
			readErr = fmt.Errorf("git cat-file stopped early")
			break
		}
		answered++
		f := strings.Fields(header)
		if len(f) == 2 && f[1] == "missing" {
			continue
		}
		if len(f) != 3 {
			readErr = fmt.Errorf("git cat-file said %q", strings.TrimSpace(header))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			readErr = fmt.Errorf("git cat-file said %q", strings.TrimSpace(header))
			break
		}
		hit, err := s.search(io.LimitReader(br, size))
		if err != nil {
			readErr = fmt.Errorf("git cat-file stopped early")
			break
		}
		if hit {
			found[f[0]] = true
		}
		if _, err := br.Discard(1); err != nil { // the LF after each blob
			readErr = fmt.Errorf("git cat-file stopped early")
			break
		}
	}
	if readErr != nil {
		_ = cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("the 30 s limit was reached")
	}
	if werr != nil {
		return nil, fmt.Errorf("git cat-file failed")
	}
	return found, nil
}

// keySearch finds any of several keys in a stream, piece by piece.
type keySearch struct {
	keys    [][]byte
	overlap int
	buf     []byte
}

func newKeySearch(keys [][]byte) *keySearch {
	s := &keySearch{keys: keys, buf: make([]byte, 0, 256<<10)}
	for _, k := range keys {
		if len(k)-1 > s.overlap {
			s.overlap = len(k) - 1
		}
	}
	return s
}

// search reads r to its end and reports whether any key occurs in it.
func (s *keySearch) search(r io.Reader) (bool, error) {
	b := s.buf[:0]
	hit := false
	for {
		if len(b) == cap(b) {
			keep := min(s.overlap, len(b))
			copy(b, b[len(b)-keep:])
			b = b[:keep]
		}
		n, err := r.Read(b[len(b):cap(b)])
		if n > 0 && !hit {
			start := max(0, len(b)-s.overlap)
			b = b[:len(b)+n]
			for _, k := range s.keys {
				if len(k) > 0 && bytes.Contains(b[start:], k) {
					hit = true
					break
				}
			}
		} else {
			b = b[:len(b)+n]
		}
		if err == io.EOF {
			return hit, nil
		}
		if err != nil {
			return hit, err
		}
	}
}

// plural renders "1 commit" / "3 commits".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
