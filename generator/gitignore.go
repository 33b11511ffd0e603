package generator

import (
	"context"
	"fmt"
	"strings"

	"github.com/djharden/djharden/internal/gitrun"
)

// gitignoreEscape turns a path into a .gitignore pattern matching exactly
// that path: the pattern characters \ [ ] * ? are escaped, and so are
// trailing spaces, which git would otherwise drop.
func gitignoreEscape(p string) string {
	var b strings.Builder
	trimmed := strings.TrimRight(p, " ")
	for _, r := range trimmed {
		switch r {
		case '\\', '[', ']', '*', '?':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	for range len(p) - len(trimmed) {
		b.WriteString(`\ `)
	}
	return b.String()
}

// notIgnored asks git which of paths (relative to root) it would not
// ignore. Outside a git work tree, or without git, it returns nil: there
// is nothing to keep out of.
func notIgnored(root string, paths []string) ([]string, error) {
	if len(paths) == 0 || !gitrun.Available() {
		return nil, nil
	}
	ctx := context.Background()
	if out, err := gitrun.Output(ctx, root, nil, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, nil
	}
	var in strings.Builder
	for _, p := range paths {
		in.WriteString(p)
		in.WriteByte(0)
	}
	out, err := gitrun.Output(ctx, root, []byte(in.String()), "check-ignore", "-z", "--stdin", "--no-index")
	if err != nil && gitrun.ExitCode(err) != 1 {
		return nil, fmt.Errorf("asking git whether it ignores %s: %w", strings.Join(paths, ", "), err)
	}
	ignored := map[string]bool{}
	for _, name := range strings.Split(string(out), "\x00") {
		ignored[name] = true
	}
	var missing []string
	for _, p := range paths {
		if !ignored[p] {
			missing = append(missing, p)
		}
	}
	return missing, nil
}
