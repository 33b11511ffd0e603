package project

import (
	"bytes"
	"regexp"
)

var (
	// jinjaBlock is a Jinja block tag at the start of a line ({% if %},
	// {%- endif %}, {% raw %}): never Python, so it counts only when the
	// file does not parse (a template string inside the settings parses).
	jinjaBlock = regexp.MustCompile(`(?m)^[ \t]*\{%-?[ \t]*(?:if|elif|else|endif|for|endfor|raw|endraw|set|macro|endmacro|include|block|endblock)\b`)
	// cookiecutterVar is a cookiecutter variable, {{ cookiecutter.x }}:
	// a template even inside a string.
	cookiecutterVar = regexp.MustCompile(`\{\{-?[ \t]*cookiecutter\.`)
)

// templateLine is the first line of src with Jinja markup (0 when there is
// none): a cookiecutter template's settings are not Python until rendered,
// so evaluating them would turn template tags into false findings.
func templateLine(src []byte, parses bool) int {
	if !bytes.Contains(src, []byte("{%")) && !bytes.Contains(src, []byte("{{")) {
		return 0
	}
	first := -1
	for _, re := range []*regexp.Regexp{cookiecutterVar, jinjaBlock} {
		if re == jinjaBlock && parses {
			continue
		}
		if loc := re.FindIndex(src); loc != nil && (first < 0 || loc[0] < first) {
			first = loc[0]
		}
	}
	if first < 0 {
		return 0
	}
	return bytes.Count(src[:first], []byte("\n")) + 1
}
