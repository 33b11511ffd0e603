package project

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// historyHits is what a history search found.
type historyHits struct {
	commits   int    // commits whose patch adds a line holding the key
	scanned   int    // commits read
	firstDate string // date of the oldest such commit (YYYY-MM-DD)
}

// historyScan reads `git log -p` output, where each commit starts with a
// line "<marker><hash> <date>", and counts the commits whose patch adds a
// line holding key. Lines of any length are handled in bounded memory: a
// line longer than the buffer is searched piece by piece with an overlap,
// so a key spanning two pieces is still found.
func historyScan(r io.Reader, key []byte, marker string) historyHits {
	var h historyHits
	if len(key) == 0 {
		return h
	}
	br := bufio.NewReaderSize(r, 1<<20)
	date := ""
	hitThisCommit := false
	atLineStart, lineAdds := true, false
	var tail []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if atLineStart {
			tail = tail[:0]
			lineAdds = len(chunk) > 0 && chunk[0] == '+' && !bytes.HasPrefix(chunk, []byte("+++ "))
			if rest, ok := bytes.CutPrefix(chunk, []byte(marker)); ok {
				h.scanned++
				fields := strings.Fields(string(rest))
				date = ""
				if len(fields) >= 2 {
					date = fields[1]
				}
				hitThisCommit = false
				lineAdds = false
			}
		}
		if lineAdds && !hitThisCommit {
			window := append(tail, chunk...)
			if bytes.Contains(window, key) {
				h.commits++
				h.firstDate = date // newest first: the last hit is the oldest
				hitThisCommit = true
			}
			if keep := len(key) - 1; len(window) > keep {
				tail = append(tail[:0], window[len(window)-keep:]...)
			} else {
				tail = append(tail[:0], window...)
			}
		}
		atLineStart = err != bufio.ErrBufferFull
		if err != nil && err != bufio.ErrBufferFull {
			return h
		}
	}
}
