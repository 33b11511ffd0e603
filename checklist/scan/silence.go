package scan

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// fileResult is what scanning one file yields.
type fileResult struct {
	sites    []Site
	silenced int
	cleared  []Site // sinks judged safe
	// textTemplate: a template that renders plain text, not scanned for XSS.
	textTemplate bool
}

// silencer records "djharden: ignore[RULE,...]" comments by the line they cover.
type silencer map[int][]string

// ignoreDirective extracts the rule IDs of a "djharden: ignore[a, b]" comment.
// "*" silences every rule on the line.
func ignoreDirective(comment string) ([]string, bool) {
	i := strings.Index(comment, "djharden:")
	if i < 0 {
		return nil, false
	}
	rest := strings.TrimLeft(comment[i+len("djharden:"):], " \t")
	if !strings.HasPrefix(rest, "ignore[") {
		return nil, false
	}
	rest = rest[len("ignore["):]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return nil, false
	}
	var ids []string
	for _, id := range strings.Split(rest[:end], ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids, len(ids) > 0
}

// add registers a directive found on line. A comment alone on its line
// covers the next line as well, for sites whose line is too long to annotate.
func (s silencer) add(line int, ids []string, alone bool) {
	s[line] = append(s[line], ids...)
	if alone {
		s[line+1] = append(s[line+1], ids...)
	}
}

func (s silencer) covers(line int, rule string) bool {
	for _, id := range s[line] {
		if id == rule || id == "*" {
			return true
		}
	}
	return false
}

// apply drops silenced sites and counts them.
func (s silencer) apply(sites []Site) fileResult {
	if len(s) == 0 {
		return fileResult{sites: sites}
	}
	kept := sites[:0]
	n := 0
	for _, site := range sites {
		if s.covers(site.Line, site.Rule) {
			n++
			continue
		}
		kept = append(kept, site)
	}
	return fileResult{sites: kept, silenced: n}
}

// lineIndex maps byte offsets to lines and returns line text, built only
// for files that have sites.
type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) *lineIndex {
	starts := make([]int, 1, 64)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return &lineIndex{src: src, starts: starts}
}

// text returns line n (1-based), trimmed of surrounding whitespace.
func (li *lineIndex) text(n int) string {
	if n < 1 || n > len(li.starts) {
		return ""
	}
	start := li.starts[n-1]
	end := len(li.src)
	if n < len(li.starts) {
		end = li.starts[n]
	}
	line := bytes.TrimSpace(li.src[start:end])
	const maxSource = 240 // a minified line is not worth repeating whole
	if len(line) > maxSource {
		cut := maxSource
		for cut > 0 && !utf8.RuneStart(line[cut]) { // never split a character
			cut--
		}
		return string(line[:cut]) + "…"
	}
	return string(line)
}
