package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/djharden/djharden/checklist/scan"
)

// todoFile is the Markdown to-do list of code findings the wizard can save
// in the project root: djharden does not rewrite code, people do.
const todoFile = "djharden-todo.md"

var itemHeadings = map[string]string{
	"sql-injection": "SQL injection",
	"xss":           "Cross-site scripting (escaping turned off)",
	"csrf":          "CSRF protection turned off",
}

// renderTodo renders sites as a Markdown checklist, grouped by item.
func renderTodo(sites []scan.Site, rules []scan.Rule) string {
	safe := map[string]string{}
	for _, r := range rules {
		safe[r.ID] = r.Safe
	}
	var b strings.Builder
	b.WriteString("# djharden to-do: risky code\n\n")
	b.WriteString("djharden does not rewrite code. Fix each site by hand, tick it, then run `djharden check`.\n")
	for _, id := range []string{"sql-injection", "xss", "csrf"} {
		first := true
		for _, s := range sites {
			if s.Item != id {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n## %s\n\n", itemHeadings[id])
				first = false
			}
			fmt.Fprintf(&b, "- [ ] `%s` %s\n", location(s.File, s.Line), s.Message)
			if s.Source != "" {
				fmt.Fprintf(&b, "  ```%s\n  %s\n  ```\n", fenceLanguage(s.File), strings.TrimSpace(s.Source))
			}
			if safe[s.Rule] != "" {
				fmt.Fprintf(&b, "  Safe pattern: %s\n", safe[s.Rule])
			}
		}
	}
	return b.String()
}

// writeTodo writes the to-do list into root and returns its name and the
// number of sites listed.
func writeTodo(root string, sites []scan.Site, rules []scan.Rule) (string, int, error) {
	if len(sites) == 0 {
		return "", 0, fmt.Errorf("no code findings to list")
	}
	err := os.WriteFile(filepath.Join(root, todoFile), []byte(renderTodo(sites, rules)), 0o644)
	return todoFile, len(sites), err
}

// fenceLanguage names the code fence's language from the file: templates
// are not Python.
func fenceLanguage(file string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".py":
		return "python"
	case ".html", ".htm", ".txt", ".xml", ".jinja", ".jinja2", ".j2":
		return "django" // the Django template language
	}
	return ""
}
