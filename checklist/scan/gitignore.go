package scan

import (
	"path"
	"strings"
)

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	segments []string // pattern split on "/", "**" kept as its own segment
	negate   bool     // "!pattern": re-include
	dirOnly  bool     // "pattern/": matches directories only
	anchored bool     // contained a "/" before its end: relative to the .gitignore's directory
}

// ignoreFile holds the rules of one .gitignore, with the directory it sits
// in (slash-separated, relative to the scan root, "" for the root).
type ignoreFile struct {
	dir   string
	rules []ignoreRule
}

// ignoreChain links a directory's .gitignore to its ancestors'. It is never
// modified after creation, so walkers share it across goroutines.
type ignoreChain struct {
	file   *ignoreFile
	parent *ignoreChain
}

// parseGitignore reads the common .gitignore syntax: globs (* ? [...]), "**",
// leading "/" (anchored), trailing "/" (directories only), "!" negation,
// "#" comments and backslash escapes of a leading "#" or "!".
func parseGitignore(dir string, content []byte) *ignoreFile {
	f := &ignoreFile{dir: dir}
	for _, line := range strings.Split(string(content), "\n") {
		line = strings.TrimSuffix(line, "\r")
		line = trimUnescapedTrailingSpaces(line)
		if line == "" || line[0] == '#' {
			continue
		}
		var r ignoreRule
		if line[0] == '!' {
			r.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		if strings.Contains(line, "/") {
			r.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		for _, seg := range strings.Split(line, "/") {
			if seg == "" {
				continue
			}
			// "[!abc]" is git's negated class; path.Match spells it "[^abc]".
			seg = strings.ReplaceAll(seg, "[!", "[^")
			r.segments = append(r.segments, seg)
		}
		if len(r.segments) == 0 {
			continue
		}
		f.rules = append(f.rules, r)
	}
	return f
}

// trimUnescapedTrailingSpaces drops trailing spaces unless the last one is
// escaped with a backslash, as git does.
func trimUnescapedTrailingSpaces(s string) string {
	for strings.HasSuffix(s, " ") && !strings.HasSuffix(s, `\ `) {
		s = s[:len(s)-1]
	}
	if strings.HasSuffix(s, `\ `) {
		s = s[:len(s)-2] + " "
	}
	return s
}

// match reports whether rel (slash-separated, relative to the file's
// directory) is ignored by this file: decided says whether any rule matched.
func (f *ignoreFile) match(rel string, isDir bool) (ignored, decided bool) {
	parts := strings.Split(rel, "/")
	for i := len(f.rules) - 1; i >= 0; i-- { // the last matching rule wins
		r := f.rules[i]
		if r.dirOnly && !isDir {
			continue
		}
		var ok bool
		if r.anchored {
			ok = matchSegments(r.segments, parts)
		} else {
			// A pattern without a slash matches the name at any depth.
			ok = matchSegments(r.segments, parts[len(parts)-1:])
		}
		if ok {
			return !r.negate, true
		}
	}
	return false, false
}

// matchSegments matches path segments against pattern segments, "**"
// standing for zero or more whole segments.
func matchSegments(pat, parts []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return len(parts) > 0 // "foo/**" matches what is inside foo, not foo itself
			}
			for i := 0; i <= len(parts); i++ {
				if matchSegments(rest, parts[i:]) {
					return true
				}
			}
			return false
		}
		if len(parts) == 0 {
			return false
		}
		ok, err := path.Match(pat[0], parts[0])
		if err != nil || !ok {
			return false
		}
		pat, parts = pat[1:], parts[1:]
	}
	return len(parts) == 0
}

// ignored walks the chain from the deepest .gitignore up: the first one with
// a matching rule decides, as nested .gitignore files override their parents.
func (c *ignoreChain) ignored(relPath string, isDir bool) bool {
	for ; c != nil; c = c.parent {
		rel := relPath
		if c.file.dir != "" {
			if !strings.HasPrefix(relPath, c.file.dir+"/") {
				continue
			}
			rel = relPath[len(c.file.dir)+1:]
		}
		if ign, decided := c.file.match(rel, isDir); decided {
			return ign
		}
	}
	return false
}
