// Package checklist is Django's production security checklist as values:
// each Item has a stable ID, a lesson and a check over a discovered
// project; Run turns a project into a Report, handing every check the
// same per-run RunPass.
package checklist

// Status is the outcome of one item.
type Status string

const (
	Pass     Status = "pass"
	Warn     Status = "warn"
	Fail     Status = "fail"
	Unknown  Status = "unknown"  // depends on something we cannot know (an env var with no default, no env file)
	Skip     Status = "skip"     // does not apply (e.g. CSP before Django 6.0)
	Accepted Status = "accepted" // a recommendation the user declined on purpose, with a recorded reason
)

// Item is one entry of the checklist.
type Item struct {
	ID        string   // stable slug, e.g. "debug"
	Title     string   // "DEBUG is off in production"
	Lesson    string   // why it matters, 2-4 short lines
	Docs      string   // link to Django's docs
	DjangoIDs []string // deploy-check IDs this item covers, e.g. "security.W018"
	Check     func(*RunPass) Finding
}

// Location is evidence: a file, a line and the source line.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Source string `json:"source,omitempty"`
}

// Problem is one thing wrong within an item (one message per problem).
type Problem struct {
	Status    Status     `json:"status"`
	DjangoID  string     `json:"django_id,omitempty"`
	Rule      string     `json:"rule,omitempty"` // a finer rule ID within the item, e.g. the scan rule "sql-fstring"
	Message   string     `json:"message"`
	Fix       string     `json:"fix,omitempty"`
	Locations []Location `json:"locations,omitempty"`
}

// Finding is the result of one item.
type Finding struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Status    Status     `json:"status"`
	DjangoIDs []string   `json:"django_ids"` // exactly the deploy-check IDs Django would raise for this item
	Message   string     `json:"message"`
	Fix       string     `json:"fix,omitempty"`
	Docs      string     `json:"docs,omitempty"`
	Locations []Location `json:"locations"`
	Problems  []Problem  `json:"problems,omitempty"`
	Decision  string     `json:"decision,omitempty"` // the recorded reason, for accepted findings
}
