package scan

import "testing"

func TestGitignoreMatch(t *testing.T) {
	tests := []struct {
		name    string
		ignore  string
		path    string
		isDir   bool
		ignored bool
	}{
		{"plain name anywhere", "secret.py", "a/b/secret.py", false, true},
		{"plain name other file", "secret.py", "a/b/public.py", false, false},
		{"star glob", "*.pyc", "pkg/mod.pyc", false, true},
		{"star does not cross slash when anchored", "/build/*.py", "build/sub/x.py", false, false},
		{"anchored leading slash matches at root", "/local.py", "local.py", false, true},
		{"anchored leading slash not deeper", "/local.py", "app/local.py", false, false},
		{"middle slash anchors", "docs/gen", "docs/gen", true, true},
		{"middle slash anchors, not deeper", "docs/gen", "x/docs/gen", true, false},
		{"trailing slash dir only: dir", "dist/", "a/dist", true, true},
		{"trailing slash dir only: file", "dist/", "a/dist", false, false},
		{"double star prefix", "**/cache", "x/y/cache", true, true},
		{"double star prefix at root", "**/cache", "cache", true, true},
		{"double star middle", "a/**/z.py", "a/b/c/z.py", false, true},
		{"double star middle zero dirs", "a/**/z.py", "a/z.py", false, true},
		{"double star suffix matches inside", "out/**", "out/x.py", false, true},
		{"double star suffix not the dir itself", "out/**", "out", true, false},
		{"question mark", "v?.py", "v1.py", false, true},
		{"class", "v[0-9].py", "v7.py", false, true},
		{"negated class with bang", "v[!0-9].py", "v7.py", false, false},
		{"negated class with bang matches", "v[!0-9].py", "vx.py", false, true},
		{"negation re-includes", "*.py\n!keep.py", "keep.py", false, false},
		{"negation order matters", "!keep.py\n*.py", "keep.py", false, true},
		{"comment ignored", "# *.py", "x.py", false, false},
		{"escaped hash", `\#weird.py`, "#weird.py", false, true},
		{"escaped bang", `\!bang.py`, "!bang.py", false, true},
		{"trailing spaces trimmed", "x.py   ", "x.py", false, true},
		{"crlf line endings", "x.py\r\ny.py\r\n", "y.py", false, true},
		{"bad pattern never matches", "[", "[", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := &ignoreChain{file: parseGitignore("", []byte(tt.ignore))}
			if got := chain.ignored(tt.path, tt.isDir); got != tt.ignored {
				t.Errorf("ignore %q, path %q (dir=%v): got %v, want %v", tt.ignore, tt.path, tt.isDir, got, tt.ignored)
			}
		})
	}
}

func TestGitignoreNested(t *testing.T) {
	root := &ignoreChain{file: parseGitignore("", []byte("*.log\n/top.py\n"))}
	sub := &ignoreChain{file: parseGitignore("app", []byte("!keep.log\n/local.py\n")), parent: root}
	tests := []struct {
		path    string
		ignored bool
	}{
		{"app/x.log", true},      // inherited from the root
		{"app/keep.log", false},  // re-included by the nested file
		{"app/local.py", true},   // anchored to app/
		{"local.py", false},      // app's anchored rule does not apply at the root
		{"top.py", true},         // root anchored rule
		{"app/top.py", false},    // root anchored rule is not for app/
		{"other/keep.log", true}, // app's negation does not reach siblings
	}
	for _, tt := range tests {
		chain := sub
		if tt.path == "local.py" || tt.path == "top.py" || tt.path == "other/keep.log" {
			chain = root
		}
		if got := chain.ignored(tt.path, false); got != tt.ignored {
			t.Errorf("%s: got %v, want %v", tt.path, got, tt.ignored)
		}
	}
}
