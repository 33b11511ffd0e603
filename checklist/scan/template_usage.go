package scan

import (
	"bytes"
	"path"
	"strings"
)

// A template with no HTML tag may still be an HTML page or fragment (a
// view renders it, another template includes it), or it may be plain text
// that a project helper renders into a push message, an SMS or a JSON
// field. Which one it is shows in how the project names it, so the walk
// keeps a small index of template names:
//
//   - every template name a Python file writes as a string literal, with
//     how it is used: as the first argument of a project call that is not
//     one of Django's HTTP or rendering entry points (a text use), or in any
//     other way (render(), TemplateResponse, template_name = ..., a list, a
//     variable, a test's assertTemplateUsed: a page use);
//   - every name a template includes, extends or imports.
//
// A tagless .html template whose |safe or autoescape-off sites would be
// reported is held back until the walk ends; it is plain text when the
// project names it only through text uses, never through a page use and
// never from another template. Anything unsure keeps it HTML.

// Flags of a template name in the index.
const (
	usedAsText uint8 = 1 << iota // first argument of a project helper
	usedAsPage                   // any other mention: HTTP response, template_name, a variable...
	usedByTmpl                   // included, extended or imported by a template
)

// templateUsage maps a template name ("pushover_title.html",
// "app/row.html") to how the project uses it.
type templateUsage map[string]uint8

func (u templateUsage) merge(o templateUsage) {
	for k, v := range o {
		u[k] |= v
	}
}

// pageCalls are the calls through which Django renders a template as a
// page or an HTML fragment, or which take a template name for one.
var pageCalls = map[string]bool{
	"render": true, "render_to_response": true, "render_to_string": true,
	"TemplateResponse": true, "SimpleTemplateResponse": true,
	"get_template": true, "select_template": true, "inclusion_tag": true,
	"as_view": true, "include": true,
}

// pageCallee reports a callee whose template argument may end up in an
// HTTP response: Django's entry points, anything named like a renderer or a
// response, and test assertions about what a response rendered.
func pageCallee(name string) bool {
	return name == "" || pageCalls[name] || strings.Contains(strings.ToLower(name), "render") ||
		strings.HasSuffix(name, "Response") || strings.HasPrefix(name, "assert")
}

// collectTemplateNames adds the template names written as string literals
// in a Python file to u, each with how it is used. It works on bytes
// (the file is not tokenized), so it only looks for ".html"/".htm" names.
func collectTemplateNames(src []byte, u templateUsage) {
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(".htm"))
		if i < 0 {
			return
		}
		i += off
		off = i + 4
		end := i + 4
		if end < len(src) && src[end] == 'l' {
			end++
		}
		if end >= len(src) || (src[end] != '"' && src[end] != '\'') {
			continue
		}
		q := src[end]
		start := i
		for start > 0 && templateNameByte(src[start-1]) {
			start--
		}
		if start == 0 || src[start-1] != q || start == end {
			continue
		}
		name := string(src[start:end])
		u[name] |= literalUse(src, start-1, end+1)
	}
}

// templateNameByte reports a byte that may appear in a literal template name.
func templateNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == '/'
}

// literalUse classifies the string literal src[open:close) (quotes
// included): a text use only when it is the first argument of a call to a
// project function that is not a page entry point, that is not handed the
// request, and whose result is not passed straight into a response.
func literalUse(src []byte, open, close int) uint8 {
	j := skipSpaceBack(src, open)
	if j < 0 || src[j] != '(' {
		return usedAsPage
	}
	calleeEnd := j
	k := calleeEnd
	for k > 0 && (identByte(src[k-1]) || src[k-1] == '.') {
		k--
	}
	callee := string(src[k:calleeEnd])
	if dot := strings.LastIndexByte(callee, '.'); dot >= 0 {
		callee = callee[dot+1:]
	}
	if pageCallee(callee) || callHasRequest(src, close) {
		return usedAsPage
	}
	// HttpResponse(helper("x.html")): the helper's text is the response.
	if o := skipSpaceBack(src, k); o >= 0 && src[o] == '(' {
		e := o
		for e > 0 && (identByte(src[e-1]) || src[e-1] == '.') {
			e--
		}
		if pageCallee(lastComponent(string(src[e:o]))) {
			return usedAsPage
		}
	}
	return usedAsText
}

func lastComponent(s string) string {
	if dot := strings.LastIndexByte(s, '.'); dot >= 0 {
		return s[dot+1:]
	}
	return s
}

// skipSpaceBack returns the index of the last non-space byte before i, or -1.
func skipSpaceBack(src []byte, i int) int {
	for i--; i >= 0; i-- {
		switch src[i] {
		case ' ', '\t', '\n', '\r', '\\':
			continue
		}
		return i
	}
	return -1
}

func identByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// maxCallScan bounds how far the rest of a call's arguments are read.
const maxCallScan = 2048

// callHasRequest reports whether the rest of the call from i (up to its
// closing parenthesis) mentions the request: helper("x.html", request)
// most likely builds a response.
func callHasRequest(src []byte, i int) bool {
	depth := 1
	end := min(len(src), i+maxCallScan)
	for k := i; k < end; k++ {
		switch c := src[k]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth--; depth == 0 {
				return false
			}
		case 'r':
			if bytes.HasPrefix(src[k:], []byte("request")) && (k == 0 || !identByte(src[k-1])) &&
				(k+7 >= len(src) || !identByte(src[k+7])) {
				return true
			}
		}
	}
	return true // a call too long to read: assume the worst
}

// templateRefTags name another template in their first argument.
var templateRefTags = map[string]bool{"include": true, "extends": true, "import": true, "from": true, "embed": true}

// templateRefs returns the template names a template includes, extends or
// imports, and whether it has any such tag (with a literal name or not).
func templateRefs(src []byte) (names []string, any bool) {
	if !bytes.Contains(src, []byte("include")) && !bytes.Contains(src, []byte("extends")) &&
		!bytes.Contains(src, []byte("import")) && !bytes.Contains(src, []byte("embed")) {
		return nil, false
	}
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte("{%"))
		if i < 0 {
			return names, any
		}
		i += off
		off = i + 2
		e := bytes.Index(src[off:], []byte("%}"))
		if e < 0 {
			return names, any
		}
		body := bytes.TrimSpace(src[off : off+e])
		body = bytes.TrimPrefix(body, []byte("-")) // Jinja's {%- include %}
		body = bytes.TrimSpace(body)
		name, rest, _ := bytes.Cut(body, []byte(" "))
		if !templateRefTags[string(name)] { // no allocation: the conversion is only a lookup
			continue
		}
		any = true
		arg, _, _ := bytes.Cut(bytes.TrimSpace(rest), []byte(" "))
		if a := string(arg); isQuoted(a) {
			names = append(names, a[1:len(a)-1])
		}
	}
}

// templateNames returns the names a template file is looked up by: its
// path below each "templates" directory, and below each extra template
// directory.
func templateNames(rel string, templateDirs []string) []string {
	var out []string
	for k := 0; ; {
		i := strings.Index(rel[k:], "templates/")
		if i < 0 {
			break
		}
		i += k
		if i == 0 || rel[i-1] == '/' {
			out = append(out, rel[i+len("templates/"):])
		}
		k = i + len("templates/")
	}
	for _, d := range templateDirs {
		d = strings.Trim(d, "/")
		if d != "" && d != "." && strings.HasPrefix(rel, d+"/") {
			out = append(out, rel[len(d)+1:])
		} else if d == "" || d == "." {
			out = append(out, rel)
		}
	}
	return out
}

// taglessCandidate reports a template whose sites are held back: an .html
// or .htm file with no HTML tag (refs: it has no include, extends or
// import of its own, which would mix in another template's HTML).
func taglessCandidate(rel string, src []byte, refs bool) bool {
	ext := strings.ToLower(path.Ext(rel))
	return (ext == ".html" || ext == ".htm") && !refs && !hasHTMLTag(src)
}

// heldTemplate is a tagless template's result waiting for the index.
type heldTemplate struct {
	rel string
	fr  fileResult
}

// textByUsage reports whether the index shows a held template is text:
// some name of it is used as text, and none is used as a page or by a template.
func textByUsage(rel string, templateDirs []string, u templateUsage) bool {
	var flags uint8
	for _, n := range templateNames(rel, templateDirs) {
		flags |= u[n]
	}
	return flags == usedAsText
}
