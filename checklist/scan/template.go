package scan

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// templateNeedles: a template without one of these has nothing to report,
// so it is never lexed.
var templateNeedles = [][]byte{[]byte("safe"), []byte("autoescape")}

// tmplTag is one {{ }}, {% %} or {# #} of a Django template.
type tmplTag struct {
	kind byte   // '{' variable, '%' block, '#' comment
	body string // text between the delimiters, trimmed
	line int
	col  int
	// alone: nothing but whitespace shares the line with the tag.
	alone bool
}

// lexTemplate splits a template into tags the way Django's lexer does: a
// tag opens and closes on the same line (otherwise it is plain text),
// {% comment %}...{% endcomment %} hides everything inside, and
// {% verbatim %}...{% endverbatim %} turns everything inside into text.
func lexTemplate(src []byte, emit func(tmplTag)) {
	line, lineStart := 1, 0
	var inComment, inVerbatim bool
	verbatimEnd := ""
	i := 0
	for i < len(src) {
		c := src[i]
		if c == '\n' {
			line++
			lineStart = i + 1
			i++
			continue
		}
		if c != '{' || i+1 >= len(src) || (src[i+1] != '{' && src[i+1] != '%' && src[i+1] != '#') {
			i++
			continue
		}
		open := src[i+1]
		closeDelim := []byte{'}', '}'}
		if open != '{' {
			closeDelim = []byte{open, '}'}
		}
		eol := bytes.IndexByte(src[i:], '\n')
		if eol < 0 {
			eol = len(src)
		} else {
			eol += i
		}
		end := bytes.Index(src[i+2:eol], closeDelim)
		if end < 0 {
			i += 2 // not a tag: Django leaves it as text
			continue
		}
		bodyEnd := i + 2 + end
		next := bodyEnd + 2
		body := bytes.TrimSpace(src[i+2 : bodyEnd])
		col := i - lineStart + 1
		tagStart := i
		i = next
		name := body
		if sp := bytes.IndexByte(body, ' '); sp >= 0 {
			name = body[:sp]
		}
		switch {
		case inVerbatim:
			if open == '%' && string(body) == verbatimEnd {
				inVerbatim = false
			}
			continue
		case inComment:
			if open == '%' && string(name) == "endcomment" {
				inComment = false
			}
			continue
		case open == '%' && string(name) == "comment":
			inComment = true
			continue
		case open == '%' && string(name) == "verbatim":
			inVerbatim = true
			verbatimEnd = "end" + string(body)
			continue
		}
		if !tagMatters(open, name, body) {
			continue // most tags: no string is built for them
		}
		emit(tmplTag{
			kind:  open,
			body:  string(body),
			line:  line,
			col:   col,
			alone: len(bytes.TrimSpace(src[lineStart:tagStart])) == 0 && len(bytes.TrimSpace(src[next:eol])) == 0,
		})
	}
}

// tagMatters reports whether a tag can hold a site or a silencing comment.
func tagMatters(kind byte, name, body []byte) bool {
	switch kind {
	case '#':
		return bytes.Contains(body, []byte("djharden"))
	case '%':
		switch string(name) {
		case "autoescape", "endautoescape", "cycle":
			return true
		}
		if bytes.HasPrefix(name, []byte("end")) || bytes.Contains(body, []byte(" as ")) {
			return true // a capture block: {% fragment as x %}...{% endfragment %}
		}
	}
	return bytes.Contains(body, []byte("safe"))
}

// scanTemplate reports |safe, |safeseq, {% filter safe %} and
// {% autoescape off %} in one template.
func scanTemplate(rel string, src []byte) fileResult {
	if isTextTemplate(rel, src) {
		return fileResult{textTemplate: true}
	}
	if !containsAny(src, templateNeedles) {
		return fileResult{}
	}
	var sites []Site
	sil := silencer{}
	var openAutoescape []int // indexes into sites of autoescape-off blocks not closed yet
	var literalVars []string // names bound to literals only: {% cycle '' '</tr><tr>' as trtr %}
	// Names bound to the rendered body of a block tag taking nothing but
	// the name: {% fragment as x %}...{% endfragment %}. The body was
	// rendered by the engine with escaping on, so x|safe adds no hole.
	var openCaptures []capture
	site := func(t tmplTag, rule, msg string) {
		sites = append(sites, Site{Rule: rule, Item: itemOf(rule), File: rel, Line: t.line, Col: t.col, Message: msg})
	}
	lexTemplate(src, func(t tmplTag) {
		switch t.kind {
		case '#':
			if ids, ok := ignoreDirective(t.body); ok {
				sil.add(t.line, ids, t.alone)
			}
		case '{':
			for _, f := range safeFilters(t.body) {
				if slices.Contains(literalVars, f.variable) {
					continue
				}
				site(t, RuleXSSTemplateSafe, fmt.Sprintf("`%s` is output without HTML escaping (|%s)", f.variable, f.filter))
			}
		case '%':
			bits := splitTagBits(t.body)
			switch bits[0] {
			case "cycle":
				if name, ok := literalCycle(bits); ok {
					literalVars = append(literalVars, name)
				}
				return
			default:
				// Only "{% tag as name %}": {% with a as b %} binds a value.
				if len(bits) == 3 && bits[1] == "as" {
					openCaptures = append(openCaptures, capture{end: "end" + bits[0], name: bits[2]})
					return
				}
				if len(bits) == 1 && strings.HasPrefix(bits[0], "end") {
					// Close the innermost capture of that tag; simple tags such as
					// {% get_current_language as x %} never close and stay out.
					for k := len(openCaptures) - 1; k >= 0; k-- {
						if openCaptures[k].end == bits[0] {
							literalVars = append(literalVars, openCaptures[k].name)
							openCaptures = openCaptures[:k]
							break
						}
					}
					return
				}
			case "autoescape":
				if len(bits) > 1 && bits[1] == "off" {
					openAutoescape = append(openAutoescape, len(sites))
					site(t, RuleXSSAutoescapeOff, "escaping is off for every variable until {% endautoescape %}")
				}
				return
			case "endautoescape":
				if n := len(openAutoescape); n > 0 {
					s := &sites[openAutoescape[n-1]]
					s.Message = fmt.Sprintf("escaping is off for every variable up to line %d ({%% endautoescape %%})", t.line)
					openAutoescape = openAutoescape[:n-1]
				}
				return
			case "filter":
				// {% filter safe %} or {% filter lower|safe %}: the whole block is unescaped.
				if len(bits) > 1 {
					for _, name := range strings.Split(bits[1], "|") {
						name, _, _ = strings.Cut(strings.TrimSpace(name), ":")
						if name == "safe" || name == "safeseq" {
							site(t, RuleXSSTemplateSafe, fmt.Sprintf("the {%% filter %s %%} block is output without HTML escaping", bits[1]))
						}
					}
				}
				return
			}
			// Filters in tag arguments: {% with html=value|safe %}, {% if x|safe %}.
			for _, bit := range bits[1:] {
				if _, val, ok := strings.Cut(bit, "="); ok && !strings.HasPrefix(bit, `"`) && !strings.HasPrefix(bit, "'") {
					bit = val
				}
				for _, f := range safeFilters(bit) {
					if slices.Contains(literalVars, f.variable) {
						continue
					}
					site(t, RuleXSSTemplateSafe, fmt.Sprintf("`%s` is used without HTML escaping (|%s in {%% %s %%})", f.variable, f.filter, bits[0]))
				}
			}
		}
	})
	if len(sites) == 0 {
		return fileResult{}
	}
	li := newLineIndex(src)
	for i := range sites {
		sites[i].Source = li.text(sites[i].Line)
	}
	return sil.apply(sites)
}

// capture is a block tag that binds its rendered body to a name.
type capture struct{ end, name string }

// literalCycle returns the name a {% cycle 'a' 'b' as name [silent] %}
// binds when every value is a string literal.
func literalCycle(bits []string) (string, bool) {
	end := len(bits)
	if end > 0 && bits[end-1] == "silent" {
		end--
	}
	if end < 4 || bits[end-2] != "as" {
		return "", false
	}
	for _, b := range bits[1 : end-2] {
		if !isQuoted(b) {
			return "", false
		}
	}
	return bits[end-1], true
}

// safeFilter is one |safe or |safeseq in a filter expression.
type safeFilter struct {
	variable string // what is filtered, e.g. "comment.body"
	filter   string // "safe" or "safeseq"
}

// safeFilters finds |safe and |safeseq in a filter expression such as
// `post.body|linebreaks|safe`, skipping "|" inside quoted arguments.
func safeFilters(expr string) []safeFilter {
	parts := splitOutsideQuotes(expr, '|')
	if len(parts) < 2 {
		return nil
	}
	variable := strings.TrimSpace(parts[0])
	if isKeyVariable(variable) {
		return nil // {{ obj.pk|safe }}: a database key cannot carry HTML
	}
	literal := isQuoted(variable) // "<code>X</code>"|safe: text the author wrote
	var out []safeFilter
	for _, p := range parts[1:] {
		name, arg, hasArg := strings.Cut(strings.TrimSpace(p), ":")
		name = strings.TrimSpace(name)
		if name == "safe" || name == "safeseq" {
			if !literal {
				out = append(out, safeFilter{variable: variable, filter: name})
			}
			continue
		}
		if hasArg && !isQuoted(strings.TrimSpace(arg)) {
			literal = false // "<b>"|add:name: a variable joins the literal
		}
	}
	return out
}

// isQuoted reports a template string literal: "..." or '...'.
func isQuoted(s string) bool {
	return len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]
}

// isKeyVariable reports a variable that is a database key: x.id, x.pk.
func isKeyVariable(v string) bool {
	dot := strings.LastIndexByte(v, '.')
	if dot < 0 {
		return false
	}
	return keyAttr(v[dot+1:])
}

// splitOutsideQuotes splits s on sep, ignoring seps inside '...' or "...".
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// splitTagBits splits a block tag's body on spaces outside quotes, like
// Django's Token.split_contents; it always returns at least one element.
func splitTagBits(body string) []string {
	var bits []string
	for _, b := range splitOutsideQuotes(body, ' ') {
		if b = strings.TrimSpace(b); b != "" {
			bits = append(bits, b)
		}
	}
	if len(bits) == 0 {
		return []string{""}
	}
	return bits
}

func containsAny(src []byte, needles [][]byte) bool {
	for _, n := range needles {
		if bytes.Contains(src, n) {
			return true
		}
	}
	return false
}
