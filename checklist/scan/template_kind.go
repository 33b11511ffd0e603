package scan

import (
	"path"
	"strings"
)

// textTemplateExts render plain text: a .txt email body, a Markdown file.
var textTemplateExts = map[string]bool{".txt": true, ".md": true, ".email": true}

// isTextTemplate reports whether a template renders plain text, where
// |safe and {% autoescape off %} cannot open an XSS hole because no browser
// reads the output as HTML. By extension, .txt, .md and .email are text
// unless their content has HTML tags, and so are doubled extensions such as
// page.rst.html; an .html (or other) template is text only when its path
// names it an email or a subject ("password_reset_email.html",
// "emails/welcome.html", "alert_subject.html") and it holds no HTML tag.
// Everything else is HTML.
func isTextTemplate(rel string, src []byte) bool {
	base := strings.ToLower(path.Base(rel))
	ext := path.Ext(base)
	if textTemplateExts[ext] || textTemplateExts[path.Ext(strings.TrimSuffix(base, ext))] ||
		strings.HasSuffix(strings.TrimSuffix(base, ext), ".rst") {
		// mail.txt, notes.md, and doubled extensions: page.rst.html, body.txt.html
		return !hasHTMLTag(src)
	}
	if ext == ".xml" {
		return false
	}
	// An email body or subject without any tag: "password_reset_email.html",
	// "emails/welcome.html", "alert_subject.html".
	if !strings.Contains(strings.ToLower(rel), "mail") && !strings.Contains(base, "subject") {
		return false
	}
	return !hasHTMLTag(src)
}

// htmlTags are the tags that make a template HTML when they appear in it.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "div": true, "p": true, "a": true, "span": true,
	"table": true, "tr": true, "td": true, "th": true, "br": true, "hr": true, "img": true,
	"script": true, "style": true, "ul": true, "ol": true, "li": true, "strong": true, "em": true,
	"b": true, "i": true, "u": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "form": true, "input": true, "iframe": true, "svg": true, "link": true,
	"meta": true, "pre": true, "code": true, "button": true, "section": true, "!doctype": true,
	"title": true, "font": true, "center": true, "blockquote": true,
}

// hasHTMLTag reports whether src holds an HTML start or end tag such as
// "<p>", "<a href" or "</div>".
func hasHTMLTag(src []byte) bool {
	for i := 0; i < len(src); i++ {
		if src[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(src) && src[j] == '/' {
			j++
		}
		k := j
		var name [10]byte
		n := 0
		for k < len(src) && n < len(name) {
			c := src[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '!' {
				break
			}
			name[n] = c
			n++
			k++
		}
		if n == 0 || !htmlTags[string(name[:n])] {
			continue
		}
		if k == len(src) || src[k] == '>' || src[k] == ' ' || src[k] == '/' || src[k] == '\n' || src[k] == '\t' || src[k] == '\r' {
			return true
		}
	}
	return false
}
