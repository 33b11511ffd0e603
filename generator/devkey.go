package generator

import "strings"

// devKeyPrefix marks the development-only key: Django's own deploy check
// (security.W009) and the block's guard refuse any key starting with it.
const devKeyPrefix = "django-insecure-"

// devKeyIn returns the development key an earlier apply wrote into src
// (so a second apply writes the same one), or "". It looks only at string
// literals on lines djharden wrote: inside the managed block, or a line
// carrying its comment.
func devKeyIn(src string) string {
	start, end, ok := findBlock(src)
	for off := 0; off < len(src); {
		nl := strings.IndexByte(src[off:], '\n')
		line := src[off:]
		if nl >= 0 {
			line = src[off : off+nl]
		}
		if (ok && off >= start && off < end) || strings.Contains(line, devKeyComment) {
			if k := quotedDevKey(line); k != "" {
				return k
			}
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	return ""
}

// devKeyComment ends a line where a literal key was replaced by a read
// with the development-only fallback.
const devKeyComment = "# djharden: development-only key, refused when DEBUG is off"

// quotedDevKey finds "django-insecure-<key alphabet>" in a line.
func quotedDevKey(line string) string {
	for _, q := range []string{`"`, `'`} {
		i := strings.Index(line, q+devKeyPrefix)
		if i < 0 {
			continue
		}
		rest := line[i+1+len(devKeyPrefix):]
		j := strings.Index(rest, q)
		if j < 0 {
			continue
		}
		k := rest[:j]
		if len(k) >= 50 && strings.Trim(k, keyAlphabet) == "" {
			return devKeyPrefix + k
		}
	}
	return ""
}

// newDevKey draws a development-only key.
func newDevKey() (string, error) {
	k, err := NewKey()
	if err != nil {
		return "", err
	}
	return devKeyPrefix + k, nil
}
