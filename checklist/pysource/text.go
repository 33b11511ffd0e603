package pysource

// Text is a file's source with the index of its lines, for quoting a line
// by number. The index is built when the Text is made, so a Text may be
// read from several goroutines.
type Text struct {
	Src   []byte
	lines []int32 // byte offset of the start of each line
}

// NewText indexes the lines of src (at most MaxInt32 bytes long: the
// readers cap files far below that).
func NewText(src []byte) Text {
	starts := make([]int32, 1, len(src)/32+1)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, int32(i+1))
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, int32(i+1))
		}
	}
	return Text{Src: src, lines: starts}
}

// LineStart is the byte offset where 1-based line n starts (len(Src)
// past the last line).
func (t *Text) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(t.lines) {
		return len(t.Src)
	}
	return int(t.lines[n-1])
}

// Lines is the number of lines (a final line without a line ending counts).
func (t *Text) Lines() int { return len(t.lines) }

// Line returns the text of 1-based line n without its line ending ("" when out of range).
func (t *Text) Line(n int) string {
	if n < 1 || n > len(t.lines) {
		return ""
	}
	start, end := int(t.lines[n-1]), len(t.Src)
	if n < len(t.lines) {
		end = int(t.lines[n])
	}
	for end > start && (t.Src[end-1] == '\n' || t.Src[end-1] == '\r') {
		end--
	}
	if n == 1 && hasBOM(t.Src) {
		start = min(3, end)
	}
	return string(t.Src[start:end])
}
