// Package regularfile reads files that must be regular files: a FIFO,
// device or directory put where a source file was expected is refused
// instead of blocking a reader forever, and a size limit holds even when
// the file grows while it is read.
package regularfile

import (
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by errors about files over the limit.
var ErrTooLarge = errors.New("file is too large")

// ErrNotRegular is wrapped by errors about anything but a regular file.
var ErrNotRegular = errors.New("not a regular file")

// Read reads the regular file name, at most limit bytes. When buf is not
// nil its memory is reused (and grown as needed), so a caller reading many
// files allocates once; the result then aliases *buf.
func Read(name string, limit int64, buf *[]byte) ([]byte, error) {
	f, err := open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", ErrNotRegular, st.Mode().Type())
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, st.Size(), limit)
	}
	var local []byte
	if buf == nil {
		buf = &local
	}
	want := int(st.Size()) + 512 // room to notice growth since Stat
	if cap(*buf) < want {
		*buf = make([]byte, 0, want)
	}
	b := (*buf)[:0]
	for {
		if len(b) == cap(b) {
			if int64(len(b)) > limit {
				return nil, fmt.Errorf("%w: it grew past %d bytes while read", ErrTooLarge, limit)
			}
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: it grew past %d bytes while read", ErrTooLarge, limit)
	}
	*buf = b
	return b, nil
}
