package project

import (
	"context"
	"time"
)

// TrackedFiles asks git which of the paths (relative to Root) it tracks;
// every path is false when git is not available or Root is not in a work
// tree. The generator uses it before it writes real values to a file.
func (p *Project) TrackedFiles(paths ...string) map[string]bool {
	if p == nil || !p.Git.Available {
		return map[string]bool{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return p.gitTracked(ctx, paths)
}
