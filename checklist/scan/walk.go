package scan

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/djharden/djharden/internal/regularfile"
)

// Size caps. A template larger than a few megabytes is generated output,
// not something a person wrote; a big .py is still scanned (streaming
// tokens, linear time), up to a bound that keeps memory predictable.
const (
	maxTemplateBytes = 4 << 20
	maxPythonBytes   = 64 << 20
	keepBufferBytes  = 8 << 20 // a worker drops a larger read buffer after use
)

// dirJob is a directory waiting to be listed, with the .gitignore rules in force there.
type dirJob struct {
	rel    string // slash-separated, "" for the root
	ignore *ignoreChain
}

// walker lists directories with several goroutines sharing one LIFO queue
// (depth first keeps the queue short) and scans files where it finds them,
// so each worker reuses one read buffer.
type walker struct {
	ctx  context.Context
	root string
	opts Options
	// usage: build the template-name index and hold back tagless
	// templates until it is complete (a whole-tree walk only).
	usage bool

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []dirJob
	pending int // directories queued or being listed
}

// workerOut is what one worker collected; merged and sorted at the end.
type workerOut struct {
	sites    []Site
	silenced int
	hidden   map[string]int
	files    int
	skipped  []string
	buf      []byte
	// textTemplates counts plain-text templates; cleared collects the
	// sinks judged safe when Options.Cleared asks for them.
	textTemplates int
	cleared       []Site
	// usage and held: the template-name index and the tagless templates
	// waiting for it (walker.usage).
	usage templateUsage
	held  []heldTemplate
}

func workerCount(opts Options) int {
	if opts.Workers > 0 {
		return opts.Workers
	}
	return runtime.NumCPU()
}

func (w *walker) push(j dirJob) {
	w.mu.Lock()
	w.queue = append(w.queue, j)
	w.pending++
	w.mu.Unlock()
	w.cond.Signal()
}

// pop waits for a directory; ok is false once every directory is done.
func (w *walker) pop() (dirJob, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 {
		if w.pending == 0 {
			return dirJob{}, false
		}
		w.cond.Wait()
	}
	j := w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return j, true
}

func (w *walker) done() {
	w.mu.Lock()
	w.pending--
	last := w.pending == 0
	w.mu.Unlock()
	if last {
		w.cond.Broadcast()
	}
}

func (w *walker) run() []*workerOut {
	w.cond = sync.NewCond(&w.mu)
	w.push(dirJob{rel: ""})
	return runWorkers(workerCount(w.opts), func(out *workerOut) {
		for {
			j, ok := w.pop()
			if !ok {
				return
			}
			w.listDir(j, out)
			w.done()
		}
	})
}

// runWorkers starts n workers, each with its own output (and read buffer),
// and waits for them all; work is what one worker does until it runs dry.
func runWorkers(n int, work func(out *workerOut)) []*workerOut {
	outs := make([]*workerOut, n)
	var wg sync.WaitGroup
	for i := range outs {
		out := &workerOut{hidden: map[string]int{}, usage: templateUsage{}}
		outs[i] = out
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(out)
		}()
	}
	wg.Wait()
	return outs
}

func (w *walker) abs(rel string) string {
	if rel == "" {
		return w.root
	}
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

// listDir scans the files of one directory and queues its subdirectories.
func (w *walker) listDir(j dirJob, out *workerOut) {
	if w.ctx.Err() != nil {
		return
	}
	f, err := os.Open(w.abs(j.rel))
	if err != nil {
		out.skipped = append(out.skipped, skipNote(j.rel, err))
		return
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil && len(entries) == 0 {
		out.skipped = append(out.skipped, skipNote(j.rel, err))
		return
	}
	ignore := j.ignore
	for _, e := range entries {
		switch e.Name() {
		case "pyvenv.cfg":
			if j.rel != "" { // a virtualenv: installed packages, not the project's code
				return
			}
		case ".gitignore":
			if e.Type().IsRegular() {
				if content, err := readSmall(filepath.Join(w.abs(j.rel), ".gitignore"), 1<<20); err == nil {
					ignore = &ignoreChain{file: parseGitignore(j.rel, content), parent: ignore}
				}
			}
		}
	}
	for _, e := range entries {
		rel := path.Join(j.rel, e.Name())
		typ := e.Type()
		if typ.IsDir() {
			if skipDir(e.Name()) || ignore.ignored(rel, true) {
				continue
			}
			w.push(dirJob{rel: rel, ignore: ignore})
			continue
		}
		kind := classify(rel, w.opts.TemplateDirs)
		if kind == kindNone || ignore.ignored(rel, false) {
			continue
		}
		w.scanFile(rel, typ, kind, out)
	}
}

// scanFile reads one file and runs the scanner for its kind. Symlinks to
// regular files are followed; symlinks to directories never are (loops).
func (w *walker) scanFile(rel string, typ fs.FileMode, kind fileKind, out *workerOut) {
	name := w.abs(rel)
	if typ&fs.ModeSymlink != 0 {
		st, err := os.Stat(name)
		if err != nil {
			out.skipped = append(out.skipped, skipNote(rel, err))
			return
		}
		if st.IsDir() {
			return // a symlinked directory named like a file: not followed
		}
		typ = st.Mode().Type()
	}
	if !typ.IsRegular() {
		out.skipped = append(out.skipped, rel+": not a regular file")
		return
	}
	limit := int64(maxPythonBytes)
	if kind == kindTemplate {
		limit = maxTemplateBytes
	}
	src, err := regularfile.Read(name, limit, &out.buf)
	if err != nil {
		out.skipped = append(out.skipped, skipNote(rel, err))
		return
	}
	out.files++
	var fr fileResult
	if kind == kindPython {
		fr = scanPython(rel, src)
		if w.usage {
			collectTemplateNames(src, out.usage)
		}
	} else {
		fr = scanTemplate(rel, src)
		if w.usage {
			names, refs := templateRefs(src)
			for _, n := range names {
				out.usage[n] |= usedByTmpl
			}
			if len(fr.sites) > 0 && taglessCandidate(rel, src, refs) {
				out.held = append(out.held, heldTemplate{rel: rel, fr: fr})
				fr = fileResult{}
			}
		}
	}
	out.add(rel, fr, w.opts)
	if cap(out.buf) > keepBufferBytes {
		out.buf = nil
	}
}

// add files a file's sites: silenced ones are counted, sites in tests and
// migrations are counted per rule, the rest are listed.
func (out *workerOut) add(rel string, fr fileResult, opts Options) {
	out.silenced += fr.silenced
	if fr.textTemplate {
		out.textTemplates++
	}
	if !opts.IncludeTests && isTestOrMigration(rel) {
		for _, s := range fr.sites {
			out.hidden[s.Rule]++
		}
		return
	}
	out.sites = append(out.sites, fr.sites...)
	if opts.Cleared {
		out.cleared = append(out.cleared, fr.cleared...)
	}
}

// readSmall reads a small regular file such as a .gitignore.
func readSmall(name string, limit int64) ([]byte, error) {
	return regularfile.Read(name, limit, nil)
}

// skipNote renders "path: reason" without repeating the absolute path.
func skipNote(rel string, err error) string {
	if rel == "" {
		rel = "."
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return rel + ": " + err.Error()
}
