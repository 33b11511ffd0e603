package generator

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/djharden/djharden/envfile"
	"github.com/djharden/djharden/internal/redact"
)

// Empty reports whether the plan would change nothing.
func (pl *Plan) Empty() bool { return pl == nil || len(pl.Changes) == 0 }

// Diff is the unified, git-style diff of every change, secrets masked.
func (pl *Plan) Diff() string {
	var b strings.Builder
	for i := range pl.Changes {
		b.WriteString(pl.FileDiff(i))
	}
	return b.String()
}

// FileDiff is the diff of change i: values of sensitive files and every
// secret the plan moves are shown masked ("abcd…(64 chars)").
func (pl *Plan) FileDiff(i int) string {
	if pl == nil || i < 0 || i >= len(pl.Changes) {
		return ""
	}
	c := pl.Changes[i]
	oldText, newText := string(c.Old), string(c.New)
	if c.Sensitive {
		oldText, newText = maskEnv(oldText, pl.public), maskEnv(newText, pl.public)
	}
	oldText, newText = pl.Mask(oldText), pl.Mask(newText)
	from, to := "a/"+c.Path, "b/"+c.Path
	if c.Old == nil {
		from = "/dev/null"
	}
	edits := udiff.Lines(oldText, newText)
	u, err := udiff.ToUnifiedDiff(from, to, oldText, edits, 3)
	if err != nil {
		return "diff of " + c.Path + " unavailable\n"
	}
	body := u.String()
	if body == "" {
		return ""
	}
	return "diff --git a/" + c.Path + " b/" + c.Path + "\n" + body
}

// Mask hides every secret in text shown to the user: the values the plan
// moves and writes, and anything that is a secret by its setting's name or
// its shape, also on lines the plan does not change (internal/redact).
func (pl *Plan) Mask(text string) string {
	if pl == nil {
		return redact.Source(text)
	}
	secrets := append([]string(nil), pl.secrets...)
	if pl.key != "" {
		secrets = append(secrets, pl.key)
	}
	return redact.Source(redact.Known(text, secrets))
}

// MaskProse hides secrets in a sentence (a note, an error): the values the
// plan handles and token shapes; setting names in prose stay readable.
func (pl *Plan) MaskProse(text string) string {
	if pl == nil {
		return redact.Shapes(text)
	}
	return redact.Shapes(redact.Known(text, append(append([]string(nil), pl.secrets...), pl.key)))
}

// maskEnv masks the values of an env file, line by line, keeping names,
// comments and the values of public variables (DEBUG, hosts) readable.
func maskEnv(text string, public map[string]bool) string {
	f := envfile.Parse([]byte(text))
	for i := range f.Lines {
		l := &f.Lines[i]
		if l.Key == "" || l.Value == "" || public[l.Key] {
			continue
		}
		prefix := ""
		if l.Export {
			prefix = "export "
		}
		l.Raw = prefix + l.Key + "=" + Mask(l.Value)
	}
	return string(f.Bytes())
}
