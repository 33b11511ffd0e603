package project

import (
	"bytes"
	"regexp"
)

// jinjaMarkup is template syntax that is never valid Python at the start of
// a statement or inside a string-free line: a Jinja block tag ({% if %},
// {%- endif %}, {% raw %}) or a cookiecutter variable ({{ cookiecutter.x }}).
var jinjaMarkup = regexp.MustCompile(`(?m)^[ \t]*\{%-?[ \t]*(?:if|elif|else|endif|for|endfor|raw|endraw|set|macro|endmacro|include|block|endblock)\b|\{\{-?[ \t]*cookiecutter\.`)

// templateLine is the first line of src with Jinja markup (0 when there is
// none): a cookiecutter template's settings are not Python until rendered,
// so evaluating them would turn template tags into false findings.
func templateLine(src []byte) int {
	if !bytes.Contains(src, []byte("{%")) && !bytes.Contains(src, []byte("{{")) {
		return 0
	}
	loc := jinjaMarkup.FindIndex(src)
	if loc == nil {
		return 0
	}
	return bytes.Count(src[:loc[0]], []byte("\n")) + 1
}
