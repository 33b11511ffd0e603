// Package scan walks a source tree concurrently and reports risky code:
// raw SQL built from strings, escaping turned off, CSRF exemptions.
package scan

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// Options tune a scan.
type Options struct {
	IncludeTests bool // list findings in tests and migrations instead of only counting them
	Workers      int  // 0 = runtime.NumCPU()
	// TemplateDirs are extra template directories (TEMPLATES DIRS from the
	// settings), slash-separated and relative to the root. Files under a
	// directory named "templates" are always read as templates.
	TemplateDirs []string
	// Cleared lists, in Result.Cleared, the sinks the scan looked at and
	// judged safe (for measuring recall against other tools).
	Cleared bool
}

// Site is one risky place in the code.
type Site struct {
	Rule    string // stable rule ID, e.g. "sql-fstring" (see Rules)
	Item    string // checklist item it feeds: "sql-injection", "xss", "csrf"
	File    string // relative to the scanned root, slash-separated
	Line    int
	Col     int
	Source  string // the source line, trimmed
	Message string // why this one matters, e.g. "f-string with `user_id` flows into cursor.execute"
	Review  bool   // a "review" note, not a problem (e.g. .extra() with constants)
	// FromRequest: data from the HTTP request reaches the sink, a failure;
	// any other unsafe value (a parameter, a field, a call) is "review this".
	FromRequest bool
}

// Result is the outcome of a scan.
type Result struct {
	Root     string
	Sites    []Site         // sorted by file, line, column
	Silenced int            // sites silenced by "djharden: ignore[RULE]"
	Hidden   map[string]int // rule -> sites in tests/migrations counted but not listed
	Files    int            // files scanned
	Skipped  []string       // files that could not be read, with reason ("path: reason")
	// TextTemplates counts templates that render plain text (.txt, .md,
	// email text): the XSS rules do not apply to them.
	TextTemplates int
	// Cleared holds, with Options.Cleared, the sinks looked at and not
	// reported: Rule is one of the Cleared* kinds, Message the reason.
	Cleared []Site
}

// Kinds of Result.Cleared entries.
const (
	ClearedSQL         = "sql"           // SQL text judged safe
	ClearedSQLNotBuilt = "sql-not-built" // SQL text passed in from elsewhere: not built at this call
	ClearedMarkSafe    = "mark_safe"     // mark_safe() of a value judged safe
)

// Rule describes one scan rule.
type Rule struct {
	ID     string
	Item   string
	Title  string
	Lesson string
	Safe   string // the safe way to write it
	Docs   string
}

// Dir scans every Python and template file under root, on all cores. root
// need not be a Django project. Only a root that cannot be listed is an
// error; unreadable files and directories below it go into Result.Skipped.
func Dir(root string, opts Options) (*Result, error) {
	return DirContext(context.Background(), root, opts)
}

// DirContext is Dir with cancellation: once ctx is done the walk stops
// listing directories and the error is ctx.Err().
func DirContext(ctx context.Context, root string, opts Options) (*Result, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	if _, err := os.ReadDir(root); err != nil {
		return nil, err
	}
	w := &walker{ctx: ctx, root: root, opts: opts, usage: true}
	outs := w.run()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	releaseHeld(outs, opts)
	return merge(root, outs), nil
}

// Files scans the given files (paths relative to root, or absolute paths
// inside it) whatever their location; a .py file is read as Python and any
// other file as a Django template. Sites carry paths relative to root.
func Files(root string, paths []string, opts Options) (*Result, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	rels := make([]string, 0, len(paths))
	for _, p := range paths {
		if filepath.IsAbs(p) {
			r, err := filepath.Rel(absRoot, p)
			if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return nil, fmt.Errorf("%s: not inside %s", p, root)
			}
			p = r
		}
		rels = append(rels, filepath.ToSlash(filepath.Clean(p)))
	}
	w := &walker{ctx: context.Background(), root: root, opts: opts}
	var next atomic.Int64
	outs := runWorkers(workerCount(opts), func(out *workerOut) {
		for {
			k := int(next.Add(1)) - 1
			if k >= len(rels) {
				return
			}
			rel := rels[k]
			kind := kindTemplate
			if path.Ext(rel) == ".py" {
				kind = kindPython
			}
			st, err := os.Lstat(w.abs(rel))
			if err != nil {
				out.skipped = append(out.skipped, skipNote(rel, err))
				continue
			}
			w.scanFile(rel, st.Mode().Type(), kind, out)
		}
	})
	return merge(root, outs), nil
}

// releaseHeld judges the tagless templates held back during the walk once
// the template-name index is complete: plain text when the project names
// them only through text helpers, otherwise their sites are filed.
func releaseHeld(outs []*workerOut, opts Options) {
	if len(outs) == 0 {
		return
	}
	u := outs[0].usage
	for _, o := range outs[1:] {
		u.merge(o.usage)
	}
	for _, o := range outs {
		for _, h := range o.held {
			if textByUsage(h.rel, opts.TemplateDirs, u) {
				o.textTemplates++
				continue
			}
			o.add(h.rel, h.fr, opts)
		}
		o.held = nil
	}
}

// merge joins the workers' findings in a deterministic order.
func merge(root string, outs []*workerOut) *Result {
	res := &Result{Root: root, Hidden: map[string]int{}}
	for _, o := range outs {
		res.Sites = append(res.Sites, o.sites...)
		res.Silenced += o.silenced
		res.Files += o.files
		res.Skipped = append(res.Skipped, o.skipped...)
		res.TextTemplates += o.textTemplates
		res.Cleared = append(res.Cleared, o.cleared...)
		for rule, n := range o.hidden {
			res.Hidden[rule] += n
		}
	}
	sortSites(res.Sites)
	sortSites(res.Cleared)
	sort.Strings(res.Skipped)
	return res
}

// sortSites orders sites by file, line, column, then rule.
func sortSites(sites []Site) {
	sort.Slice(sites, func(i, j int) bool {
		a, b := sites[i], sites[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Rule < b.Rule
	})
}

// CountByItem returns how many listed sites feed each checklist item.
func (r *Result) CountByItem() map[string]int {
	m := map[string]int{}
	for _, s := range r.Sites {
		m[s.Item]++
	}
	return m
}

// SitesFor returns the listed sites feeding one checklist item, in order.
func (r *Result) SitesFor(item string) []Site {
	var out []Site
	for _, s := range r.Sites {
		if s.Item == item {
			out = append(out, s)
		}
	}
	return out
}
